// Judges one resource (branch ENIs or pod slots) as a single placement problem: every demand may use any
// pool it can reach, and pools are shared. Feasible iff the max flow carries every pod; when it does not,
// the min cut names the demands and pools that are overcommitted together (a Hall violator).
import { FlowNetwork } from './maxFlow';

export interface Demand<P> {
  id: string;
  pods: number;
  pools: P[];
}

export interface Overcommit<P> {
  demandIds: string[];
  pools: P[];
  demand: number;
  capacity: number;
}

/** `loads`, when given, receives the pods a maximum flow places on each pool. */
export function findOvercommits<P>(demands: Demand<P>[], capacityOf: (pool: P) => number, loads?: Map<P, number>): Overcommit<P>[] {
  const out: Overcommit<P>[] = [];
  for (const component of components(demands)) {
    const result = judgeComponent(component, capacityOf, loads);
    if (result) out.push(result);
  }
  return out;
}

function judgeComponent<P>(demands: Demand<P>[], capacityOf: (pool: P) => number, loads?: Map<P, number>): Overcommit<P> | undefined {
  // Demands holding the same array need no separate look: the flow sees only their sum.
  const entryOf = new Map<P[], number>();
  const entries: PoolsDemand<P>[] = [];
  const demandEntry = demands.map((d) => {
    let e = entryOf.get(d.pools);
    if (e === undefined) {
      entryOf.set(d.pools, (e = entries.length));
      entries.push({ pools: d.pools, pods: 0 });
    }
    entries[e].pods += d.pods;
    return e;
  });
  const cut = judgeEntries(entries, capacityOf, loads);
  if (!cut) return undefined;
  const cutDemands = demands.filter((d, i) => d.pods > 0 && cut.entries[demandEntry[i]]);
  return { demandIds: cutDemands.map((d) => d.id), pools: cut.pools, demand: cutDemands.reduce((n, d) => n + d.pods, 0), capacity: cut.capacity };
}

/** Pods asking for one array of pools: the summed demands that hold that array. */
export interface PoolsDemand<P> {
  pools: P[];
  pods: number;
}

/** The overcommitted part of a group: which entries (by position) and pools, and what those pools hold. */
export interface EntriesCut<P> {
  entries: boolean[];
  pools: P[];
  capacity: number;
}

/**
 * Judges one group that shares pools, given as distinct pool arrays with their pods in the order the
 * demands first named them (pool order and so loads and cut pools follow that order). A demand with
 * pods is overcommitted exactly when its entry is in the cut.
 */
export function judgeEntries<P>(entries: PoolsDemand<P>[], capacityOf: (pool: P) => number, loads?: Map<P, number>): EntriesCut<P> | undefined {
  const pools: P[] = [];
  const poolIndex = new Map<P, number>();
  for (const e of entries) for (const p of e.pools) if (!poolIndex.has(p)) poolIndex.set(p, pools.push(p) - 1);
  const total = entries.reduce((n, e) => n + e.pods, 0);
  const capacity = pools.reduce((n, p) => n + capacityOf(p), 0);
  // Exact without a flow: everything fits when every demand can use every pool of the group.
  if (total <= capacity && entries.every((e) => e.pools.length === pools.length)) {
    if (loads) fillInOrder(pools, total, capacityOf, loads);
    return undefined;
  }

  // Demands that reach the same pools are merged into one node: the flow is the same, and a demand with
  // pods is in the minimal min cut exactly when all its pools are (else moving it across would not cost
  // more), so membership follows from the merged node. The network has one node per pool set, not per demand.
  const groupOf = new Map<string, number>();
  const groupPods: number[] = [];
  const groupPools: number[][] = [];
  const entryGroup = entries.map((e) => {
    const indices = [...new Set(e.pools.map((p) => poolIndex.get(p)!))].sort((a, b) => a - b);
    const key = indices.join(',');
    let g = groupOf.get(key);
    if (g === undefined) {
      groupOf.set(key, (g = groupPods.length));
      groupPods.push(0);
      groupPools.push(indices);
    }
    groupPods[g] += e.pods;
    return g;
  });

  const source = 0;
  const sink = 1;
  const groupNode = (g: number) => 2 + g;
  const poolNode = (i: number) => 2 + groupPods.length + i;
  const net = new FlowNetwork(2 + groupPods.length + pools.length);
  groupPods.forEach((pods, g) => {
    net.addEdge(source, groupNode(g), pods);
    for (const i of groupPools[g]) net.addEdge(groupNode(g), poolNode(i), pods);
  });
  const poolEdges = pools.map((p, i) => net.addEdge(poolNode(i), sink, capacityOf(p)));
  const carried = net.maxFlow(source, sink);
  if (loads) pools.forEach((p, i) => loads.set(p, net.flowOn(poolEdges[i])));
  if (carried >= total) return undefined;

  const reach = net.residualReachable(source);
  const cutPools = pools.filter((_, i) => reach[poolNode(i)]);
  return {
    entries: entryGroup.map((g) => reach[groupNode(g)]),
    pools: cutPools,
    capacity: cutPools.reduce((n, p) => n + capacityOf(p), 0),
  };
}

/** Loads of a group where every demand reaches every pool: any split is a maximum flow, so fill in order. */
function fillInOrder<P>(pools: P[], total: number, capacityOf: (pool: P) => number, loads: Map<P, number>): void {
  let left = total;
  for (const p of pools) {
    const load = Math.min(left, capacityOf(p));
    loads.set(p, load);
    left -= load;
  }
}

/** Splits demands (or anything holding pools) into groups that share no pool, so each is judged (and reported) on its own. */
export function components<T extends { pools: readonly unknown[] }>(demands: T[]): T[][] {
  const parent = demands.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const owner = new Map<unknown, number>();
  demands.forEach((d, i) => {
    for (const p of d.pools) {
      const o = owner.get(p);
      if (o === undefined) owner.set(p, i);
      else parent[find(i)] = find(o);
    }
  });
  const groups = new Map<number, T[]>();
  demands.forEach((d, i) => {
    const root = find(i);
    const g = groups.get(root);
    if (g) g.push(d);
    else groups.set(root, [d]);
  });
  return [...groups.values()];
}
