// The capacity report's numbers for the seed and multi-pool examples, and the what-if arithmetic.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FlowNetwork } from '../../shared/model/maxFlow';
import { allocate, computeBars, type Bar } from '../../shared/report/bars';
import { exampleReport } from './exampleReport';

/** A bar as [demand, capacity, over, used as "name n", overflow as "name n"]: compact and exact. */
function summary(bar: Bar, names: string[]) {
  return [bar.demand, bar.capacity, bar.over, bar.used.map((s) => `${names[s.workload]} ${s.pods}`), bar.overflow.map((s) => `${names[s.workload]} ${s.pods}`)];
}

test('seed: 1 × r6g.medium holds 4 of the 6 branch ENIs payments needs; the why line names prefix delegation', () => {
  const [s] = exampleReport('seed').sections;
  const names = s.workloads.map((w) => w.label);
  assert.deepEqual([s.prefixDelegation, s.securityGroupsForPods, s.customNetworking], [true, true, false]);
  assert.deepEqual(
    s.pools.map((p) => [p.name, p.nodes, p.type, p.figures]),
    [['sg-workers', 1, 'r6g.medium', { branchEnis: 4, maxPods: 98, ipsWithTrunk: 48, ipsWithoutTrunk: 96 }]],
  );
  const bars = s.bars[0].bars!;
  assert.deepEqual(summary(bars.branchEnis, names), [6, 4, 2, ['payments 4'], ['payments 2']]);
  assert.deepEqual(summary(bars.pods, names), [6, 96, 0, ['payments 6'], []]); // max pods 98 less aws-node and kube-proxy
  assert.deepEqual(summary(bars.ips, names), [0, 48, 0, [], []]);
  assert.equal(
    s.bars[0].why,
    'Prefix delegation is on: it raises the IPs of a node (max pods 98 per r6g.medium), not its branch ENIs (4 per node). 2 pods needing a branch ENI will stay Pending: use a larger type or more nodes.',
  );
  assert.equal(s.pools[0].candidates.slice(0, 3).join(' '), 'r6g.medium r6g.large r6g.xlarge');
  assert.deepEqual(s.types['r6g.large'], { branchEnis: 9, maxPods: 110, ipsWithTrunk: 288, ipsWithoutTrunk: 432 }); // (3 − 1) × (10 − 1) × 16; 3 × 9 × 16
  const [w] = s.workloads;
  assert.deepEqual(
    [w.kind, w.namespace, w.name, w.file, w.range.start, w.pods, w.podsSource, w.branchEniBecause, w.pools, w.branchEniVerdict],
    [
      'Deployment',
      'default',
      'payments',
      'seed/deployment.yaml',
      { line: 3, character: 8 },
      6,
      'replicas: 6',
      'SecurityGroupPolicy default/payments-sg',
      ['sg-workers'],
      '6 pod-eni needed · 1 × r6g.medium gives 4 · 2 short',
    ],
  );
});

test('multi-pool: orders and log-shipper share sg-arm and general; 7 of 43 branch ENIs overflow on sg-arm', () => {
  const [s] = exampleReport('multi-pool').sections;
  const names = s.workloads.map((w) => w.label);
  assert.deepEqual(names, ['orders', 'log-shipper']);
  assert.deepEqual(
    s.pools.map((p) => [p.name, p.nodes, p.type, p.figures?.branchEnis, p.figures?.maxPods]),
    [
      ['sg-arm', 2, 'r6g.large', 9, 29],
      ['general', 1, 'm5.xlarge', 18, 58],
    ],
  );
  const [arm, general] = s.bars.map((b) => b.bars!);
  assert.deepEqual(summary(arm.branchEnis, names), [25, 18, 7, ['orders 16', 'log-shipper 2'], ['orders 7']]);
  assert.deepEqual(summary(general.branchEnis, names), [18, 18, 0, ['orders 17', 'log-shipper 1'], []]);
  assert.equal(arm.pods.capacity! + general.pods.capacity!, 110); // 2 × (29 − 2) + (58 − 2)
  assert.equal(arm.pods.demand + general.pods.demand, 43);
  assert.deepEqual([arm.ips.perNode, general.ips.perNode], [18, 42]);
  assert.equal(s.bars[0].why, undefined, 'prefix delegation is off here');
  const none = { otherPods: 0, otherPerNode: 0, others: 0 };
  assert.deepEqual(s.demands.branchEnis, [
    { pools: [0, 1], named: [{ workload: 0, pods: 40 }], ...none },
    { pools: [0], named: [{ workload: 1, pods: 2, perNode: true }], ...none },
    { pools: [1], named: [{ workload: 1, pods: 1, perNode: true }], ...none },
  ]);
  assert.equal(s.workloadCount, 2);
  assert.equal(s.workloads[0].podsSource, 'HorizontalPodAutoscaler orders maxReplicas: 40');
});

test('what-if: r6g.medium → r6g.large clears the seed overflow; 3 sg-arm nodes raise the DaemonSet with the capacity', () => {
  const seed = exampleReport('seed').sections[0];
  const input = (pools: typeof seed.pools, s = seed) => ({ prefixDelegation: s.prefixDelegation, securityGroupsForPods: s.securityGroupsForPods, pools, demands: s.demands });
  const large = computeBars(FlowNetwork, allocate, input([{ ...seed.pools[0], type: 'r6g.large', figures: seed.types['r6g.large'] }]));
  assert.deepEqual([large[0].bars!.branchEnis.capacity, large[0].bars!.branchEnis.over, large[0].why], [9, 0, undefined]);
  const twoNodes = computeBars(FlowNetwork, allocate, input([{ ...seed.pools[0], nodes: 2 }]));
  assert.deepEqual([twoNodes[0].bars!.branchEnis.capacity, twoNodes[0].bars!.branchEnis.over], [8, 0]);

  const multi = exampleReport('multi-pool').sections[0];
  const three = computeBars(FlowNetwork, allocate, input([{ ...multi.pools[0], nodes: 3 }, multi.pools[1]], multi));
  // 27 + 18 = 45 branch ENIs for 40 + 3 + 1 pods: everything fits.
  assert.deepEqual(
    three.map((b) => [b.bars!.branchEnis.capacity, b.bars!.branchEnis.over]),
    [
      [27, 0],
      [18, 0],
    ],
  );
  assert.equal(three[0].bars!.branchEnis.used.find((u) => u.workload === 1)?.pods, 3);
});

test('allocate places by max flow and leaves only what cannot fit', () => {
  // A reaches pools 0 and 1, B only 0: B gets pool 0, A is pushed to pool 1.
  const { placed, unplaced } = allocate(
    FlowNetwork,
    [
      { pods: 3, pools: [0, 1] },
      { pods: 2, pools: [0] },
    ],
    [2, 2],
  );
  assert.deepEqual(placed, [
    [0, 2],
    [2, 0],
  ]);
  assert.deepEqual(unplaced, [1, 0]);
});
