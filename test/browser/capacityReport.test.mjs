// The capacity report in headless Debian Chromium (playwright-core): the CLI writes the HTML, the page is
// loaded with every request routed and refused, and the numbers, the what-if, the themes and the keyboard
// are checked in the DOM. Screenshots go to test-artifacts/ (and docs/images/ with ENI_LENS_UPDATE_DOCS=1).
// Run with `npm run test:report` (needs /usr/bin/chromium: `node scripts/e2e/setup.mjs` installs it).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'eni-lens-report-browser-'));
let context;
/** Every request any page made (none may leave a self-contained report). */
const requests = [];

function report(name, ...paths) {
  const output = path.join(work, `${name}.html`);
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'eni-lens.js'), 'report', ...paths, '--output', output], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return fs.readFileSync(output, 'utf8');
}

before(async () => {
  context = await chromium.launchPersistentContext(path.join(work, 'profile'), {
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
    viewport: { width: 1100, height: 800 },
  });
  context.on('request', (r) => requests.push(r.url()));
  await context.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
  // The net must catch what it is there for: a page that does reach out is seen (and refused).
  const probe = await context.newPage();
  await probe.setContent('<img src="http://127.0.0.1:9/probe.png">');
  await probe.waitForLoadState('load');
  assert.deepEqual(requests, ['http://127.0.0.1:9/probe.png']);
  requests.length = 0;
  await probe.close();
  fs.mkdirSync(ARTIFACTS, { recursive: true });
});

after(async () => {
  await context?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

async function open(html, colorScheme = 'light') {
  const page = await context.newPage();
  await page.emulateMedia({ colorScheme });
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  await page.setContent(html, { waitUntil: 'load' });
  return { page, problems };
}

const figure = (page, pool, resource) => page.locator(`[data-pool="${pool}"] [data-resource="${resource}"] .figure`).textContent();

test('seed: the numbers, bars sized by the script, the why line; r6g.large in the what-if clears the overflow', async () => {
  const { page, problems } = await open(report('seed', 'examples/seed'));
  assert.equal(await figure(page, 'sg-workers', 'branchEnis'), '6 needed · 4 available · 2 over');
  assert.equal(await figure(page, 'sg-workers', 'pods'), '6 needed · 96 available · 90 free');
  assert.equal(await figure(page, 'sg-workers', 'ips'), '0 needed · 48 available · 48 free');
  const bar = page.locator('[data-pool="sg-workers"] [data-resource="branchEnis"] .bar');
  const barWidth = (await bar.boundingBox()).width;
  const used = (await bar.locator('.seg:not(.over)').boundingBox()).width;
  const over = bar.locator('.seg.over');
  assert.equal(await over.textContent(), 'payments +2 over');
  assert.ok(Math.abs(used / barWidth - 4 / 6) < 0.02, `payments 4 of 6: ${used} of ${barWidth}`);
  assert.match(await page.locator('[data-pool="sg-workers"] .why').textContent(), /^Why: Prefix delegation is on: .*not its branch ENIs \(4 per node\)/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'capacity-report-seed.png'), fullPage: true });

  await page.selectOption('[data-pool="sg-workers"] select', 'r6g.large');
  assert.equal(await figure(page, 'sg-workers', 'branchEnis'), '6 needed · 9 available · 3 free');
  assert.equal(await figure(page, 'sg-workers', 'pods'), '6 needed · 108 available · 102 free');
  assert.equal(await page.locator('[data-pool="sg-workers"] .seg.over').count(), 0);
  assert.equal(await page.locator('[data-pool="sg-workers"] .why').count(), 0);
  assert.equal(await page.locator('[data-pool="sg-workers"] .shape').textContent(), '1 × r6g.large');
  assert.equal(await page.locator('[data-pool="sg-workers"] .what-if-state').textContent(), 'What-if: 1 × r6g.medium → 1 × r6g.large. No file is edited.');

  await page.locator('[data-pool="sg-workers"] .reset').click();
  await page.fill('[data-pool="sg-workers"] input[name="nodes"]', '2');
  assert.equal(await figure(page, 'sg-workers', 'branchEnis'), '6 needed · 8 available · 2 free');
  await page.fill('[data-pool="sg-workers"] input[name="nodes"]', '1');
  assert.equal(await figure(page, 'sg-workers', 'branchEnis'), '6 needed · 4 available · 2 over');
  assert.deepEqual(problems, []);
  await page.close();
});

