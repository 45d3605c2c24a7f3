import { POD_ENI_RESOURCE, surgePods } from '../k8s/workloads';
import { overcommitWithExtra, type ResourceVerdict } from '../model/capacity';
import { describeCapacity } from './capacityMessage';
import { anchorOf, poolRelated, workloadFinding } from './findingParts';
import { resizeFixes } from './resizeFixes';
import type { Rule } from './rule';
import type { Finding } from '../types';

export const rolloutSurge: Rule = {
  id: 'rollout-surge',
  defaultSeverity: 'warning',
  summary: 'Steady state fits, but a rolling update (replicas + maxSurge) does not.',
  help:
    'During a rolling update a Deployment runs up to replicas + maxSurge pods. A released branch ENI is reused only after a ' +
    'cooldown (60 s by default), so rollouts stall where steady state fits. Lower maxSurge (with maxUnavailable ≥ 1) or add capacity.',
  check(ctx) {
    const findings: Finding[] = [];
    const reported = new Set<unknown>();
    for (const verdict of [ctx.branchEnis, ctx.pods] as ResourceVerdict[]) {
      for (const w of verdict.demandsOf.keys()) {
        if (w.workload.kind !== 'Deployment' || verdict.overcommitOf.has(w)) continue;
        if (ctx.branchEnis.overcommitOf.has(w) || reported.has(w)) continue; // one finding per Deployment
        const surge = surgePods(w.workload.maxSurge, w.pods);
        if (surge <= 0) continue;
        const overcommit = overcommitWithExtra(verdict, w, surge);
        if (!overcommit) continue;
        const what = verdict.resource === 'branchEnis' ? `branch ENIs (${POD_ENI_RESOURCE})` : 'pod slots';
        const cooldown = verdict.resource === 'branchEnis' ? ' Released branch ENIs are reused only after a cooldown (60 s by default), so the rollout stalls.' : '';
        const message =
          `A rolling update runs ${w.pods} + ${surge} (maxSurge) = ${w.pods + surge} pods of this Deployment at once; with the pods sharing its nodes that needs ` +
          `${overcommit.demand} ${what}, but the nodes hold ${overcommit.capacity}: ${describeCapacity(ctx.model, verdict, overcommit.pools)}.` +
          `${cooldown} Steady state fits. Set maxSurge: 0 with maxUnavailable: 1, or add capacity.`;
        findings.push(workloadFinding(this.id, this.defaultSeverity, w, anchorOf(w, overcommit.pools), message,
          poolRelated(overcommit.pools, ctx.model.config), resizeFixes(ctx, w, overcommit, verdict.resource)));
        reported.add(w);
      }
    }
    return findings;
  },
};
