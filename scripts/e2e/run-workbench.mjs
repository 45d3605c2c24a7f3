#!/usr/bin/env node
// Checks the packaged extension in the rendered workbench: installs the .vsix into code-server, opens the
// seed workspace in headless Chromium, opens deployment.yaml with Ctrl+P, waits for the red squiggle,
// reads the Problems count in the status bar, hovers the squiggled word, reads the hover, and takes a
// screenshot (test-artifacts/vscode-squiggle.png; also docs/images/vscode-squiggle.png with --update-docs).
//
//   node scripts/e2e/run-workbench.mjs [--vsix <file>] [--workspace <dir>] [--file deployment.yaml]
//     [--word r6g.medium] [--expect "r6g.medium,branch ENIs"] [--update-docs] [--timeout <ms>]
import fs from 'node:fs';
import path from 'node:path';
import { cleanupAll, delay, hardTimeout, installVsix, launchBrowser, makeProfile, parseArgs, paths, repoRoot, seedWorkspace, startCodeServer, timedOut } from './code-server.mjs';

const args = parseArgs();
const started = performance.now();
const timeoutMs = Number(args.timeout ?? process.env.E2E_TIMEOUT_MS ?? 100_000);
let page;
const disarm = hardTimeout(timeoutMs, 'workbench run', () => page?.screenshot({ path: path.join(artifacts, 'timeout.png') }));
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const log = (msg) => console.log(`[e2e] ${msg} (${elapsed()})`);
const artifacts = path.join(paths.artifacts, 'workbench');
fs.rmSync(artifacts, { recursive: true, force: true });
fs.mkdirSync(artifacts, { recursive: true });
fs.rmSync(path.join(paths.artifacts, 'vscode-squiggle.png'), { force: true });

const file = args.file ?? 'deployment.yaml';
const word = args.word ?? 'r6g.medium';
const expected = String(args.expect ?? 'r6g.medium,branch ENIs')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const screenshot = path.join(paths.artifacts, 'vscode-squiggle.png');