test('multi-pool: both pools and the shared overflow; a third sg-arm node (and its DaemonSet pod) makes it fit', async () => {
  const { page, problems } = await open(report('multi-pool', 'examples/multi-pool'));
  assert.equal(await figure(page, 'sg-arm', 'branchEnis'), '25 needed · 18 available · 7 over');
  assert.equal(await figure(page, 'general', 'branchEnis'), '18 needed · 18 available · 0 free');
  assert.equal(await page.locator('[data-pool="sg-arm"] [data-resource="branchEnis"] .seg-list').textContent(), 'orders: 16 · log-shipper: 2 · orders: 7 over');
  assert.deepEqual(await page.locator('table.workloads tbody th a').allTextContents(), ['Deployment shop/orders', 'DaemonSet shop/log-shipper']);

  await page.fill('[data-pool="sg-arm"] input[name="nodes"]', '3');
  // 3 × 9 + 18 = 45 branch ENIs for 40 orders + 3 + 1 log-shipper pods.
  const arm = await figure(page, 'sg-arm', 'branchEnis');
  const general = await figure(page, 'general', 'branchEnis');
  assert.match(arm, /^\d+ needed · 27 available · \d+ free$/);
  assert.match(general, /^\d+ needed · 18 available · \d+ free$/);
  assert.equal(Number(arm.split(' ')[0]) + Number(general.split(' ')[0]), 44);
  assert.equal(await page.locator('.seg.over').count(), 0);
  assert.deepEqual(problems, []);
  await page.close();
});

test('keyboard: Tab reaches the what-if controls and the workload links in order', async () => {
  const { page } = await open(report('seed-keys', 'examples/seed'));
  const focused = async () =>
    page.evaluate(() => {
      const e = document.activeElement;
      return `${e.tagName.toLowerCase()}${e.name ? `[${e.name}]` : ''}${e.textContent && e.tagName === 'A' ? `:${e.textContent}` : ''}`;
    });
  const order = [];
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('Tab');
    order.push(await focused());
  }
  assert.deepEqual(order, ['select[type]', 'input[nodes]', 'button', 'a:Deployment default/payments']);
  await page.close();
});

test('themes: prefers-color-scheme outside VS Code, the --vscode-* variables inside a webview', async () => {
  const html = report('seed-theme', 'examples/seed');
  const bg = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const light = await open(html, 'light');
  assert.equal(await bg(light.page), 'rgb(255, 255, 255)');
  const dark = await open(html, 'dark');
  assert.equal(await bg(dark.page), 'rgb(13, 17, 23)');
  await dark.page.screenshot({ path: path.join(ARTIFACTS, 'capacity-report-dark.png'), fullPage: true });
  await dark.page.evaluate(() => document.documentElement.style.setProperty('--vscode-editor-background', '#123456'));
  assert.equal(await bg(dark.page), 'rgb(18, 52, 86)');
  await light.page.close();
  await dark.page.close();
});

test('the seed and multi-pool report side by side, for the README; no request left any page', async () => {
  const { page } = await open(report('both', 'examples/seed', 'examples/multi-pool'));
  const shot = path.join(ARTIFACTS, 'capacity-report.png');
  await page.screenshot({ path: shot, fullPage: true });
  if (process.env.ENI_LENS_UPDATE_DOCS === '1') fs.copyFileSync(shot, path.join(ROOT, 'docs', 'images', 'capacity-report.png'));
  await page.close();
  assert.deepEqual(
    requests.filter((u) => !u.startsWith('data:')),
    [],
  );
});

test('in a webview, a what-if choice survives the page being rebuilt (webview state); unsupported and DaemonSet rows as the engine says', async () => {
  const html = report('seed-state', 'examples/seed');
  // A stand-in for the webview API (getState/setState kept on window, handed to the next page), run before
  // the page script under the page's own CSP nonce, as VS Code injects its API before the page runs.
  const nonce = /script-src 'nonce-([^']+)'/.exec(html)[1];
  const webview = async (state) => {
    const page = await context.newPage();
    const api =
      `<script nonce="${nonce}">window.__state = ${JSON.stringify(state ?? null)} ?? undefined;` +
      'window.acquireVsCodeApi = () => ({ getState: () => window.__state, setState: (s) => (window.__state = s), postMessage: () => undefined });</script>';
    await page.setContent(html.replace('</head>', `${api}\n</head>`), { waitUntil: 'load' });
    return page;
  };
  const first = await webview(undefined);
  await first.selectOption('[data-pool="sg-workers"] select', 'r6g.large');
  const state = await first.evaluate(() => window.__state);
  await first.close();
  assert.deepEqual(Object.values(state?.whatIf ?? {}), [{ type: 'r6g.large', nodes: 1 }], JSON.stringify(state));
  const second = await webview(state);
  assert.equal(await second.locator('[data-pool="sg-workers"] select').inputValue(), 'r6g.large');
  assert.equal(await figure(second, 'sg-workers', 'branchEnis'), '6 needed · 9 available · 3 free');
  assert.equal(await second.locator('[data-pool="sg-workers"] .what-if-state').textContent(), 'What-if: 1 × r6g.medium → 1 × r6g.large. No file is edited.');
  await second.close();

  const { page, problems } = await open(report('no-trunking', 'examples/no-trunking'));
  assert.equal(
    await page.locator('[data-pool="t3.large"] p.error').textContent(),
    '2 pods need a branch ENI, but t3.large cannot host a trunk ENI: they do not start (branch-eni-unsupported).',
  );
  assert.equal(await page.locator('table.workloads td.verdict.error').textContent(), 'no pod will start: its nodes cannot host a trunk ENI (branch-eni-unsupported)');
  assert.equal(await page.locator("text=trunk ENI's slot taken").count(), 0);
  await page.close();
  const multi = await open(report('multi-pool-ds', 'examples/multi-pool'));
  assert.deepEqual(await multi.page.locator('table.workloads tbody td.num').allTextContents(), ['40HorizontalPodAutoscaler orders maxReplicas: 40', '3one per node']);
  assert.deepEqual([...problems, ...multi.problems], []);
  await multi.page.close();
});

