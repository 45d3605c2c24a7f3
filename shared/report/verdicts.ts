// The engine's verdict on a workload as one line ("6 pod-eni needed · 1 × r6g.medium gives 4 · 2 short"),
// the line budgetOf gives. Every workload of a group judged together has the same line, and
// groupBudgetOf computes each group once (a group can hold thousands of workloads).
import type { Analysis } from '../engine';
import { budgetHeadline, groupBudgetOf, isGroupBudget } from '../model/budget';
import type { Resource } from '../model/capacity';
import type { WorkloadModel } from '../model/cluster';

export function verdictLines(analysis: Analysis, resource: Resource): (w: WorkloadModel) => string {
  return (w) => {
    const group = groupBudgetOf(analysis, w, resource);
    return isGroupBudget(group) ? budgetHeadline(group) : `not judged: ${group.reason}`;
  };
}
