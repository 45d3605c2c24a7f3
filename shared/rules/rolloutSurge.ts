import { POD_ENI_RESOURCE } from '../k8s/workloads';
import { overcommitWithExtra, type ResourceVerdict } from '../model/capacity';
import { describeCapacity, shortPools } from './capacityMessage';
import { demandAnchorOf, poolRelated, workloadFinding } from './findingParts';
import { resizeFixes } from './resizeFixes';
import type { Rule, RuleContext } from './rule';
import type { WorkloadModel } from '../model/cluster';
import type { Overcommit } from '../model/placement';
import type { Pool } from '../model/pools';
import type { Finding } from '../types';

export const rolloutSurge: Rule = {
  id: 'rollout-surge',
  defaultSeverity: 'warning',
  summary: "Steady state fits, but a rolling update (replicas + maxSurge; an Argo Rollout's canary maxSurge or blue-green preview) does not.",
  help:
    'During a rolling update a Deployment runs up to replicas + maxSurge pods; an Argo Rollout as many with a canary, and its preview ReplicaSet beside the active one ' +
    'with blue-green. A released branch ENI is reused only after a cooldown (60 s by default), so rollouts stall where steady state fits. ' +
    'Lower maxSurge (with maxUnavailable ≥ 1), previewReplicaCount, or add capacity.',
  check(ctx) {
    // One finding per Deployment, the branch-ENI one first; findings come out per resource, in workload order.
    const byResource: Finding[][] = [[], []];
    const verdicts = [ctx.branchEniVerdict, ctx.podSlotVerdict];
    for (const w of surgeCandidates(ctx.model.workloads, verdicts)) {
      // Cheap tests first over thousands of workloads (only Deployments and Rollouts have maxSurge; the kind is confirmed last).
      if (w.placement.kind !== 'pools' || w.pods <= 0 || ctx.branchEniVerdict.overcommitOf.has(w)) continue;
      const surge = w.surge;
      if (surge <= 0) continue;
      for (let i = 0; i < verdicts.length; i++) {
        const verdict = verdicts[i];
        if (!verdict.isJudged(w) || verdict.overcommitOf.has(w)) continue;
        const overcommit = overcommitWithExtra(verdict, w, surge);
        if (!overcommit || (w.workload.kind !== 'Deployment' && w.workload.kind !== 'Rollout')) continue;
        byResource[i].push(surgeFinding(ctx, verdict, w, surge, overcommit));
        break;
      }
    }
    return byResource.flat();
  },
};

/**
 * The workloads whose surge may not fit, in workload order: those either verdict names (their pools have
 * less room left than their surge); every workload when a verdict cannot tell.
 */
function surgeCandidates(workloads: WorkloadModel[], verdicts: ResourceVerdict[]): WorkloadModel[] {
  if (verdicts.some((v) => !v.surgeCandidates)) return workloads;
  const indices = [...new Set(verdicts.flatMap((v) => v.surgeCandidates!()))].sort((a, b) => a - b);
  return indices.map((i) => workloads[i]);
}

function surgeFinding(ctx: RuleContext, verdict: ResourceVerdict, w: WorkloadModel, surge: number, overcommit: Overcommit<Pool>): Finding {
  const what = verdict.resource === 'branchEnis' ? `branch ENIs (${POD_ENI_RESOURCE})` : 'pod slots';
  const cooldown = verdict.resource === 'branchEnis' ? ' Released branch ENIs are reused only after a cooldown (60 s by default), so the rollout stalls.' : '';
  const source = w.workload.maxSurge?.source ?? 'maxSurge';
  const blueGreen = source.startsWith('blue-green');
  const advice = blueGreen ? 'Lower previewReplicaCount, or add capacity.' : 'Set maxSurge: 0 with maxUnavailable: 1, or add capacity.';
  const message = `${blueGreen ? 'Blue-green' : 'Rolling'} update: ${w.pods} + ${surge} pods need ${overcommit.demand} ${verdict.resource === 'branchEnis' ? 'branch ENIs' : 'pod slots'}; ${shortPools(overcommit.pools, 'holds', 'hold')} ${overcommit.capacity}: it stalls`;
  const detail =
    `A${blueGreen ? ' blue-green' : ' rolling'} update runs ${w.pods} + ${surge} (${source}) = ${w.pods + surge} pods of this ${w.workload.kind} at once; with the pods sharing its nodes that needs ` +
    `${overcommit.demand} ${what}, but the nodes hold ${overcommit.capacity}: ${describeCapacity(ctx.model, verdict, overcommit.pools)}.` +
    `${cooldown} Steady state fits. ${advice}`;
  return workloadFinding(
    rolloutSurge.id,
    rolloutSurge.defaultSeverity,
    w,
    demandAnchorOf(w, overcommit.pools),
    { message, detail },
    poolRelated(overcommit.pools, ctx.model.config),
    resizeFixes(ctx, w, overcommit, verdict.resource),
  );
}
