import { describeObject } from '../k8s/objects';
import { workloadFinding } from './findingParts';
import type { Rule } from './rule';

export const securityGroupsPerEni: Rule = {
  id: 'security-groups-per-eni',
  defaultSeverity: 'error',
  summary: "The union of the matching policies' security groups exceeds the security groups allowed per ENI.",
  help:
    'A pod matched by several SecurityGroupPolicies gets the union of their groupIds on its branch ENI. Above the VPC quota ' +
    '"security groups per network interface" (default 5; set securityGroupsPerEni) the branch ENI cannot be created and the pod fails.',
  check(ctx) {
    const limit = ctx.model.config.securityGroupsPerEni;
    const findings = [];
    for (const w of ctx.model.workloads) {
      if (!w.branchEni.needed || w.branchEni.policies.length === 0) continue;
      let listed = 0;
      for (const p of w.branchEni.policies) listed += p.groupIds.length;
      if (listed <= limit) continue; // the union is no larger
      const groups = new Set(w.branchEni.policies.flatMap((p) => p.groupIds));
      if (groups.size <= limit) continue;
      const policies = w.branchEni.policies;
      const message = `Its pods get ${groups.size} security groups on their branch ENI, above the ${limit} allowed per ENI: they fail to start`;
      const detail =
        `This ${w.workload.kind}'s pods get ${groups.size} security groups on their branch ENI, above the ${limit} allowed per ENI ` +
        `(securityGroupsPerEni): ${policies.map((p) => `${describeObject(p.object)} adds ${p.groupIds.length}`).join(', ')}. ` +
        'The VPC resource controller cannot create the branch ENI, so the pods fail to start.';
      const related = policies.map((p) => ({
        file: p.object.file,
        range: p.groupIdsRange ?? p.object.nameRange,
        message: `${describeObject(p.object)}: ${p.groupIds.join(', ')}`,
      }));
      findings.push(workloadFinding(this.id, this.defaultSeverity, w, { file: w.workload.object.file, range: w.workload.object.nameRange }, { message, detail }, related));
    }
    return findings;
  },
};
