// The capacity judge works per distinct pool array (placements share them) and builds its per-demand
// views lazily. Checked here against a textbook judge with one flow node per demand, with shared and
// with fresh arrays, including DaemonSets (one demand per fixed-size pool) and elastic pools.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { analyze } from '../../shared/engine';
import { overcommitWithExtra, judgeDemands, ELASTIC_CAPACITY, type DemandVerdict } from '../../shared/model/capacity';
import type { ClusterModel, WorkloadModel } from '../../shared/model/cluster';
import type { Demand, Overcommit } from '../../shared/model/placement';
import type { Pool } from '../../shared/model/pools';
import { parseConfig } from '../../shared';
import { EXAMPLES } from '../helpers/paths';
import { textbookOvercommit } from '../helpers/textbookFlow';

const POOL_COUNT = 5;

interface Case {
  pools: { nodes: number; elastic: boolean; perNode: number }[];
  workloads: { daemonSet: boolean; pods: number; pools: number[]; judged: boolean }[];
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  pools: fc.array(fc.record({ nodes: fc.integer({ min: 0, max: 3 }), elastic: fc.integer({ min: 0, max: 4 }).map((n) => n === 0), perNode: fc.integer({ min: 0, max: 5 }) }), {
    minLength: POOL_COUNT,
    maxLength: POOL_COUNT,
  }),
  workloads: fc.array(
    fc.record({
      daemonSet: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
      pods: fc.integer({ min: 0, max: 9 }),
      // Any order: pool order in an overcommit follows the order demands name them.
      pools: fc.shuffledSubarray([0, 1, 2, 3, 4], { minLength: 1 }),
      judged: fc.integer({ min: 0, max: 6 }).map((n) => n !== 0),
    }),
    { maxLength: 14 },
  ),
});

function modelOf(c: Case, shareArrays: boolean): { model: ClusterModel; pools: Pool[]; judged: Set<WorkloadModel> } {
  const pools = c.pools.map((p, i) => ({ name: `p${i}`, nodes: p.nodes, elastic: p.elastic, perNode: p.perNode }) as unknown as Pool);
  const shared = new Map<string, Pool[]>();
  const judged = new Set<WorkloadModel>();
  const workloads = c.workloads.map((w) => {
    const key = w.pools.join(',');
    const fresh = w.pools.map((i) => pools[i]);
    if (shareArrays && !shared.has(key)) shared.set(key, fresh);
    const model = {
      workload: { kind: w.daemonSet ? 'DaemonSet' : 'Deployment' },
      pods: w.pods,
      placement: { kind: 'pools', pools: shareArrays ? shared.get(key)! : fresh, onEveryNode: w.daemonSet },
    } as unknown as WorkloadModel;
    if (w.judged) judged.add(model);
    return model;
  });
  return { model: { workloads } as unknown as ClusterModel, pools, judged };
}

const perNodeOf = (p: Pool) => (p as unknown as { perNode: number }).perNode;
const capacityOf = (p: Pool) => (p.elastic ? ELASTIC_CAPACITY : p.nodes * perNodeOf(p));
/** Arrays holding the last pool are not judged (as when a pool's type is unknown): decided by content. */
const poolsJudged = (pools: Pool[]) => !pools.some((p) => p.name === `p${POOL_COUNT - 1}`);

function judge(c: Case, shareArrays: boolean) {
  const { model, judged } = modelOf(c, shareArrays);
  return { model, verdict: judgeDemands(model, perNodeOf, (w) => judged.has(w), poolsJudged) };
}

