// Pinned versions and locations shared by the e2e scripts.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE24_VERSION = '24.21.0';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const tools = process.env.ENI_LENS_TOOLS_DIR ? path.resolve(process.env.ENI_LENS_TOOLS_DIR) : path.join(repoRoot, '.tools');
const node24Pkg = `node-linux-${process.arch === 'arm64' ? 'arm64' : 'x64'}`;
const node24Prefix = path.join(tools, 'node24');
const node24Dir = path.join(node24Prefix, 'node_modules', node24Pkg);
const codeServerPrefix = path.join(tools, 'code-server');
const codeServerDir = path.join(codeServerPrefix, 'node_modules', 'code-server');

export const paths = {
  tools,
  node24Pkg,
  node24Prefix,
  node24Dir,
  node24Bin: path.join(node24Dir, 'bin', 'node'),
  codeServerPrefix,
  codeServerDir,
  codeServerEntry: path.join(codeServerDir, 'out', 'node', 'entry.js'),
  codeServerMarker: path.join(codeServerPrefix, `.installed-${CODE_SERVER_VERSION}`),
  testsOut: path.join(repoRoot, 'out', 'vscode-tests'),
  artifacts: path.join(repoRoot, 'test-artifacts'),
};

/** The browser Playwright drives: $CHROMIUM_PATH, else Debian's /usr/bin/chromium. */
export function chromiumPath() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const p of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) if (fs.existsSync(p)) return p;
  return '/usr/bin/chromium';
}
