// The wording of capacity findings: demand, per-node capacity, node counts and where each number comes from.
import type { CniSetting } from '../k8s/cniSettings';
import { describeObject } from '../k8s/objects';
import { POD_ENI_RESOURCE } from '../k8s/workloads';
import type { Resource, ResourceVerdict } from '../model/capacity';
import type { ClusterModel, WorkloadModel } from '../model/cluster';
import type { Overcommit } from '../model/placement';
import { describePool, type NodeCapacity, type Pool } from '../model/pools';
import { podSlotsBasis } from '../model/systemPods';
import { plural } from '../text';

/** Beyond this many, other contributors are counted, not named: messages stay readable in big workspaces. */
const MAX_NAMED_CONTRIBUTORS = 5;

const NOUN: Record<Resource, string> = { branchEnis: 'branch ENIs', pods: 'pod slots' };

/** "pool sg-workers (1 × r6g.medium)", "1 × m5.large (assumed)", "NodePool spot": a pool as a short message names it. */
export function shortPool(p: Pool): string {
  const types = p.instanceTypes.length <= 2 ? p.instanceTypes.join('/') : `${p.instanceTypes[0]}/…`;
  if (p.origin === 'implicit') return `${p.nodes} × ${types} (assumed)`;
  if (p.elastic) return `NodePool ${p.name}`;
  return `pool ${p.name} (${p.nodes} × ${types})`;
}

/** The nodes of an overcommit in a short message, with its verb: "pool sg (2 × m5.large) holds", "pools a, b (3 nodes) hold". */
export function shortPools(pools: Pool[], verb: string, verbPlural: string): string {
  if (pools.length === 1) return `${shortPool(pools[0])} ${verb}`;
  const names = pools.length === 2 ? `pools ${pools.map((p) => p.name).join(', ')}` : `${pools.length} pools`;
  const nodes = pools.some((p) => p.elastic)
    ? ''
    : ` (${plural(
        pools.reduce((n, p) => n + p.nodes, 0),
        'node',
      )})`;
  return `${names}${nodes} ${verbPlural}`;
}

/** "6 pods need branch ENIs; pool sg-workers (1 × r6g.medium) holds 4: 2 stay Pending" — the verdict of an overcommit. */
export function overcommitSummary(overcommit: Overcommit<Pool>, need: string, outcome: string, verbs: [string, string] = ['holds', 'hold']): string {
  const excess = overcommit.demand - overcommit.capacity;
  const demand = `${plural(overcommit.demand, 'pod')} ${overcommit.demand === 1 ? 'needs' : 'need'}`;
  return `${demand} ${need}; ${shortPools(overcommit.pools, ...verbs)} ${overcommit.capacity}: ${excess} ${excess === 1 ? outcome.replace(/^stay\b/, 'stays') : outcome}`;
}

export function describeCapacity(model: ClusterModel, verdict: ResourceVerdict, pools: Pool[]): string {
  return pools
    .map((p) => {
      const cap = model.capacity.get(p)!;
      const each = verdict.resource === 'branchEnis' ? `${verdict.perNode(p)} branch ENIs each` : `${cap.podSlots} pod slots each (${podSlotsBasis(cap)})`;
      const atMax = p.maxNodes !== undefined ? `; at maxSize ${p.maxNodes} the pool would hold ${p.maxNodes * verdict.perNode(p)}` : atDesired(p, verdict.perNode(p), 'holds');
      return `${describePool(p, model.config)} with ${each}${atMax}${limitNote(p, cap, verdict.resource)}`;
    })
    .join('; ');
}

/** "; limits.cpu: 4 lets it launch at most 4 nodes, 16 branch ENIs at best". */
function limitNote(p: Pool, cap: NodeCapacity, resource: Resource): string {
  if (!p.cpuLimit || !cap.limited) return '';
  const most = resource === 'branchEnis' ? cap.limited.branchEnis : cap.limited.podSlots;
  return `; ${p.cpuLimit.text} lets it launch at most ${plural(cap.limited.nodes, 'node')}, ${most} ${NOUN[resource]} at best`;
}

/** For a pool judged at its autoscaling maximum: what its desired size holds. */
export function atDesired(p: Pool, perNode: number, verb: string): string {
  return p.desired ? `; at its desired size (${p.desired.basis}) it ${verb} ${p.desired.nodes * perNode}` : '';
}

