// Bundles every test/**/*.test.ts into out/test/ for `node --test`. Tests import the engine from source,
// and spawn the built dist/ bundles (CLI, language server) as a user would run them.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const testRoot = path.join(root, 'test');

function findTests(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'vscode' || entry.name === 'fixtures') continue; // the VS Code suite has its own launcher
      out.push(...findTests(full));
    } else if (entry.name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

const entryPoints = findTests(testRoot);
fs.rmSync(path.join(root, 'out', 'test'), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints,
  outbase: testRoot,
  outdir: path.join(root, 'out', 'test'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  external: ['vscode'],
  logLevel: 'warning',
  define: { __REPO_ROOT__: JSON.stringify(root) },
});
console.log(`built ${entryPoints.length} test files`);
