// Draws images/icon.png (128×128, the Marketplace icon): a lens ring over a grid of ENI "slots", one slot
// short. Plain RGBA pixels, 4× supersampled, written as a PNG with zlib: no image library needed.
//   node scripts/draw-icon.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const SIZE = 128;
const SS = 4;
const INK = [35, 47, 62];
const ORANGE = [255, 153, 0];
const SLOT = [236, 240, 244];
const EMPTY = [90, 104, 120];

/** The colour of one sample point (x, y in 0..SIZE), or undefined for transparent. */
function sample(x, y) {
  const r = 22; // corner radius of the background square
  const cx = Math.min(Math.max(x, r), SIZE - r);
  const cy = Math.min(Math.max(y, r), SIZE - r);
  if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return undefined;
  const d = Math.hypot(x - 56, y - 56);
  if (d >= 30 && d <= 40) return ORANGE; // the lens ring
  // The handle, from the ring towards the lower right.
  const t = (x - 56 + (y - 56)) / 2;
  const off = Math.abs(x - 56 - (y - 56)) / Math.SQRT2;
  if (t > 28 && t < 60 && off < 7) return ORANGE;
  if (d < 30) {
    // A 3 × 3 grid of slots inside the lens; the last one empty (one branch ENI short).
    const gx = Math.floor((x - 36) / 14);
    const gy = Math.floor((y - 36) / 14);
    const inCell = (x - 36) % 14 < 10 && (y - 36) % 14 < 10;
    if (gx >= 0 && gx < 3 && gy >= 0 && gy < 3 && inCell) return gx === 2 && gy === 2 ? EMPTY : SLOT;
  }
  return INK;
}

function pixels() {
  const rows = [];
  for (let py = 0; py < SIZE; py++) {
    const row = Buffer.alloc(1 + SIZE * 4); // filter byte 0, then RGBA
    for (let px = 0; px < SIZE; px++) {
      let [r, g, b, a] = [0, 0, 0, 0];
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const c = sample(px + (sx + 0.5) / SS, py + (sy + 0.5) / SS);
          if (!c) continue;
          r += c[0];
          g += c[1];
          b += c[2];
          a++;
        }
      }
      const o = 1 + px * 4;
      if (a > 0) [row[o], row[o + 1], row[o + 2]] = [r / a, g / a, b / a].map(Math.round);
      row[o + 3] = Math.round((255 * a) / (SS * SS));
    }
    rows.push(row);
  }
  return Buffer.concat(rows);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', zlib.deflateSync(pixels(), { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'images', 'icon.png');
fs.writeFileSync(out, png);
console.log(`wrote ${path.relative(process.cwd(), out)} (${png.length} bytes)`);
