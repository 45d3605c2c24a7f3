// Branch ENIs and pod slots, each judged as one placement problem over every workload and pool.
import { components, findOvercommits, judgeEntries, type Demand, type EntriesCut, type Overcommit, type PoolsDemand } from './placement';
import { podEniSwitchedOff, type ClusterModel, type Placement, type WorkloadModel } from './cluster';
import { hostsTrunk, type Pool } from './pools';

export const ELASTIC_CAPACITY = 1_000_000_000;

export type Resource = 'branchEnis' | 'pods';

/** A resource judged as one placement problem: who asks for how much, where, and what is overcommitted. */
export interface DemandVerdict {
  /** Capacity of a whole pool for this resource. */
  capacityOf: (pool: Pool) => number;
  perNode: (pool: Pool) => number;
  /** Whether a workload's demands are judged (placement and types known, and it needs the resource). */
  isJudged: (w: WorkloadModel) => boolean;
  /** Demands of the judged workloads (a DaemonSet has one per fixed-size pool it reaches). */
  readonly demandsOf: Map<WorkloadModel, Demand<Pool>[]>;
  /** The demands sharing pools with a workload's, the unit that is judged together. */
  readonly componentOf: Map<WorkloadModel, Demand<Pool>[]>;
  overcommitOf: Map<WorkloadModel, Overcommit<Pool>>;
  /** The workload of a demand id. */
  workloadOf: Pick<ReadonlyMap<string, WorkloadModel>, 'get'>;
  /** Pods a maximum flow places on each judged pool. */
  loadOf: Map<Pool, number>;
  /**
   * The judged workloads (indices into the model's, ascending) whose update surge (replicas + maxSurge) is
   * more than the room left on their pools: for every other one `overcommitWithExtra` with its surge is
   * undefined. Undefined: not known, ask every workload.
   */
  surgeCandidates?: () => number[];
  /** Its sums per pool array were the previous verdict's, patched with the edited workloads (not a pass over all). */
  patched?: boolean;
}

export interface ResourceVerdict extends DemandVerdict {
  resource: Resource;
}

/** Models `[from, to)` of `previous` are `[from, from + count)` of the model judged now; the others are the same, in the same order. */
export interface ModelWindow {
  previous: ClusterModel;
  from: number;
  to: number;
  count: number;
}

/**
 * `since`: the verdict on the previous model of the same group, whose entries are patched with the window's
 * models when the pools and their capacity are the same (an edit that changes a few workloads).
 */
export function judgeCapacity(model: ClusterModel, resource: Resource, since?: { verdict: ResourceVerdict; window: ModelWindow }): ResourceVerdict {
  const perNode = (pool: Pool) => {
    const c = model.capacity.get(pool)!;
    return resource === 'branchEnis' ? c.branchEnis : c.podSlots;
  };
  // With ENABLE_POD_ENI stated off no node holds a branch ENI: security-groups-for-pods-disabled reports those pods.
  const switchedOff = podEniSwitchedOff(model);
  const needsIt = resource === 'branchEnis' ? (w: WorkloadModel) => w.branchEni.needed && !switchedOff : () => true;
  const limited = (pool: Pool) => {
    if (resource === 'branchEnis' && pool.autoMode) return 0; // elastic, but never a branch ENI
    const l = model.capacity.get(pool)!.limited;
    return l && (resource === 'branchEnis' ? l.branchEnis : l.podSlots);
  };
  // The same pools with the same capacity, and the same switch: every per-pool answer and judged workload is the same.
  const patch =
    since && since.verdict.resource === resource && since.window.previous.capacity === model.capacity && podEniSwitchedOff(since.window.previous) === switchedOff
      ? since
      : undefined;
  return Object.assign(
    judgeDemands(model, perNode, needsIt, (pools) => poolsJudged(model, pools, resource), limited, patch),
    { resource },
  );
}

function poolsJudged(model: ClusterModel, pools: Pool[], resource: Resource): boolean {
  const caps = pools.map((p) => model.capacity.get(p)!);
  if (caps.some((c) => !c.type)) return false;
  return resource === 'pods' || pools.some((p, i) => hostsTrunk(p, caps[i].type));
}

/**
 * Builds every judged workload's demand on the pools it reaches and finds the overcommitted groups.
 * Elastic pools (Karpenter) launch nodes as pods need them: the rules judge them per node, and here
 * they are unbounded unless `limitOf` bounds them (a DaemonSet has no fixed pod count on them).
 * A workload is judged when `judgedWorkload` holds for it and `judgedPools` for the pools it reaches
 * (asked once per distinct array of pools).
 */
