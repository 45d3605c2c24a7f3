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

export function findOvercommits<P>(demands: Demand<P>[], capacityOf: (pool: P) => number): Overcommit<P>[] {
  const out: Overcommit<P>[] = [];
  for (const component of components(demands)) {
    const result = judgeComponent(component, capacityOf);
    if (result) out.push(result);
  }
  return out;
}

/** Would these demands fit? Same judgement, one answer. */
export function fits<P>(demands: Demand<P>[], capacityOf: (pool: P) => number): boolean {
  return findOvercommits(demands, capacityOf).length === 0;
}

function judgeComponent<P>(demands: Demand<P>[], capacityOf: (pool: P) => number): Overcommit<P> | undefined {
  const pools: P[] = [];
  const poolIndex = new Map<P, number>();
  for (const d of demands) for (const p of d.pools) if (!poolIndex.has(p)) poolIndex.set(p, pools.push(p) - 1);
  const total = demands.reduce((n, d) => n + d.pods, 0);
  const capacity = pools.reduce((n, p) => n + capacityOf(p), 0);
  // Exact without a flow: everything fits when every demand can use every pool of the group.
  if (total <= capacity && demands.every((d) => d.pools.length === pools.length)) return undefined;

  const source = 0;
  const sink = 1;
  const demandNode = (i: number) => 2 + i;
  const poolNode = (i: number) => 2 + demands.length + i;
  const net = new FlowNetwork(2 + demands.length + pools.length);
  demands.forEach((d, i) => {
    net.addEdge(source, demandNode(i), d.pods);
    for (const p of d.pools) net.addEdge(demandNode(i), poolNode(poolIndex.get(p)!), d.pods);
  });
  pools.forEach((p, i) => net.addEdge(poolNode(i), sink, capacityOf(p)));
  if (net.maxFlow(source, sink) >= total) return undefined;

  const reach = net.residualReachable(source);
  const cutDemands = demands.filter((_, i) => reach[demandNode(i)]);
  const cutPools = pools.filter((_, i) => reach[poolNode(i)]);
  return {
    demandIds: cutDemands.map((d) => d.id),
    pools: cutPools,
    demand: cutDemands.reduce((n, d) => n + d.pods, 0),
    capacity: cutPools.reduce((n, p) => n + capacityOf(p), 0),
  };
}

/** Splits demands into groups that share no pool, so each is judged (and reported) on its own. */
export function components<P>(demands: Demand<P>[]): Demand<P>[][] {
  const parent = demands.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const owner = new Map<P, number>();
  demands.forEach((d, i) => {
    for (const p of d.pools) {
      const o = owner.get(p);
      if (o === undefined) owner.set(p, i);
      else parent[find(i)] = find(o);
    }
  });
  const groups = new Map<number, Demand<P>[]>();
  demands.forEach((d, i) => {
    const root = find(i);
    const g = groups.get(root);
    if (g) g.push(d);
    else groups.set(root, [d]);
  });
  return [...groups.values()];
}
