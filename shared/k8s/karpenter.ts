// Karpenter `NodePool` (karpenter.sh/v1) and `EC2NodeClass` (karpenter.k8s.aws/v1): the instance types a
// pool may launch follow from its requirements over the well-known labels; node count is elastic.
// Requirements on keys the data cannot answer (capacity-type, zone, memory, …) do not narrow the types.
import type { InstanceType } from '../instances';
import type { InstanceCatalog } from '../instances/catalog';
import type { Pool } from '../model/pools';
import { constraintsMatch, INSTANCE_TYPE_LABELS, type NodeOperator, type NodeRequirement } from './nodeConstraints';
import type { KubeObject } from './objects';

export const NODEPOOL_LABEL = 'karpenter.sh/nodepool';
const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']);

export function isKarpenterNodePool(o: KubeObject): boolean {
  return o.kind === 'NodePool' && o.apiVersion.startsWith('karpenter.sh/');
}

function isEc2NodeClass(o: KubeObject): boolean {
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

const MODELLED_KEYS = new Set([
  ...INSTANCE_TYPE_LABELS,
  'karpenter.k8s.aws/instance-family', 'karpenter.k8s.aws/instance-size', 'karpenter.k8s.aws/instance-category',
  'karpenter.k8s.aws/instance-generation', 'karpenter.k8s.aws/instance-cpu', 'karpenter.k8s.aws/instance-hypervisor',
  'kubernetes.io/arch', 'kubernetes.io/os',
]);

export function karpenterPools(objects: KubeObject[], catalog: InstanceCatalog): Pool[] {
  const nodeClasses = new Map<string, KubeObject>();
  for (const o of objects) if (isEc2NodeClass(o)) nodeClasses.set(o.name, o);
  const pools: Pool[] = [];
  for (const o of objects) {
    if (!isKarpenterNodePool(o)) continue;
    const r = o.reader;
    const templateSpec = r.at(o.root, 'spec', 'template', 'spec');
    const requirements: NodeRequirement[] = [];
    for (const req of r.items(r.get(templateSpec, 'requirements'))) {
      const key = r.string(r.get(req, 'key'));
      const operator = r.string(r.get(req, 'operator'));
      if (!key || !operator || !OPERATORS.has(operator) || !MODELLED_KEYS.has(key)) continue;
      const values = r.items(r.get(req, 'values')).map((v) => r.string(v)).filter((v): v is string => v !== undefined);
      requirements.push({ key, operator: operator as NodeOperator, values });
    }
    const constraints = { nodeSelector: requirements, affinityTerms: undefined, pinnedInstanceTypes: [] };
    // Types without a vCPU figure (mac, *-flex) are the ones Karpenter does not offer.
    const instanceTypes = catalog.all()
      .filter((t) => t.vcpus !== null && constraintsMatch(constraints, karpenterTypeLabels(t)))
      .map((t) => t.name);
    const labels = r.stringMap(r.at(o.root, 'spec', 'template', 'metadata', 'labels'));
    labels.set(NODEPOOL_LABEL, o.name);

    const nodeClass = nodeClasses.get(r.string(r.at(templateSpec, 'nodeClassRef', 'name')) ?? '');
    const maxPodsNode = nodeClass && nodeClass.reader.at(nodeClass.root, 'spec', 'kubelet', 'maxPods');
    const maxPods = nodeClass?.reader.integer(maxPodsNode);
    const podsPerCore = nodeClass?.reader.integer(nodeClass.reader.at(nodeClass.root, 'spec', 'kubelet', 'podsPerCore'));
    pools.push({
      name: o.name,
      origin: 'karpenter',
      declaredAs: 'Karpenter NodePool',
      elastic: true,
      instanceTypes,
      instanceTypeRanges: [],
      file: o.file,
      nameRange: o.nameRange,
      nodes: 1,
      labels,
      maxPodsOverride: maxPods !== undefined && maxPods > 0 ? maxPods : undefined,
      maxPodsRange: maxPods !== undefined && maxPods > 0 ? nodeClass!.reader.range(maxPodsNode) : undefined,
      maxPodsFile: maxPods !== undefined && maxPods > 0 ? nodeClass!.file : undefined,
      podsPerCore: podsPerCore !== undefined && podsPerCore > 0 ? podsPerCore : undefined,
    });
  }
  return pools;
}

/** Karpenter's controller reserves an ENI for the trunk only with RESERVED_ENIS set (its Deployment env). */
export function karpenterReservedEnis(objects: KubeObject[]): number {
  for (const o of objects) {
    if (o.kind !== 'Deployment') continue;
    const r = o.reader;
    for (const container of r.items(r.at(o.root, 'spec', 'template', 'spec', 'containers'))) {
      for (const env of r.items(r.get(container, 'env'))) {
        if (r.string(r.get(env, 'name')) !== 'RESERVED_ENIS') continue;
        const n = Number.parseInt(r.string(r.get(env, 'value')) ?? '', 10);
        if (Number.isFinite(n)) return n;
      }
    }
  }
  return 0;
}
