// Karpenter `NodePool` (karpenter.sh/v1) and `EC2NodeClass` (karpenter.k8s.aws/v1): the instance types a
// pool may launch follow from its requirements over the well-known labels. This file recognises the objects
// and the labels Karpenter puts on nodes; model/karpenterPools.ts turns NodePools into node pools.
import type { InstanceType, MaxPods } from '../instances';
import { INSTANCE_TYPE_LABELS } from './nodeConstraints';
import type { KubeObject } from './objects';

export const NODEPOOL_LABEL = 'karpenter.sh/nodepool';
export const REQUIREMENT_OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']);

export function isKarpenterNodePool(o: KubeObject): boolean {
  return o.kind === 'NodePool' && o.apiVersion.startsWith('karpenter.sh/');
}

export function isEc2NodeClass(o: KubeObject): boolean {
  return o.kind === 'EC2NodeClass' && o.apiVersion.startsWith('karpenter.k8s.aws/');
}

// Keyed by the type object: an overlay may give a name other facts than the table.
const labelCache = new WeakMap<InstanceType, ReadonlyMap<string, string>>();

/** The labels Karpenter puts on a node of this type (those the requirements may name). Cached: read-only. */
export function karpenterTypeLabels(t: InstanceType): ReadonlyMap<string, string> {
  const hit = labelCache.get(t);
  if (hit) return hit;
  const labels = new Map<string, string>();
  labelCache.set(t, labels);
  for (const key of INSTANCE_TYPE_LABELS) labels.set(key, t.name);
  const m = /^([a-z]+)(\d+)/.exec(t.family);
  labels.set('karpenter.k8s.aws/instance-family', t.family);
  labels.set('karpenter.k8s.aws/instance-size', t.size);
  if (m) {
    labels.set('karpenter.k8s.aws/instance-category', m[1]);
    labels.set('karpenter.k8s.aws/instance-generation', m[2]);
  }
  if (t.vcpus !== null) labels.set('karpenter.k8s.aws/instance-cpu', String(t.vcpus));
  labels.set('karpenter.k8s.aws/instance-hypervisor', t.hypervisor ?? '');
  labels.set('kubernetes.io/arch', t.architecture);
  labels.set('kubernetes.io/os', 'linux');
  return labels;
}

/** EKS Auto Mode: its NodePools name the NodeClass of group eks.amazonaws.com, and its nodes carry eks.amazonaws.com/instance-* labels. */
export const AUTO_MODE_GROUP = 'eks.amazonaws.com';
const AUTO_MODE_KEYS: Array<[auto: string, karpenter: string]> = ['family', 'size', 'category', 'generation', 'cpu', 'hypervisor'].map((k) => [
  `eks.amazonaws.com/instance-${k}`,
  `karpenter.k8s.aws/instance-${k}`,
]);

export function isAutoModeNodePool(o: KubeObject): boolean {
  if (!isKarpenterNodePool(o)) return false;
  const r = o.reader;
  if (r.string(r.at(o.root, 'spec', 'template', 'spec', 'nodeClassRef', 'group')) === AUTO_MODE_GROUP) return true;
  return r.items(r.at(o.root, 'spec', 'template', 'spec', 'requirements')).some((req) => r.string(r.get(req, 'key'))?.startsWith('eks.amazonaws.com/instance-'));
}

const autoLabelCache = new WeakMap<InstanceType, ReadonlyMap<string, string>>();

/** The labels of an Auto Mode node of this type: Karpenter's, their eks.amazonaws.com twins and compute-type auto. */
export function autoModeTypeLabels(t: InstanceType): ReadonlyMap<string, string> {
  const hit = autoLabelCache.get(t);
  if (hit) return hit;
  const labels = new Map(karpenterTypeLabels(t));
  for (const [auto, karpenter] of AUTO_MODE_KEYS) {
    const v = labels.get(karpenter);
    if (v !== undefined) labels.set(auto, v);
  }
  labels.set('eks.amazonaws.com/compute-type', 'auto');
  autoLabelCache.set(t, labels);
  return labels;
}

/** The requirement keys the instance data can answer; others do not narrow a NodePool's types. */
export const MODELLED_KEYS = new Set([
  ...INSTANCE_TYPE_LABELS,
  'karpenter.k8s.aws/instance-family',
  'karpenter.k8s.aws/instance-size',
  'karpenter.k8s.aws/instance-category',
  'karpenter.k8s.aws/instance-generation',
  'karpenter.k8s.aws/instance-cpu',
  'karpenter.k8s.aws/instance-hypervisor',
  'kubernetes.io/arch',
  'kubernetes.io/os',
  ...AUTO_MODE_KEYS.map(([auto]) => auto),
]);

/** Karpenter's controller reserves an ENI for the trunk only with RESERVED_ENIS set (its Deployment env). */
export function karpenterReservedEnis(objects: KubeObject[]): number {
  for (const o of objects) {
    const n = reservedEnisOf(o);
    if (n !== undefined) return n;
  }
  return 0;
}

function reservedEnisOf(o: KubeObject): number | undefined {
  if (o.kind !== 'Deployment') return undefined;
  const r = o.reader;
  for (const container of r.items(r.at(o.root, 'spec', 'template', 'spec', 'containers'))) {
    for (const env of r.items(r.get(container, 'env'))) {
      if (r.string(r.get(env, 'name')) !== 'RESERVED_ENIS') continue;
      const n = Number.parseInt(r.string(r.get(env, 'value')) ?? '', 10);
      if (Number.isFinite(n) && n >= 0) return n;
    }
  }
  return undefined;
}

/** A Deployment whose env sets RESERVED_ENIS: the Karpenter controller, which changes every NodePool's max pods. */
export function setsReservedEnis(o: KubeObject): boolean {
  return reservedEnisOf(o) !== undefined;
}

/**
 * Max pods as Karpenter gives its nodes' kubelet: `(ENIs − RESERVED_ENIS) × (IPv4 per ENI − 1) + 2` on the
 * default card, whatever prefix delegation or the trunk ENI leave (karpenter-provider-aws #8210).
 */
export function karpenterMaxPods(t: InstanceType, reservedEnis: number, prefixDelegation: boolean): MaxPods {
  const enis = Math.max(0, t.enisDefaultCard - reservedEnis);
  const enisText = reservedEnis > 0 ? `(${t.enisDefaultCard} − ${reservedEnis} RESERVED_ENIS) ENIs` : `${t.enisDefaultCard} ENIs`;
  const ignored = prefixDelegation ? '; it ignores prefix delegation, karpenter-provider-aws #8210' : '';
  return { value: enis * (t.ipv4PerEni - 1) + 2, basis: `Karpenter's figure, ${enisText} × (${t.ipv4PerEni} − 1) IPs + 2${ignored}` };
}