export function judgeDemands(
  model: ClusterModel,
  perNode: (pool: Pool) => number,
  judgedWorkload: (w: WorkloadModel) => boolean,
  judgedPools: (pools: Pool[]) => boolean,
  limitOf?: (pool: Pool) => number | undefined,
  patch?: { verdict: DemandVerdict; window: ModelWindow },
): DemandVerdict {
  return new Judgement(model, perNode, judgedWorkload, judgedPools, limitOf, patch);
}

/** What one node of `pool` must hold so `demand` pods fit over `pools` once the other pools are full. */
export function perNodeNeeded(verdict: DemandVerdict, pool: Pool, demand: number, pools: Iterable<Pool>): number {
  let elsewhere = 0;
  for (const p of pools) if (p !== pool) elsewhere += verdict.capacityOf(p);
  return Math.ceil(Math.max(0, demand - elsewhere) / Math.max(1, pool.nodes));
}

/**
 * Re-judges one workload's group with its demand raised by `extraPods`, others as they are. Returns the
 * overcommit only when the workload is part of it (others may be overcommitted already without it).
 */
export function overcommitWithExtra(verdict: DemandVerdict, w: WorkloadModel, extraPods: number): Overcommit<Pool> | undefined {
  if (verdict instanceof Judgement) {
    if (!verdict.isJudged(w)) return undefined;
    const own = verdict.soleEntryOf(w);
    if (own) return verdict.overcommitWithExtraPods(w, own, extraPods);
  }
  return overcommitWithExtraOfDemands(verdict, w, extraPods);
}

/** The same judgement from the demand lists: a workload with several demands (a DaemonSet over fixed pools). */
function overcommitWithExtraOfDemands(verdict: DemandVerdict, w: WorkloadModel, extraPods: number): Overcommit<Pool> | undefined {
  const component = verdict.componentOf.get(w);
  if (!component) return undefined;
  const ownDemands = verdict.demandsOf.get(w) ?? [];
  if (ownDemands.length === 1 && freeCapacity(verdict, ownDemands[0].pools) >= extraPods) return undefined;
  const own = new Set(ownDemands);
  const raised = component.map((d) => (own.has(d) ? { ...d, pods: d.pods + extraPods } : d));
  const overcommit = findOvercommits(raised, verdict.capacityOf)[0];
  return overcommit && overcommit.demandIds.some((id) => verdict.workloadOf.get(id) === w) ? overcommit : undefined;
}

function freeCapacity(verdict: Pick<DemandVerdict, 'capacityOf' | 'loadOf'>, pools: Pool[]): number {
  let free = 0;
  for (const p of new Set(pools)) free += verdict.capacityOf(p) - (verdict.loadOf.get(p) ?? 0);
  return free;
}

type PoolsPlacement = Extract<Placement, { kind: 'pools' }>;

/** The demands of every workload holding one array of pools (or one DaemonSet pool), summed. */
interface ArrayDemand extends PoolsDemand<Pool> {
  component: number;
  /** Position in its component's entries. */
  index: number;
  /** Capacity left on its pools by the maximum flow, once asked. */
  free?: number;
  /** overcommitWithExtra's answers by extra pods: they depend only on the entry, not on which workload. */
  extraPodCuts?: Map<number, ExtraPodsCut | undefined>;
  /** The largest update surge (WorkloadModel.surge) of its workloads, and how many have it. */
  surge: number;
  surgeCount: number;
  /** How many demands hold it, and the index of the first one's workload (entries are in that order). */
  members: number;
  first: number;
  /** The indices of the workloads of its demands, ascending (never changed once made: patches share it). */
  at: number[];
}

interface ExtraPodsCut {
  pools: Pool[];
  capacity: number;
  /** Every demand of the cut entries in demand order, with its pods before raising. */
  demands: { w: WorkloadModel; id: string; pods: number }[];
}

/**
 * The judgement, computed over distinct pool arrays rather than per demand: placements share their
 * arrays, so a workspace of thousands of workloads has tens of entries. The per-demand views
 * (demandsOf, componentOf) are built only when read.
 */
class Judgement implements DemandVerdict {
  readonly capacityOf: (pool: Pool) => number;
  readonly overcommitOf = new Map<WorkloadModel, Overcommit<Pool>>();
  readonly loadOf = new Map<Pool, number>();
  readonly workloadOf: Pick<ReadonlyMap<string, WorkloadModel>, 'get'> = { get: (id) => this.workloadOfId(id) };
  private readonly poolsJudged = new Map<Pool[], boolean>();
  private readonly entryOf = new Map<Pool[], ArrayDemand>();
  /** One array per fixed-size pool for DaemonSet demands, so they share entries too. */
  private readonly singletons = new Map<Pool, Pool[]>();
  readonly patched: boolean;
  private readonly entries: ArrayDemand[];
  private readonly components: ArrayDemand[][];
  private demandViews?: { demandsOf: Map<WorkloadModel, Demand<Pool>[]>; componentOf: Map<WorkloadModel, Demand<Pool>[]> };

