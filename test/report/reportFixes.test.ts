// The report shows what the engine says: an unsupported workload as an error (table and pool), DaemonSet
// pods counted per node as the hovers count them, and trunk text only for types that host a trunk ENI.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../shared';
import { hoverAt } from '../../shared/explain/hover';
import { collectManifestFiles, loadConfigFile } from '../../shared/node/files';
import { FlowNetwork } from '../../shared/model/maxFlow';
import { buildCapacityReport, renderReportHtml } from '../../shared/report';
import { allocate, computeBars } from '../../shared/report/bars';
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

test("no-trunking: the Job's pods are over on the t3.large branch-ENI bar (none available), and on that pool's pod slots as the engine counts them", () => {
  const [section] = exampleReport('no-trunking').sections;
  const bars = section.bars[0].bars!;
  assert.deepEqual(
    [bars.branchEnis.demand, bars.branchEnis.capacity, bars.branchEnis.over, bars.branchEnis.used, bars.branchEnis.overflow],
    [2, 0, 2, [], [{ workload: 0, pods: 2 }]],
  );
  assert.deepEqual([bars.pods.demand, bars.pods.over, bars.pods.used], [2, 0, [{ workload: 0, pods: 2 }]]);
  const html = renderReportHtml(exampleReport('no-trunking'), { nonce: 'n' });
  assert.match(html, /<output class="figure">2 needed · 0 available · 2 over<\/output>/);
  assert.match(html, /title="migrate \+2 over"/);
});

test('dedicated-pool: unsupported, no-matching-pool and Fargate workloads each shown as what the engine says', () => {
  const report = exampleReport('dedicated-pool');
  const [section] = report.sections;
  const row = (name: string) => section.workloads.find((w) => w.name === name)!;
  assert.deepEqual([row('checkout').branchEniError, row('checkout').off], [true, undefined]);
  assert.equal(row('ledger').off, 'no-pool');
  assert.match(
    row('ledger').podsVerdict,
    /^no node pool accepts its pods, they stay Pending \('sg-pods': taint dedicated=sg-pods:NoSchedule is not tolerated; .*\) \(no-matching-pool\)$/,
  );
  assert.equal(row('reconcile').off, 'not-judged');
  assert.match(row('reconcile').podsVerdict, /^not judged: it runs on Fargate, not on the node pools \(eksctl Fargate profile 'batch' in cluster\.yaml selects its pods\)$/);
  assert.deepEqual([row('payments').off, row('payments').branchEniError], [undefined, false]);
  const general = section.pools.findIndex((p) => p.name === 'general');
  assert.equal(section.pools[general].unsupportedPods, 4);
  const b = section.bars[general].bars!.branchEnis;
  assert.deepEqual([b.demand, b.capacity, b.over], [4, 0, 4]);
  // Nobody that is off the pools is on a bar.
  const off = section.workloads.flatMap((w, i) => (w.off ? [i] : []));
  for (const pool of section.bars) for (const bar of Object.values(pool.bars!)) for (const s of [...bar.used, ...bar.overflow]) assert.ok(!off.includes(s.workload));
  const html = renderReportHtml(report, { nonce: 'n' });
  assert.equal((html.match(/<td class="verdict warning">no node pool accepts its pods/g) ?? []).length, 2);
  assert.equal((html.match(/<td class="verdict not-judged">not judged: it runs on Fargate/g) ?? []).length, 2);
});

test('a pool type without branch ENIs gets no prefix-delegation why line; an elastic pool without them (EKS Auto Mode) holds none', () => {
  const pool = (elastic: boolean) => ({ nodes: 1, type: 't3.large', figures: { branchEnis: 0, maxPods: 35, ipsWithTrunk: 33, ipsWithoutTrunk: 33 }, elastic });
  const demands = {
    branchEnis: [{ pools: [0], named: [{ workload: 0, pods: 3 }], otherPods: 0, otherPerNode: 0, others: 0 }],
    pods: [{ pools: [0], named: [{ workload: 0, pods: 3 }], otherPods: 0, otherPerNode: 0, others: 0 }],
    ips: [],
  };
  for (const elastic of [false, true]) {
    const [bars] = computeBars(FlowNetwork, allocate, { prefixDelegation: true, securityGroupsForPods: true, pools: [pool(elastic)], demands });
    assert.deepEqual([bars.bars!.branchEnis.capacity, bars.bars!.branchEnis.over, bars.why], [0, 3, undefined], `elastic: ${elastic}`);
    assert.equal(bars.bars!.pods.capacity, elastic ? null : 35);
  }
});
