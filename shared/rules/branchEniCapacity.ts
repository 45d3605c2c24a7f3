import type { CniSetting } from '../k8s/cniSettings';
import { describeObject } from '../k8s/objects';
import { POD_ENI_RESOURCE } from '../k8s/workloads';
import type { WorkloadModel } from '../model/cluster';
import { describeContributors, overcommitHeadline } from './capacityMessage';
import { untoleratedNote, anchorOf, policyRelated, poolRelated, workloadFinding } from './findingParts';
import { daemonSetBranchEnisPerNode } from './karpenterPerNode';
import { resizeFixes } from './resizeFixes';
import type { Rule } from './rule';

export const PREFIX_DELEGATION_NOTE =
  'Prefix delegation is on: it raises the IP addresses (max pods) of a node, not its branch ENIs.';

export const branchEniCapacity: Rule = {
  id: 'branch-eni-capacity',
  defaultSeverity: 'error',
  summary: 'Pods that need a branch ENI (security groups for pods) exceed the branch ENIs of the nodes they can reach.',
  help:
    'Each pod matched by a SecurityGroupPolicy gets its own branch ENI, and each instance type holds a fixed number ' +
    `(advertised as ${POD_ENI_RESOURCE}). Pods beyond it stay Pending with "Insufficient ${POD_ENI_RESOURCE}". ` +
    'Use a larger instance type, more nodes, or fewer replicas. Prefix delegation does not help.',
  check(ctx) {
    const { model, branchEnis: verdict } = ctx;
    const findings = [];
    for (const [w, overcommit] of verdict.overcommitOf) {
      const message = [
        overcommitHeadline(model, verdict, overcommit, `Pods needing a branch ENI (${POD_ENI_RESOURCE})`),
        describeContributors(w, verdict, overcommit),
        whyBranchEni(w),
        untoleratedNote(model, w),
        model.config.prefixDelegation ? `${PREFIX_DELEGATION_NOTE}${settingSource(model.cni.prefixDelegation)}` : '',
        `${overcommit.demand - overcommit.capacity} will stay Pending with "Insufficient ${POD_ENI_RESOURCE}".`,
      ].filter(Boolean).join(' ');
      findings.push(
        workloadFinding(this.id, this.defaultSeverity, w, anchorOf(w, overcommit.pools), message,
          [...policyRelated(w.branchEni.policies), ...poolRelated(overcommit.pools, model.config)],
          resizeFixes(ctx, w, overcommit, 'branchEnis')),
      );
    }
    findings.push(...daemonSetBranchEnisPerNode(model));
    return findings;
  },
};

/** " (Set by ENABLE_PREFIX_DELEGATION in DaemonSet kube-system/aws-node.)" — only when the manifests set it. */
export function settingSource(setting: CniSetting): string {
  return setting.source === 'default' || setting.source.endsWith('.eni-lens.yaml') ? '' : ` (Set by ${setting.source}.)`;
}

export function whyBranchEni(w: WorkloadModel): string {
  const policies = w.branchEni.policies.map((p) => describeObject(p.object));
  if (policies.length > 0) return `Its pods are selected by ${policies.join(', ')}.`;
  return w.branchEni.explicitRequest ? `Its pods request ${POD_ENI_RESOURCE} themselves.` : '';
}
