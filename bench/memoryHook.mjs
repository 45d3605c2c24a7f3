// Loaded into the language server with `node --import bench/memoryHook.mjs dist/server.js` by
// bench/memory.mjs: on SIGUSR2 it writes the process's memory figures (after a full GC, and before it) to
// $ENI_LENS_MEMORY_OUT, and a heap snapshot beside it when $ENI_LENS_HEAP_SNAPSHOT is set.
import fs from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';
import zlib from 'node:zlib';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');
const out = process.env.ENI_LENS_MEMORY_OUT;
const snapshot = process.env.ENI_LENS_HEAP_SNAPSHOT;
// Packed texts read back (server/src/packedText.ts inflates them): none should be read per keystroke.
let inflated = 0;
const stacks = new Map();
const inflateRawSync = zlib.inflateRawSync;
zlib.inflateRawSync = (...args) => {
  inflated++;
  if (process.env.ENI_LENS_INFLATE_STACKS) {
    const stack = new Error().stack.split('\n').slice(2, 9).join('\n');
    stacks.set(stack, (stacks.get(stack) ?? 0) + 1);
  }
  return inflateRawSync(...args);
};
const MB = (n) => Math.round((n / 1024 / 1024) * 10) / 10;

function figures() {
  const m = process.memoryUsage();
  const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, { sizeMB: MB(s.space_size), usedMB: MB(s.space_used_size) }]));
  return { rssMB: MB(m.rss), heapTotalMB: MB(m.heapTotal), heapUsedMB: MB(m.heapUsed), externalMB: MB(m.external), arrayBuffersMB: MB(m.arrayBuffers), spaces };
}

process.on('SIGUSR2', () => {
  const before = figures();
  gc();
  const after = figures();
  if (snapshot) v8.writeHeapSnapshot(snapshot);
  fs.writeFileSync(out, JSON.stringify({ before, after, inflated, ...(stacks.size ? { inflateStacks: Object.fromEntries(stacks) } : {}) }));
});
