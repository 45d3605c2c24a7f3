import { describeObject } from '../k8s/objects';
import { POD_ENI_RESOURCE } from '../k8s/workloads';
import { podEniSwitchedOff, type ClusterModel } from '../model/cluster';
import type { Finding } from '../types';
import { describeContributors, overcommitHeadline, overcommitSummary, PREFIX_DELEGATION_NOTE, settingSource, whyBranchEni } from './capacityMessage';
import { untoleratedNote, anchorOf, demandAnchorOf, knownTypesOf, policyRelated, poolNameRelated, poolRelated, poolUsers, workloadFinding } from './findingParts';
import { resizeFixes } from './resizeFixes';
import type { Rule } from './rule';

export const branchEniCapacity: Rule = {
  id: 'branch-eni-capacity',
  defaultSeverity: 'error',
  summary: 'Pods that need a branch ENI (security groups for pods) exceed the branch ENIs of the nodes they can reach.',
  help:
    'Each pod matched by a SecurityGroupPolicy gets its own branch ENI, and each instance type holds a fixed number ' +
    `(advertised as ${POD_ENI_RESOURCE}). Pods beyond it stay Pending with "Insufficient ${POD_ENI_RESOURCE}". ` +
    'Use a larger instance type, more nodes, or fewer replicas. Prefix delegation does not help.',
  check(ctx) {
    const { model, branchEniVerdict: verdict } = ctx;
    const findings = [];
    for (const [w, overcommit] of verdict.overcommitOf) {
      const detail = [
        overcommitHeadline(model, verdict, overcommit, `Pods needing a branch ENI (${POD_ENI_RESOURCE})`),
        describeContributors(w, verdict, overcommit),
        whyBranchEni(w),
        untoleratedNote(model, w),
        model.config.prefixDelegation ? `${PREFIX_DELEGATION_NOTE}${settingSource(model.cni.prefixDelegation)}` : '',
        `${overcommit.demand - overcommit.capacity} will stay Pending with "Insufficient ${POD_ENI_RESOURCE}".`,
      ]
        .filter(Boolean)
        .join(' ');
      findings.push(
        workloadFinding(
          this.id,
          this.defaultSeverity,
          w,
          demandAnchorOf(w, overcommit.pools),
          { message: overcommitSummary(overcommit, 'branch ENIs', 'stay Pending'), detail },
          [...policyRelated(w.branchEni.policies), ...poolRelated(overcommit.pools, model.config)],
          resizeFixes(ctx, w, overcommit, 'branchEnis'),
        ),
      );
    }
    findings.push(...daemonSetBranchEnisPerNode(model));
    return findings;
  },
};

/**
 * Karpenter NodePools are elastic, so their branch ENIs are judged per node: the DaemonSet pods needing one
 * that every node carries, against the smallest type the pool may launch.
 */
function daemonSetBranchEnisPerNode(model: ClusterModel): Finding[] {
  const findings: Finding[] = [];
  if (podEniSwitchedOff(model)) return findings;
  for (const pool of model.pools) {
    if (!pool.elastic || pool.autoMode) continue;
    const types = knownTypesOf(model, pool);
    if (!types.some((t) => t.trunking)) continue; // branch-eni-unsupported reports it
    const daemonSets = poolUsers(model, pool, (w) => w.workload.kind === 'DaemonSet' && w.branchEni.needed);
    if (daemonSets.length === 0) continue;
    const smallest = types.reduce((a, b) => (b.branchEnis < a.branchEnis ? b : a));
    if (smallest.branchEnis >= daemonSets.length) continue;
    const names = daemonSets.map((w) => describeObject(w.workload.object)).join(', ');
    for (const w of daemonSets) {
      const message = `NodePool ${pool.name} may launch ${smallest.name} (${smallest.branchEnis} branch ENIs), but each node's DaemonSets need ${daemonSets.length}: some stay Pending`;
      const detail =
        `Every node of Karpenter NodePool '${pool.name}' carries ${daemonSets.length} DaemonSet pod${daemonSets.length > 1 ? 's' : ''} that need a branch ENI (${names}), ` +
        `but the pool may launch ${smallest.name}, which holds ${smallest.branchEnis} (${smallest.trunking ? 'its branch ENIs' : 'no trunking'}). ` +
        `Karpenter sizes nodes from the DaemonSets' pod templates, which carry no ${POD_ENI_RESOURCE} request (the resource controller's webhook adds it when a pod is created), ` +
        `so it does not avoid such types: DaemonSet pods stay Pending with "Insufficient ${POD_ENI_RESOURCE}" on them. ` +
        `Narrow the NodePool's requirements to types with at least ${daemonSets.length} branch ENIs.`;
      findings.push(
        workloadFinding(
          'branch-eni-capacity',
          'error',
          w,
          anchorOf(w, [pool]),
          { message, detail },
          poolNameRelated(pool, `Karpenter NodePool '${pool.name}' may launch ${smallest.name}`),
        ),
      );
    }
  }
  return findings;
}