/** The textbook judge: one demand per workload (per fixed pool for a DaemonSet), one flow node per demand. */
function referenceJudge(model: ClusterModel, judged: (w: WorkloadModel) => boolean) {
  const demandsOf = new Map<WorkloadModel, Demand<Pool>[]>();
  const workloadOf = new Map<string, WorkloadModel>();
  model.workloads.forEach((w, index) => {
    if (w.placement.kind !== 'pools' || w.pods <= 0 || !judged(w)) return;
    const pools = w.placement.pools;
    const demands =
      w.workload.kind === 'DaemonSet'
        ? pools.filter((p) => !p.elastic).map((p) => ({ id: `${index}@${p.name}`, pods: p.nodes, pools: [p] }))
        : [{ id: `${index}`, pods: w.pods, pools }];
    demandsOf.set(w, demands);
    for (const d of demands) workloadOf.set(d.id, w);
  });
  const all = [...demandsOf.values()].flat();
  const componentOf = new Map<WorkloadModel, Demand<Pool>[]>();
  for (const component of componentsOf(all)) for (const d of component) componentOf.set(workloadOf.get(d.id)!, component);
  const overcommitOf = new Map<WorkloadModel, Overcommit<Pool>>();
  for (const group of componentsOf(all)) {
    const o = textbookOvercommit(group, capacityOf);
    if (o) for (const id of o.demandIds) overcommitOf.set(workloadOf.get(id)!, o);
  }
  const withExtra = (w: WorkloadModel, extra: number): Overcommit<Pool> | undefined => {
    const component = componentOf.get(w);
    if (!component) return undefined;
    const own = new Set(demandsOf.get(w));
    const o = textbookOvercommit(
      component.map((d) => (own.has(d) ? { ...d, pods: d.pods + extra } : d)),
      capacityOf,
    );
    return o && o.demandIds.some((id) => workloadOf.get(id) === w) ? o : undefined;
  };
  return { demandsOf, componentOf, overcommitOf, workloadOf, withExtra };
}

/** Groups sharing a pool, in order of their first demand; demands keep their order. */
function componentsOf(demands: Demand<Pool>[]): Demand<Pool>[][] {
  const groupOf = new Map<Demand<Pool>, Demand<Pool>[]>();
  const groups: Demand<Pool>[][] = [];
  for (const d of demands) {
    if (groupOf.has(d)) continue;
    const group = [d];
    const pools = new Set<Pool>(d.pools);
    for (let grew = true; grew;) {
      grew = false;
      for (const e of demands) {
        if (group.includes(e) || !e.pools.some((p) => pools.has(p))) continue;
        group.push(e);
        for (const p of e.pools) pools.add(p);
        grew = true;
      }
    }
    group.sort((a, b) => demands.indexOf(a) - demands.indexOf(b));
    for (const e of group) groupOf.set(e, group);
    groups.push(group);
  }
  return groups;
}

/** Plain data of a verdict, order included, with workloads by index and pools by name. */
function viewOf(
  model: ClusterModel,
  v: Pick<DemandVerdict, 'demandsOf' | 'componentOf' | 'overcommitOf'>,
  withExtra: (w: WorkloadModel, extra: number) => Overcommit<Pool> | undefined,
) {
  const index = (w: WorkloadModel) => model.workloads.indexOf(w);
  const demand = (d: Demand<Pool>) => ({ id: d.id, pods: d.pods, pools: d.pools.map((p) => p.name) });
  const overcommit = (o: Overcommit<Pool> | undefined) => o && { ...o, pools: o.pools.map((p) => p.name) };
  return {
    demandsOf: [...v.demandsOf].map(([w, ds]) => [index(w), ds.map(demand)]),
    componentOf: [...v.componentOf].map(([w, ds]) => [index(w), ds.map((d) => d.id)]),
    overcommitOf: [...v.overcommitOf].map(([w, o]) => [index(w), overcommit(o)]),
    withExtra: model.workloads.map((w) => [1, 2, 5].map((extra) => overcommit(withExtra(w, extra)))),
  };
}

test('judging per shared pool array gives the textbook per-demand verdict, raised demands included', () => {
  fc.assert(
    fc.property(caseArb, fc.boolean(), (c, shareArrays) => {
      const { model, verdict } = judge(c, shareArrays);
      const reference = referenceJudge(model, (w) => modelJudged(c, model, w));
      assert.deepEqual(
        viewOf(model, verdict, (w, extra) => overcommitWithExtra(verdict, w, extra)),
        viewOf(model, reference, reference.withExtra),
      );
      for (const w of model.workloads) assert.equal(verdict.isJudged(w), reference.demandsOf.has(w));
      for (const [id, w] of reference.workloadOf) assert.equal(verdict.workloadOf.get(id), w, id);
      // Loads are a feasible maximum flow: within capacity, and every pod placed unless overcommitted.
      for (const [p, load] of verdict.loadOf) assert.ok(load >= 0 && load <= capacityOf(p));
      if (verdict.overcommitOf.size === 0) {
        const demanded = [...reference.demandsOf.values()].flat().reduce((n, d) => n + d.pods, 0);
        assert.equal(
          [...verdict.loadOf.values()].reduce((n, l) => n + l, 0),
          demanded,
        );
      }
    }),
    { numRuns: 500, seed: 11 },
  );
});

