// One placement of the pods behind every bar of the capacity report: a workload's pods are on the same pool
// in its branch-ENI (or node-IP) bar and its pod-slot bar, and the bars' overflow is what the engine finds.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { analyze, type Analysis } from '../../shared';
import { clusterScoped } from '../../shared/engine';
import type { DemandVerdict } from '../../shared/model/capacity';
import { judgeIpCapacity } from '../../shared/model/ipCapacity';
import { FlowNetwork } from '../../shared/model/maxFlow';
import { collectManifestFiles, loadConfigFile } from '../../shared/node/files';
import { buildCapacityReport } from '../../shared/report';
import { allocate, computeBars, type Bar, type BarInput, type BarResource, type DemandRow, type PoolBars, type PoolState } from '../../shared/report/bars';
import { EXAMPLES } from '../helpers/paths';
import { exampleReport } from './exampleReport';

const RESOURCES: BarResource[] = ['branchEnis', 'pods', 'ips'];

/** Pods of named workload `w` a bar puts on its pool, used and over. */
const podsOf = (bar: Bar, w: number) => [...bar.used, ...bar.overflow].filter((s) => s.workload === w).reduce((n, s) => n + s.pods, 0);
const listed = (bar: Bar, names: string[]) => [bar.used.map((s) => `${names[s.workload]} ${s.pods}`), bar.overflow.map((s) => `${names[s.workload]} ${s.pods}`)];

test('multi-pool: orders and log-shipper sit on the same pools in the branch-ENI and the pod-slot bars', () => {
  const [s] = exampleReport('multi-pool').sections;
  const names = s.workloads.map((w) => w.label);
  const [arm, general] = s.bars.map((b) => b.bars!);
  // The 7 orders pods short of branch ENIs still take pod slots (the engine's max-pods verdict counts them): on sg-arm, where their overflow is shown.
  assert.deepEqual(listed(arm.branchEnis, names), [['orders 16', 'log-shipper 2'], ['orders 7']]);
  assert.deepEqual(listed(arm.pods, names), [['orders 23', 'log-shipper 2'], []]);
  assert.deepEqual(listed(general.branchEnis, names), [['orders 17', 'log-shipper 1'], []]);
  assert.deepEqual(listed(general.pods, names), [['orders 17', 'log-shipper 1'], []]);
  for (const b of [arm, general]) for (const w of [0, 1]) assert.equal(podsOf(b.branchEnis, w), podsOf(b.pods, w), `${names[w]}`);
});

/** Pods the engine's max flow of one verdict cannot place: the sum over its overcommitted groups. */
function engineShort(verdict: DemandVerdict): number {
  return [...new Set(verdict.overcommitOf.values())].reduce((n, o) => n + o.demand - o.capacity, 0);
}

function exampleAnalysis(name: string): Analysis {
  const dir = path.join(EXAMPLES, name);
  const configFile = path.join(dir, '.eni-lens.yaml');
  const { config } = loadConfigFile(fs.existsSync(configFile) ? configFile : undefined);
  const sources = collectManifestFiles([dir]).map((file) => ({ file: path.relative(EXAMPLES, file), text: fs.readFileSync(file, 'utf8') }));
  return analyze(sources, config);
}

test('every example: each bar overflows by what the engine finds short (branch ENIs also by the branch-eni-unsupported pods)', () => {
  const examples = fs.readdirSync(EXAMPLES).filter((e) => fs.statSync(path.join(EXAMPLES, e)).isDirectory());
  let overcommitted = 0;
  for (const name of examples) {
    const analysis = exampleAnalysis(name);
    const scoped = analysis.clusters ? analysis.clusters.map((c) => clusterScoped(analysis, c)) : [analysis];
    const sections = buildCapacityReport([{ title: name, analysis }]).sections;
    assert.equal(sections.length, scoped.length, name);
    scoped.forEach((a, i) => {
      const s = sections[i];
      const over = (r: BarResource) => s.bars.reduce((n, b) => n + (b.bars?.[r].over ?? 0), 0);
      const unsupported = s.workloads.filter((w) => w.branchEniError).reduce((n, w) => n + w.pods, 0);
      const expected = { branchEnis: engineShort(a.branchEniVerdict) + unsupported, pods: engineShort(a.podSlotVerdict), ips: engineShort(judgeIpCapacity(a.model)) };
      assert.deepEqual({ branchEnis: over('branchEnis'), pods: over('pods'), ips: over('ips') }, expected, `${name} ${s.title}`);
      overcommitted += expected.branchEnis + expected.pods + expected.ips;
      // Same pools in every bar: each named workload's pods per pool agree between its bars.
      s.workloads.forEach((w, wi) =>
        s.bars.forEach((b, pi) => {
          if (!b.bars) return;
          const pods = podsOf(b.bars.pods, wi);
          if (w.needsBranchEni && (w.branchEniError || !w.branchEniVerdict.startsWith('not judged')))
            assert.equal(podsOf(b.bars.branchEnis, wi), pods, `${name}: ${w.name} on ${s.pools[pi].name}`);
          if (podsOf(b.bars.ips, wi) > 0) assert.equal(podsOf(b.bars.ips, wi), pods, `${name}: ${w.name} IPs on ${s.pools[pi].name}`);
        }),
      );
    });
  }
  assert.ok(overcommitted >= 10, 'the examples overcommit something, or this test proves nothing');
});

