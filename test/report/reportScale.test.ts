// The report on a workspace of many workloads: the what-if works on one row per distinct array of pools,
// the page names a bounded set of workloads, and the sums and the engine's verdicts stay exact.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { budgetHeadline, budgetOf, isBudget } from '../../shared/model/budget';
import { FlowNetwork } from '../../shared/model/maxFlow';
import { buildCapacityReport, renderReportHtml } from '../../shared/report';
import { allocate, barsHtml, computeBars, type BarInput, type BarResource, type DemandRow } from '../../shared/report/bars';
import { MAX_NAMED, NAMED_PER_ROW } from '../../shared/report/demands';
import { POOL_SETS, scaleAnalysis } from './scaleWorkspace';

const RESOURCES: BarResource[] = ['branchEnis', 'pods', 'ips'];
/** 150 workloads and 10 DaemonSets; pool a is short of branch ENIs and pod slots, b and c have room. */
const analysis = scaleAnalysis(150, 10, { a: 3, b: 40, c: 40 });
const section = buildCapacityReport([{ title: 'scale', analysis }]).sections[0];
const rowPods = (row: DemandRow, nodes: (pool: number) => number) =>
  row.named.reduce((n, s) => n + (s.perNode ? nodes(row.pools[0]) : s.pods), row.otherPods + row.otherPerNode * nodes(row.pools[0]));

test('160 workloads over 5 pool arrays: 5 rows per resource, 100 named, every pod accounted for, overflow as the engine finds it', () => {
  const s = section;
  assert.equal(s.workloadCount, 160);
  assert.equal(s.workloads.length, MAX_NAMED);
  assert.deepEqual(
    s.pools.map((p) => p.name),
    ['a', 'b', 'c'],
  );
  const arrays = POOL_SETS.map((set) => set.map((name) => ['a', 'b', 'c'].indexOf(name)).join(',')).sort();
  for (const r of RESOURCES) {
    assert.deepEqual(s.demands[r].map((row) => row.pools.join(',')).sort(), arrays, r);
    for (const row of s.demands[r]) assert.ok(row.named.length >= Math.min(NAMED_PER_ROW, row.named.length + row.others), `${r} row ${row.pools} names its largest`);
  }
  // The DaemonSets share pool a's row with the Deployments reaching only a.
  assert.equal(
    s.demands.pods.find((row) => row.pools.join() === '0')!.named.filter((n) => n.perNode).length + s.demands.pods.find((row) => row.pools.join() === '0')!.otherPerNode,
    10,
  );

  const nodes = (p: number) => s.pools[p].nodes;
  const verdicts = { branchEnis: analysis.branchEniVerdict, pods: analysis.podSlotVerdict };
  for (const r of ['branchEnis', 'pods'] as const) {
    const engineDemand = [...verdicts[r].demandsOf.values()].flat().reduce((n, d) => n + d.pods, 0);
    const enginePlaced = [...verdicts[r].loadOf.values()].reduce((n, x) => n + x, 0);
    const rows = s.demands[r].reduce((n, row) => n + rowPods(row, nodes), 0);
    const bars = s.bars.map((b) => b.bars![r]);
    assert.equal(rows, engineDemand, `${r}: the rows sum every demand`);
    assert.equal(
      bars.reduce((n, b) => n + b.demand, 0),
      engineDemand,
      `${r}: the bars show every pod`,
    );
    assert.equal(
      bars.reduce((n, b) => n + b.over, 0),
      engineDemand - enginePlaced,
      `${r}: overflow is what the engine's max flow cannot place`,
    );
    for (const b of bars) {
      assert.ok(b.used.length <= 12 && b.overflow.length <= 12, 'a bar names at most 12 workloads');
      assert.equal(b.used.reduce((n, x) => n + x.pods, b.others.pods) + b.overflow.reduce((n, x) => n + x.pods, b.othersOver.pods), b.demand);
    }
  }
  assert.ok(
    s.bars.some((b) => b.bars!.branchEnis.over > 0),
    'the workspace overcommits branch ENIs',
  );
});

test('the named workloads carry the verdict budgetOf gives them, computed once per group', () => {
  const s = section;
  assert.equal(s.workloads.length, MAX_NAMED);
  const byName = new Map(analysis.model.workloads.map((w) => [`${w.workload.object.kind} ${w.workload.object.name}`, w]));
  const line = (b: ReturnType<typeof budgetOf>) => (isBudget(b) ? budgetHeadline(b) : `not judged: ${b.reason}`);
  let short = 0;
  for (const rw of s.workloads) {
    const w = byName.get(`${rw.kind} ${rw.name}`)!;
    assert.equal(rw.branchEniVerdict, line(budgetOf(analysis, w, 'branchEnis')), rw.name);
    assert.equal(rw.podsVerdict, line(budgetOf(analysis, w, 'pods')), rw.name);
    if (/short$/.test(rw.branchEniVerdict)) short++;
  }
  assert.ok(short > 0 && s.workloads.some((w) => w.branchEniVerdict.startsWith('not judged: no branch ENI')), 'both kinds of verdict are compared');
});

