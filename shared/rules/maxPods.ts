import { describeCniSetting } from '../k8s/cniSettings';
import { describeContributors, overcommitHeadline, overcommitSummary } from './capacityMessage';
import { untoleratedNote, demandAnchorOf, poolRelated, workloadFinding } from './findingParts';
import { resizeFixes } from './resizeFixes';
import type { Rule } from './rule';
import { capitalize } from '../text';

export const maxPods: Rule = {
  id: 'max-pods',
  defaultSeverity: 'error',
  summary: "Pods exceed the pod slots (kubelet maxPods from the VPC CNI's IP limits, less the system pods every node runs) of the nodes they can reach.",
  help:
    'Max pods follows from ENIs × IPv4 addresses per ENI on the default network card (secondary-IP mode), or ×16 with ' +
    'prefix delegation (capped at 110/250); its + 2 are aws-node and kube-proxy, which every node runs (systemPodsPerNode for more). ' +
    'Pods beyond it stay Pending ("Too many pods"). Use a larger type, more nodes, or prefix delegation.',
  check(ctx) {
    const { model, podSlotVerdict: verdict } = ctx;
    const findings = [];
    for (const [w, overcommit] of verdict.overcommitOf) {
      const detail = [
        overcommitHeadline(model, verdict, overcommit, 'Pods'),
        describeContributors(w, verdict, overcommit),
        untoleratedNote(model, w),
        model.cni.prefixDelegation.source !== 'default' ? `${capitalize(describeCniSetting(model.cni.prefixDelegation, 'prefix delegation'))}.` : '',
        `${overcommit.demand - overcommit.capacity} will stay Pending ("Too many pods").`,
      ]
        .filter(Boolean)
        .join(' ');
      findings.push(
        workloadFinding(
          this.id,
          this.defaultSeverity,
          w,
          demandAnchorOf(w, overcommit.pools),
          { message: overcommitSummary(overcommit, 'pod slots', 'stay Pending'), detail },
          poolRelated(overcommit.pools, model.config),
          resizeFixes(ctx, w, overcommit, 'pods'),
        ),
      );
    }
    return findings;
  },
};