/** A pool of one node with these per-node figures (no system pods). */
function pool(name: string, branchEnis: number, slots: number, ips: number): PoolState {
  return { nodes: 1, type: name, figures: { branchEnis, maxPods: slots, ipsWithTrunk: ips, ipsWithoutTrunk: ips }, elastic: false };
}
const row = (pools: number[], ...named: [number, number][]): DemandRow => ({
  pools,
  named: named.map(([workload, pods]) => ({ workload, pods })),
  otherPods: 0,
  otherPerNode: 0,
  others: 0,
});
const bars = (pools: PoolState[], demands: Partial<BarInput['demands']>) =>
  computeBars(FlowNetwork, allocate, { prefixDelegation: false, securityGroupsForPods: true, pools, demands: { branchEnis: [], pods: [], ips: [], ...demands } });
const figures = (b: PoolBars[], r: BarResource) => b.map((p) => [p.bars![r].demand, p.bars![r].over]);

test('a branch-ENI pod moves to the pool where it leaves room for a pod that can go nowhere else, in both bars', () => {
  // W (branch ENI) reaches A and B, V (no branch ENI) only one of them; one slot each. W must take the other.
  for (const only of [0, 1]) {
    const other = 1 - only;
    const b = bars([pool('A', 1, 1, 1), pool('B', 1, 1, 1)], { branchEnis: [row([0, 1], [0, 1])], pods: [row([0, 1], [0, 1]), row([only], [1, 1])], ips: [row([only], [1, 1])] });
    assert.deepEqual(b[other].bars!.branchEnis.used, [{ workload: 0, pods: 1 }], `V only on ${only}`);
    assert.deepEqual(b[other].bars!.pods.used, [{ workload: 0, pods: 1 }]);
    assert.deepEqual(b[only].bars!.pods.used, [{ workload: 1, pods: 1 }]);
    assert.deepEqual(b[only].bars!.ips.used, [{ workload: 1, pods: 1 }]);
    assert.equal(b[0].bars!.pods.over + b[1].bars!.pods.over + b[0].bars!.branchEnis.over + b[1].bars!.branchEnis.over, 0);
  }
});

test("branch ENIs beyond the pod slots: the pods hold their branch ENIs and are over on the same pool's pod slots", () => {
  // 9 branch ENIs but 5 slots (a maxPods override): the engine's branch-ENI verdict fits 8 pods, its max-pods verdict finds 3 short.
  const b = bars([pool('A', 9, 5, 5)], { branchEnis: [row([0], [0, 8])], pods: [row([0], [0, 8])] });
  assert.deepEqual([b[0].bars!.branchEnis.demand, b[0].bars!.branchEnis.over, b[0].bars!.branchEnis.used], [8, 0, [{ workload: 0, pods: 8 }]]);
  assert.deepEqual([b[0].bars!.pods.demand, b[0].bars!.pods.over, b[0].bars!.pods.used, b[0].bars!.pods.overflow], [8, 3, [{ workload: 0, pods: 5 }], [{ workload: 0, pods: 3 }]]);
});

