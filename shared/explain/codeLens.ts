// One line above each workload whose pods need branch ENIs: its pod-eni demand against its pools.
import { clusterScoped, type Analysis } from '../engine';
import { escapeIcons } from '../escape';
import type { WorkloadModel } from '../model/cluster';
import { shownPath } from '../kustomize/paths';
import type { Range } from '../types';
import { capacityText, groupBudgetOf, isGroupBudget, othersIn, poolLabel, poolShort, verdictText } from '../model/budget';

export interface Lens {
  /** The workload's `metadata.name` value: the lens shows above that line. */
  range: Range;
  title: string;
  /** The pool the workload's pods land on first, for opening the capacity report there. */
  pool?: string;
}

export function workloadLenses(analysis: Analysis, file: string): Lens[] {
  // Of several clusters, a lens per cluster the workload can land on: clusters never add up.
  if (analysis.clusters) return analysis.clusters.flatMap((c) => lensesOf(clusterScoped(analysis, c), file, `${c.name}: `));
  return lensesOf(analysis, file, '');
}

function lensesOf(analysis: Analysis, file: string, prefix: string): Lens[] {
  const lenses: Lens[] = [];
  for (const w of workloadsIn(analysis.model.workloads, file)) {
    const o = w.workload.object;
    if (!w.branchEni.needed) continue;
    const g = groupBudgetOf(analysis, w, 'branchEnis');
    lenses.push({ range: o.nameRange, title: escapeIcons(prefix + lensTitle(analysis, w)), pool: isGroupBudget(g) ? g.pools[0]?.name : undefined });
  }
  return lenses;
}

/** The server asks for every open file's lenses after each analysis: files index the workloads once per model. */
const workloadsByFile = new WeakMap<WorkloadModel[], Map<string, WorkloadModel[]>>();

function workloadsIn(workloads: WorkloadModel[], file: string): WorkloadModel[] {
  let byFile = workloadsByFile.get(workloads);
  if (!byFile) {
    byFile = new Map();
    for (const w of workloads) {
      const f = w.workload.object.file;
      let inFile = byFile.get(f);
      if (!inFile) byFile.set(f, (inFile = []));
      inFile.push(w);
    }
    workloadsByFile.set(workloads, byFile);
  }
  return byFile.get(file) ?? [];
}

/** "6 pod-eni · pool sg-workers (1 × r6g.medium): 4 · 2 short" */
function lensTitle(analysis: Analysis, w: WorkloadModel): string {
  const g = groupBudgetOf(analysis, w, 'branchEnis');
  if (!isGroupBudget(g)) return `${w.workload.kind === 'DaemonSet' ? 'pod-eni on every node' : `${w.pods} pod-eni`} · not judged: ${g.reason}`;
  const own = g.podsOf.get(w) ?? 0;
  const sharing = othersIn(g, w);
  const pools = g.pools.map((p) => `${poolLabel(p)} (${poolShort(p)})`).join(' + ');
  const others = sharing > 0 ? ` (${own} here, ${g.demand - own} from ${sharing} other${sharing === 1 ? '' : 's'})` : '';
  const via = w.workload.object.via ? `${shownPath(w.workload.object.via, w.workload.object.file)}: ` : '';
  return `${via}${g.demand} pod-eni${others} · ${pools}: ${capacityText(g)} · ${verdictText(g)}`;
}
