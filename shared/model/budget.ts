// A workload's demand against the budget of the pools it can reach, per resource, as the engine judged it:
// "6 pod-eni needed · 1 × r6g.medium gives 4 · 2 short".
import type { Analysis } from '../engine';
import type { FargateProfile } from '../k8s/fargate';
import { describeObject } from '../k8s/objects';
import type { Resource, ResourceVerdict } from './capacity';
import { podEniSwitchedOff, type WorkloadModel } from './cluster';
import { describeCniSetting } from '../k8s/cniSettings';
import type { Demand, Overcommit } from './placement';
import { isUnbounded, type Pool } from './pools';

export interface Budget {
  resource: Resource;
  /** Pods (each needing one unit of the resource) of the workloads judged together. */
  demand: number;
  /** This workload's own share of `demand`. */
  own: number;
  /** The other workloads sharing these pools, with their pods. */
  sharing: { name: string; pods: number }[];
  pools: Pool[];
  capacity: number;
  /** Pods that do not fit; 0 when the demand fits. */
  short: number;
}

const UNIT: Record<Resource, string> = { branchEnis: 'pod-eni', pods: 'pods' };

/** What every workload of one group judged together (its overcommit, else its component) shares. */
export interface GroupBudget {
  resource: Resource;
  demand: number;
  pools: Pool[];
  capacity: number;
  short: number;
  /** Pods of each workload with demands in the group, in demand order. */
  podsOf: Map<WorkloadModel, number>;
}

/** The judged budget of `w` for `resource`, or why there is none. */
export function budgetOf(analysis: Analysis, w: WorkloadModel, resource: Resource): Budget | { reason: string } {
  const group = groupBudgetOf(analysis, w, resource);
  if (!isGroupBudget(group)) return group;
  return {
    resource,
    demand: group.demand,
    own: group.podsOf.get(w) ?? 0,
    sharing: [...group.podsOf].filter(([o]) => o !== w).map(([o, pods]) => ({ name: describeObject(o.workload.object), pods })),
    pools: group.pools,
    capacity: group.capacity,
    short: group.short,
  };
}

/** How many other workloads share `w`'s group: a lens needs the count, not the names. */
export function othersIn(group: GroupBudget, w: WorkloadModel): number {
  return group.podsOf.size - (group.podsOf.has(w) ? 1 : 0);
}

/**
 * The group `w` is judged in, computed once per verdict and group: a file can hold thousands of
 * workloads of one group, and each lens or hover would otherwise walk the whole group.
 */
export function groupBudgetOf(analysis: Analysis, w: WorkloadModel, resource: Resource): GroupBudget | { reason: string } {
  const verdict: ResourceVerdict = resource === 'branchEnis' ? analysis.branchEniVerdict : analysis.podSlotVerdict;
  const component = verdict.componentOf.get(w);
  if (!component) return { reason: notJudgedBecause(analysis, w, resource) };
  const overcommit = verdict.overcommitOf.get(w);
  let groups = groupsByVerdict.get(verdict);
  if (!groups) groupsByVerdict.set(verdict, (groups = new WeakMap()));
  const key = overcommit ?? component;
  let group = groups.get(key);
  if (!group) groups.set(key, (group = judgedGroup(verdict, resource, component, overcommit)));
  return group;
}

const groupsByVerdict = new WeakMap<ResourceVerdict, WeakMap<object, GroupBudget>>();

function judgedGroup(verdict: ResourceVerdict, resource: Resource, component: Demand<Pool>[], overcommit: Overcommit<Pool> | undefined): GroupBudget {
  const ids = overcommit && new Set(overcommit.demandIds);
  const demands = ids ? component.filter((d) => ids.has(d.id)) : component;
  const pools = overcommit ? overcommit.pools : [...new Set(component.flatMap((d) => d.pools))];
  const podsOf = new Map<WorkloadModel, number>();
  for (const d of demands) {
    const owner = verdict.workloadOf.get(d.id)!;
    podsOf.set(owner, (podsOf.get(owner) ?? 0) + d.pods);
  }
  const demand = demands.reduce((n, d) => n + d.pods, 0);
  const capacity = pools.reduce((n, p) => n + verdict.capacityOf(p), 0);
  return { resource, demand, pools, capacity, short: Math.max(0, demand - capacity), podsOf };
}