test('the HTML does not grow with unnamed workloads: 150 and 300 workloads on the same pools differ by a few digits', () => {
  const html = (n: number) => renderReportHtml(buildCapacityReport([{ title: 'scale', analysis: scaleAnalysis(n, 10, { a: 1000, b: 1000, c: 1000 }) }]), { nonce: 'n' });
  const small = html(150);
  const large = html(300);
  for (const page of [small, large]) {
    assert.equal(page.match(/<tr data-workload=/g)?.length, MAX_NAMED);
    const data = JSON.parse(/<script type="application\/json" id="eni-lens-data">(.*?)<\/script>/s.exec(page)![1]);
    assert.equal(data.sections[0].names.length, MAX_NAMED);
    // 3 pools × 3 bars, each at most 12 named segments and one of others, used and over.
    assert.ok(page.match(/<span class="seg /g)!.length <= 3 * 3 * 2 * 13);
  }
  assert.match(large, /100 of 310 workloads: .* the bars sum the other 210\./);
  // Which workloads are named differs, so the sizes differ a little; one byte per added workload would be 150.
  assert.ok(Math.abs(large.length - small.length) < 300 - 150, `150 workloads: ${small.length} bytes, 300: ${large.length}`);
});

test('a row shares its placement in order: the first named fit, the last and the others overflow; past 12 named a bar sums the rest', () => {
  const pool = { nodes: 1, type: 't', elastic: false, figures: { branchEnis: 5, maxPods: 100, ipsWithTrunk: 100, ipsWithoutTrunk: 100 } };
  const row: DemandRow = {
    pools: [0],
    named: [
      { workload: 0, pods: 3 },
      { workload: 1, pods: 4 },
    ],
    otherPods: 3,
    otherPerNode: 0,
    others: 2,
  };
  const input: BarInput = { prefixDelegation: false, securityGroupsForPods: true, pools: [pool], demands: { branchEnis: [row], pods: [], ips: [] } };
  const [bars] = computeBars(FlowNetwork, allocate, input);
  const b = bars.bars!.branchEnis;
  assert.deepEqual(
    [b.used, b.others, b.overflow, b.othersOver, b.demand, b.over],
    [
      [
        { workload: 0, pods: 3 },
        { workload: 1, pods: 2 },
      ],
      { workloads: 0, pods: 0 },
      [{ workload: 1, pods: 2 }],
      { workloads: 2, pods: 3 },
      10,
      5,
    ],
  );
  assert.match(barsHtml(bars, ['A', 'B']), /<p class="seg-list">A: 3 · B: 2 · B: 2 over · 2 other workloads: 3 over<\/p>/);

  const many: DemandRow = { pools: [0], named: Array.from({ length: 15 }, (_, i) => ({ workload: i, pods: i + 1 })), otherPods: 0, otherPerNode: 0, others: 0 };
  const [wide] = computeBars(FlowNetwork, allocate, { ...input, demands: { branchEnis: [], pods: [many], ips: [] } });
  const p = wide.bars!.pods;
  // 100 slots: workloads 0–12 fit (1 + … + 13 = 91), 13 gets 9 and 5 over, 14 all 15 over; 0 and 1 are the smallest.
  assert.deepEqual(
    p.used.map((x) => x.workload),
    [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13],
  );
  assert.deepEqual(
    [p.others, p.overflow, p.othersOver, p.demand, p.over],
    [
      { workloads: 2, pods: 3 },
      [
        { workload: 13, pods: 5 },
        { workload: 14, pods: 15 },
      ],
      { workloads: 0, pods: 0 },
      120,
      20,
    ],
  );
});

test('what-if on aggregated rows: 2 more nodes of pool a add 2 pods for each of its 10 DaemonSets, named or not', () => {
  const s = section;
  const input = (pools: typeof s.pools) => ({ prefixDelegation: s.prefixDelegation, securityGroupsForPods: s.securityGroupsForPods, pools, demands: s.demands });
  const total = (bars: ReturnType<typeof computeBars>) => bars.reduce((n, b) => n + b.bars!.pods.demand, 0);
  const before = total(computeBars(FlowNetwork, allocate, input(s.pools)));
  const after = total(computeBars(FlowNetwork, allocate, input([{ ...s.pools[0], nodes: s.pools[0].nodes + 2 }, s.pools[1], s.pools[2]])));
  assert.equal(after - before, 20);
});
