// Closed files' texts, kept deflated: a 5,000-file workspace's texts were 28 MB of the server's heap, and
// once a closed file is parsed its text is read again only when the file changes on disk (the parse is
// redone) or a closed file's YAML tree is asked for (parsed again from the text).
import zlib from 'node:zlib';

/** Below this, deflating saves less than it costs to keep. */
const MIN_PACKED_CHARS = 512;
/**
 * A 4 KB window and a small hash: YAML repeats itself within a few lines (L packs to 5.4 MB instead of 5.2),
 * and zlib's state per call is 32 KB instead of 256 KB (with L indexed, RSS after packing was 276 MB with
 * the default and 261 MB with these, one run each).
 */
const WINDOW_BITS = 12;
/**
 * Output in 1 KB pieces, which Node cuts from its shared buffer pool: the default 16 KB piece per call is
 * memory outside the heap that only a GC frees, 80 MB of it for 5,000 files.
 */
const DEFLATE = { level: 1, windowBits: WINDOW_BITS, memLevel: 5, chunkSize: 1024 };
/** The UTF-8 bytes of the text being packed: one buffer for all but the largest texts. */
const SCRATCH = Buffer.allocUnsafe(64 * 1024);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export class PackedText {
  /** The deflated bytes as a one-byte string: in V8's heap, without a Buffer's cost outside it. */
  readonly bytes: string;

  private constructor(text: string) {
    const bytes = Buffer.byteLength(text, 'utf8') <= SCRATCH.length ? SCRATCH.subarray(0, SCRATCH.write(text, 'utf8')) : Buffer.from(text, 'utf8');
    this.bytes = zlib.deflateRawSync(bytes, DEFLATE).toString('latin1');
  }

  /** Undefined when not worth it, or when UTF-8 cannot carry the text exactly (a lone surrogate). */
  static of(text: string): PackedText | undefined {
    return text.length >= MIN_PACKED_CHARS && !LONE_SURROGATE.test(text) ? new PackedText(text) : undefined;
  }

  text(): string {
    return zlib.inflateRawSync(Buffer.from(this.bytes, 'latin1'), { windowBits: WINDOW_BITS }).toString('utf8');
  }
}

const PACKED = Symbol('packed text');

/** One getter for every holder (not a closure each): the packed text sits beside it, under a symbol. */
function packedText(this: { [PACKED]: PackedText }): string {
  return this[PACKED].text();
}

/** `holder.text` read from `packed` from now on: the string it held can be collected. */
export function holdPacked(holder: { text: string }, packed: PackedText): void {
  Object.defineProperty(holder, PACKED, { value: packed, configurable: true });
  Object.defineProperty(holder, 'text', { get: packedText, enumerable: true, configurable: true });
}

/** True when `holder.text` is already read from a packed text. */
export function isPacked(holder: { text: string }): boolean {
  return Object.getOwnPropertyDescriptor(holder, 'text')?.get !== undefined;
}

/** `holder.text` held as a string again (its file is parsed anew: the parse reads the old text piece by piece). */
export function unpack(holder: { text: string }): void {
  if (!isPacked(holder)) return;
  Object.defineProperty(holder, 'text', { value: holder.text, writable: true, enumerable: true, configurable: true });
  delete (holder as { [PACKED]?: PackedText })[PACKED];
}