export function isGroupBudget(b: GroupBudget | { reason: string }): b is GroupBudget {
  return 'demand' in b;
}

export function isBudget(b: Budget | { reason: string }): b is Budget {
  return 'demand' in b;
}

/** "6 pod-eni needed · 1 × r6g.medium gives 4 · 2 short" */
export function budgetHeadline(b: Pick<Budget, 'resource' | 'demand' | 'pools' | 'capacity' | 'short'>): string {
  const pools = b.pools.map(poolShort).join(' + ');
  return `${b.demand} ${UNIT[b.resource]} needed · ${pools} gives ${capacityText(b)} · ${verdictText(b)}`;
}

/** Elastic pools (Karpenter) add nodes as pods need them: their total is not a number worth showing. */
export function capacityText(b: Pick<Budget, 'pools' | 'capacity'>): string {
  return b.pools.some(isUnbounded) ? 'as many as needed' : String(b.capacity);
}

export function verdictText(b: Pick<Budget, 'pools' | 'capacity' | 'demand' | 'short'>): string {
  if (b.short > 0) return `${b.short} short`;
  return b.pools.some(isUnbounded) ? 'fits' : `fits, ${b.capacity - b.demand} spare`;
}

/** "1 × r6g.medium", "2 × m5.large/m5a.large", or "r6g.large/r6g.xlarge nodes" for an elastic pool. */
export function poolShort(p: Pool): string {
  const types = p.instanceTypes.length <= 3 ? p.instanceTypes.join('/') : `${p.instanceTypes.length} types`;
  return p.elastic ? `${types} nodes` : `${p.nodes} × ${types}`;
}

/** How the pool is known: declared in a file (config, eksctl, Karpenter), or assumed for a pinned type. */
export function poolLabel(p: Pool): string {
  return p.origin === 'implicit' ? `${p.instanceTypes.join('/')} (assumed nodes)` : `pool ${p.name}`;
}

function notJudgedBecause(analysis: Analysis, w: WorkloadModel, resource: Resource): string {
  if (w.placement.kind === 'fargate') return `it runs on Fargate, not on the node pools (${fargateBasis(w.placement.profile)})`;
  if (w.placement.kind === 'unknown' && w.placement.refusals) {
    return `no node pool accepts its pods, they stay Pending (${w.placement.refusals.map((r) => `'${r.pool.name}': ${r.reason}`).join('; ')})`;
  }
  if (w.placement.kind === 'unknown') return `its nodes are not known: ${w.placement.reason}`;
  if (w.pods <= 0) return 'it runs no pods';
  const caps = w.placement.pools.map((p) => analysis.model.capacity.get(p)!);
  const unknown = caps.flatMap((c) => c.unknownTypes);
  if (unknown.length > 0) return `instance type ${[...new Set(unknown)].join(', ')} is not in the EC2 data`;
  if (resource === 'branchEnis') {
    if (w.branchEni.exemptBecause) return `no branch ENI: ${w.branchEni.exemptBecause}`;
    if (!w.branchEni.needed) return `no branch ENI: no SecurityGroupPolicy in namespace ${w.workload.object.namespace} selects its pods`;
    if (podEniSwitchedOff(analysis.model))
      return `${describeCniSetting(analysis.model.securityGroupsForPods, 'security groups for pods')}: no node advertises pod-eni, so the pods stay Pending`;
    return 'its nodes cannot host a trunk ENI (no security groups for pods there)';
  }
  return 'not judged';
}

/** "eksctl Fargate profile 'fp' in cluster.yaml selects namespace default", or the pod's own label. */
export function fargateBasis(profile: FargateProfile | undefined): string {
  if (!profile) return 'it carries the eks.amazonaws.com/fargate-profile label';
  const file = profile.file.slice(Math.max(profile.file.lastIndexOf('/'), profile.file.lastIndexOf('\\')) + 1);
  return `eksctl Fargate profile '${profile.name}' in ${file} selects its pods`;
}
