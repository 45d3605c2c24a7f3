// One esbuild build for every entry point: the extension client, the language server and the CLI.
// Each bundle is self-contained, so the .vsix and `bin/eni-lens.js` need no node_modules.
import { build, context } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import fs from 'node:fs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
// `npm pack` and `npm publish` run `prepare` after `prepack`: that must not replace the production bundles
// with a development build. (`prepare` still builds after `npm install` and for git dependencies.)
if (process.argv.includes('--prepare') && ['pack', 'publish'].includes(process.env.npm_command ?? '')) process.exit(0);
const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  // `eni-lens --version`, SARIF driver.version and the output channel's banner.
  define: { __VERSION__: JSON.stringify(version) },
};

const bundles = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  { ...common, entryPoints: ['cli/main.ts'], outfile: 'dist/cli.js' },
  // The parse pool's worker thread (shared/node/parsePool.ts), started by the CLI and the server.
  { ...common, entryPoints: ['shared/node/parseWorker.ts'], outfile: 'dist/parseWorker.js' },
];

if (process.argv.includes('--watch')) {
  // `npm run watch`: rebuild on every save (the launch configurations in .vscode/ use the bundles).
  for (const options of bundles) await (await context(options)).watch();
  console.log('watching client/, server/, shared/ and cli/ (Ctrl+C to stop)');
} else {
  await Promise.all(bundles.map((options) => build(options)));
}
