// eksctl node groups (`managedNodeGroups[]`, `nodeGroups[]`) as node pools. Shapes follow eksctl's schema;
// wrong shapes read as absent.
import { EKSCTL_DEFAULT_INSTANCE_TYPE, EKSCTL_DEFAULT_NODE_COUNT, EKSCTL_NODEGROUP_LABEL, NODEGROUP_LABEL } from '../k8s/eksctl';
import type { KubeObject } from '../k8s/objects';
import type { Range } from '../types';
import { autoscalerInEvidence, scaledToMax } from './autoscaledPools';
import type { Pool } from './pools';

export function eksctlPools(o: KubeObject): Pool[] {
  const r = o.reader;
  const pools: Pool[] = [];
  for (const [section, managed] of [['managedNodeGroups', true], ['nodeGroups', false]] as const) {
    for (const group of r.items(r.get(o.root, section))) {
      const pool = readNodeGroup(o, group, managed);
      if (pool) pools.push(pool);
    }
  }
  return pools;
}

function readNodeGroup(o: KubeObject, group: unknown, managed: boolean): Pool | undefined {
  const r = o.reader;
  const nameNode = r.get(group, 'name');
  const name = r.string(nameNode);
  if (!name) return undefined;

  const typeNodes: unknown[] = [];
  const single = r.strictString(r.get(group, 'instanceType'));
  if (single && single !== 'mixed') typeNodes.push(r.get(group, 'instanceType'));
  typeNodes.push(...r.items(r.get(group, 'instanceTypes')));
  typeNodes.push(...r.items(r.at(group, 'instancesDistribution', 'instanceTypes')));
  const instanceTypes: string[] = [];
  const instanceTypeRanges: (Range | undefined)[] = [];
  for (const n of typeNodes) {
    const t = r.strictString(n);
    if (t && !instanceTypes.includes(t)) {
      instanceTypes.push(t);
      instanceTypeRanges.push(r.range(n));
    }
  }
  let typeBasis = '';
  if (instanceTypes.length === 0) {
    // An instanceSelector lets EC2 pick types from vCPU/memory: nothing to judge without the AWS API.
    if (r.get(group, 'instanceSelector') !== undefined) return undefined;
    instanceTypes.push(EKSCTL_DEFAULT_INSTANCE_TYPE);
    instanceTypeRanges.push(undefined);
    typeBasis = `no instance type set, eksctl's default ${EKSCTL_DEFAULT_INSTANCE_TYPE}`;
  }

  const desired = count(o, group, 'desiredCapacity');
  const min = count(o, group, 'minSize');
  const max = count(o, group, 'maxSize');
  let nodes: number;
  let nodesBasis: string;
  if (desired !== undefined) [nodes, nodesBasis] = [desired, `desiredCapacity: ${desired}`];
  else if (min !== undefined) [nodes, nodesBasis] = [min, `minSize: ${min}, no desiredCapacity`];
  else [nodes, nodesBasis] = [EKSCTL_DEFAULT_NODE_COUNT, `assumed ${EKSCTL_DEFAULT_NODE_COUNT} nodes: no desiredCapacity or minSize, eksctl's default`];
  if (typeBasis) nodesBasis += `; ${typeBasis}`;

  const labels = r.stringMap(r.get(group, 'labels'));
  if (managed) labels.set(NODEGROUP_LABEL, name);
  labels.set(EKSCTL_NODEGROUP_LABEL, name);
  const maxPodsNode = r.get(group, 'maxPodsPerNode');
  const maxPods = r.integer(maxPodsNode);

  const pool: Pool = {
    name,
    origin: 'eksctl',
    managed,
    declaredAs: managed ? 'eksctl managed node group' : 'eksctl node group',
    instanceTypes,
    instanceTypeRanges,
    file: o.file,
    nameRange: r.range(nameNode),
    nodes,
    nodesBasis,
    maxNodes: max !== undefined && max > nodes ? max : undefined,
    labels,
    maxPodsOverride: maxPods !== undefined && maxPods > 0 ? maxPods : undefined,
    maxPodsRange: maxPods !== undefined && maxPods > 0 ? r.range(maxPodsNode) : undefined,
  };
  const autoscaler = autoscalerInEvidence(r, group);
  return autoscaler ? scaledToMax(pool, autoscaler, `maxSize: ${max}`) : pool;
}

function count(o: KubeObject, group: unknown, key: string): number | undefined {
  const v = o.reader.integer(o.reader.get(group, key));
  return v !== undefined && v >= 0 && v <= 100_000 ? v : undefined;
}
