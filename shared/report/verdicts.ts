// The engine's verdict on a workload as one line ("6 pod-eni needed · 1 × r6g.medium gives 4 · 2 short"),
// the line budgetOf gives, computed once per group judged together (its overcommit, else its component)
// rather than once per workload: every workload of a group has the same line, and a group can hold
// thousands of workloads (budgetOf per workload walks the whole group each time).
import type { Analysis } from '../engine';
import { budgetHeadline, budgetOf, isBudget } from '../explain/budget';
import type { Resource } from '../model/capacity';
import type { WorkloadModel } from '../model/cluster';
import type { Demand, Overcommit } from '../model/placement';
import type { Pool } from '../model/pools';

export function verdictLines(analysis: Analysis, resource: Resource): (w: WorkloadModel) => string {
  const verdict = resource === 'branchEnis' ? analysis.branchEnis : analysis.pods;
  const lines = new Map<Demand<Pool>[] | Overcommit<Pool>, string>();
  const lineOf = (component: Demand<Pool>[], overcommit: Overcommit<Pool> | undefined): string => {
    let demand = 0;
    let pools: Pool[];
    if (overcommit) {
      const ids = new Set(overcommit.demandIds);
      for (const d of component) if (ids.has(d.id)) demand += d.pods;
      pools = overcommit.pools;
    } else {
      for (const d of component) demand += d.pods;
      pools = [...new Set(component.flatMap((d) => d.pools))];
    }
    const capacity = pools.reduce((n, p) => n + verdict.capacityOf(p), 0);
    // The headline reads neither the workload's own share nor who shares its pools.
    return budgetHeadline({ resource, demand, own: 0, sharing: [], pools, capacity, short: Math.max(0, demand - capacity) });
  };
  return (w) => {
    const component = verdict.componentOf.get(w);
    if (!component) {
      const notJudged = budgetOf(analysis, w, resource); // no component: it answers at once, with the reason
      return isBudget(notJudged) ? budgetHeadline(notJudged) : `not judged: ${notJudged.reason}`;
    }
    const overcommit = verdict.overcommitOf.get(w);
    const key = overcommit ?? component;
    let line = lines.get(key);
    if (line === undefined) lines.set(key, (line = lineOf(component, overcommit)));
    return line;
  };
}
