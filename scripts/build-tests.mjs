// Bundles every test/**/*.test.ts into out/test/ for `node --test`. Tests import the engine from source,
// and spawn the built dist/ bundles (CLI, language server) as a user would run them.
//   node scripts/build-tests.mjs [--out DIR] [PATH-SUBSTRING…]   (only the tests whose path contains one)
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

const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const outdir = path.resolve(root, outIndex >= 0 ? args.splice(outIndex, 2)[1] : path.join('out', 'test'));
const entryPoints = findTests(testRoot).filter((f) => args.length === 0 || args.some((a) => f.includes(a)));
fs.rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints,
  outbase: testRoot,
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  external: ['vscode', 'eslint'],
  logLevel: 'warning',
  define: {
    __REPO_ROOT__: JSON.stringify(root),
    __VERSION__: JSON.stringify(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version),
  },
});
console.log(`built ${entryPoints.length} test files`);
