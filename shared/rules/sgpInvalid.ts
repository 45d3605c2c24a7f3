import { refOf } from '../k8s/objects';
import { shownPath } from '../kustomize/paths';
import type { Finding } from '../types';
import { renderedVia } from './findingParts';
import type { Rule } from './rule';
import { capitalize } from '../text';

export const sgpInvalid: Rule = {
  id: 'sgp-invalid',
  defaultSeverity: 'warning',
  summary: 'A SecurityGroupPolicy the VPC resource controller ignores: no selector, no group ids, or an invalid selector.',
  help:
    'The controller only applies a policy with a podSelector or a serviceAccountSelector (both must match when both are set) ' +
    "and at least one entry in securityGroups.groupIds. Pods you meant to protect get the node's security groups instead.",
  check(ctx) {
    const findings: Finding[] = [];
    for (const p of ctx.model.policies) {
      if (!p.ignoredBecause) continue;
      findings.push({
        rule: this.id,
        severity: this.defaultSeverity,
        file: p.object.file,
        range: p.object.nameRange,
        object: refOf(p.object),
        // The reason without its particulars ("its podSelector is invalid"); the detail gives them.
        message: `The VPC resource controller ignores this SecurityGroupPolicy: ${p.ignoredBecause.replace(/ \(.*$/, '')}${p.object.via ? ` (via ${renderedVia(p.object.via, p.object.file)})` : ''}`,
        detail: `${p.ignoredBecause.includes(' (') ? `${capitalize(p.ignoredBecause)}. ` : ''}No pod gets a branch ENI or these security groups from it.${p.object.via ? ` (Rendered through ${shownPath(p.object.via, p.object.file)}.)` : ''}`,
        related: [],
        fixes: [],
      });
    }
    return findings;
  },
};
