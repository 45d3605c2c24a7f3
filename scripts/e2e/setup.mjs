#!/usr/bin/env node
// Idempotent installer for the real-VS-Code tests (see scripts/e2e/README.md):
//   1. Debian packages chromium (the browser Playwright drives) and libkrb5-dev (code-server's
//      `kerberos` addon needs gssapi/gssapi.h), only when missing;
//   2. Node 24 (npm package node-linux-<arch>) into .tools/node24 — code-server refuses Node 20;
//   3. code-server into .tools/code-server, installed with Node 24 first on PATH and npm_config_nodedir
//      pointing at Node 24's headers, so its native addons build against the Node that runs them.
// Everything lands in the git-ignored .tools/ folder; nothing becomes a project dependency.
// Each step is skipped when already done. Usage: node scripts/e2e/setup.mjs [--force]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CODE_SERVER_VERSION, NODE24_VERSION, paths, chromiumPath } from './paths.mjs';

const force = process.argv.includes('--force');
const t0 = performance.now();
const timings = [];

function sh(cmd, args, opts = {}) {
  console.log(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
}

async function step(name, isDone, run) {
  const s = performance.now();
  if (!force && isDone()) {
    timings.push([name, 'skipped', performance.now() - s]);
    console.log(`[setup] ${name}: already done`);
    return;
  }
  console.log(`[setup] ${name}: installing…`);
  await run();
  if (!isDone()) throw new Error(`[setup] ${name}: still missing after install`);
  const ms = performance.now() - s;
  timings.push([name, 'installed', ms]);
  console.log(`[setup] ${name}: done in ${(ms / 1000).toFixed(1)} s`);
}

// `npm run test:e2e` exports the outer npm's state as npm_* variables; the nested installs must not
// inherit them (npm_config_user_agent names Node 20, which code-server's postinstall rejects, and
// npm_config_local_prefix points at the repo). Keep only settings a user or CI may set on purpose.
const KEEP_NPM_ENV = /^npm_config_(cache|registry|cafile|ca|proxy|https_proxy|noproxy|strict_ssl|userconfig|globalconfig|loglevel|fetch_.*)$/i;
function cleanNpmEnv(extra = {}) {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if ((/^npm_/i.test(k) && !KEEP_NPM_ENV.test(k)) || k === 'NODE') delete env[k];
  return { ...env, ...extra };
}

function dpkgInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

// 1. apt packages
const aptPkgs = ['chromium', 'libkrb5-dev'];
await step(
  `apt ${aptPkgs.join(' ')}`,
  () => aptPkgs.every(dpkgInstalled) && fs.existsSync(chromiumPath()),
  () => {
    const missing = aptPkgs.filter((p) => force || !dpkgInstalled(p));
    const asRoot = process.getuid?.() === 0;
    const sudo = asRoot ? [] : ['sudo', '-n'];
    if (!asRoot && spawnSync('sudo', ['-n', 'true']).status !== 0) {
      throw new Error(`not root and no passwordless sudo: run  apt-get install -y ${missing.join(' ')}  yourself`);
    }
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const run = (args) => (sudo.length ? sh(sudo[0], [...sudo.slice(1), ...args], { env }) : sh(args[0], args.slice(1), { env }));
    run(['apt-get', 'update', '-qq']);
    run(['apt-get', 'install', '-y', '-qq', ...missing]);
  },
);

// 2. Node 24
const node24Ok = () => {
  if (!fs.existsSync(paths.node24Bin)) return false;
  const r = spawnSync(paths.node24Bin, ['--version'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() === `v${NODE24_VERSION}` && fs.existsSync(path.join(paths.node24Dir, 'include', 'node', 'node.h'));
};
await step(`node ${NODE24_VERSION} (${paths.node24Pkg})`, node24Ok, () => {
  fs.mkdirSync(paths.node24Prefix, { recursive: true });
  fs.writeFileSync(path.join(paths.node24Prefix, 'package.json'), JSON.stringify({ private: true }, null, 2) + '\n');
  sh('npm', ['install', '--save-exact', '--no-audit', '--no-fund', `${paths.node24Pkg}@${NODE24_VERSION}`], {
    cwd: paths.node24Prefix,
    env: cleanNpmEnv(),
  });
});

// 3. code-server, built with Node 24
const codeServerOk = () =>
  readJson(path.join(paths.codeServerDir, 'package.json'))?.version === CODE_SERVER_VERSION && fs.existsSync(paths.codeServerMarker) && fs.existsSync(paths.codeServerEntry);
await step(`code-server ${CODE_SERVER_VERSION}`, codeServerOk, () => {
  fs.rmSync(paths.codeServerMarker, { force: true });
  fs.mkdirSync(paths.codeServerPrefix, { recursive: true });
  fs.writeFileSync(path.join(paths.codeServerPrefix, 'package.json'), JSON.stringify({ private: true }, null, 2) + '\n');
  const env = cleanNpmEnv({
    PATH: `${path.dirname(paths.node24Bin)}${path.delimiter}${process.env.PATH}`,
    npm_config_nodedir: paths.node24Dir,
  });
  // npm's own `node` shebang now resolves to Node 24 too, so postinstall and node-gyp run on it.
  sh('npm', ['install', '--save-exact', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: paths.codeServerPrefix,
    env,
  });
  fs.writeFileSync(paths.codeServerMarker, `${new Date().toISOString()}\n`);
});

console.log('\n[setup] timings');
for (const [name, what, ms] of timings) console.log(`  ${name.padEnd(40)} ${what.padEnd(10)} ${(ms / 1000).toFixed(1)} s`);
console.log(`  ${'total'.padEnd(40)} ${''.padEnd(10)} ${((performance.now() - t0) / 1000).toFixed(1)} s`);
