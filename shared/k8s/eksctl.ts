// eksctl `ClusterConfig` (eksctl.io/v1alpha5): its vpc-cni add-on's configurationValues carry VPC CNI
// settings; model/eksctlPools.ts turns its node groups into node pools. Shapes follow eksctl's schema;
// wrong shapes read as absent.
import { parse } from 'yaml';
import type { Range } from '../types';
import type { KubeObject } from './objects';

/** eksctl's DefaultNodeType, used when a group names no instance type. */
export const EKSCTL_DEFAULT_INSTANCE_TYPE = 'm5.large';
/** eksctl's DefaultNodeCount, used when a group sets neither desiredCapacity nor minSize. */
export const EKSCTL_DEFAULT_NODE_COUNT = 2;

export const NODEGROUP_LABEL = 'eks.amazonaws.com/nodegroup';
export const EKSCTL_NODEGROUP_LABEL = 'alpha.eksctl.io/nodegroup-name';

export function isEksctlClusterConfig(o: KubeObject): boolean {
  return o.kind === 'ClusterConfig' && o.apiVersion.startsWith('eksctl.io/');
}

/** An env var of the vpc-cni add-on, as written in `addons[].configurationValues` (a JSON or YAML string). */
export interface AddonEnvValue {
  name: string;
  value: string;
  /** The configurationValues string: the value sits inside it. */
  range?: Range;
}

export function eksctlVpcCniEnv(o: KubeObject): AddonEnvValue[] {
  const r = o.reader;
  const out: AddonEnvValue[] = [];
  for (const addon of r.items(r.get(o.root, 'addons'))) {
    if (r.string(r.get(addon, 'name')) !== 'vpc-cni') continue;
    const node = r.get(addon, 'configurationValues');
    const text = r.strictString(node);
    if (!text) continue;
    let values: unknown;
    try {
      values = parse(text);
    } catch {
      continue;
    }
    const env = (values as { env?: unknown } | null)?.env;
    if (!env || typeof env !== 'object' || Array.isArray(env)) continue;
    for (const [name, value] of Object.entries(env as Record<string, unknown>)) {
      if (typeof value === 'string' || typeof value === 'boolean') out.push({ name, value: String(value), range: r.range(node) });
    }
  }
  return out;
}

/** `kubernetesNetworkConfig.ipFamily: IPv6` (eksctl compares it case-insensitively); undefined when not IPv6. */
export function eksctlIpv6(o: KubeObject): { range?: Range } | undefined {
  const node = o.reader.at(o.root, 'kubernetesNetworkConfig', 'ipFamily');
  return o.reader.string(node)?.trim().toLowerCase() === 'ipv6' ? { range: o.reader.range(node) } : undefined;
}
