// The report shows what the engine says: an unsupported workload as an error (table and pool), DaemonSet
// pods counted per node as the hovers count them, and trunk text only for types that host a trunk ENI.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../shared';
import { hoverAt } from '../../shared/explain/hover';
import { collectManifestFiles, loadConfigFile } from '../../shared/node/files';
import { buildCapacityReport, renderReportHtml } from '../../shared/report';
import { EXAMPLES } from '../helpers/paths';
import { exampleReport } from './exampleReport';

test('no-trunking: the Job is an error on the page too, on its row and on its t3.large pool', () => {
  const report = exampleReport('no-trunking');
  const [section] = report.sections;
  const [job] = section.workloads;
  assert.deepEqual([job.name, job.branchEniError, job.branchEniVerdict], ['migrate', true, 'no pod will start: its nodes cannot host a trunk ENI (branch-eni-unsupported)']);
  assert.deepEqual(
    section.pools.map((p) => [p.name, p.unsupportedPods]),
    [['t3.large', 2]],
  );
  const html = renderReportHtml(report, { nonce: 'n' });
  assert.match(html, /<p class="error">2 pods need a branch ENI, but t3\.large cannot host a trunk ENI: they do not start \(branch-eni-unsupported\)\.<\/p>/);
  assert.match(html, /<td class="verdict error">no pod will start: its nodes cannot host a trunk ENI \(branch-eni-unsupported\)<\/td>/);
  // t3 has no trunk: the IP note does not speak of a trunk slot.
  assert.equal(section.bars[0].ipsNote, '33 per node (t3.large cannot host a trunk ENI, so no ENI slot goes to one)');
  assert.doesNotMatch(html.slice(0, html.indexOf('<script')), /trunk ENI's slot taken/);
});

test('a trunking pool keeps its trunk note; workloads that fit are not errors', () => {
  const [section] = exampleReport('seed').sections;
  assert.match(section.bars[0].ipsNote!, /^\d+ per node with the trunk ENI's slot taken, \d+ without \(security groups for pods is on: the trunk takes it\)$/);
  assert.deepEqual(
    section.workloads.map((w) => [w.name, w.branchEniError]),
    [['payments', false]],
  );
  assert.deepEqual(
    section.pools.map((p) => p.unsupportedPods),
    [0],
  );
});

test('multi-pool: the DaemonSet row counts one pod per node it reaches (3), as the policy hover does', () => {
  const [section] = exampleReport('multi-pool').sections;
  const ds = section.workloads.find((w) => w.kind === 'DaemonSet')!;
  assert.deepEqual([ds.name, ds.pods, ds.podsSource], ['log-shipper', 3, 'one per node']);
  const dir = path.join(EXAMPLES, 'multi-pool');
  const { config } = loadConfigFile(path.join(dir, '.eni-lens.yaml'));
  const sources = collectManifestFiles([dir]).map((file) => ({ file: path.relative(EXAMPLES, file), text: fs.readFileSync(file, 'utf8') }));
  const analysis = analyze(sources, config);
  const hover = hoverAt(analysis, 'multi-pool/policies.yaml', { line: 3, character: 10 })!.markdown;
  assert.match(hover, /- DaemonSet shop\/log-shipper: 3 \(one per node\)/);
  assert.equal(buildCapacityReport([{ title: 't', analysis }]).sections[0].workloads.find((w) => w.kind === 'DaemonSet')!.pods, 3);
});
