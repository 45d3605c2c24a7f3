#!/usr/bin/env node
// Runs the mocha suite in test/vscode/ inside a real VS Code extension host: code-server with the smoke-test
// driver enabled, opened in headless Chromium with a test payload (extensionDevelopmentPath +
// extensionTestsPath), the same thing @vscode/test-electron does on desktop. Exit code = the suite's.
//
//   node scripts/e2e/run-extension-host.mjs [--extension <dir>] [--workspace <dir>] [--timeout <ms>] [--no-build]
//
// --extension  extension to develop/test (default: the repo root; its `main` must be built)
// --workspace  folder to open (default: examples/seed, else test/e2e-workspace/seed); a temp copy is opened
// --timeout    hard timeout for the whole run (default 100000 ms, env E2E_TIMEOUT_MS)
import fs from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import { buildVscodeTests } from './build-vscode-tests.mjs';
import { NOISE, cleanupAll, hardTimeout, launchBrowser, makeProfile, parseArgs, paths, repoRoot, seedWorkspace, startCodeServer, timedOut } from './code-server.mjs';

const args = parseArgs();
const started = performance.now();
const timeoutMs = Number(args.timeout ?? process.env.E2E_TIMEOUT_MS ?? 100_000);
let page;
const disarm = hardTimeout(timeoutMs, 'extension-host run', () => page?.screenshot({ path: path.join(artifacts, 'timeout.png') }));
const artifacts = path.join(paths.artifacts, 'extension-host');
fs.rmSync(artifacts, { recursive: true, force: true });
fs.mkdirSync(artifacts, { recursive: true });
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;

// Read in `finally` when the run throws before it sets the outcome (the rule does not follow that path).
// eslint-disable-next-line no-useless-assignment
let exitCode = 1;
try {
  const extensionPath = path.resolve(args.extension ?? repoRoot);
  const pkg = JSON.parse(fs.readFileSync(path.join(extensionPath, 'package.json'), 'utf8'));
  const main = path.resolve(extensionPath, pkg.main ?? 'extension.js');
  if (!fs.existsSync(main) && !fs.existsSync(`${main}.js`)) {
    throw new Error(`${main} does not exist: build the extension first (npm run build)`);
  }
  const testsIndex = args['no-build'] ? path.join(paths.testsOut, 'index.js') : await buildVscodeTests();
  const ws = seedWorkspace(args.workspace);
  console.log(`[e2e] extension ${extensionPath}\n[e2e] workspace ${ws.src} (copied to ${ws.dir})\n[e2e] tests ${testsIndex}`);

  const server = await startCodeServer({
    dirs: makeProfile(),
    args: ['--vscode-option', 'enable-smoke-test-driver'],
    env: { ENI_LENS_TEST_COLOR: process.stdout.isTTY ? '1' : '0' },
    logFile: path.join(artifacts, 'code-server.log'),
  });
  console.log(`[e2e] code-server on ${server.origin} (${elapsed()})`);

  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(extensionPath)],
    ['extensionTestsPath', remote(testsIndex)],
  ];
  const url = `${server.origin}/?folder=${encodeURIComponent(ws.dir)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

  const browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const browserLog = fs.createWriteStream(path.join(artifacts, 'browser-console.log'));
  page.on('console', (m) => browserLog.write(`[${m.type()}] ${m.text()}\n`));
  page.on('pageerror', (e) => browserLog.write(`[pageerror] ${e.stack ?? e}\n`));

  const hostLog = fs.createWriteStream(path.join(artifacts, 'extension-host.log'));
  let sawLog = false;
  let resolveExit;
  const result = new Promise((resolve) => (resolveExit = resolve));
  await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
  await page.exposeFunction('codeAutomationLog', (type, logArgs) => {
    sawLog = true;
    const line = format(...(Array.isArray(logArgs) ? logArgs : [logArgs]));
    hostLog.write(`[${type}] ${line}\n`);
    if (process.env.E2E_VERBOSE || !NOISE.test(line)) (type === 'error' ? console.error : console.log)(line);
  });
  await page.goto(url);

  // Without enable-smoke-test-driver (or with a bad payload) nothing runs: the hard timeout catches that,
  // but say so early when nothing at all happened.
  const quiet = setTimeout(() => {
    if (!sawLog) console.error('[e2e] no output from the extension host after 45 s (is the payload being ignored?)');
  }, 45_000);
  quiet.unref();
  exitCode = await result;
  clearTimeout(quiet);
  if (exitCode !== 0) await page.screenshot({ path: path.join(artifacts, 'failure.png') }).catch(() => {});
  console.log(`[e2e] extension-host suite exited with ${exitCode} after ${elapsed()}`);
} catch (err) {
  if (!timedOut()) console.error('[e2e] extension-host run failed:', err);
  exitCode = 1;
} finally {
  disarm();
  await cleanupAll();
}
process.exit(timedOut() ? 124 : exitCode);
