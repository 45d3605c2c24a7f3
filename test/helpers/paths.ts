import path from 'node:path';

declare const __REPO_ROOT__: string;

/** The repository root (tests are bundled into out/test/, so __dirname is not the source folder). */
export const REPO_ROOT: string = __REPO_ROOT__;
export const EXAMPLES = path.join(REPO_ROOT, 'examples');
export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');
export const CLI = path.join(REPO_ROOT, 'bin', 'eni-lens.js');
export const SERVER = path.join(REPO_ROOT, 'dist', 'server.js');
