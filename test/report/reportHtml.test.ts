// The report as HTML without a browser: self-contained (nothing external, a CSP that allows nothing else),
// the numbers in the markup, the embedded bar code self-contained, and the CLI's `report` command.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import vm from 'node:vm';
import { FlowNetwork } from '../../shared/model/maxFlow';
import { renderReportHtml } from '../../shared/report';
import { allocate, barsHtml, computeBars } from '../../shared/report/bars';
import { CLI, REPO_ROOT } from '../helpers/paths';
import { exampleReport } from './exampleReport';

/** The text of the `.figure` of a pool's bar, read from the markup. */
function figure(html: string, pool: string, resource: string): string | undefined {
  const poolStart = html.indexOf(`data-pool="${pool}"`);
  const rowStart = html.indexOf(`data-resource="${resource}"`, poolStart);
  return poolStart < 0 || rowStart < 0 ? undefined : /<output class="figure">([^<]*)<\/output>/.exec(html.slice(rowStart))?.[1];
}

test('the seed report: one document, inline style and script under a nonce CSP, no external reference', () => {
  const html = renderReportHtml(exampleReport('seed'), { nonce: 'n0nce' });
  assert.equal(html.match(/<html/g)?.length, 1);
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-n0nce'; script-src 'nonce-n0nce'">/);
  assert.deepEqual(html.match(/<script[^>]*>/g), ['<script type="application/json" id="eni-lens-data">', '<script nonce="n0nce">']);
  assert.doesNotMatch(html, /https?:\/\/|<link|<img|<iframe|@import|url\(|\ssrc=/);
  assert.equal(figure(html, 'sg-workers', 'branchEnis'), '6 needed · 4 available · 2 over');
  assert.equal(figure(html, 'sg-workers', 'pods'), '6 needed · 96 available · 90 free');
  assert.equal(figure(html, 'sg-workers', 'ips'), '0 needed · 48 available · 48 free');
  assert.match(html, /<span class="seg over" data-w="33.3" title="payments \+2 over">payments \+2 over<\/span>/);
  assert.match(html, /<strong>Why:<\/strong> Prefix delegation is on/);
  assert.match(html, /<option selected>r6g.medium<\/option><option>r6g.large<\/option>/);
  assert.ok(html.length < 40_000, `the seed report is ${html.length} bytes`);
});

test('the multi-pool report: both pools, the shared overflow on sg-arm, and the workloads with their source lines', () => {
  const html = renderReportHtml(exampleReport('multi-pool'), { nonce: 'x', displayFile: (f) => `./${f}` });
  assert.equal(figure(html, 'sg-arm', 'branchEnis'), '25 needed · 18 available · 7 over');
  assert.equal(figure(html, 'general', 'branchEnis'), '18 needed · 18 available · 0 free');
  assert.match(html, /Deployment shop\/orders<\/a><br><span class="note">\.\/multi-pool\/workloads\.yaml:12<\/span>/);
  assert.match(html, /data-file="multi-pool\/workloads.yaml" data-line="11" data-character="8" data-end-line="11" data-end-character="14">Deployment shop\/orders/);
});

test('the embedded bar code runs on its own: serialised, evaluated in a fresh context, it recomputes the what-if', () => {
  const report = exampleReport('seed').sections[0];
  const context = vm.createContext({});
  const lib = vm.runInContext(`({ Flow: (${FlowNetwork}), allocate: (${allocate}), computeBars: (${computeBars}), barsHtml: (${barsHtml}) })`, context);
  const pools = [{ ...report.pools[0], type: 'r6g.large', figures: report.types['r6g.large'] }];
  const bars = lib.computeBars(lib.Flow, lib.allocate, { prefixDelegation: true, securityGroupsForPods: true, pools, demands: report.demands });
  const html: string = lib.barsHtml(bars[0], ['payments']);
  assert.match(html, /<output class="figure">6 needed · 9 available · 3 free<\/output>/);
  assert.doesNotMatch(html, /Why:/);
});

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('eni-lens report writes only --output, a section per config group, links relative to the report; exit 0', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eni-lens-report-'));
  try {
    fs.cpSync(path.join(REPO_ROOT, 'examples'), path.join(dir, 'examples'), { recursive: true });
    const listing = () => fs.readdirSync(dir, { recursive: true }).map(String).sort();
    const before = listing();
    const r = run(['report', 'examples/seed', 'examples/multi-pool', '--output', 'out/report.html'], dir);
    // out/ does not exist: exit 2, and nothing is written anywhere else instead.
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot write out\/report.html: ENOENT/);
    assert.deepEqual(listing(), before);
    fs.mkdirSync(path.join(dir, 'out'));
    const ok = run(['report', 'examples/seed', 'examples/multi-pool', '--output', 'out/report.html'], dir);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stdout, '');
    assert.deepEqual(listing(), [...before, 'out', 'out/report.html'].sort());
    const html = fs.readFileSync(path.join(dir, 'out/report.html'), 'utf8');
    assert.deepEqual(
      [...html.matchAll(/<h2>([^<]*)<\/h2>/g)].map((m) => m[1]),
      ['examples/multi-pool/.eni-lens.yaml', 'examples/seed/.eni-lens.yaml'],
    );
    assert.match(html, /<a href="..\/examples\/seed\/deployment.yaml" data-file="examples\/seed\/deployment.yaml"/);
    assert.equal(figure(html, 'sg-workers', 'branchEnis'), '6 needed · 4 available · 2 over');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('eni-lens report exits 2 on a config error and on a missing --config, and writes nothing', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eni-lens-report-'));
  try {
    fs.writeFileSync(path.join(dir, '.eni-lens.yaml'), 'nodePools: 3\n');
    fs.writeFileSync(path.join(dir, 'a.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');
    const bad = run(['report', '.', '--output', 'r.html'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /config error: .*nodePools/);
    const missing = run(['report', '.', '--config', 'nope.yaml', '--output', 'r.html'], dir);
    assert.equal(missing.code, 2);
    assert.equal(fs.existsSync(path.join(dir, 'r.html')), false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
