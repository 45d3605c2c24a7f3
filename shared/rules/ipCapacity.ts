// ip-capacity: ordinary pods need node IPs, and with security groups for pods (trunk ENI) or custom
// networking a node has fewer of them than its published max pods says. Three findings:
// - overcommit (warning): ordinary pods exceed the IPs of the nodes they can reach, while max pods allows them;
// - no trunk slot (error): custom networking + security groups for pods on a 2-ENI type (amazon-vpc-cni-k8s #2369);
// - maxPods above the IP ceiling (warning): on a declared pool (karpenter-provider-aws #3903);
// - Karpenter's own max pods above the IPs a node has left (warning): on a NodePool without RESERVED_ENIS.
import { describeCniSetting } from '../k8s/cniSettings';
import { describeObject, refOf } from '../k8s/objects';
import type { ClusterModel, WorkloadModel } from '../model/cluster';
import { ipSettingsOf, judgeIpCapacity, podIps, poolPodIps, type IpVerdict } from '../model/ipCapacity';
import { describePool, isDeclaredInFile, maxPodsOf, type Pool } from '../model/pools';
import type { Finding } from '../types';
import { atDesired, describeContributors, overcommitSummary, shortTypes } from './capacityMessage';
import { anchorOf, demandAnchorOf, knownTypesOf, poolRelated, poolUsers, workloadFinding } from './findingParts';
import type { Rule } from './rule';
import { capitalize, plural } from '../text';

export const ipCapacity: Rule = {
  id: 'ip-capacity',
  defaultSeverity: 'warning',
  summary: 'Pods that need a node IP exceed the IPs left once the trunk ENI (security groups for pods) or custom networking take ENI slots, although max pods allows them.',
  help:
    'With security groups for pods on, the trunk ENI takes one ENI slot of the default card, so ordinary pods get (E−1)×(I−1) IPs ' +
    '(×16 with prefix delegation); custom networking takes the primary ENI away as well. Published max pods does not subtract either, ' +
    'so pods beyond the IPs stay in ContainerCreating. Custom networking + security groups for pods on a type with 2 ENIs leaves no ' +
    'slot for the trunk at all (reported as an error). Use a larger type, more nodes, prefix delegation, or set maxPods to the IP ceiling.',
  check(ctx) {
    const { model } = ctx;
    const findings: Finding[] = [];
    const cn = model.cni.customNetworking.value;
    const sgp = model.securityGroupsForPods.value;
    findings.push(...maxPodsAboveCeiling(model, this.id), ...karpenterMaxPodsOverestimate(model));
    if (!cn && !sgp) return findings;

    const noSlot = new Set<WorkloadModel>();
    const blockedOf = noTrunkSlotPools(model);
    for (const w of model.workloads) {
      if (w.placement.kind !== 'pools' || w.pods <= 0) continue;
      const blocked = blockedOf(w.placement.pools);
      if (blocked.length === 0 || w.workload.template.hostNetwork || w.workload.template.windows) continue;
      noSlot.add(w);
      const typeNames = [...new Set(blocked.map((p) => poolPodIps(model, p)!.type))];
      const types = typeNames.join(', ');
      const message = `Custom networking + security groups for pods on ${shortTypes(typeNames)} (2 ENIs): ${w.branchEni.needed ? 'no trunk ENI, so no branch ENIs' : 'its pods get no IP address'}`;
      const detail = [
        `Custom networking and security groups for pods are both on, and ${types} has only 2 ENIs on its default network card: with the primary ENI kept from pods, the one slot left cannot hold both the trunk ENI and pod IPs.`,
        w.branchEni.needed ? 'Pods needing a branch ENI get none (no trunk ENI).' : 'Ordinary pods get no IP address.',
        `${capitalize(describeCniSetting(model.cni.customNetworking, 'custom networking'))}; ${describeCniSetting(model.securityGroupsForPods, 'security groups for pods')}.`,
        `Nodes: ${blocked.map((p) => describePool(p, model.config)).join('; ')}. Use a type with at least 3 ENIs (amazon-vpc-cni-k8s #2369).`,
      ].join(' ');
      findings.push(workloadFinding(this.id, 'error', w, anchorOf(w, blocked), { message, detail }, poolRelated(blocked, model.config)));
    }

    const verdict = judgeIpCapacity(model);
    for (const [w, overcommit] of verdict.overcommitOf) {
      if (noSlot.has(w) || ctx.podSlotVerdict.overcommitOf.has(w) || !w.needsNodeIp) continue;
      const reasons = [
        sgp ? describeCniSetting(model.securityGroupsForPods, 'security groups for pods') : '',
        cn ? describeCniSetting(model.cni.customNetworking, 'custom networking') : '',
      ]
        .filter(Boolean)
        .join('; ');
      const detail = [
        `Pods that need a node IP (no branch ENI, not hostNetwork): ${overcommit.demand} needed, but the nodes they can reach have ${overcommit.capacity} IPs for them: ${describeIps(model, verdict, overcommit.pools)}.`,
        `${capitalize(reasons)}.`,
        describeContributors(w, verdict, overcommit),
        `Max pods allows them, but ${plural(overcommit.demand - overcommit.capacity, 'pod')} will stay in ContainerCreating (no IP address to assign).`,
      ].join(' ');
      findings.push(
        workloadFinding(
          this.id,
          this.defaultSeverity,
          w,
          demandAnchorOf(w, overcommit.pools),
          { message: overcommitSummary(overcommit, 'node IPs', 'stay in ContainerCreating', ['has', 'have']), detail },
          poolRelated(overcommit.pools, model.config),
        ),
      );
    }
    return findings;
  },
};