  constructor(
    private readonly model: ClusterModel,
    readonly perNode: (pool: Pool) => number,
    private readonly judgedWorkload: (w: WorkloadModel) => boolean,
    private readonly judgedPools: (pools: Pool[]) => boolean,
    limitOf?: (pool: Pool) => number | undefined,
    patch?: { verdict: DemandVerdict; window: ModelWindow },
  ) {
    // An elastic pool under a limit (Karpenter spec.limits) holds at most what the limit allows.
    this.capacityOf = (pool: Pool) => (pool.elastic ? (limitOf?.(pool) ?? ELASTIC_CAPACITY) : pool.nodes * perNode(pool));
    const patched = patch && patch.verdict instanceof Judgement ? this.patchedEntries(patch.verdict, patch.window) : undefined;
    if (!patched) this.entryOf.clear();
    const entries = patched ?? this.gatheredEntries();
    this.entries = entries;
    this.patched = patched !== undefined;
    this.components = components(entries);
    this.components.forEach((group, c) =>
      group.forEach((e, index) => {
        e.component = c;
        e.index = index;
      }),
    );
    const cuts = this.components.map((entries) => judgeEntries(entries, this.capacityOf, this.loadOf));
    if (cuts.some((cut) => cut !== undefined)) this.recordOvercommits(cuts);
  }

  /** Every judged workload's demands summed per entry, in the order of their first demand. */
  private gatheredEntries(): ArrayDemand[] {
    const entries: ArrayDemand[] = [];
    const entryFor = (pools: Pool[], at: number): ArrayDemand => {
      let e = this.entryOf.get(pools);
      if (!e) {
        this.entryOf.set(pools, (e = { pools, pods: 0, component: 0, index: 0, surge: 0, surgeCount: 0, members: 0, first: at, at: [] }));
        entries.push(e);
      }
      return e;
    };
    this.model.workloads.forEach((w, at) => {
      if (!this.isJudged(w)) return;
      this.forEachDemand(w, (pools, pods) => {
        const e = entryFor(pools, at);
        e.pods += pods;
        e.members++;
        e.at.push(at);
        // The largest update surge per entry, in the same pass: rollout-surge then asks only the workloads of
        // entries with less room left than that (surgeCandidates), not every workload.
        if (!(w.placement as PoolsPlacement).onEveryNode) raiseSurge(e, w.surge);
      });
    });
    return entries;
  }

  /**
   * The previous judgement's entries with the window's old demands taken out and its new ones put in;
   * undefined when that could change which entries there are or their order (an entry's first demand in the
   * window, an entry emptied or new), or the largest surge of one (its last holder left): then gathered.
   */
  private patchedEntries(previous: Judgement, { previous: before, from, to, count }: ModelWindow): ArrayDemand[] | undefined {
    if (previous.entries.some((e) => e.first >= from && e.first < to)) return undefined;
    for (const [p, single] of previous.singletons) this.singletons.set(p, single);
    const shift = count - (to - from);
    const entries = previous.entries.map((e) => {
      const copy: ArrayDemand = {
        pools: e.pools,
        pods: e.pods,
        component: 0,
        index: 0,
        surge: e.surge,
        surgeCount: e.surgeCount,
        members: e.members,
        first: e.first >= to ? e.first + shift : e.first,
        at: e.at,
      };
      this.entryOf.set(e.pools, copy);
      return copy;
    });
    /** The entries the window's demands touch, with the window's new workload indices of each. */
    const touched = new Map<ArrayDemand, number[]>();
    const take = (w: WorkloadModel, sign: 1 | -1, index: number): boolean => {
      if (!this.isJudged(w)) return true;
      let known = true;
      this.forEachDemand(w, (pools, pods) => {
        const e = this.entryOf.get(pools);
        if (!e || e.first >= from) {
          known = false;
          return;
        }
        e.pods += sign * pods;
        e.members += sign;
        let added = touched.get(e);
        if (!added) touched.set(e, (added = []));
        if (sign > 0) added.push(index);
        if ((w.placement as PoolsPlacement).onEveryNode || w.surge === 0) return;
        if (sign > 0) raiseSurge(e, w.surge);
        else if (w.surge === e.surge) e.surgeCount--;
      });
      return known;
    };
    for (let i = from; i < to; i++) if (!take(before.workloads[i], -1, i)) return undefined;
    for (let i = from; i < from + count; i++) if (!take(this.model.workloads[i], 1, i)) return undefined;
    if (entries.some((e) => e.members === 0 || (e.surge > 0 && e.surgeCount === 0))) return undefined;
    for (const e of entries) {
      const added = touched.get(e);
      if (!added && shift === 0) continue;
      const at: number[] = [];
      for (const i of e.at) if (i < from) at.push(i);
      if (added) for (const i of added) at.push(i);
      for (const i of e.at) if (i >= to) at.push(i + shift);
      e.at = at;
    }
    return entries;
  }

