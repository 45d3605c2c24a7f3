// IP addresses for ordinary pods (no branch ENI, not hostNetwork): what published max pods hides.
// With security groups for pods the trunk ENI takes one ENI slot of the default card; custom networking
// takes the primary ENI away from pods. Judged with the same flow as branch ENIs and pod slots.
import { podIpCount, type InstanceType } from '../instances';
import { judgeDemands, type DemandVerdict, type ModelWindow } from './capacity';
import type { ClusterModel } from './cluster';
import { isWindowsPool, type Pool } from './pools';

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
  if (t.maxPodsOnly !== undefined) {
    // No trunking, so no trunk slot: the published figure's E × (I − 1) IPs (custom networking: not known, see poolPodIps).
    const ips = t.maxPodsOnly - 2;
    return {
      type: t.name,
      ips,
      maxPodsEquivalent: t.maxPodsOnly,
      basis: `published max pods ${t.maxPodsOnly} − 2 host-network pods = ${ips}; its ENIs are not in ENI Lens's data`,
      noTrunkSlot: false,
    };
  }
  const e = t.enisDefaultCard;
  const i = t.ipv4PerEni;
  const trunk = s.securityGroupsForPods && t.trunking;
  const reserved = (trunk ? 1 : 0) + (s.customNetworking ? 1 : 0);
  const prefixes = s.prefixDelegation && t.hypervisor === 'nitro';
  const ips = podIpCount(t, reserved, s.prefixDelegation);
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

/**
 * The pool's figure: the type with the fewest IPs, since any of its types may be launched. Undefined in an
 * IPv6 cluster: each ENI's /80 prefix gives far more addresses than max pods admits pods.
 */
export function poolPodIps(model: ClusterModel, pool: Pool): PodIps | undefined {
  const cap = model.capacity.get(pool);
  // Windows pods are not judged by node IPs (their max pods already counts the primary ENI's IPs); IPv6 pods
  // never run short of node IPs.
  if (!cap?.type || cap.unknownTypes.length > 0 || isWindowsPool(pool) || model.cni.ipv6.value) return undefined;
  const settings = ipSettingsOf(model);
  let min: PodIps | undefined;
  for (const name of pool.instanceTypes) {
    const t = model.catalog.lookup(name);
    if (t?.maxPodsOnly !== undefined && settings.customNetworking) return undefined; // which ENI is primary is not known
    const p = t && podIps(t, settings);
    if (p && (!min || p.ips < min.ips)) min = p;
  }
  return min;
}

export type IpVerdict = DemandVerdict;

/** Each model's verdict, judged once (the rule, the report and hovers ask), kept for the next edit's to patch. */
const ipVerdicts = new WeakMap<ClusterModel, IpVerdict>();

/**
 * `window`: how the model differs from a previous one, whose verdict is patched when the pools' IPs are
 * the same (the same capacity and security-groups-for-pods setting) rather than judged over every workload.
 */
export function judgeIpCapacity(model: ClusterModel, window?: ModelWindow): IpVerdict {
  const known = ipVerdicts.get(model);
  if (known) return known;
  const ipsOf = new Map<Pool, number>();
  for (const p of model.pools) {
    const ips = poolPodIps(model, p);
    if (ips) ipsOf.set(p, ips.ips);
  }
  const before = window && ipVerdicts.get(window.previous);
  const samePools = before && window.previous.capacity === model.capacity && window.previous.securityGroupsForPods.value === model.securityGroupsForPods.value;
  const verdict = judgeDemands(
    model,
    (p) => ipsOf.get(p) ?? 0,
    (w) => w.needsNodeIp,
    (pools) => pools.every((p) => ipsOf.has(p)),
    undefined,
    samePools ? { verdict: before, window } : undefined,
  );
  ipVerdicts.set(model, verdict);
  return verdict;
}
