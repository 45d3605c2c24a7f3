// The server holds ~150 MB of facts for a 5,000-file workspace, built during a cold start that allocates
// gigabytes of short-lived parse trees. With V8's default heap growing (up to 4× the live heap after each
// full GC) the old space ends at ~3× the live data, half free and fragmented, and V8 keeps it while idle:
// 600 MB RSS on the benchmark's L workspace. Growing by 20 % at a time keeps it near 300 MB for ~10 % more
// cold-start time (measured by `npm run bench`; see docs/performance.md). The flag is read at each full
// GC, so setting it before the first analysis is enough.
import v8 from 'node:v8';

export const HEAP_GROWING_PERCENT = 20;

export function tuneHeapGrowing(): void {
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
