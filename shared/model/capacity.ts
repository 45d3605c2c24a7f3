// Branch ENIs and pod slots, each judged as one placement problem over every workload and pool.
import { components, findOvercommits, type Demand, type Overcommit } from './placement';
import type { ClusterModel, WorkloadModel } from './cluster';
import type { Pool } from './pools';

export const ELASTIC_CAPACITY = 1_000_000_000;

export type Resource = 'branchEnis' | 'pods';

/** A resource judged as one placement problem: who asks for how much, where, and what is overcommitted. */
export interface DemandVerdict {
  /** Capacity of a whole pool for this resource. */
  capacityOf: (pool: Pool) => number;
  perNode: (pool: Pool) => number;
  /** Demands of the judged workloads (a DaemonSet has one per fixed-size pool it reaches). */
  demandsOf: Map<WorkloadModel, Demand<Pool>[]>;
  /** The demands sharing pools with a workload's, the unit that is judged together. */
  componentOf: Map<WorkloadModel, Demand<Pool>[]>;
  overcommitOf: Map<WorkloadModel, Overcommit<Pool>>;
  workloadOf: Map<string, WorkloadModel>;
  /** Pods a maximum flow places on each judged pool. */
  loadOf: Map<Pool, number>;
}

export interface ResourceVerdict extends DemandVerdict {
  resource: Resource;
}

export function judgeCapacity(model: ClusterModel, resource: Resource): ResourceVerdict {
  const perNode = (pool: Pool) => {
    const c = model.capacity.get(pool)!;
    return resource === 'branchEnis' ? c.branchEnis : c.maxPods;
  };
  return { resource, ...judgeDemands(model, perNode, (w) => isJudged(model, w, resource)) };
}

/**
 * Builds every judged workload's demand on the pools it reaches and finds the overcommitted groups.
 * Elastic pools (Karpenter) launch nodes as pods need them: the rules judge them per node, and here
 * they are unbounded (a DaemonSet has no fixed pod count on them).
 */
export function judgeDemands(model: ClusterModel, perNode: (pool: Pool) => number, judged: (w: WorkloadModel) => boolean): DemandVerdict {
  const capacityOf = (pool: Pool) => (pool.elastic ? ELASTIC_CAPACITY : pool.nodes * perNode(pool));
  const demandsOf = new Map<WorkloadModel, Demand<Pool>[]>();
  const workloadOf = new Map<string, WorkloadModel>();
  model.workloads.forEach((w, index) => {
    if (w.placement.kind !== 'pools' || w.pods <= 0 || !judged(w)) return;
    const pools = w.placement.pools;
    const id = `${index}`;
    const demands =
      w.workload.kind === 'DaemonSet'
        ? pools.filter((p) => !p.elastic).map((p) => ({ id: `${id}@${p.name}`, pods: p.nodes, pools: [p] }))
        : [{ id, pods: w.pods, pools }];
    demandsOf.set(w, demands);
    for (const d of demands) workloadOf.set(d.id, w);
  });
  const all = [...demandsOf.values()].flat();
  const componentOf = new Map<WorkloadModel, Demand<Pool>[]>();
  for (const component of components(all)) for (const d of component) componentOf.set(workloadOf.get(d.id)!, component);
  const overcommitOf = new Map<WorkloadModel, Overcommit<Pool>>();
  const loadOf = new Map<Pool, number>();
  for (const o of findOvercommits(all, capacityOf, loadOf)) for (const id of o.demandIds) overcommitOf.set(workloadOf.get(id)!, o);
  return { capacityOf, perNode, demandsOf, componentOf, overcommitOf, workloadOf, loadOf };
}

/** What one node of `pool` must hold so `demand` pods fit over `pools` once the other pools are full. */
export function perNodeNeeded(verdict: DemandVerdict, pool: Pool, demand: number, pools: Iterable<Pool>): number {
  let elsewhere = 0;
  for (const p of pools) if (p !== pool) elsewhere += verdict.capacityOf(p);
  return Math.ceil(Math.max(0, demand - elsewhere) / Math.max(1, pool.nodes));
}

/**
 * Judged: placement known, every reachable pool's type known, and — for branch ENIs — the pod needs one
 * and at least one reachable pool supports trunking (all-unsupported is its own rule).
 */
export function isJudged(model: ClusterModel, w: WorkloadModel, resource: Resource): boolean {
  if (w.placement.kind !== 'pools' || w.pods <= 0) return false;
  const caps = w.placement.pools.map((p) => model.capacity.get(p)!);
  if (caps.some((c) => !c.type)) return false;
  if (resource === 'pods') return true;
  return w.branchEni.needed && caps.some((c) => c.type!.trunking);
}

/**
 * Re-judges one workload's group with its demand raised by `extraPods`, others as they are. Returns the
 * overcommit only when the workload is part of it (others may be overcommitted already without it).
 */
export function overcommitWithExtra(verdict: ResourceVerdict, w: WorkloadModel, extraPods: number): Overcommit<Pool> | undefined {
  const component = verdict.componentOf.get(w);
  if (!component) return undefined;
  const ownDemands = verdict.demandsOf.get(w) ?? [];
  // Exact shortcut: room left on its own pools takes the extra pods without moving anyone, and a workload
  // outside the min cut stays outside it (the free pools are not reachable from the source).
  if (ownDemands.length === 1 && freeCapacity(verdict, ownDemands[0].pools) >= extraPods) return undefined;
  // Demands that reach the same pools are interchangeable in the flow (merge them into one node), so
  // whether the raised group fits depends only on those pools and the extra pods, not on which workload.
  const memo = raisedMemo(verdict, component);
  const key = ownDemands.length === 1 ? `${extraPods}|${poolSetKey(ownDemands[0].pools)}` : undefined;
  if (key !== undefined && memo.fits.get(key)) return undefined;
  const own = new Set(ownDemands);
  const raised = component.map((d) => (own.has(d) ? { ...d, pods: d.pods + extraPods } : d));
  const overcommit = findOvercommits(raised, verdict.capacityOf)[0];
  if (key !== undefined && memo.fitsAlready) memo.fits.set(key, overcommit === undefined);
  return overcommit && overcommit.demandIds.some((id) => verdict.workloadOf.get(id) === w) ? overcommit : undefined;
}

interface RaisedMemo {
  /** The group fits as it is; only then does "the raised group fits" mean "no finding" for every member. */
  fitsAlready: boolean;
  fits: Map<string, boolean>;
}

const raisedMemos = new WeakMap<Demand<Pool>[], RaisedMemo>();

function raisedMemo(verdict: DemandVerdict, component: Demand<Pool>[]): RaisedMemo {
  let memo = raisedMemos.get(component);
  if (!memo) {
    memo = { fitsAlready: !component.some((d) => verdict.overcommitOf.has(verdict.workloadOf.get(d.id)!)), fits: new Map() };
    raisedMemos.set(component, memo);
  }
  return memo;
}

const poolIds = new WeakMap<Pool, number>();
let nextPoolId = 0;

function poolSetKey(pools: Pool[]): string {
  const ids = [...new Set(pools)].map((p) => {
    let id = poolIds.get(p);
    if (id === undefined) poolIds.set(p, (id = nextPoolId++));
    return id;
  });
  return ids.sort((a, b) => a - b).join(',');
}

function freeCapacity(verdict: DemandVerdict, pools: Pool[]): number {
  let free = 0;
  for (const p of new Set(pools)) free += verdict.capacityOf(p) - (verdict.loadOf.get(p) ?? 0);
  return free;
}
