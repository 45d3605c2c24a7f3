import { POD_ENI_RESOURCE } from '../k8s/workloads';
import { describeContributors, overcommitHeadline, PREFIX_DELEGATION_NOTE, settingSource, whyBranchEni } from './capacityMessage';
import { demandAnchorOf, policyRelated, poolRelated, workloadFinding } from './findingParts';
import { daemonSetBranchEnisPerNode } from './karpenterPerNode';
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
    const { model, branchEnis: verdict } = ctx;
    const findings = [];
    for (const [w, overcommit] of verdict.overcommitOf) {
      const message = [
        overcommitHeadline(model, verdict, overcommit, `Pods needing a branch ENI (${POD_ENI_RESOURCE})`),
        describeContributors(w, verdict, overcommit),
        whyBranchEni(w),
        model.config.prefixDelegation ? `${PREFIX_DELEGATION_NOTE}${settingSource(model.cni.prefixDelegation)}` : '',
        `${overcommit.demand - overcommit.capacity} will stay Pending with "Insufficient ${POD_ENI_RESOURCE}".`,
      ].filter(Boolean).join(' ');
      findings.push(
        workloadFinding(this.id, this.defaultSeverity, w, demandAnchorOf(w, overcommit.pools), message,
          [...policyRelated(w.branchEni.policies), ...poolRelated(overcommit.pools, model.config)],
          resizeFixes(ctx, w, overcommit, 'branchEnis')),
      );
    }
    findings.push(...daemonSetBranchEnisPerNode(model));
    return findings;
  },
};
