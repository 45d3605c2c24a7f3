// The pods every EKS node runs before any of the repository's: aws-node (the VPC CNI) and kube-proxy, the
// two host-network pods the published max pods' `+ 2` stands for. Their slots are not the repository's,
// unless it holds their DaemonSets: those are judged as the workloads they are, and not counted twice.
import type { EniLensConfig } from '../config/config';
import type { InstanceCatalog } from '../instances/catalog';
import type { Workload } from '../k8s/workloads';
import { poolAccepts } from './poolAccess';
import { isWindowsPool, type Pool } from './pools';

export const SYSTEM_DAEMONSETS = ['aws-node', 'kube-proxy'];

export interface SystemPods {
  /** Pod slots per node taken by pods the repository does not hold. */
  count: number;
  /** "aws-node and kube-proxy, which every node runs". */
  basis: string;
}

export function isSystemDaemonSet(o: { kind: string; name: string; namespace: string }): boolean {
  return o.kind === 'DaemonSet' && o.namespace === 'kube-system' && SYSTEM_DAEMONSETS.includes(o.name);
}

/** The system pods on a node of `pool`, less the repository's own aws-node/kube-proxy DaemonSets that reach it. */
export function systemPodsOn(pool: Pool, config: EniLensConfig, systemDaemonSets: Workload[], catalog: InstanceCatalog): SystemPods {
  // Windows nodes run the VPC CNI and kube-proxy on the host, not as pods; their max pods (IPv4 per ENI − 1) is all the repository's.
  if (isWindowsPool(pool)) return { count: 0, basis: 'Windows nodes run the VPC CNI and kube-proxy on the host, not as pods' };
  const inRepo = [...new Set(systemDaemonSets.filter((w) => reaches(w, pool, catalog)).map((w) => w.object.name))];
  const configured = config.setKeys?.has('systemPodsPerNode') === true;
  const count = Math.max(0, config.systemPodsPerNode - inRepo.length);
  const counted =
    inRepo.length > 0 ? `${inRepo.join(' and ')} ${inRepo.length > 1 ? 'are' : 'is'} counted as ${inRepo.length > 1 ? 'their DaemonSets' : 'its DaemonSet'} in the repository` : '';
  if (configured) return { count, basis: `systemPodsPerNode: ${config.systemPodsPerNode} in .eni-lens.yaml${counted ? `, less ${inRepo.length}: ${counted}` : ''}` };
  const outside = SYSTEM_DAEMONSETS.filter((n) => !inRepo.includes(n));
  if (outside.length === 0) return { count, basis: counted };
  return { count, basis: `${outside.join(' and ')}, which every node runs${counted ? `; ${counted}` : ''}` };
}

function reaches(w: Workload, pool: Pool, catalog: InstanceCatalog): boolean {
  return poolAccepts(w.template, pool, catalog);
}

/** Why a node has its pod slots: "max pods 29: 3 ENIs × (10 − 1) IPs + 2; 2 taken by aws-node and kube-proxy, which every node runs". */
export function podSlotsBasis(cap: { maxPods: number; maxPodsBasis: string; systemPods: SystemPods }): string {
  const system = cap.systemPods;
  const taken = system.count > 0 ? `; ${system.count} taken by ${system.basis}` : system.basis ? `; ${system.basis}` : '';
  return `max pods ${cap.maxPods}: ${cap.maxPodsBasis}${taken}`;
}