/** Pods per workload name on one bar, used and over together, from its text list ("orders: 16 · orders: 7 over"). */
async function podsByName(page, pool, resource) {
  const list = page.locator(`[data-pool="${pool}"] [data-resource="${resource}"] .seg-list`);
  const out = {};
  if ((await list.count()) === 0) return out;
  for (const item of (await list.textContent()).split(' · ')) {
    const [, name, pods] = /^(.+): (\d+)(?: over)?$/.exec(item);
    out[name] = (out[name] ?? 0) + Number(pods);
  }
  return out;
}

test('multi-pool: one placement behind every bar on the page, before and after a what-if', async () => {
  const { page, problems } = await open(report('multi-pool-placement', 'examples/multi-pool'));
  const lists = async (pool) => Promise.all(['branchEnis', 'pods'].map((r) => page.locator(`[data-pool="${pool}"] [data-resource="${r}"] .seg-list`).textContent()));
  // The 7 orders pods short of branch ENIs are over on sg-arm's branch ENIs and take sg-arm pod slots: the same pool.
  assert.deepEqual(await lists('sg-arm'), ['orders: 16 · log-shipper: 2 · orders: 7 over', 'orders: 23 · log-shipper: 2']);
  assert.deepEqual(await lists('general'), ['orders: 17 · log-shipper: 1', 'orders: 17 · log-shipper: 1']);
  assert.equal(await figure(page, 'sg-arm', 'pods'), '25 needed · 54 available · 29 free');
  assert.equal(await figure(page, 'general', 'pods'), '18 needed · 56 available · 38 free');
  for (const change of [
    () => page.fill('[data-pool="sg-arm"] input[name="nodes"]', '1'),
    () => page.selectOption('[data-pool="general"] select', 'm5.large'),
    () => page.fill('[data-pool="general"] input[name="nodes"]', '4'),
  ]) {
    await change();
    for (const pool of ['sg-arm', 'general']) assert.deepEqual(await podsByName(page, pool, 'branchEnis'), await podsByName(page, pool, 'pods'), pool);
  }
  // 1 × r6g.large + 4 × m5.large: 9 + 36 branch ENIs for 40 + 1 + 4 pods.
  assert.equal(await page.locator('.seg.over').count(), 0);
  assert.deepEqual(problems, []);
  await page.close();
});

test("unsupported pods are over on their pool's branch-ENI bar; a no-matching-pool row is a warning, a Fargate row not judged", async () => {
  const trunkless = await open(report('no-trunking-bar', 'examples/no-trunking'));
  assert.equal(await figure(trunkless.page, 't3.large', 'branchEnis'), '2 needed · 0 available · 2 over');
  assert.equal(await trunkless.page.locator('[data-pool="t3.large"] [data-resource="branchEnis"] .seg.over').textContent(), 'migrate +2 over');
  assert.equal(await figure(trunkless.page, 't3.large', 'pods'), '2 needed · 33 available · 31 free');
  await trunkless.page.close();

  const { page, problems } = await open(report('dedicated-pool', 'examples/dedicated-pool'));
  assert.equal(await figure(page, 'general', 'branchEnis'), '4 needed · 0 available · 4 over');
  const cells = (name) => page.locator(`tr[data-workload="${name}"] td.verdict`);
  const style = (locator) => locator.first().evaluate((e) => [getComputedStyle(e).color, getComputedStyle(e).fontStyle]);
  assert.match(await cells('ledger').first().textContent(), /^no node pool accepts its pods, they stay Pending .*\(no-matching-pool\)$/);
  assert.deepEqual(await cells('ledger').evaluateAll((es) => es.map((e) => e.className)), ['verdict warning', 'verdict warning']);
  assert.deepEqual(await cells('reconcile').evaluateAll((es) => es.map((e) => e.className)), ['verdict not-judged', 'verdict not-judged']);
  assert.deepEqual(await cells('checkout').evaluateAll((es) => es.map((e) => e.className)), ['verdict error', 'verdict']);
  const [warning, notJudged, error, plain] = await Promise.all([style(cells('ledger')), style(cells('reconcile')), style(cells('checkout')), style(cells('payments'))]);
  assert.deepEqual(notJudged[1], 'italic');
  assert.equal(new Set([warning[0], notJudged[0], error[0], plain[0]]).size, 4, 'warning, not judged, error and judged rows look different');
  assert.deepEqual(problems, []);
  await page.close();
});
