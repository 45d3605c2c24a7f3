import { describeCniSetting } from '../k8s/cniSettings';
import { describeObject } from '../k8s/objects';
import { POD_ENI_RESOURCE } from '../k8s/workloads';
import { podEniSwitchedOff } from '../model/cluster';
import type { Finding, RelatedInfo } from '../types';
import { podsNeed } from './capacityMessage';
import { anchorOf, policyRelated, workloadFinding } from './findingParts';
import { capitalize, plural } from '../text';
import type { Rule } from './rule';

export const securityGroupsForPodsDisabled: Rule = {
  id: 'security-groups-for-pods-disabled',
  defaultSeverity: 'error',
  summary: `Security groups for pods is switched off (ENABLE_POD_ENI false), yet pods need a branch ENI: they stay Pending.`,
  help:
    `The VPC resource controller's webhook adds the ${POD_ENI_RESOURCE} request to every Linux pod a SecurityGroupPolicy selects, whatever the CNI's ` +
    `ENABLE_POD_ENI says; nodes advertise that resource only with ENABLE_POD_ENI=true. Turn it on (aws-node env, the vpc-cni add-on's ` +
    'configurationValues or securityGroupsForPods in .eni-lens.yaml must agree with the cluster), or remove the policy.',
  check(ctx) {
    const { model } = ctx;
    const findings: Finding[] = [];
    if (!podEniSwitchedOff(model)) return findings;
    const setting = model.securityGroupsForPods;
    for (const w of model.workloads) {
      if (!w.branchEni.needed || w.pods <= 0 || w.placement.kind === 'fargate') continue;
      const why =
        w.branchEni.policies.length > 0
          ? `${w.branchEni.policies.map((p) => describeObject(p.object)).join(', ')} ${w.branchEni.policies.length > 1 ? 'select' : 'selects'} this ${w.workload.kind}'s pods`
          : `this ${w.workload.kind}'s pods request ${POD_ENI_RESOURCE} themselves`;
      const pods = w.workload.kind === 'DaemonSet' ? 'its pods on every node' : `all ${plural(w.pods, 'pod')} (${w.podsSource})`;
      const message = `Security groups for pods is off (ENABLE_POD_ENI), yet ${podsNeed(w)} branch ENIs: they stay Pending`;
      const detail =
        `${capitalize(describeCniSetting(setting, 'security groups for pods'))}, but ${why}: the VPC resource controller's webhook still adds a ` +
        `${POD_ENI_RESOURCE} request (it does not read ENABLE_POD_ENI), and no node advertises that resource, so ${pods} stay Pending ` +
        `("Insufficient ${POD_ENI_RESOURCE}"). Set ENABLE_POD_ENI=true, or remove the policy.`;
      const related: RelatedInfo[] = [];
      if (setting.file && setting.range) related.push({ file: setting.file, range: setting.range, message: `security groups for pods is switched off here (${setting.source})` });
      related.push(...policyRelated(w.branchEni.policies));
      findings.push(workloadFinding(this.id, this.defaultSeverity, w, anchorOf(w), { message, detail }, related));
    }
    return findings;
  },
};
