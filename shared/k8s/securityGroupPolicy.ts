// SecurityGroupPolicy (vpcresources.k8s.aws/v1beta1) and ServiceAccounts, as the resource controller reads them.
import type { Range } from '../types';
import { describeSelector, readLabelSelector, selectorMatches, type LabelSelector } from './labelSelector';
import type { KubeObject } from './objects';

export interface SecurityGroupPolicy {
  object: KubeObject;
  podSelector?: LabelSelector;
  serviceAccountSelector?: LabelSelector;
  groupIds: string[];
  groupIdsRange?: Range;
  /** Why the controller ignores this policy, when it does. */
  ignoredBecause?: string;
}

export function isSecurityGroupPolicy(o: KubeObject): boolean {
  return o.kind === 'SecurityGroupPolicy' && o.apiVersion.startsWith('vpcresources.k8s.aws/');
}

export function readSecurityGroupPolicy(o: KubeObject): SecurityGroupPolicy {
  const r = o.reader;
  const spec = r.get(o.root, 'spec');
  const podSelector = readLabelSelector(r, r.get(spec, 'podSelector'));
  const serviceAccountSelector = readLabelSelector(r, r.get(spec, 'serviceAccountSelector'));
  const groupIdsNode = r.at(spec, 'securityGroups', 'groupIds');
  const groupIds = r
    .items(groupIdsNode)
    .map((n) => r.string(n))
    .filter((s): s is string => !!s);
  const policy: SecurityGroupPolicy = { object: o, podSelector, serviceAccountSelector, groupIds, groupIdsRange: r.range(groupIdsNode) };
  if (!podSelector && !serviceAccountSelector) policy.ignoredBecause = 'it has neither podSelector nor serviceAccountSelector';
  else if (groupIds.length === 0) policy.ignoredBecause = 'it lists no securityGroups.groupIds';
  else if (podSelector?.invalid) policy.ignoredBecause = `its podSelector is invalid (${podSelector.invalid})`;
  else if (serviceAccountSelector?.invalid) policy.ignoredBecause = `its serviceAccountSelector is invalid (${serviceAccountSelector.invalid})`;
  return policy;
}

/**
 * Does the policy select a pod? Same namespace only; every selector present must match; the service
 * account selector reads the labels of the pod's ServiceAccount object (none known → no labels).
 */
export function policyMatchesPod(
  policy: SecurityGroupPolicy,
  podNamespace: string,
  podLabels: ReadonlyMap<string, string>,
  serviceAccountLabels: ReadonlyMap<string, string>,
): boolean {
  if (policy.ignoredBecause || policy.object.namespace !== podNamespace) return false;
  if (policy.podSelector && !selectorMatches(policy.podSelector, podLabels)) return false;
  if (policy.serviceAccountSelector && !selectorMatches(policy.serviceAccountSelector, serviceAccountLabels)) return false;
  return true;
}

export function describePolicySelectors(policy: SecurityGroupPolicy): string {
  const parts: string[] = [];
  if (policy.podSelector) parts.push(`pods ${describeSelector(policy.podSelector)}`);
  if (policy.serviceAccountSelector) parts.push(`service accounts ${describeSelector(policy.serviceAccountSelector)}`);
  return parts.join(' and ');
}
