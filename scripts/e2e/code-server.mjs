// Helpers for driving code-server (the real VS Code server, with a real Node extension host) from
// Playwright + Chromium. See scripts/e2e/README.md.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { paths, chromiumPath, repoRoot } from './paths.mjs';

export { paths, repoRoot };

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export function assertInstalled() {
  const missing = [paths.node24Bin, paths.codeServerEntry, chromiumPath()].filter((p) => !fs.existsSync(p));
  if (missing.length) {
    throw new Error(`missing ${missing.join(', ')}: run  node scripts/e2e/setup.mjs  first`);
  }
}

/**
 * Fresh HOME, user-data and extensions folders under one temp folder, with user settings that keep the
 * workbench quiet and deterministic (no welcome page, no chat, no trust prompt).
 */
export function makeProfile(settings = {}) {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'eni-lens-e2e-'));
  const dirs = {
    base,
    home: path.join(base, 'home'),
    userData: path.join(base, 'user-data'),
    extensions: path.join(base, 'extensions'),
  };
  for (const d of [dirs.home, dirs.userData, dirs.extensions]) fs.mkdirSync(d, { recursive: true });
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(dirs.userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'security.workspace.trust.enabled': false,
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'extensions.ignoreRecommendations': true,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'chat.disableAIFeatures': true,
        'github.gitAuthentication': false,
        'git.enabled': false,
        'files.autoSave': 'off',
        ...settings,
      },
      null,
      2,
    ),
  );
  return dirs;
}

function commonArgs(dirs) {
  return [
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--disable-proxy',
    '--user-data-dir',
    dirs.userData,
    '--extensions-dir',
    dirs.extensions,
  ];
}

function serverEnv(dirs, extra = {}) {
  const env = { ...process.env, HOME: dirs.home, XDG_CONFIG_HOME: path.join(dirs.home, '.config'), XDG_DATA_HOME: path.join(dirs.home, '.local', 'share'), ...extra };
  // Keep the parent's Node/npm settings from leaking into the extension host.
  for (const k of Object.keys(env)) if (/^npm_/i.test(k) || k === 'NODE' || k === 'NODE_OPTIONS' || k === 'VSCODE_IPC_HOOK_CLI') delete env[k];
  return env;
}

/** `code-server --install-extension <vsix>` into the profile's extensions folder. */
export function installVsix(vsix, dirs, { timeoutMs = 60_000 } = {}) {
  const r = spawnSync(paths.node24Bin, [paths.codeServerEntry, ...commonArgs(dirs), '--install-extension', path.resolve(vsix), '--force'], {
    env: serverEnv(dirs),
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
  });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0 || !/successfully installed/i.test(out)) {
    throw new Error(`installing ${vsix} failed (exit ${r.status ?? r.signal}):\n${out}`);
  }
  return out.trim();
}

/**
 * Starts code-server detached (its own process group, so the extension host and any language server die
 * with it) on a free port, and resolves once it listens. `stop()` kills the whole group and removes the
 * temp folders unless `keep` is set.
 */
export async function startCodeServer({ dirs = makeProfile(), args = [], env = {}, logFile, startTimeoutMs = 30_000 } = {}) {
  assertInstalled();
  const port = await freePort();
  const child = spawn(paths.node24Bin, [paths.codeServerEntry, '--bind-addr', `127.0.0.1:${port}`, ...commonArgs(dirs), ...args], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: serverEnv(dirs, env),
  });
  const log = logFile ? fs.createWriteStream(logFile) : undefined;
  let output = '';
  const onData = (chunk) => {
    const s = chunk.toString();
    output = (output + s).slice(-20_000);
    log?.write(s);
    if (process.env.E2E_VERBOSE) process.stderr.write(`[code-server] ${s}`);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);

  let stopped = false;
  const stop = async ({ keep = !!process.env.E2E_KEEP } = {}) => {
    if (stopped) return;
    stopped = true;
    killGroup(child.pid, 'SIGTERM');
    const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', r));
    await Promise.race([exited, delay(3000)]);
    killGroup(child.pid, 'SIGKILL');
    log?.end();
    if (!keep) fs.rmSync(dirs.base, { recursive: true, force: true });
    else console.error(`[e2e] kept ${dirs.base}`);
  };
  registerCleanup(stop);

  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start within ${startTimeoutMs} ms:\n${output}`)), startTimeoutMs);
    const check = () => {
      if (/HTTP server listening on/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    child.once('exit', (code, sig) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited early (${code ?? sig}):\n${output}`));
    });
  }).catch(async (e) => {
    await stop();
    throw e;
  });
  child.removeAllListeners('exit');

  return { port, origin: `http://127.0.0.1:${port}`, dirs, child, stop, output: () => output };
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    /* already gone */
  }
}

