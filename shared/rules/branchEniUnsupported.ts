import type { Finding, Fix } from '../types';
import type { InstanceType } from '../instances';
import type { Pool } from '../model/pools';
import type { WorkloadModel } from '../model/cluster';
import { refusedByTaint } from '../model/poolAccess';
import { tolerationFix } from './tolerationFix';
import { POD_ENI_RESOURCE } from '../k8s/workloads';
import { podEniSwitchedOff } from '../model/cluster';
import { describePool, hostsTrunk } from '../model/pools';
import { podsNeed, shortTypes, whyBranchEni } from './capacityMessage';
import { untoleratedNote, anchorOf, policyRelated, poolRelated, workloadFinding } from './findingParts';
import type { Rule } from './rule';

export const branchEniUnsupported: Rule = {
  id: 'branch-eni-unsupported',
  defaultSeverity: 'error',
  summary: 'Pods that need a branch ENI can only land on instance types without trunking or EKS Auto Mode nodes (no security groups for pods).',
  help:
    'Security groups for pods need a trunk ENI. Xen types (m4, c4, r4, …), t3/t3a/t4g and a few others cannot host one, ' +
    `so the resource controller advertises no ${POD_ENI_RESOURCE} on them. Pin a Nitro type with trunking, such as m5 or r6g.`,
  check(ctx) {
    const { model } = ctx;
    const findings: Finding[] = [];
    if (podEniSwitchedOff(model)) return findings; // security-groups-for-pods-disabled says why
    for (const w of model.workloads) {
      if (!w.branchEni.needed || w.placement.kind !== 'pools' || w.pods <= 0) continue;
      const pools = w.placement.pools;
      const types = pools.map((p) => model.capacity.get(p)!.type);
      if (types.some((t, i) => !t || hostsTrunk(pools[i], t))) continue;
      // Karpenter picks a type that offers the pod-eni resource when one is allowed.
      if (pools.some((p) => p.elastic && !p.autoMode && p.instanceTypes.some((n) => model.catalog.lookup(n)?.trunking))) continue;
      const autoMode = pools.filter((p) => p.autoMode);
      const names = [...new Set(pools.flatMap((p, i) => (p.elastic ? p.instanceTypes : [types[i]!.name])))];
      const summary = shortSummary(w, names, autoMode, pools.length, unknownBranchOf(types));
      if (names.length > 6) names.splice(5, names.length - 5, `… (${names.length} types)`);
      const unknownBranch = unknownBranchOf(types);
      const where =
        autoMode.length === pools.length
          ? `they can only land on ${autoMode.map((p) => `EKS Auto Mode NodePool '${p.name}'`).join(', ')}, and EKS Auto Mode does not support security groups for pods`
          : `they can only land on ${names.join(', ')}, which cannot host a trunk ENI${autoMode.length > 0 ? ` (EKS Auto Mode NodePool${autoMode.length > 1 ? 's' : ''} ${autoMode.map((p) => `'${p.name}'`).join(', ')}: Auto Mode does not support security groups for pods)` : ''}`;
      const detail = [
        `This ${w.workload.kind}'s pods need a branch ENI (${POD_ENI_RESOURCE}), but ${where}: no pod will start ("Insufficient ${POD_ENI_RESOURCE}").`,
        unknownBranch.length > 0
          ? `The branch ENIs of ${unknownBranch.join(', ')} are not in ENI Lens's data (only its published max pods are), so it is treated as without trunking; if it has them, add its figures with \`eni-lens data import\` and \`instanceData\`.`
          : '',
        whyBranchEni(w),
        untoleratedNote(model, w),
        `Nodes: ${pools.map((p) => describePool(p, model.config)).join('; ')}.`,
      ]
        .filter(Boolean)
        .join(' ');
      // A tainted pool with trunking the pods would reach if they tolerated it: offer the toleration.
      const fixes = refusedByTaint(w.workload.template, model.pools, model.catalog)
        .filter((r) => model.capacity.get(r.pool)?.branchEnis)
        .map((r) => tolerationFix(w, r.pool, model.catalog))
        .filter((f): f is Fix => f !== undefined);
      findings.push(
        workloadFinding(
          this.id,
          this.defaultSeverity,
          w,
          anchorOf(w, pools),
          { message: summary, detail },
          [...policyRelated(w.branchEni.policies), ...poolRelated(pools, model.config)],
          fixes,
        ),
      );
    }
    return findings;
  },
};

/** Types only their published max pods are known of: treated as without trunking. */
function unknownBranchOf(types: (InstanceType | undefined)[]): string[] {
  return [...new Set(types.filter((t) => t!.maxPodsOnly !== undefined).map((t) => t!.name))];
}

/** "2 pods need branch ENIs, but t3.large cannot host a trunk ENI: none will start". */
function shortSummary(w: WorkloadModel, names: string[], autoMode: Pool[], poolCount: number, unknownBranch: string[]): string {
  const need = `${podsNeed(w)} branch ENIs`;
  if (autoMode.length === poolCount) {
    const where = autoMode.length === 1 ? `Auto Mode NodePool ${autoMode[0].name} has` : `${autoMode.length} Auto Mode NodePools have`;
    return `${need}, but ${where} no security groups for pods: none will start`;
  }
  const why = unknownBranch.length > 0 ? "has no trunking in ENI Lens's data" : 'cannot host a trunk ENI';
  return `${need}, but ${shortTypes(names)}${autoMode.length > 0 ? ' (or EKS Auto Mode)' : ''} ${why}: none will start`;
}