function modelJudged(c: Case, model: ClusterModel, w: WorkloadModel): boolean {
  const i = model.workloads.indexOf(w);
  return c.workloads[i].judged && poolsJudged((w.placement as { pools: Pool[] }).pools);
}

test('a demand id names its workload, and ids that are no demand name none', () => {
  const c: Case = {
    pools: [0, 1, 2, 3, 4].map((i) => ({ nodes: 2, elastic: i === 2, perNode: 3 })),
    workloads: [
      { daemonSet: false, pods: 4, pools: [0, 1], judged: true },
      { daemonSet: true, pods: 1, pools: [1, 2, 3], judged: true },
      { daemonSet: false, pods: 3, pools: [0], judged: false },
    ],
  };
  const { model, verdict } = judge(c, true);
  const [web, agent] = model.workloads;
  assert.equal(verdict.workloadOf.get('0'), web);
  assert.equal(verdict.workloadOf.get('1@p1'), agent);
  assert.equal(verdict.workloadOf.get('1@p3'), agent);
  for (const id of ['1', '1@p2', '0@p0', '2', '01', '3', '']) assert.equal(verdict.workloadOf.get(id), undefined, id);
  // The DaemonSet asks one pod per node of each fixed-size pool it reaches, none on the elastic one.
  assert.deepEqual(
    verdict.demandsOf.get(agent)!.map((d) => [d.id, d.pods]),
    [
      ['1@p1', 2],
      ['1@p3', 2],
    ],
  );
});

test('workloads with the same node selector share one array of reachable pools', () => {
  const { config } = parseConfig('nodePools:\n  - name: a\n    instanceType: m5.large\n    nodes: 2\n  - name: b\n    instanceType: r6g.large\n    nodes: 2\n', 'x/.eni-lens.yaml');
  const pinned = (name: string, type: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  replicas: 2\n  template:\n    spec:\n      nodeSelector:\n        node.kubernetes.io/instance-type: ${type}\n      containers:\n        - name: c\n          image: x\n`;
  const { model } = analyze(
    [
      { file: 'x/a.yaml', text: pinned('one', 'm5.large') },
      { file: 'x/b.yaml', text: pinned('two', 'm5.large') },
      { file: 'x/c.yaml', text: pinned('three', 'r6g.large') },
    ],
    config,
  );
  const [one, two, three] = model.workloads.map((w) => (w.placement as { pools: Pool[] }).pools);
  assert.equal(one, two);
  assert.notEqual(one, three);
  assert.deepEqual(
    [one, three].map((ps) => ps.map((p) => p.name)),
    [['a'], ['b']],
  );
});

test('every pinned instance type is a type of some pool (unknown-instance-type relies on it)', () => {
  const files: { file: string; text: string }[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name) && !e.name.startsWith('.eni-lens')) files.push({ file: p, text: fs.readFileSync(p, 'utf8') });
    }
  };
  walk(EXAMPLES);
  // Pins on a declared type, an undeclared one (implicit pool) and a typo.
  for (const [name, type] of [
    ['declared', 'm5.large'],
    ['implicit', 'c6i.xlarge'],
    ['typo', 'm5.lrage'],
  ]) {
    files.push({
      file: `x/${name}.yaml`,
      text: `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  nodeSelector:\n    node.kubernetes.io/instance-type: ${type}\n  containers:\n    - name: c\n      image: x\n`,
    });
  }
  const { config } = parseConfig('nodePools:\n  - name: a\n    instanceType: m5.large\n    nodes: 2\n', 'x/.eni-lens.yaml');
  const { model, findings } = analyze(files, config);
  const poolTypes = new Set(model.pools.flatMap((p) => p.instanceTypes));
  const pins = model.workloads.flatMap((w) => w.workload.template.placement.pinnedInstanceTypes.map((p) => p.value));
  assert.ok(['t3.large', 'r6g.medium', 'm5.large', 'c6i.xlarge', 'm5.lrage'].every((t) => pins.includes(t)));
  for (const pin of pins) assert.ok(poolTypes.has(pin), pin);
  assert.deepEqual(
    findings.filter((f) => f.rule === 'unknown-instance-type').map((f) => [f.file, f.object?.name]),
    [['x/typo.yaml', 'typo']],
  );
});
