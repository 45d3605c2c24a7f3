// The report's placement problems as rows, one per distinct array of pools (DemandRow), and the choice of
// the workloads worth naming: every workload up to MAX_NAMED, else the largest few of each row, then the
// workloads the engine finds overcommitted, then the largest, up to MAX_NAMED. The page and the model then
// grow with the pool arrays and the named workloads, not with the workspace.
import type { DemandVerdict } from '../model/capacity';
import type { WorkloadModel } from '../model/cluster';
import type { Pool } from '../model/pools';
import type { DemandRow } from './bars';

/** Workloads a section names when it has more: its table rows and the names on its bars. */
export const MAX_NAMED = 100;
/** The largest workloads of each row are named whatever MAX_NAMED says, so every bar names some. */
export const NAMED_PER_ROW = 3;

interface Member {
  /** Index into the model's workloads. */
  workload: number;
  pods: number;
  perNode: boolean;
}

/** A row before naming: every demand on one array of pools. */
export interface RowDraft {
  pools: number[];
  members: Member[];
}

export function draftRows(verdict: DemandVerdict, workloadIndex: Map<WorkloadModel, number>, poolIndex: Map<Pool, number>): RowDraft[] {
  const byArray = new Map<Pool[], RowDraft>();
  const byKey = new Map<string, RowDraft>();
  for (const [w, demands] of verdict.demandsOf) {
    const workload = workloadIndex.get(w)!;
    const perNode = w.workload.kind === 'DaemonSet';
    for (const d of demands) {
      let row = byArray.get(d.pools);
      if (!row) {
        const pools = d.pools.map((p) => poolIndex.get(p)!);
        const key = pools.join(',');
        row = byKey.get(key);
        if (!row) byKey.set(key, (row = { pools, members: [] }));
        byArray.set(d.pools, row);
      }
      row.members.push({ workload, pods: d.pods, perNode });
    }
  }
  return [...byKey.values()];
}

/**
 * Rows for the pods the engine reports as branch-eni-unsupported: the branch-ENI verdict does not judge them
 * (no pool they reach hosts a trunk ENI), but each needs a branch ENI its pools hold none of, so the
 * branch-ENI bars show them over. Merged into `drafts` (a DaemonSet: one pod per node of each pool).
 */
export function addUnsupportedRows(drafts: RowDraft[], unsupported: Iterable<WorkloadModel>, workloadIndex: Map<WorkloadModel, number>, poolIndex: Map<Pool, number>): RowDraft[] {
  const byKey = new Map(drafts.map((d) => [d.pools.join(','), d]));
  const add = (pools: Pool[], member: Member) => {
    const indices = pools.map((p) => poolIndex.get(p)!);
    const key = indices.join(',');
    let row = byKey.get(key);
    if (!row) byKey.set(key, (row = { pools: indices, members: [] }));
    row.members.push(member);
  };
  for (const w of unsupported) {
    if (w.placement.kind !== 'pools' || w.pods <= 0) continue;
    const workload = workloadIndex.get(w)!;
    if (w.workload.kind !== 'DaemonSet') add(w.placement.pools, { workload, pods: w.pods, perNode: false });
    else for (const p of w.placement.pools) if (!p.elastic) add([p], { workload, pods: p.nodes, perNode: true });
  }
  return [...byKey.values()];
}

/** Indices (into the model's workloads, ascending) of the workloads to name. */
export function chooseNamed(count: number, drafts: RowDraft[], overcommitted: (workload: number) => boolean, podsOf: (workload: number) => number): number[] {
  const all = Array.from({ length: count }, (_, i) => i);
  if (count <= MAX_NAMED) return all;
  const named = new Set<number>();
  for (const row of drafts) {
    const largest = [...row.members].sort((a, b) => b.pods - a.pods || a.workload - b.workload).slice(0, NAMED_PER_ROW);
    for (const m of largest) named.add(m.workload);
  }
  const ranked = all
    .filter((i) => !named.has(i))
    .map((i) => ({ i, over: overcommitted(i), pods: podsOf(i) }))
    .sort((a, b) => Number(b.over) - Number(a.over) || b.pods - a.pods || a.i - b.i);
  for (const { i } of ranked) {
    if (named.size >= MAX_NAMED) break;
    named.add(i);
  }
  return [...named].sort((a, b) => a - b);
}

/** The rows with the named workloads' shares (`position`: model index → index among the named). */
export function finishRows(drafts: RowDraft[], position: Map<number, number>): DemandRow[] {
  return drafts.map((draft) => {
    const row: DemandRow = { pools: draft.pools, named: [], otherPods: 0, otherPerNode: 0, others: 0 };
    for (const m of draft.members) {
      const at = position.get(m.workload);
      if (at !== undefined) row.named.push({ workload: at, pods: m.pods, ...(m.perNode ? { perNode: true } : {}) });
      else {
        row.others++;
        if (m.perNode) row.otherPerNode++;
        else row.otherPods += m.pods;
      }
    }
    return row;
  });
}