let exitCode = 1;
try {
  const vsix = path.resolve(args.vsix ?? defaultVsix());
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} does not exist: run  npm run package  first`);
  const ws = seedWorkspace(args.workspace);
  const dirs = makeProfile({
    'editor.hover.delay': 200,
    'workbench.editor.enablePreview': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
  });

  log(`installing ${path.relative(repoRoot, vsix) || vsix}`);
  installVsix(vsix, dirs);
  log('installed');

  const server = await startCodeServer({ dirs, logFile: path.join(artifacts, 'code-server.log') });
  log(`code-server on ${server.origin}`);

  const browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const browserLog = fs.createWriteStream(path.join(artifacts, 'browser-console.log'));
  page.on('console', (m) => browserLog.write(`[${m.type()}] ${m.text()}\n`));
  page.on('pageerror', (e) => browserLog.write(`[pageerror] ${e.stack ?? e}\n`));

  await page.goto(`${server.origin}/?folder=${encodeURIComponent(ws.dir)}`);
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 30_000 });
  await page.locator('#status\\.problems').waitFor({ state: 'visible', timeout: 30_000 });
  log('workbench ready');

  // Quick Open: Ctrl+P, the file name, Enter.
  await page
    .locator('.monaco-workbench')
    .click({ position: { x: 640, y: 300 } })
    .catch(() => {});
  await retry('Quick Open', async () => {
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget').waitFor({ state: 'visible', timeout: 3_000 });
  });
  await page.keyboard.type(file);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: file }).first().waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator(`.tab[aria-label*="${file}"]`).first().waitFor({ state: 'visible', timeout: 15_000 });
  log(`opened ${file}`);

  const squiggle = page.locator('.monaco-editor .squiggly-error').first();
  await squiggle.waitFor({ state: 'visible', timeout: 45_000 });
  log('red squiggle rendered');

  // The squiggle must sit under the word, on the line that names it.
  const box = await squiggle.boundingBox();
  const lineText = await page.evaluate(
    ({ y }) => {
      for (const el of document.querySelectorAll('.monaco-editor .view-lines .view-line')) {
        const r = el.getBoundingClientRect();
        if (y >= r.top && y <= r.bottom) return el.textContent?.replace(/\u00a0/g, ' ') ?? '';
      }
      return '';
    },
    { y: box.y + box.height / 2 },
  );
  if (!lineText.includes(word)) throw new Error(`the squiggle is on "${lineText.trim()}", not on a line with ${word}`);
  log(`squiggle on line "${lineText.trim()}"`);

  const problems = await retry(
    'a Problems count in the status bar',
    async () => {
      const el = page.locator('#status\\.problems');
      const text = ((await el.innerText()) ?? '').replace(/\s+/g, ' ').trim();
      const label =
        (await el.getAttribute('aria-label')) ??
        (await el
          .locator('[aria-label]')
          .first()
          .getAttribute('aria-label')
          .catch(() => null)) ??
        '';
      const errors = Number(/(\d+)\s*error/i.exec(label)?.[1] ?? /^(\d+)/.exec(text)?.[1] ?? NaN);
      if (!(errors >= 1)) throw new Error(`status bar says "${text}" / "${label}"`);
      return { text, label, errors };
    },
    20,
  );
  log(`status bar Problems: "${problems.label || problems.text}" (${problems.errors} error(s))`);

  // Hover the squiggled word and read the hover widget (matched by substring: the workbench adds its own
  // entries such as "Fix (Ctrl+I)").
  const hover = await retry(
    'a hover with the expected text',
    async (attempt) => {
      const b = await squiggle.boundingBox();
      await page.mouse.move(5, 5);
      await delay(100);
      await page.mouse.move(b.x + b.width / 2 + (attempt % 3) - 1, b.y + b.height / 2, { steps: 3 });
      const widget = page
        .locator('.monaco-hover:not(.hidden)')
        .filter({ hasText: expected[0] ?? word })
        .first();
      await widget.waitFor({ state: 'visible', timeout: 4_000 });
      const text = (await widget.innerText()).replace(/\s+/g, ' ').trim();
      const missing = expected.filter((e) => !text.toLowerCase().includes(e.toLowerCase()));
      if (missing.length) throw new Error(`hover lacks ${missing.map((m) => JSON.stringify(m)).join(', ')}: "${text}"`);
      return text;
    },
    6,
  );
  log(`hover: "${hover.length > 300 ? `${hover.slice(0, 300)}…` : hover}"`);

  await page.screenshot({ path: screenshot });
  log(`screenshot ${path.relative(repoRoot, screenshot)}`);
  if (args['update-docs']) {
    const doc = path.join(repoRoot, 'docs', 'images', 'vscode-squiggle.png');
    fs.mkdirSync(path.dirname(doc), { recursive: true });
    fs.copyFileSync(screenshot, doc);
    log(`copied to ${path.relative(repoRoot, doc)}`);
  }
  exitCode = 0;
  log('workbench check passed');
} catch (err) {
  if (!timedOut()) console.error('[e2e] workbench check failed:', err?.message ?? err);
  if (page) {
    const shot = path.join(artifacts, 'failure.png');
    await page.screenshot({ path: shot }).catch(() => {});
    console.error(`[e2e] failure screenshot ${path.relative(repoRoot, shot)}; logs in ${path.relative(repoRoot, artifacts)}/`);
  }
} finally {
  disarm();
  await cleanupAll();
}
process.exit(timedOut() ? 124 : exitCode);

function defaultVsix() {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  return path.join(repoRoot, `${pkg.name}-${pkg.version}.vsix`);
}

async function retry(what, fn, attempts = 5) {
  let last;
  for (let i = 0; i < attempts; i++) {
    try {
      return await fn(i);
    } catch (err) {
      last = err;
      await delay(500);
    }
  }
  throw new Error(`${what}: ${last?.message ?? last}`);
}
