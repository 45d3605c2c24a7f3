// Karpenter NodePools are elastic, so their capacity is judged per node rather than as a total:
// - branch ENIs a node must carry for DaemonSets vs the smallest type the pool may launch (error, branch-eni-capacity);
// - security-group pods on a pool whose max pods Karpenter overestimates without RESERVED_ENIS (warning, ip-capacity).
import { describeObject, refOf } from '../k8s/objects';
import type { InstanceType } from '../instances';
import { describeCniSetting } from '../k8s/cniSettings';
import { POD_ENI_RESOURCE } from '../k8s/workloads';
import { podEniSwitchedOff, type ClusterModel, type WorkloadModel } from '../model/cluster';
import { ipSettingsOf, podIps } from '../model/ipCapacity';
import { maxPodsOf, type Pool } from '../model/pools';
import type { Finding, RelatedInfo } from '../types';
import { anchorOf, workloadFinding } from './findingParts';
import { capitalize } from '../text';

function usersOf(model: ClusterModel, pool: Pool, pick: (w: WorkloadModel) => boolean): WorkloadModel[] {
  return model.workloads.filter((w) => w.placement.kind === 'pools' && w.pods > 0 && w.placement.pools.includes(pool) && pick(w));
}

function poolAt(pool: Pool, message: string): RelatedInfo[] {
  return pool.file && pool.nameRange ? [{ file: pool.file, range: pool.nameRange, message }] : [];
}

function typesOf(model: ClusterModel, pool: Pool): InstanceType[] {
  return pool.instanceTypes.map((n) => model.catalog.lookup(n)).filter((t): t is InstanceType => t !== undefined);
}

export function daemonSetBranchEnisPerNode(model: ClusterModel): Finding[] {
  const findings: Finding[] = [];
  if (podEniSwitchedOff(model)) return findings;
  for (const pool of model.pools) {
    if (!pool.elastic || pool.autoMode) continue;
    const types = typesOf(model, pool);
    if (!types.some((t) => t.trunking)) continue; // branch-eni-unsupported reports it
    const daemonSets = usersOf(model, pool, (w) => w.workload.kind === 'DaemonSet' && w.branchEni.needed);
    if (daemonSets.length === 0) continue;
    const smallest = types.reduce((a, b) => (b.branchEnis < a.branchEnis ? b : a));
    if (smallest.branchEnis >= daemonSets.length) continue;
    const names = daemonSets.map((w) => describeObject(w.workload.object)).join(', ');
    for (const w of daemonSets) {
      const message =
        `Every node of Karpenter NodePool '${pool.name}' carries ${daemonSets.length} DaemonSet pod${daemonSets.length > 1 ? 's' : ''} that need a branch ENI (${names}), ` +
        `but the pool may launch ${smallest.name}, which holds ${smallest.branchEnis} (${smallest.trunking ? 'its branch ENIs' : 'no trunking'}). ` +
        `Karpenter sizes nodes from the DaemonSets' pod templates, which carry no ${POD_ENI_RESOURCE} request (the resource controller's webhook adds it when a pod is created), ` +
        `so it does not avoid such types: DaemonSet pods stay Pending with "Insufficient ${POD_ENI_RESOURCE}" on them. ` +
        `Narrow the NodePool's requirements to types with at least ${daemonSets.length} branch ENIs.`;
      findings.push(workloadFinding('branch-eni-capacity', 'error', w, anchorOf(w, [pool]), message, poolAt(pool, `Karpenter NodePool '${pool.name}' may launch ${smallest.name}`)));
    }
  }
  return findings;
}

/**
 * Karpenter gives a node max pods by its own ENI figure; with security groups for pods the trunk ENI takes a
 * slot, so unless RESERVED_ENIS says so the figure can exceed the IPs left. Reported only where it does:
 * with prefix delegation the IPs left are far above Karpenter's figure.
 */
export function karpenterMaxPodsOverestimate(model: ClusterModel): Finding[] {
  const findings: Finding[] = [];
  if (!model.securityGroupsForPods.value || model.cni.ipv6.value || !model.pools.some((p) => p.elastic)) return findings;
  const settings = ipSettingsOf(model);
  for (const pool of model.pools) {
    if (!pool.elastic || pool.karpenterReservedEnis === undefined || pool.maxPodsOverride !== undefined || !pool.file || !pool.nameRange) continue;
    const sgPods = usersOf(model, pool, (w) => w.branchEni.needed);
    if (sgPods.length === 0) continue;
    const reserved = pool.karpenterReservedEnis;
    const example = typesOf(model, pool)
      .filter((t) => t.trunking)
      .sort((a, b) => podIps(a, settings).ips - podIps(b, settings).ips)
      .find((t) => maxPodsOf(pool, t, settings.prefixDelegation).value > podIps(t, settings).maxPodsEquivalent);
    if (!example) continue;
    const figure = maxPodsOf(pool, example, settings.prefixDelegation);
    const ips = podIps(example, settings);
    const fix = reserved < 1 ? 'Set RESERVED_ENIS=1 (Helm: settings.reservedENIs: "1"), or kubelet.maxPods in the EC2NodeClass.' : 'Set kubelet.maxPods in the EC2NodeClass.';
    const message =
      `${capitalize(describeCniSetting(model.securityGroupsForPods, 'security groups for pods'))}, and pods needing a branch ENI land on this NodePool ` +
      `(${sgPods.map((w) => describeObject(w.workload.object)).join(', ')}). The trunk ENI takes one ENI slot, but Karpenter computes max pods from ` +
      `${reserved > 0 ? `every ENI but ${reserved} (RESERVED_ENIS=${reserved})` : 'every ENI unless its controller runs with RESERVED_ENIS=1'}: it expects ${example.name} to hold ${figure.value} pods ` +
      `(${figure.basis}) where the IPs left serve ${ips.maxPodsEquivalent} (${ips.basis}, + 2 host-network pods), ` +
      `so it packs nodes with pods that stay in ContainerCreating. ${fix}`;
    findings.push({ rule: 'ip-capacity', severity: 'warning', file: pool.file, range: pool.nameRange, message, related: [], fixes: [], object: poolObject(model, pool) });
  }
  return findings;
}

function poolObject(model: ClusterModel, pool: Pool) {
  const o = model.objects.find((x) => x.kind === 'NodePool' && x.name === pool.name && x.file === pool.file);
  return o && refOf(o);
}
