// The textbook placement network the engine's merged one is checked against: one node per demand, the
// minimal min cut read off the residual graph.
import { FlowNetwork } from '../../shared/model/maxFlow';
import type { Demand, Overcommit } from '../../shared/model/placement';

/** The overcommit of one group of demands sharing pools; `withEmpty` also names demands of 0 pods in the cut. */
export function textbookOvercommit<P>(group: Demand<P>[], capacityOf: (p: P) => number, withEmpty = false): Overcommit<P> | undefined {
  const pools = [...new Set(group.flatMap((d) => d.pools))];
  const net = new FlowNetwork(2 + group.length + pools.length);
  group.forEach((d, i) => {
    net.addEdge(0, 2 + i, d.pods);
    for (const p of d.pools) net.addEdge(2 + i, 2 + group.length + pools.indexOf(p), d.pods);
  });
  pools.forEach((p, i) => net.addEdge(2 + group.length + i, 1, capacityOf(p)));
  if (net.maxFlow(0, 1) >= group.reduce((n, d) => n + d.pods, 0)) return undefined;
  const reach = net.residualReachable(0);
  const cut = group.filter((d, i) => (withEmpty || d.pods > 0) && reach[2 + i]);
  const cutPools = pools.filter((_, i) => reach[2 + group.length + i]);
  return { demandIds: cut.map((d) => d.id), pools: cutPools, demand: cut.reduce((n, d) => n + d.pods, 0), capacity: cutPools.reduce((n, p) => n + capacityOf(p), 0) };
}