test('IP pods go where the IPs are, unless that would cost a pod slot (slots are what the scheduler places by)', () => {
  // X (3 pods, needs node IPs) reaches A (1 IP) and B (5 IPs): 1 on A, 2 on B, no IP over.
  const spread = bars([pool('A', 0, 5, 1), pool('B', 0, 5, 5)], { pods: [row([0, 1], [0, 3])], ips: [row([0, 1], [0, 3])] });
  assert.deepEqual(figures(spread, 'ips'), [
    [1, 0],
    [2, 0],
  ]);
  assert.deepEqual(figures(spread, 'pods'), [
    [1, 0],
    [2, 0],
  ]);
  // X (1 pod) reaches A (1 slot, 1 IP) and B (1 slot, no IP); H (host network, no IP) only A. X on A would leave H Pending:
  // X goes to B, over on B's IPs, and every pod has a slot.
  const slotsFirst = bars([pool('A', 0, 1, 1), pool('B', 0, 1, 0)], { pods: [row([0, 1], [0, 1]), row([0], [1, 1])], ips: [row([0, 1], [0, 1])] });
  assert.deepEqual(figures(slotsFirst, 'pods'), [
    [1, 0],
    [1, 0],
  ]);
  assert.deepEqual(figures(slotsFirst, 'ips'), [
    [0, 0],
    [1, 1],
  ]);
});

/** Random sections of 1–3 pools and a few workloads, each needing a branch ENI, node IPs, or neither. */
const sections = fc
  .record({
    pools: fc.array(fc.record({ b: fc.nat(4), s: fc.nat(6), i: fc.nat(6), nodes: fc.integer({ min: 1, max: 2 }) }), { minLength: 1, maxLength: 3 }),
    workloads: fc.array(fc.record({ kind: fc.constantFrom('branch', 'ip', 'rest'), pods: fc.integer({ min: 1, max: 6 }), reach: fc.nat(6) }), { minLength: 1, maxLength: 6 }),
  })
  .map(({ pools, workloads }) => {
    const states = pools.map((p, i) => ({ ...pool(`p${i}`, p.b, p.s, p.i), nodes: p.nodes }));
    const rows: Record<BarResource, Map<string, DemandRow>> = { branchEnis: new Map(), pods: new Map(), ips: new Map() };
    const add = (r: BarResource, reach: number[], w: number, pods: number) => {
      const key = reach.join();
      const existing = rows[r].get(key) ?? row(reach);
      existing.named.push({ workload: w, pods });
      rows[r].set(key, existing);
    };
    const kinds = workloads.map((w, i) => {
      const reach = states.map((_, p) => p).filter((p) => ((w.reach + 1) >> p) & 1 || states.length === 1);
      const pools = reach.length > 0 ? reach : [w.reach % states.length];
      add('pods', pools, i, w.pods);
      if (w.kind !== 'rest') add(w.kind === 'branch' ? 'branchEnis' : 'ips', pools, i, w.pods);
      return w.kind;
    });
    const demands = { branchEnis: [...rows.branchEnis.values()], pods: [...rows.pods.values()], ips: [...rows.ips.values()] };
    return { input: { prefixDelegation: false, securityGroupsForPods: true, pools: states, demands } as BarInput, kinds };
  });

test("property: one placement for every bar; branch-ENI overflow is the engine flow's; pod-slot overflow never below it, equal without branch-ENI pods", () => {
  fc.assert(
    fc.property(sections, ({ input, kinds }) => {
      const b = computeBars(FlowNetwork, allocate, input);
      const capacities = (r: BarResource) =>
        input.pools.map((p) => p.nodes * (r === 'branchEnis' ? p.figures!.branchEnis : r === 'pods' ? p.figures!.maxPods : p.figures!.ipsWithTrunk));
      const short = (r: BarResource) => {
        const rows = input.demands[r].map((d) => ({ pods: d.named.reduce((n, s) => n + s.pods, 0), pools: d.pools }));
        return allocate(FlowNetwork, rows, capacities(r)).unplaced.reduce((a, x) => a + x, 0);
      };
      const over = (r: BarResource) => b.reduce((n, p) => n + p.bars![r].over, 0);
      const demand = (r: BarResource) => b.reduce((n, p) => n + p.bars![r].demand, 0);
      for (const r of RESOURCES)
        assert.equal(
          demand(r),
          input.demands[r].reduce((n, d) => n + d.named.reduce((m, s) => m + s.pods, 0), 0),
          `${r}: every pod shown`,
        );
      assert.equal(over('branchEnis'), short('branchEnis'));
      assert.ok(over('pods') >= short('pods'));
      if (!kinds.includes('branch')) assert.equal(over('pods'), short('pods'));
      kinds.forEach((kind, w) =>
        b.forEach((p) => {
          const bar = kind === 'branch' ? p.bars!.branchEnis : kind === 'ip' ? p.bars!.ips : undefined;
          if (bar) assert.equal(podsOf(bar, w), podsOf(p.bars!.pods, w), `workload ${w} (${kind})`);
        }),
      );
    }),
    { seed: 15, numRuns: 400 },
  );
});
