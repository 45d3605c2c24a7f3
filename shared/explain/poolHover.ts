// The hover on a node pool's name (.eni-lens.yaml pool, eksctl node group, Karpenter NodePool): what one
// node and the whole pool hold, where the CNI settings behind those figures came from, and the demand on it.
import { clusterScoped, type Analysis } from '../engine';
import { escapeMarkdown as md } from '../escape';
import { describeCniSetting } from '../k8s/cniSettings';
import { describeObject } from '../k8s/objects';
import type { DemandVerdict } from '../model/capacity';
import { judgeIpCapacity, poolPodIps, type PodIps } from '../model/ipCapacity';
import { describePool, isUnbounded, isWindowsPool, type NodeCapacity, type Pool } from '../model/pools';
import { describeTaint } from '../k8s/taints';
import { baseName } from '../text';

export function poolMarkdown(whole: Analysis, pool: Pool): string {
  // Of several clusters, the pool's own judges it (a pool no ClusterConfig owns: the first it is in).
  const own = whole.clusters?.find((c) => c.name === pool.cluster) ?? whole.clusters?.find((c) => c.model.pools.includes(pool));
  const analysis = own ? clusterScoped(whole, own) : whole;
  const { model } = analysis;
  const cap = model.capacity.get(pool);
  const onCluster = own ? ` · cluster ${md(own.name)}` : '';
  const head =
    pool.origin === 'implicit'
      ? `**${md(describePool(pool, model.config))}**${onCluster}`
      : `**${md(pool.declaredAs ?? 'node pool')} '${md(pool.name)}'**${pool.file ? ` · ${md(baseName(pool.file))}` : ''}${onCluster}`;
  if (!cap?.type) {
    const unknown = cap?.unknownTypes.join(', ') || pool.instanceTypes.join(', ');
    return `${head}\n\nNot judged: ${md(unknown)} ${cap && cap.unknownTypes.length > 1 ? 'are' : 'is'} not in ${model.catalog.description}.`;
  }
  const ips = poolPodIps(model, pool);
  const several = pool.instanceTypes.length > 1;
  const rows: [string, string][] = [
    ['Nodes', md(nodesCell(pool, cap))],
    [
      'Branch ENIs per node',
      `${cap.branchEnis}${several ? ` (${md(cap.type.name)}, the fewest of its types)` : ''}${pool.autoMode ? ' (EKS Auto Mode: no security groups for pods)' : cap.type.trunking ? '' : cap.type.maxPodsOnly !== undefined ? " (not in ENI Lens's data: treated as no trunking)" : ' (no trunking)'}`,
    ],
    ['Max pods per node', `${cap.maxPods} (${md(cap.maxPodsBasis)})`],
    [
      'Pod slots per node for the repository',
      `${cap.podSlots}${cap.systemPods.count > 0 ? ` (${cap.systemPods.count} taken by ${md(cap.systemPods.basis)})` : cap.systemPods.basis ? ` (${md(cap.systemPods.basis)})` : ''}`,
    ],
    ...(pool.karpenterReservedEnis !== undefined && ips ? [karpenterVsIps(cap.maxPods, ips)] : []),
    [
      'IPs for ordinary pods per node',
      ips ? `${ips.ips} (${md(ips.type)}: ${md(ips.basis)})` : model.cni.ipv6.value ? `not a limit: IPv6 (${md(model.cni.ipv6.source)})` : 'not known',
    ],
  ];
  if (pool.taints && pool.taints.length > 0) {
    rows.push([
      'Taints',
      `${pool.taints.map((t) => `\`${describeTaint(t)}\``).join(', ')} (pods without a matching toleration do not land here${pool.taints.some((t) => t.effect === 'PreferNoSchedule') ? '; PreferNoSchedule only discourages' : ''})`,
    ]);
  }
  if (isWindowsPool(pool)) rows.push(['OS', 'Windows: no branch ENIs (security groups for pods are Linux-only); Linux pods do not run here']);
  if (!pool.elastic) {
    rows.push([
      'Whole pool',
      `${analysis.branchEniVerdict.capacityOf(pool)} branch ENIs · ${analysis.podSlotVerdict.capacityOf(pool)} pod slots${ips ? ` · ${pool.nodes * ips.ips} IPs for ordinary pods` : ''}`,
    ]);
  }
  const cni = model.cni;
  const lines = [
    head,
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    '',
    `VPC CNI: ${md(describeCniSetting(model.securityGroupsForPods, 'security groups for pods'))}; ${md(describeCniSetting(cni.prefixDelegation, 'prefix delegation'))}; ` +
      `${md(describeCniSetting(cni.customNetworking, 'custom networking'))}.`,
  ];
  const ipVerdict = ips ? judgeIpCapacity(model) : undefined;
  const verdicts: [string, DemandVerdict | undefined][] = [
    ['Branch ENIs', analysis.branchEniVerdict],
    ['Pod slots', analysis.podSlotVerdict],
    ['IPs for ordinary pods', ipVerdict],
  ];
  for (const [label, verdict] of verdicts) {
    if (!verdict) continue;
    const users = [...verdict.demandsOf].filter(([, ds]) => ds.some((d) => d.pools.includes(pool)));
    if (users.length === 0) continue;
    const wanted = users.reduce((n, [, ds]) => n + ds.filter((d) => d.pools.includes(pool)).reduce((m, d) => m + d.pods, 0), 0);
    const gives = !pool.elastic
      ? String(verdict.capacityOf(pool))
      : isUnbounded(pool)
        ? `${verdict.perNode(pool)} per node, on as many nodes as needed`
        : `${verdict.perNode(pool)} per node, at most ${verdict.capacityOf(pool)} within ${pool.cpuLimit!.text}`;
    lines.push(
      '',
      `${label}: the pool gives ${gives}; workloads that can land here want ${wanted}${users.some(([w]) => verdict.overcommitOf.has(w)) ? ' (overcommitted)' : ''}:`,
      ...users.map(([w]) => `- ${md(describeObject(w.workload.object))}`),
    );
  }
  return lines.join('\n');
}

function nodesCell(pool: Pool, cap: NodeCapacity | undefined): string {
  const types = pool.instanceTypes;
  const typeText = types.length <= 3 ? types.join(', ') : `${types.length} instance types, e.g. ${types.slice(0, 3).join(', ')}`;
  if (pool.elastic) {
    const limit = cap?.limited && pool.cpuLimit ? `, at most ${cap.limited.nodes} within ${pool.cpuLimit.text}` : '';
    return `elastic (Karpenter launches them as pods need${limit}) · ${typeText}`;
  }
  const basis = pool.nodesBasis ? ` (${pool.nodesBasis})` : '';
  const max = pool.maxNodes !== undefined ? `; up to ${pool.maxNodes} at maxSize` : pool.desired ? `; ${pool.desired.nodes} at its desired size (${pool.desired.basis})` : '';
  return `${pool.nodes} × ${typeText}${basis}${max}`;
}

/** Karpenter's max pods beside what the node's IPs really serve: they part with the trunk ENI, custom networking or prefix delegation. */
function karpenterVsIps(maxPods: number, ips: PodIps): [string, string] {
  const verdict = maxPods > ips.maxPodsEquivalent ? 'Karpenter packs more pods than get an IP' : 'every pod Karpenter packs gets an IP';
  return ["Max pods: Karpenter's · the node's IPs", `${maxPods} · ${ips.maxPodsEquivalent} (${md(ips.type)}: ${ips.ips} IPs + 2 host-network pods): ${verdict}`];
}
