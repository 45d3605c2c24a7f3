// IP addresses for ordinary pods (no branch ENI, not hostNetwork): what published max pods hides.
// With security groups for pods the trunk ENI takes one ENI slot of the default card; custom networking
// takes the primary ENI away from pods. Judged with the same flow as branch ENIs and pod slots.
import { lookupInstanceType, type InstanceType } from '../instances';
import { findOvercommits, type Demand, type Overcommit } from './placement';
import { ELASTIC_CAPACITY } from './capacity';
import type { ClusterModel, WorkloadModel } from './cluster';
import type { Pool } from './pools';

export interface IpSettings {
  securityGroupsForPods: boolean;
  customNetworking: boolean;
  prefixDelegation: boolean;
}

export interface PodIps {
  type: string;
  /** IPs a node gives to ordinary pods. */
  ips: number;
  /** The same as a max-pods figure: plus the 2 host-network pods (aws-node, kube-proxy). */
  maxPodsEquivalent: number;
  basis: string;
  /** Custom networking + security groups for pods on a 2-ENI trunking type: no ENI slot is left for the trunk. */
  noTrunkSlot: boolean;
}

export function podIps(t: InstanceType, s: IpSettings): PodIps {
  const e = t.enisDefaultCard;
  const i = t.ipv4PerEni;
  const trunk = s.securityGroupsForPods && t.trunking;
  const reserved = (trunk ? 1 : 0) + (s.customNetworking ? 1 : 0);
  const enis = Math.max(0, e - reserved);
  const prefixes = s.prefixDelegation && t.hypervisor === 'nitro';
  const ips = enis * (i - 1) * (prefixes ? 16 : 1);
  const why = [trunk ? 'the trunk ENI' : '', s.customNetworking ? 'custom networking (primary ENI)' : ''].filter(Boolean).join(' and ');
  const enisText = reserved > 0 ? `(${e} − ${reserved}) ENIs` : `${e} ENIs`;
  const basis = `${enisText} × (${i} − 1) IPs${prefixes ? ' × 16 (prefixes)' : ''} = ${ips}${why ? `; ${why} take${reserved > 1 ? '' : 's'} ${reserved === 1 ? 'an ENI slot' : 'ENI slots'}` : ''}`;
  return { type: t.name, ips, maxPodsEquivalent: ips + 2, basis, noTrunkSlot: s.securityGroupsForPods && s.customNetworking && t.trunking && e <= 2 };
}

export function ipSettingsOf(model: ClusterModel): IpSettings {
  return {
    securityGroupsForPods: model.securityGroupsForPods.value,
    customNetworking: model.cni.customNetworking.value,
    prefixDelegation: model.config.prefixDelegation,
  };
}

/** The pool's figure: the type with the fewest IPs, since any of its types may be launched. */
export function poolPodIps(model: ClusterModel, pool: Pool): PodIps | undefined {
  const cap = model.capacity.get(pool);
  if (!cap?.type || cap.unknownTypes.length > 0) return undefined;
  const settings = ipSettingsOf(model);
  let min: PodIps | undefined;
  for (const name of pool.instanceTypes) {
    const t = lookupInstanceType(name);
    const p = t && podIps(t, settings);
    if (p && (!min || p.ips < min.ips)) min = p;
  }
  return min;
}

export interface IpVerdict {
  perNode: (pool: Pool) => number;
  capacityOf: (pool: Pool) => number;
  demandsOf: Map<WorkloadModel, Demand<Pool>[]>;
  overcommitOf: Map<WorkloadModel, Overcommit<Pool>>;
  workloadOf: Map<string, WorkloadModel>;
}


export function needsNodeIp(w: WorkloadModel): boolean {
  const t = w.workload.template;
  return !w.branchEni.needed && !t.hostNetwork && !t.windows;
}

export function judgeIpCapacity(model: ClusterModel): IpVerdict {
  const ipsOf = new Map<Pool, number>();
  for (const p of model.pools) {
    const ips = poolPodIps(model, p);
    if (ips) ipsOf.set(p, ips.ips);
  }
  const perNode = (p: Pool) => ipsOf.get(p) ?? 0;
  const capacityOf = (p: Pool) => (p.elastic ? ELASTIC_CAPACITY : p.nodes * perNode(p));
  const demandsOf = new Map<WorkloadModel, Demand<Pool>[]>();
  const workloadOf = new Map<string, WorkloadModel>();
  model.workloads.forEach((w, index) => {
    if (w.placement.kind !== 'pools' || w.pods <= 0 || !needsNodeIp(w)) return;
    const pools = w.placement.pools;
    if (pools.some((p) => !ipsOf.has(p))) return;
    const demands = w.workload.kind === 'DaemonSet'
      ? pools.filter((p) => !p.elastic).map((p) => ({ id: `${index}@${p.name}`, pods: p.nodes, pools: [p] }))
      : [{ id: `${index}`, pods: w.pods, pools }];
    demandsOf.set(w, demands);
    for (const d of demands) workloadOf.set(d.id, w);
  });
  const overcommitOf = new Map<WorkloadModel, Overcommit<Pool>>();
  for (const o of findOvercommits([...demandsOf.values()].flat(), capacityOf)) {
    for (const id of o.demandIds) overcommitOf.set(workloadOf.get(id)!, o);
  }
  return { perNode, capacityOf, demandsOf, overcommitOf, workloadOf };
}