/** The pools of an array whose type leaves no ENI slot for the trunk, asked once per distinct array. */
function noTrunkSlotPools(model: ClusterModel): (pools: Pool[]) => Pool[] {
  const blockedPool = new Map(model.pools.map((p) => [p, poolPodIps(model, p)?.noTrunkSlot === true]));
  const blockedOf = new Map<Pool[], Pool[]>();
  return (pools) => {
    let blocked = blockedOf.get(pools);
    if (!blocked) blockedOf.set(pools, (blocked = pools.filter((p) => blockedPool.get(p) ?? poolPodIps(model, p)?.noTrunkSlot)));
    return blocked;
  };
}

function describeIps(model: ClusterModel, verdict: IpVerdict, pools: Pool[]): string {
  return pools
    .map((p) => {
      const ips = poolPodIps(model, p)!;
      const atMax = p.maxNodes !== undefined ? `; at maxSize ${p.maxNodes} the pool would have ${p.maxNodes * verdict.perNode(p)}` : atDesired(p, verdict.perNode(p), 'has');
      return `${describePool(p, model.config)} with ${ips.ips} each (${ips.type}: ${ips.basis}; max pods ${model.capacity.get(p)!.maxPods})${atMax}`;
    })
    .join('; ');
}

function maxPodsAboveCeiling(model: ClusterModel, rule: Finding['rule']): Finding[] {
  const out: Finding[] = [];
  for (const pool of model.pools) {
    if (pool.maxPodsOverride === undefined || !isDeclaredInFile(pool) || !pool.maxPodsRange) continue;
    const ips = poolPodIps(model, pool);
    if (!ips || pool.maxPodsOverride <= ips.maxPodsEquivalent) continue;
    const file = pool.maxPodsFile ?? pool.file;
    out.push({
      rule,
      severity: 'warning',
      file,
      range: pool.maxPodsRange,
      message: `${pool.maxPodsSource ?? `maxPods ${pool.maxPodsOverride}`} exceeds the ${ips.maxPodsEquivalent} pods ${ips.type} has IPs for: the rest get none`,
      detail:
        `${pool.maxPodsSource ?? `maxPods ${pool.maxPodsOverride}`} is above what the IPs of ${ips.type} can serve: ${ips.basis}, + 2 host-network pods = ${ips.maxPodsEquivalent}. ` +
        `The kubelet admits pods beyond ${ips.maxPodsEquivalent}, and they stay in ContainerCreating without an IP address (karpenter-provider-aws #3903). ` +
        `Pool: ${describePool(pool, model.config)}.`,
      related: [],
      // A value inside a bootstrap script has no range of its own to edit.
      fixes: pool.maxPodsInScript
        ? []
        : [{ title: `Set maxPods to ${ips.maxPodsEquivalent}`, edits: [{ file, range: pool.maxPodsRange, newText: String(ips.maxPodsEquivalent) }], preferred: true }],
    });
  }
  return out;
}

