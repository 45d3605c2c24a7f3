// The VPC CNI settings the engine models, and where each came from: `.eni-lens.yaml` when it sets the key,
// else the `aws-node` DaemonSet's env (kube-system), else an eksctl ClusterConfig's vpc-cni add-on
// configurationValues, else the CNI's default (off).
import type { EniLensConfig } from '../config/config';
import type { Range } from '../types';
import { eksctlIpv6, eksctlVpcCniEnv, isEksctlClusterConfig } from './eksctl';
import type { KubeObject } from './objects';

export interface CniSetting {
  value: boolean;
  /** "ENABLE_PREFIX_DELEGATION in DaemonSet kube-system/aws-node", "prefixDelegation in .eni-lens.yaml", "default". */
  source: string;
  file?: string;
  range?: Range;
  /** Nothing states it; the value is inferred (security groups for pods from a policy that exists). */
  assumed?: boolean;
}

export interface CniSettings {
  prefixDelegation: CniSetting;
  /** ENABLE_POD_ENI: security groups for pods. */
  podEni: CniSetting;
  customNetworking: CniSetting;
  /** An IPv6 cluster: the VPC CNI assigns prefixes always (max pods by the prefix figure) and IPs do not run out. */
  ipv6: CniSetting;
}

type ConfigKey = 'prefixDelegation' | 'securityGroupsForPods' | 'customNetworking';
const SETTINGS: Array<[keyof CniSettings, ConfigKey, string]> = [
  ['prefixDelegation', 'prefixDelegation', 'ENABLE_PREFIX_DELEGATION'],
  ['podEni', 'securityGroupsForPods', 'ENABLE_POD_ENI'],
  ['customNetworking', 'customNetworking', 'AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG'],
];

interface EnvValue {
  value: string;
  source: string;
  file: string;
  range?: Range;
}

export function readCniSettings(objects: KubeObject[], config: EniLensConfig): CniSettings {
  const fromManifests = new Map<string, EnvValue>();
  const take = (name: string, v: EnvValue) => {
    if (!fromManifests.has(name)) fromManifests.set(name, v);
  };
  // The DaemonSet is what runs; an add-on's values are read only for variables it does not set.
  for (const o of objects) {
    if (o.kind !== 'DaemonSet' || o.name !== 'aws-node' || o.namespace !== 'kube-system') continue;
    for (const env of daemonSetEnv(o)) take(env.name, { ...env, source: `${env.name} in DaemonSet kube-system/aws-node`, file: o.file });
  }
  for (const o of objects) {
    if (!isEksctlClusterConfig(o)) continue;
    for (const env of eksctlVpcCniEnv(o)) {
      take(env.name, { ...env, source: `${env.name} in the vpc-cni add-on of eksctl ClusterConfig ${o.name}`, file: o.file });
    }
  }

  const settings = {} as CniSettings;
  for (const [field, configKey, envName] of SETTINGS) {
    const configured = config[configKey];
    const env = fromManifests.get(envName);
    if (config.setKeys?.has(configKey) && configured !== undefined) {
      settings[field] = { value: configured, source: `${configKey} in .eni-lens.yaml`, file: config.file, range: config.keyRanges?.get(configKey) };
    } else if (env) {
      settings[field] = { value: env.value.trim().toLowerCase() === 'true', source: env.source, file: env.file, range: env.range };
    } else {
      settings[field] = { value: configured ?? false, source: configured ? `${configKey} in .eni-lens.yaml` : 'default' };
    }
  }
  settings.ipv6 = { value: false, source: 'default' };
  for (const o of objects) {
    const ipv6 = isEksctlClusterConfig(o) ? eksctlIpv6(o) : undefined;
    if (!ipv6) continue;
    const source = `kubernetesNetworkConfig.ipFamily: IPv6 in eksctl ClusterConfig ${o.name}`;
    settings.ipv6 = { value: true, source, file: o.file, range: ipv6.range };
    // IPv6 pods get their addresses from a prefix on the node's ENI, whatever ENABLE_PREFIX_DELEGATION says.
    settings.prefixDelegation = { value: true, source: `IPv6 cluster, prefixes always: ${source}`, file: o.file, range: ipv6.range };
    break;
  }
  return settings;
}

function daemonSetEnv(o: KubeObject): Array<{ name: string; value: string; range?: Range }> {
  const r = o.reader;
  const out: Array<{ name: string; value: string; range?: Range }> = [];
  for (const container of r.items(r.at(o.root, 'spec', 'template', 'spec', 'containers'))) {
    for (const env of r.items(r.get(container, 'env'))) {
      const name = r.string(r.get(env, 'name'));
      const valueNode = r.get(env, 'value');
      const value = r.string(valueNode);
      if (name && value !== undefined) out.push({ name, value, range: r.range(valueNode) });
    }
  }
  return out;
}

/** Set explicitly (config, aws-node env, add-on values) rather than the CNI's default. */
export function isStated(setting: CniSetting): boolean {
  return setting.source !== 'default' && !setting.assumed;
}

/** "prefix delegation is on (ENABLE_PREFIX_DELEGATION in DaemonSet kube-system/aws-node)". */
export function describeCniSetting(setting: CniSetting, what: string): string {
  const state = setting.value ? 'on' : 'off';
  return setting.source === 'default' ? `${what} is ${state} (the VPC CNI's default)` : `${what} is ${state} (${setting.source})`;
}