  readonly isJudged = (w: WorkloadModel): boolean => {
    if (w.placement.kind !== 'pools' || w.pods <= 0) return false;
    const pools = w.placement.pools;
    let judged = this.poolsJudged.get(pools);
    if (judged === undefined) this.poolsJudged.set(pools, (judged = this.judgedPools(pools)));
    return judged && this.judgedWorkload(w);
  };

  readonly surgeCandidates = (): number[] => {
    const tight = new Set<Pool[]>();
    for (const e of this.entryOf.values()) {
      if (e.surge === 0) continue;
      e.free ??= freeCapacity(this, e.pools);
      if (e.free < e.surge) tight.add(e.pools);
    }
    const out: number[] = [];
    if (tight.size === 0) return out;
    // Only Deployments and Rollouts surge, never a DaemonSet: a workload with a surge holds one demand, on
    // the entry of its own pools, so the tight entries' workloads are all there is to ask.
    for (const pools of tight) {
      const e = this.entryOf.get(pools)!;
      for (const index of e.at) {
        const w = this.model.workloads[index];
        if (w.surge > 0 && w.placement.kind === 'pools' && w.placement.pools === pools && e.free! < w.surge) out.push(index);
      }
    }
    return out.sort((a, b) => a - b);
  };

  get demandsOf(): Map<WorkloadModel, Demand<Pool>[]> {
    return this.views().demandsOf;
  }

  get componentOf(): Map<WorkloadModel, Demand<Pool>[]> {
    return this.views().componentOf;
  }

  /** The entry of a judged workload with exactly one demand (a DaemonSet may have none or several). */
  soleEntryOf(w: WorkloadModel): ArrayDemand | undefined {
    let sole: Pool[] | undefined;
    let count = 0;
    this.forEachDemand(w, (pools) => {
      sole = pools;
      count++;
    });
    return count === 1 ? this.entryOf.get(sole!) : undefined;
  }

  /** overcommitWithExtra for a workload with one demand, held in `entry`. */
  overcommitWithExtraPods(w: WorkloadModel, entry: ArrayDemand, extraPods: number): Overcommit<Pool> | undefined {
    // Exact shortcut: room left on its own pools takes the extra pods without moving anyone, and a workload
    // outside the min cut stays outside it (the free pools are not reachable from the source).
    entry.free ??= freeCapacity(this, entry.pools);
    if (entry.free >= extraPods) return undefined;
    // Demands holding the same entry are interchangeable in the flow, so the cut is the same for every
    // workload of the entry: only which demand carries the extra pods differs.
    entry.extraPodCuts ??= new Map();
    if (!entry.extraPodCuts.has(extraPods)) entry.extraPodCuts.set(extraPods, this.judgeWithExtraPods(entry, extraPods));
    const raised = entry.extraPodCuts.get(extraPods);
    // Its entry is in the cut, so its demand is named when it has pods.
    const ownPods = (w.placement as PoolsPlacement).onEveryNode ? entry.pools[0].nodes : w.pods;
    if (!raised || ownPods + extraPods <= 0) return undefined;
    const overcommit: Overcommit<Pool> = { demandIds: [], pools: [...raised.pools], demand: 0, capacity: raised.capacity };
    for (const d of raised.demands) {
      const pods = d.w === w ? d.pods + extraPods : d.pods;
      if (pods <= 0) continue;
      overcommit.demandIds.push(d.id);
      overcommit.demand += pods;
    }
    return overcommit;
  }

  /** The cut with `entry` raised by `extraPods` when the entry is in it, and every demand of the cut entries. */
  private judgeWithExtraPods(entry: ArrayDemand, extraPods: number): ExtraPodsCut | undefined {
    const group = this.components[entry.component];
    const raised = group.map((e) => (e === entry ? { pools: e.pools, pods: e.pods + extraPods } : e));
    const cut = judgeEntries(raised, this.capacityOf);
    if (!cut?.entries[entry.index]) return undefined;
    const demands: ExtraPodsCut['demands'] = [];
    this.forEachCutDemand(entry.component, cut, (w, id, pods) => demands.push({ w, id, pods }));
    return { pools: cut.pools, capacity: cut.capacity, demands };
  }

