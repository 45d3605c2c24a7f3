#!/usr/bin/env node
// Bundles the extension-host suite (test/vscode/index.ts and test/vscode/suite/*.test.ts) into
// out/vscode-tests/ with esbuild; `vscode` comes from the extension host and `mocha` from node_modules.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, paths } from './paths.mjs';

export async function buildVscodeTests() {
  const suiteDir = path.join(repoRoot, 'test', 'vscode', 'suite');
  const suites = fs.readdirSync(suiteDir).filter((f) => f.endsWith('.test.ts'));
  fs.rmSync(paths.testsOut, { recursive: true, force: true });
  const common = {
    absWorkingDir: repoRoot,
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  };
  await Promise.all([
    build({ ...common, entryPoints: ['test/vscode/index.ts'], outfile: path.join(paths.testsOut, 'index.js') }),
    build({
      ...common,
      entryPoints: suites.map((f) => path.join('test', 'vscode', 'suite', f)),
      outdir: path.join(paths.testsOut, 'suite'),
    }),
  ]);
  return path.join(paths.testsOut, 'index.js');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = await buildVscodeTests();
  console.log(`built ${path.relative(repoRoot, out)}`);
}
