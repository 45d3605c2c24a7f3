#!/usr/bin/env node
// Runs the same extension-host suite (test/vscode/) in desktop VS Code through @vscode/test-electron, for
// machines that can download VS Code (update.code.visualstudio.com). On machines that cannot, use
// scripts/e2e/run-extension-host.mjs (code-server). Linux without a display needs xvfb-run.
//
//   node scripts/e2e/run-test-electron.mjs [--extension <dir>] [--workspace <dir>] [--timeout <ms>]
//
// env: VSCODE_VERSION (default "stable"), VSCODE_EXECUTABLE_PATH (skip the download),
//      E2E_DOWNLOAD_TIMEOUT_MS (default 300000), E2E_TIMEOUT_MS (test run, default 100000).
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildVscodeTests } from './build-vscode-tests.mjs';
import { paths, repoRoot } from './paths.mjs';

const args = {};
for (let i = 2; i < process.argv.length; i++) {
  const m = /^--([^=]+)(?:=(.*))?$/.exec(process.argv[i]);
  if (m) args[m[1]] = m[2] ?? (process.argv[i + 1]?.startsWith('--') === false ? process.argv[++i] : true);
}

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'eni-lens-electron-'));
const cleanup = () => {
  if (!process.env.E2E_KEEP) fs.rmSync(tmp, { recursive: true, force: true });
};

/** Fails the run after `ms`; while runTests is running, a double SIGINT makes it kill VS Code's tree. */
function deadline(ms, what) {
  const t = setTimeout(() => {
    console.error(`[e2e] ${what}: hard timeout after ${ms / 1000} s`);
    process.emit('SIGINT');
    setTimeout(() => process.emit('SIGINT'), 3000).unref();
    setTimeout(() => {
      cleanup();
      process.exit(124);
    }, 8000).unref();
  }, ms);
  t.unref();
  return () => clearTimeout(t);
}

// Read in `finally` when the run throws before it sets the outcome (the rule does not follow that path).
// eslint-disable-next-line no-useless-assignment
let exitCode = 1;
try {
  const extensionDevelopmentPath = path.resolve(args.extension ?? repoRoot);
  const testsIndex = await buildVscodeTests();

  const src = path.resolve(args.workspace ?? path.join(repoRoot, 'examples', 'seed'));
  const workspace = path.join(tmp, path.basename(src));
  fs.cpSync(src, workspace, { recursive: true }); // the suite edits and saves files
  const userData = path.join(tmp, 'user-data');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify({ 'workbench.startupEditor': 'none', 'security.workspace.trust.enabled': false, 'chat.disableAIFeatures': true, 'git.enabled': false }, null, 2),
  );

  let vscodeExecutablePath = process.env.VSCODE_EXECUTABLE_PATH;
  if (!vscodeExecutablePath) {
    const disarm = deadline(Number(process.env.E2E_DOWNLOAD_TIMEOUT_MS ?? 300_000), 'VS Code download');
    vscodeExecutablePath = await downloadAndUnzipVSCode({
      version: process.env.VSCODE_VERSION ?? 'stable',
      cachePath: path.join(paths.tools, 'vscode-test'),
      timeout: 30_000,
    });
    disarm();
    console.log(`[e2e] VS Code at ${vscodeExecutablePath} (${elapsed()})`);
  }

  const disarm = deadline(Number(args.timeout ?? process.env.E2E_TIMEOUT_MS ?? 100_000), 'test-electron run');
  exitCode = await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath,
    extensionTestsPath: testsIndex,
    extensionTestsEnv: { ENI_LENS_TEST_COLOR: process.stdout.isTTY ? '1' : '0' },
    launchArgs: [
      workspace,
      '--disable-extensions', // other installed extensions; the one under development still loads
      '--disable-gpu',
      '--user-data-dir',
      userData,
      '--extensions-dir',
      path.join(tmp, 'extensions'),
    ],
  });
  disarm();
  console.log(`[e2e] test-electron suite exited with ${exitCode} after ${elapsed()}`);
} catch (err) {
  console.error('[e2e] test-electron run failed:', err?.message ?? err);
  exitCode = typeof err?.code === 'number' && err.code !== 0 ? err.code : 1;
} finally {
  cleanup();
}
process.exit(exitCode);
