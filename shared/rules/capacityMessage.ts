// The wording of capacity findings: demand, per-node capacity, node counts and where each number comes from.
import { describeObject } from '../k8s/objects';
import type { Resource, ResourceVerdict } from '../model/capacity';
import type { ClusterModel, WorkloadModel } from '../model/cluster';
import type { Overcommit } from '../model/placement';
import { describePool, type Pool } from '../model/pools';
import { plural } from './findingParts';

/** Beyond this many, other contributors are counted, not named: messages stay readable in big workspaces. */
const MAX_NAMED_CONTRIBUTORS = 5;

const NOUN: Record<Resource, string> = { branchEnis: 'branch ENIs', pods: 'pod slots' };

export function describeCapacity(model: ClusterModel, verdict: ResourceVerdict, pools: Pool[]): string {
  return pools
    .map((p) => {
      const cap = model.capacity.get(p)!;
      const each = verdict.resource === 'branchEnis' ? `${verdict.perNode(p)} branch ENIs each` : `max pods ${cap.maxPods} each (${cap.maxPodsBasis})`;
      const atMax = p.maxNodes !== undefined ? `; at maxSize ${p.maxNodes} the pool would hold ${p.maxNodes * verdict.perNode(p)}` : '';
      return `${describePool(p, model.config)} with ${each}${atMax}`;
    })
    .join('; ');
}

export function describeDemand(w: WorkloadModel): string {
  if (w.workload.kind === 'DaemonSet') return 'one pod on every node it can reach';
  return `${plural(w.pods, 'pod')} (${w.podsSource})`;
}

/** "This Deployment runs 6 pods (replicas: 6); with it: StatefulSet default/db 3 pods (replicas: 3)." */
export function describeContributors(w: WorkloadModel, verdict: Pick<ResourceVerdict, 'workloadOf'>, overcommit: Overcommit<Pool>): string {
  const others = new Set<WorkloadModel>();
  for (const id of overcommit.demandIds) {
    const o = verdict.workloadOf.get(id)!;
    if (o !== w) others.add(o);
  }
  let text = `This ${w.workload.kind} runs ${describeDemand(w)}`;
  if (others.size > 0) {
    const named = [...others].slice(0, MAX_NAMED_CONTRIBUTORS).map((o) => `${describeObject(o.workload.object)} ${describeDemand(o)}`);
    const rest = others.size - named.length;
    text += `; sharing those nodes: ${named.join(', ')}${rest > 0 ? ` and ${rest} more workloads` : ''}`;
  }
  return `${text}.`;
}

export function overcommitHeadline(model: ClusterModel, verdict: ResourceVerdict, overcommit: Overcommit<Pool>, what: string): string {
  return `${what}: ${overcommit.demand} needed, but the nodes they can reach hold ${overcommit.capacity} ${NOUN[verdict.resource]}: ${describeCapacity(model, verdict, overcommit.pools)}.`;
}