  /** Overcommits in component order, and each workload's (the last one naming it, as a Map keeps it). */
  private recordOvercommits(cuts: (EntriesCut<Pool> | undefined)[]): void {
    cuts.forEach((cut, c) => {
      if (!cut) return;
      const named: WorkloadModel[] = [];
      const overcommit: Overcommit<Pool> = { demandIds: [], pools: cut.pools, demand: 0, capacity: cut.capacity };
      this.forEachCutDemand(c, cut, (w, id, pods) => {
        if (pods <= 0) return;
        overcommit.demandIds.push(id);
        overcommit.demand += pods;
        named.push(w);
      });
      for (const w of named) this.overcommitOf.set(w, overcommit);
    });
  }

  /** Every demand of component `c` whose entry is in `cut`, in demand order: the cut entries' workloads only, not every workload. */
  private forEachCutDemand(c: number, cut: EntriesCut<Pool>, visit: (w: WorkloadModel, id: string, pods: number, entry: ArrayDemand) => void): void {
    const indices: number[] = [];
    for (const e of this.components[c]) if (cut.entries[e.index]) for (const i of e.at) indices.push(i);
    indices.sort((a, b) => a - b);
    let last = -1;
    for (const index of indices) {
      if (index === last) continue;
      last = index;
      const w = this.model.workloads[index];
      this.forEachDemand(w, (pools, pods, pool) => {
        const e = this.entryOf.get(pools)!;
        if (e.component === c && cut.entries[e.index]) visit(w, demandId(index, pool), pods, e);
      });
    }
  }

  /** A judged workload's demands: one over its pools, or a DaemonSet's one per fixed-size pool (its nodes). */
  private forEachDemand(w: WorkloadModel, visit: (pools: Pool[], pods: number, daemonSetPool?: Pool) => void): void {
    const placement = w.placement as PoolsPlacement;
    if (!placement.onEveryNode) {
      visit(placement.pools, w.pods);
      return;
    }
    for (const p of placement.pools) {
      if (p.elastic) continue;
      let single = this.singletons.get(p);
      if (!single) this.singletons.set(p, (single = [p]));
      visit(single, p.nodes, p);
    }
  }

  private workloadOfId(id: string): WorkloadModel | undefined {
    const at = id.indexOf('@');
    const prefix = at < 0 ? id : id.slice(0, at);
    const w = this.model.workloads[Number(prefix)];
    if (!w || `${Number(prefix)}` !== prefix || !this.isJudged(w)) return undefined;
    const placement = w.placement as PoolsPlacement;
    if (!placement.onEveryNode) return at < 0 ? w : undefined;
    const name = id.slice(at + 1);
    return at >= 0 && placement.pools.some((p) => !p.elastic && p.name === name) ? w : undefined;
  }

  private views(): NonNullable<Judgement['demandViews']> {
    if (this.demandViews) return this.demandViews;
    const demandsOf = new Map<WorkloadModel, Demand<Pool>[]>();
    const byComponent: Demand<Pool>[][] = this.components.map(() => []);
    const ownerOf = new Map<Demand<Pool>, WorkloadModel>();
    this.model.workloads.forEach((w, index) => {
      if (!this.isJudged(w)) return;
      const demands: Demand<Pool>[] = [];
      this.forEachDemand(w, (pools, pods, pool) => {
        const d = { id: demandId(index, pool), pods, pools };
        demands.push(d);
        byComponent[this.entryOf.get(pools)!.component].push(d);
        ownerOf.set(d, w);
      });
      demandsOf.set(w, demands);
    });
    const componentOf = new Map<WorkloadModel, Demand<Pool>[]>();
    for (const component of byComponent) for (const d of component) componentOf.set(ownerOf.get(d)!, component);
    return (this.demandViews = { demandsOf, componentOf });
  }
}

function raiseSurge(e: ArrayDemand, surge: number): void {
  if (surge > e.surge) {
    e.surge = surge;
    e.surgeCount = 1;
  } else if (surge === e.surge && surge > 0) e.surgeCount++;
}

function demandId(workloadIndex: number, daemonSetPool: Pool | undefined): string {
  return daemonSetPool ? `${workloadIndex}@${daemonSetPool.name}` : `${workloadIndex}`;
}