/** "6 pods need", "1 pod needs", "DaemonSet pods need": the subject of a short message. */
export function podsNeed(w: WorkloadModel): string {
  if (w.workload.kind === 'DaemonSet') return 'DaemonSet pods need';
  return `${plural(w.pods, 'pod')} ${w.pods === 1 ? 'needs' : 'need'}`;
}

/** "t3.large", "t3.large, t3.xlarge", "t3.large and 4 other types": instance types in a short message. */
export function shortTypes(names: string[]): string {
  return names.length <= 2 ? names.join(', ') : `${names[0]} and ${names.length - 1} other types`;
}

export function describeDemand(w: WorkloadModel): string {
  if (w.workload.kind === 'DaemonSet') return 'one pod on every node it can reach';
  return `${plural(w.pods, 'pod')} (${w.podsSource})`;
}

/** "This Deployment runs 6 pods (replicas: 6); with it: StatefulSet default/db 3 pods (replicas: 3)." */
export function describeContributors(w: WorkloadModel, verdict: Pick<ResourceVerdict, 'workloadOf'>, overcommit: Overcommit<Pool>): string {
  const contributors = contributorsOf(verdict, overcommit);
  const othersCount = contributors.members.size - (contributors.members.has(w) ? 1 : 0);
  let text = `This ${w.workload.kind} runs ${describeDemand(w)}`;
  if (othersCount > 0) {
    const named: string[] = [];
    for (const o of contributors.inOrder) {
      if (named.length === MAX_NAMED_CONTRIBUTORS) break;
      if (o !== w) named.push(`${describeObject(o.workload.object)} ${describeDemand(o)}`);
    }
    const rest = othersCount - named.length;
    text += `; sharing those nodes: ${named.join(', ')}${rest > 0 ? ` and ${rest} more workloads` : ''}`;
  }
  return `${text}.`;
}

interface Contributors {
  /** The workloads of the overcommit's demands, each once, in demand order. */
  inOrder: WorkloadModel[];
  members: Set<WorkloadModel>;
}

/** Per verdict and overcommit: every workload of an overcommitted group gets a finding naming the others. */
const contributorsByVerdict = new WeakMap<object, WeakMap<Overcommit<Pool>, Contributors>>();

function contributorsOf(verdict: Pick<ResourceVerdict, 'workloadOf'>, overcommit: Overcommit<Pool>): Contributors {
  let byOvercommit = contributorsByVerdict.get(verdict.workloadOf);
  if (!byOvercommit) contributorsByVerdict.set(verdict.workloadOf, (byOvercommit = new WeakMap()));
  let contributors = byOvercommit.get(overcommit);
  if (!contributors) {
    const members = new Set<WorkloadModel>();
    for (const id of overcommit.demandIds) members.add(verdict.workloadOf.get(id)!);
    byOvercommit.set(overcommit, (contributors = { inOrder: [...members], members }));
  }
  return contributors;
}

export function overcommitHeadline(model: ClusterModel, verdict: ResourceVerdict, overcommit: Overcommit<Pool>, what: string): string {
  return `${what}: ${overcommit.demand} needed, but the nodes they can reach hold ${overcommit.capacity} ${NOUN[verdict.resource]}: ${describeCapacity(model, verdict, overcommit.pools)}.`;
}

export const PREFIX_DELEGATION_NOTE = 'Prefix delegation is on: it raises the IP addresses (max pods) of a node, not its branch ENIs.';

/** " (Set by ENABLE_PREFIX_DELEGATION in DaemonSet kube-system/aws-node.)" — only when the manifests set it. */
export function settingSource(setting: CniSetting): string {
  return setting.source === 'default' || setting.source.endsWith('.eni-lens.yaml') ? '' : ` (Set by ${setting.source}.)`;
}

export function whyBranchEni(w: WorkloadModel): string {
  const policies = w.branchEni.policies.map((p) => describeObject(p.object));
  if (policies.length > 0) return `Its pods are selected by ${policies.join(', ')}.`;
  return w.branchEni.explicitRequest ? `Its pods request ${POD_ENI_RESOURCE} themselves.` : '';
}
