// The bench's targets table (bench/table.mjs): each target's line says pass at or under its limit, FAIL over
// it, "not measured" without a figure; findings that differ between --jobs 1 and the default fail.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../helpers/paths';

interface Row {
  name: string;
  measured: string;
  verdict: string;
}
interface Table {
  targetRows: (r: object) => Row[];
  failedTargets: (r: object) => string[];
  markdownTable: (r: object) => string;
}
const table = async () => (await import(pathToFileURL(path.join(REPO_ROOT, 'bench', 'table.mjs')).href)) as Table;

const SUMMARY = { edits: 100, p50Ms: 250, p95Ms: 280, maxMs: 300 };
function results(overrides: object = {}) {
  return {
    machine: { cpu: 'Test CPU', cores: 2, memoryGB: 8, os: 'Linux', node: 'v20' },
    workspaces: { S: { files: 101, documents: 1165, MB: 0.6 }, 'XL-mix': { files: 5001, documents: 6890, MB: 18.9, documentsByKind: { Deployment: 957, Service: 1037 } } },
    batch: {
      S: { parseFloorMs: 300, cliInProcessMs: 600 },
      L: { parseFloorMs: 20000, cliInProcessMs: 12000, jsYamlLoadAllMs: 3700, jsYamlFailedFiles: 0 },
      'XL-mix': { parseFloorMs: 7000, cliInProcessMs: 2500 },
    },
    edits: { L: { bigFile: SUMMARY }, S: { bigFile: SUMMARY }, yamlLs: { bigFile: SUMMARY } },
    ratios: { checkOverParseL: 0.6, checkOverParseXLmix: 0.36, coldStartOverParseL: 0.5, editP95OverYamlLs: 0.81, editP95LargeOverSmall: 1.3 },
    serverRssMB: 250,
    serverRssXLmixMB: 180.5,
    vsixKB: null,
    identicalFindings: { S: true, L: true },
    ...overrides,
  };
}

test('targets: at the limit passes, over it fails, a missing figure is not measured', async () => {
  const { targetRows, failedTargets } = await table();
  assert.deepEqual(targetRows(results()), [
    { name: '`check` / parse floor on L (≤ 0.6)', measured: '0.6', verdict: 'pass' },
    { name: '`check` / parse floor on XL-mix (≤ 0.3)', measured: '0.36', verdict: 'FAIL' },
    { name: 'server cold start to first diagnostics / parse floor, L (≤ 0.7)', measured: '0.5', verdict: 'pass' },
    { name: 'p95 edit, ENI Lens / yaml-language-server (≤ 0.8)', measured: '0.81', verdict: 'FAIL' },
    { name: 'p95 edit, L / S (≤ 1.3)', measured: '1.3', verdict: 'pass' },
    { name: 'server RSS with L indexed (≤ 250 MB)', measured: '250 MB', verdict: 'pass' },
    { name: 'server RSS with XL-mix indexed (≤ 200 MB)', measured: '180.5 MB', verdict: 'pass' },
    { name: '.vsix (≤ 2048 KB)', measured: 'not measured', verdict: 'not measured' },
    { name: 'findings with `--jobs 1` byte-identical to the default', measured: 'identical on S, L', verdict: 'pass' },
  ]);
  assert.deepEqual(failedTargets(results()), ['`check` / parse floor on XL-mix (≤ 0.3): 0.36', 'p95 edit, ENI Lens / yaml-language-server (≤ 0.8): 0.81']);
});

test('targets: findings that differ on a workspace fail; without the jobs flag they are not measured', async () => {
  const { targetRows } = await table();
  const last = (r: object) => targetRows(r).at(-1);
  assert.deepEqual(last(results({ identicalFindings: { S: true, 'XL-mix': false } })), {
    name: 'findings with `--jobs 1` byte-identical to the default',
    measured: 'differ on XL-mix',
    verdict: 'FAIL',
  });
  assert.deepEqual(last(results({ identicalFindings: 'jobs flag not available' })), {
    name: 'findings with `--jobs 1` byte-identical to the default',
    measured: 'jobs flag not available',
    verdict: 'not measured',
  });
});

test('the Markdown tables print one pass/fail line per target and the XL-mix kinds', async () => {
  const { markdownTable } = await table();
  const md = markdownTable(results({ note: 'smoke run (--quick)' })).split('\n');
  assert.equal(md[0], '**smoke run (--quick)**');
  assert.ok(md.includes('| `check` / parse floor on XL-mix (≤ 0.3) | 0.36 | FAIL |'), md.join('\n'));
  assert.ok(md.includes('| server RSS with L indexed (≤ 250 MB) | 250 MB | pass |'));
  assert.ok(md.includes('| js-yaml `loadAll` of the same files (ms, median; files it rejects) |  |  | 3700 (0) |  |'), md.join('\n'));
  assert.ok(md.includes('XL-mix documents by kind: Service 1037, Deployment 957.'));
  assert.ok(md.includes('| `check` / parse floor | 2.00 |  | 0.60 | 0.36 |'));
});
