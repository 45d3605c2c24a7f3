// Karpenter NodePool `spec.limits`: the pool stops launching nodes once their summed resources would pass
// the limit. Only cpu is judged: the instance data has vCPUs but no memory figures. The bound on a resource
// is the most the limit allows with the pool's types (best case), so a demand above it surely does not fit.
import type { InstanceType } from '../instances';
import type { Range } from '../types';

export interface CpuLimit {
  /** Whole vCPUs (Karpenter compares the nodes' capacity, and instance types have whole vCPUs). */
  vcpus: number;
  /** As written: "limits.cpu: 4". */
  text: string;
  range?: Range;
}

/** A Kubernetes cpu quantity ("4", 4, "1000", "4500m", "2k") in whole vCPUs; undefined when it is not one. */
export function parseCpuQuantity(raw: string | undefined): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)(m|k|M|G)?\s*$/.exec(raw ?? '');
  if (!m) return undefined;
  const scale = { m: 0.001, k: 1e3, M: 1e6, G: 1e9 }[m[2] ?? ''] ?? 1;
  const v = Math.floor(Number(m[1]) * scale + 1e-9);
  return Number.isFinite(v) && v >= 0 ? v : undefined;
}

/** Limits larger than this are bounded by the best ratio per vCPU instead of exactly (a flow capacity either way). */
const EXACT_UP_TO = 2048;

/**
 * The most of a resource nodes of these types give within `vcpus`: `perNode(t)` per node of `t`. Exact (an
 * unbounded knapsack) up to EXACT_UP_TO vCPUs, above it the best per-vCPU ratio, an upper bound.
 */
export function mostWithin(vcpus: number, types: InstanceType[], perNode: (t: InstanceType) => number): number {
  const usable = types.filter((t) => t.vcpus !== null && t.vcpus > 0 && perNode(t) > 0);
  if (usable.length === 0) return 0;
  if (vcpus > EXACT_UP_TO) return Math.floor(vcpus * Math.max(...usable.map((t) => perNode(t) / t.vcpus!)));
  const best = new Array<number>(vcpus + 1).fill(0);
  // Distinct (vCPUs, figure) pairs only: a NodePool allows hundreds of types with few distinct shapes.
  const shapes = new Map<number, number>();
  for (const t of usable) shapes.set(t.vcpus!, Math.max(shapes.get(t.vcpus!) ?? 0, perNode(t)));
  for (let c = 1; c <= vcpus; c++) {
    let b = best[c - 1];
    for (const [v, gives] of shapes) if (v <= c && best[c - v] + gives > b) b = best[c - v] + gives;
    best[c] = b;
  }
  return best[vcpus];
}

/** The most nodes the limit allows: as many of the smallest type as fit. */
export function mostNodesWithin(vcpus: number, types: InstanceType[]): number {
  const smallest = Math.min(...types.map((t) => t.vcpus ?? Infinity).filter((v) => v > 0));
  return Number.isFinite(smallest) ? Math.floor(vcpus / smallest) : 0;
}
