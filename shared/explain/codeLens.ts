// One line above each workload whose pods need branch ENIs: its pod-eni demand against its pools.
import type { Analysis } from '../engine';
import type { WorkloadModel } from '../model/cluster';
import type { Range } from '../types';
import { budgetOf, capacityText, isBudget, poolLabel, poolShort, verdictText } from './budget';

export interface Lens {
  range: Range;
  title: string;
}

export function workloadLenses(analysis: Analysis, file: string): Lens[] {
  const lenses: Lens[] = [];
  for (const w of analysis.model.workloads) {
    const o = w.workload.object;
    if (o.file !== file || !w.branchEni.needed) continue;
    const start = o.reader.range(o.root)?.start ?? o.nameRange.start;
    lenses.push({ range: { start, end: start }, title: lensTitle(analysis, w) });
  }
  return lenses;
}

/** "6 pod-eni · pool sg-workers (1 × r6g.medium): 4 · 2 short" */
function lensTitle(analysis: Analysis, w: WorkloadModel): string {
  const b = budgetOf(analysis, w, 'branchEnis');
  if (!isBudget(b)) return `${w.workload.kind === 'DaemonSet' ? 'pod-eni on every node' : `${w.pods} pod-eni`} · not judged: ${b.reason}`;
  const pools = b.pools.map((p) => `${poolLabel(p)} (${poolShort(p)})`).join(' + ');
  const others = b.sharing.length > 0 ? ` (${b.own} here, ${b.demand - b.own} from ${b.sharing.length} other${b.sharing.length === 1 ? '' : 's'})` : '';
  return `${b.demand} pod-eni${others} · ${pools}: ${capacityText(b)} · ${verdictText(b)}`;
}
