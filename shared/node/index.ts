// The engine's file-system side (the only part of shared/ that imports node:*): finding manifests and
// configs on disk and reading them within their limits.
export * from './files';
export * from './regularFile';
export * from './sourceFile';
export { defaultJobs, MAX_JOBS, parseInWorkers, readInWorkers, type PoolOptions, type ReadItem, type ReadResult } from './parsePool';