/**
 * Karpenter gives a node max pods by its own ENI figure; with security groups for pods the trunk ENI takes a
 * slot, so unless RESERVED_ENIS says so the figure can exceed the IPs left. Reported only where it does:
 * with prefix delegation the IPs left are far above Karpenter's figure.
 */
function karpenterMaxPodsOverestimate(model: ClusterModel): Finding[] {
  const findings: Finding[] = [];
  if (!model.securityGroupsForPods.value || model.cni.ipv6.value || !model.pools.some((p) => p.elastic)) return findings;
  const settings = ipSettingsOf(model);
  for (const pool of model.pools) {
    if (!pool.elastic || pool.karpenterReservedEnis === undefined || pool.maxPodsOverride !== undefined || !pool.file || !pool.nameRange) continue;
    const sgPods = poolUsers(model, pool, (w) => w.branchEni.needed);
    if (sgPods.length === 0) continue;
    const reserved = pool.karpenterReservedEnis;
    const example = knownTypesOf(model, pool)
      .filter((t) => t.trunking)
      .sort((a, b) => podIps(a, settings).ips - podIps(b, settings).ips)
      .find((t) => maxPodsOf(pool, t, settings.prefixDelegation).value > podIps(t, settings).maxPodsEquivalent);
    if (!example) continue;
    const figure = maxPodsOf(pool, example, settings.prefixDelegation);
    const ips = podIps(example, settings);
    const fix = reserved < 1 ? 'Set RESERVED_ENIS=1 (Helm: settings.reservedENIs: "1"), or kubelet.maxPods in the EC2NodeClass.' : 'Set kubelet.maxPods in the EC2NodeClass.';
    const message = `Karpenter expects ${example.name} to hold ${figure.value} pods; with the trunk ENI its IPs serve ${ips.maxPodsEquivalent}: pods past it get no IP`;
    const detail =
      `${capitalize(describeCniSetting(model.securityGroupsForPods, 'security groups for pods'))}, and pods needing a branch ENI land on this NodePool ` +
      `(${sgPods.map((w) => describeObject(w.workload.object)).join(', ')}). The trunk ENI takes one ENI slot, but Karpenter computes max pods from ` +
      `${reserved > 0 ? `every ENI but ${reserved} (RESERVED_ENIS=${reserved})` : 'every ENI unless its controller runs with RESERVED_ENIS=1'}: it expects ${example.name} to hold ${figure.value} pods ` +
      `(${figure.basis}) where the IPs left serve ${ips.maxPodsEquivalent} (${ips.basis}, + 2 host-network pods), ` +
      `so it packs nodes with pods that stay in ContainerCreating. ${fix}`;
    findings.push({ rule: 'ip-capacity', severity: 'warning', file: pool.file, range: pool.nameRange, message, detail, related: [], fixes: [], object: poolObject(model, pool) });
  }
  return findings;
}

function poolObject(model: ClusterModel, pool: Pool) {
  const o = model.objects.find((x) => x.kind === 'NodePool' && x.name === pool.name && x.file === pool.file);
  return o && refOf(o);
}