export const delay = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- cleanup and hard timeout --------------------------------------------------------------------------

const cleanups = [];
export function registerCleanup(fn) {
  cleanups.push(fn);
}
export async function cleanupAll() {
  while (cleanups.length) {
    const fn = cleanups.pop();
    try {
      await fn();
    } catch (e) {
      console.error('[e2e] cleanup failed:', e);
    }
  }
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(sig, async () => {
    console.error(`[e2e] ${sig}: cleaning up`);
    await cleanupAll();
    process.exit(130);
  });
}

let timedOutFlag = false;
/** Whether the hard timeout fired (runners then exit 124 whatever else failed on the way down). */
export const timedOut = () => timedOutFlag;

/** Kills everything and exits 124 if the run takes longer than `ms`. Returns a function that disarms it. */
export function hardTimeout(ms, what, beforeCleanup) {
  const t = setTimeout(async () => {
    timedOutFlag = true;
    console.error(`[e2e] ${what}: hard timeout after ${ms / 1000} s`);
    const force = setTimeout(() => process.exit(124), 10_000);
    force.unref();
    await Promise.race([Promise.resolve(beforeCleanup?.()).catch(() => {}), delay(5000)]);
    await cleanupAll();
    process.exit(124);
  }, ms);
  t.unref();
  return () => clearTimeout(t);
}

// ---- browser --------------------------------------------------------------------------------------------

/** Debian's Chromium through playwright-core, headless, with the flags it needs as root in a container. */
export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: !process.env.E2E_HEADED,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  registerCleanup(() => browser.close().catch(() => {}));
  return browser;
}

// ---- workspace --------------------------------------------------------------------------------------

/**
 * The test workspace (default examples/seed). The suite edits and saves files, so runs open a temp copy,
 * never the repo's files.
 */
export function seedWorkspace(explicit) {
  const src = path.resolve(explicit ?? path.join(repoRoot, 'examples', 'seed'));
  if (!fs.existsSync(src)) throw new Error(`test workspace ${src} does not exist`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'eni-lens-ws-'));
  const dst = path.join(tmp, path.basename(src)); // keeps the folder name the workbench shows
  fs.cpSync(src, dst, { recursive: true });
  registerCleanup(() => {
    if (!process.env.E2E_KEEP) fs.rmSync(tmp, { recursive: true, force: true });
  });
  return { src, dir: dst };
}

/** Offline noise from the workbench that says nothing about the extension (see the notes' gotchas). */
export const NOISE =
  /ENOTFOUND|open-vsx\.org|vsda|AccountPolicyGate|AgentHost|\[Service Worker\]|connection token|Creating a socket|reconnection-grace-time|builtin extensions cache|GitHub|github-authentication|Failed to load resource|Creation of workbench contribution/i;

/** Parses `--name value` / `--flag` arguments. */
export function parseArgs(argv = process.argv.slice(2)) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const [k, v] = a.slice(2).split('=', 2);
    if (v !== undefined) out[k] = v;
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) out[k] = argv[++i];
    else out[k] = true;
  }
  return out;
}
