// The Node flags the server starts with: one list (nodeFlags.json, which bench/ reads as well) for the
// extension's client, the benchmark and the tests, since V8 reads them only at start-up
// (v8.setFlagsFromString afterwards has no effect on the heap's layout).
// --max-semi-space-size=4: a young generation of 2 × 4 MB instead of growing to 2 × 16 MB; the cold start's
// garbage dies in the parse workers, so the server's own allocation is the analysis, whose survivors are few.
// With L indexed: 20–40 MB less RSS (its cost in CPU per edit: docs/performance.md, "Server memory").
import flags from './nodeFlags.json';

export const SERVER_NODE_FLAGS: readonly string[] = flags;
