// The npm package as a user gets it: `npm pack` (prepack builds the production bundles) in a copy of the
// repository, installed into an empty prefix without dev dependencies and offline (no runtime dependencies).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../helpers/paths';

const SKIP = new Set(['node_modules', '.git', 'dist', 'out', '.tools', 'test-artifacts', 'workspaces']);
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The environment without the calling npm's npm_* variables (`npm test` sets them). */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')));
}

test('npm pack ships the bin, the bundles, the schema, README, LICENSE and CHANGELOG (and the extension grammar and icon); the installed CLI runs', { timeout: 180_000 }, () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'eni-lens-pack-'));
  const copy = path.join(work, 'repo');
  fs.cpSync(REPO_ROOT, copy, { recursive: true, filter: (src) => !SKIP.has(path.basename(src)) });
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  const env = cleanEnv();
  const tarball = execFileSync(NPM, ['pack', '--silent', '--pack-destination', work], { cwd: copy, env, encoding: 'utf8', stdio: 'pipe' }).trim().split('\n').at(-1)!;
  const version = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version;
  assert.equal(tarball, `eni-lens-${version}.tgz`);

  const listed = execFileSync('tar', ['-tzf', path.join(work, tarball)], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .sort();
  assert.deepEqual(listed, [
    'package/CHANGELOG.md',
    'package/LICENSE',
    'package/README.md',
    'package/bin/eni-lens.js',
    'package/dist/cli.js',
    'package/dist/extension.js',
    'package/dist/server.js',
    'package/images/icon.png',
    'package/package.json',
    'package/schemas/eni-lens.schema.json',
    'package/syntaxes/eni-lens.injection.json',
  ]);
  // prepack's production build (minified, no source map), not the development build `prepare` would leave.
  const cli = fs.readFileSync(path.join(copy, 'dist', 'cli.js'), 'utf8');
  assert.doesNotMatch(cli, /sourceMappingURL/);

  const prefix = path.join(work, 'prefix');
  fs.mkdirSync(prefix);
  execFileSync(NPM, ['install', '--prefix', prefix, '--omit=dev', '--offline', '--no-audit', '--no-fund', path.join(work, tarball)], {
    cwd: work,
    env,
    encoding: 'utf8',
    stdio: 'pipe',
  });
  assert.deepEqual(
    fs.readdirSync(path.join(prefix, 'node_modules')).filter((n) => !n.startsWith('.')),
    ['eni-lens'],
  );
  const bin = path.join(prefix, 'node_modules', '.bin', process.platform === 'win32' ? 'eni-lens.cmd' : 'eni-lens');

  const v = spawnSync(bin, ['--version'], { encoding: 'utf8', env });
  assert.deepEqual([v.status, v.stdout, v.stderr], [0, `${version}\n`, '']);
  const check = spawnSync(bin, ['check', 'examples'], { cwd: REPO_ROOT, encoding: 'utf8', env });
  assert.equal(check.status, 1);
  assert.match(
    check.stdout,
    /^examples\/seed\/deployment\.yaml:20:43 error branch-eni-capacity 6 pods need branch ENIs; pool sg-workers \(1 × r6g\.medium\) holds 4: 2 stay Pending$/m,
  );
  assert.match(check.stdout, /^18 files checked: 8 errors, 3 warnings, 1 info$/m);
  fs.rmSync(work, { recursive: true, force: true });
});
