// Karpenter NodePools as node pools: the instance types a pool may launch follow from its requirements
// over the well-known labels; node count is elastic. Requirements on keys the data cannot answer
// (capacity-type, zone, memory, …) do not narrow the types.
import type { InstanceCatalog } from '../instances/catalog';
import {
  autoModeTypeLabels,
  isAutoModeNodePool,
  isEc2NodeClass,
  isKarpenterNodePool,
  karpenterReservedEnis,
  karpenterTypeLabels,
  MODELLED_KEYS,
  NODEPOOL_LABEL,
  REQUIREMENT_OPERATORS,
} from '../k8s/karpenter';
import { constraintsMatch, type NodeOperator, type NodeRequirement } from '../k8s/nodeConstraints';
import type { KubeObject } from '../k8s/objects';
import { readTaintList } from '../k8s/taints';
import { parseCpuQuantity, type CpuLimit } from './karpenterLimits';
import type { Pool } from './pools';

export function karpenterPools(objects: KubeObject[], catalog: InstanceCatalog): Pool[] {
  const reservedEnis = karpenterReservedEnis(objects);
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
      if (!key || !operator || !REQUIREMENT_OPERATORS.has(operator) || !MODELLED_KEYS.has(key)) continue;
      const values = r
        .items(r.get(req, 'values'))
        .map((v) => r.string(v))
        .filter((v): v is string => v !== undefined);
      requirements.push({ key, operator: operator as NodeOperator, values });
    }
    const constraints = { nodeSelector: requirements, affinityTerms: undefined, pinnedInstanceTypes: [] };
    const autoMode = isAutoModeNodePool(o);
    const labelsOf = autoMode ? autoModeTypeLabels : karpenterTypeLabels;
    // Types without a vCPU figure (mac, *-flex) are the ones Karpenter does not offer.
    const instanceTypes = catalog
      .all()
      .filter((t) => t.vcpus !== null && constraintsMatch(constraints, labelsOf(t)))
      .map((t) => t.name);
    const labels = r.stringMap(r.at(o.root, 'spec', 'template', 'metadata', 'labels'));
    labels.set(NODEPOOL_LABEL, o.name);

    const nodeClass = autoMode ? undefined : nodeClasses.get(r.string(r.at(templateSpec, 'nodeClassRef', 'name')) ?? '');
    const maxPodsNode = nodeClass && nodeClass.reader.at(nodeClass.root, 'spec', 'kubelet', 'maxPods');
    const maxPods = nodeClass?.reader.integer(maxPodsNode);
    const podsPerCore = nodeClass?.reader.integer(nodeClass.reader.at(nodeClass.root, 'spec', 'kubelet', 'podsPerCore'));
    pools.push({
      name: o.name,
      origin: 'karpenter',
      declaredAs: autoMode ? 'EKS Auto Mode NodePool' : 'Karpenter NodePool',
      autoMode: autoMode || undefined,
      elastic: true,
      instanceTypes,
      instanceTypeRanges: [],
      file: o.file,
      nameRange: o.nameRange,
      nodes: 1,
      labels,
      // startupTaints are removed once the node is ready: they do not keep pods off it.
      taints: readTaintList(r, r.get(templateSpec, 'taints')),
      maxPodsOverride: maxPods !== undefined && maxPods > 0 ? maxPods : undefined,
      maxPodsRange: maxPods !== undefined && maxPods > 0 ? nodeClass!.reader.range(maxPodsNode) : undefined,
      maxPodsFile: maxPods !== undefined && maxPods > 0 ? nodeClass!.file : undefined,
      podsPerCore: podsPerCore !== undefined && podsPerCore > 0 ? podsPerCore : undefined,
      // Auto Mode sets its nodes' max pods itself: ENI Lens assumes the VPC CNI's figure there.
      karpenterReservedEnis: autoMode ? undefined : reservedEnis,
      cpuLimit: cpuLimitOf(o),
    });
  }
  return pools;
}

function cpuLimitOf(o: KubeObject): CpuLimit | undefined {
  const node = o.reader.at(o.root, 'spec', 'limits', 'cpu');
  const raw = o.reader.string(node);
  const vcpus = parseCpuQuantity(raw);
  return vcpus === undefined ? undefined : { vcpus, text: `limits.cpu: ${raw!.trim()}`, range: o.reader.range(node) };
}
