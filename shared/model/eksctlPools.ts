// eksctl node groups (`managedNodeGroups[]`, `nodeGroups[]`) as node pools. Shapes follow eksctl's schema;
// wrong shapes read as absent.
import { EKSCTL_DEFAULT_INSTANCE_TYPE, EKSCTL_DEFAULT_NODE_COUNT, EKSCTL_NODEGROUP_LABEL, NODEGROUP_LABEL } from '../k8s/eksctl';
import type { KubeObject } from '../k8s/objects';
import { isTaintEffect, readTaintList, type Taint } from '../k8s/taints';
import type { Range } from '../types';
import { autoscalerInEvidence, scaledToMax } from './autoscaledPools';
import type { Pool } from './pools';

export function eksctlPools(o: KubeObject): Pool[] {
  const r = o.reader;
  const pools: Pool[] = [];
  const names = new Set<string>();
  for (const [section, managed] of [
    ['managedNodeGroups', true],
    ['nodeGroups', false],
  ] as const) {
    for (const group of r.items(r.get(o.root, section))) {
      const pool = readNodeGroup(o, group, managed);
      // eksctl rejects a name used twice; counting both (a copy, or `- *anchor` again) would double the nodes.
      if (pool && !names.has(pool.name)) {
        names.add(pool.name);
        pools.push({ ...pool, cluster: o.name });
      }
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
  if (isWindowsAmiFamily(o, group)) labels.set('kubernetes.io/os', 'windows');
  if (managed) labels.set(NODEGROUP_LABEL, name);
  labels.set(EKSCTL_NODEGROUP_LABEL, name);
  const bootstrap = readBootstrapMaxPods(r, group);
  const maxPodsNode = bootstrap?.node ?? r.get(group, 'maxPodsPerNode');
  const maxPods = bootstrap?.value ?? r.integer(maxPodsNode);

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
    taints: readTaints(o, group),
    maxPodsOverride: maxPods !== undefined && maxPods > 0 ? maxPods : undefined,
    maxPodsRange: maxPods !== undefined && maxPods > 0 ? r.range(maxPodsNode) : undefined,
    maxPodsSource: bootstrap?.source,
    maxPodsInScript: bootstrap?.inScript,
  };
  const autoscaler = autoscalerInEvidence(r, group);
  return autoscaler ? scaledToMax(pool, autoscaler, `maxSize: ${max}`) : pool;
}

/** `amiFamily: WindowsServer2019FullContainer` and the other WindowsServer* families: Windows nodes. */
function isWindowsAmiFamily(o: KubeObject, group: unknown): boolean {
  return /^WindowsServer/.test(o.reader.string(o.reader.get(group, 'amiFamily')) ?? '');
}

function count(o: KubeObject, group: unknown, key: string): number | undefined {
  const v = o.reader.integer(o.reader.get(group, key));
  return v !== undefined && v >= 0 && v <= 100_000 ? v : undefined;
}

/**
 * `taints`: the list form (`[{key, value, effect}]`), or the older map form of unmanaged groups
 * (`key: "value:Effect"`, value may be empty). Entries eksctl would reject are left out.
 */
function readTaints(o: KubeObject, group: unknown): Taint[] | undefined {
  const r = o.reader;
  const node = r.get(group, 'taints');
  if (r.seq(node)) return readTaintList(r, node, true);
  const taints: Taint[] = [];
  for (const { key, pair } of r.pairs(node)) {
    const text = r.string(pair.value) ?? '';
    const colon = text.lastIndexOf(':');
    const effect = colon >= 0 ? text.slice(colon + 1) : undefined;
    if (!key || !isTaintEffect(effect)) continue;
    const valueRange = r.range(pair.value);
    const keyRange = r.keyRange(pair);
    taints.push({ key, value: text.slice(0, colon) || undefined, effect, range: keyRange && valueRange ? { start: keyRange.start, end: valueRange.end } : keyRange });
  }
  return taints.length > 0 ? taints : undefined;
}

/**
 * Max pods a group's kubelet is given other than by maxPodsPerNode: `kubeletExtraConfig.maxPods`, a NodeConfig
 * (AL2023 nodeadm) `maxPods` or a `--max-pods=N` kubelet argument in `overrideBootstrapCommand`,
 * `preBootstrapCommands` or `bootstrapCommands`. eksctl writes maxPodsPerNode into the same kubelet config,
 * so an explicit bootstrap value is what the node ends up with; maxPodsPerNode counts only without one.
 */
export function readBootstrapMaxPods(r: KubeObject['reader'], group: unknown): { value: number; node: unknown; source: string; inScript: boolean } | undefined {
  const extraNode = r.at(group, 'kubeletExtraConfig', 'maxPods');
  const extra = r.integer(extraNode);
  if (extra !== undefined && extra > 0) return { value: extra, node: extraNode, source: `kubeletExtraConfig.maxPods: ${extra}`, inScript: false };
  const scripts: Array<[string, unknown]> = [['overrideBootstrapCommand', r.get(group, 'overrideBootstrapCommand')]];
  for (const key of ['preBootstrapCommands', 'bootstrapCommands']) for (const item of r.items(r.get(group, key))) scripts.push([key, item]);
  for (const [key, node] of scripts) {
    const text = r.strictString(node);
    if (!text) continue;
    const flag = /--max-pods[= ](\d+)/.exec(text);
    if (flag) return { value: Number(flag[1]), node, source: `--max-pods=${flag[1]} in ${key}`, inScript: true };
    const nodeConfig = /kind:\s*NodeConfig/.test(text) && /^\s*maxPods:\s*(\d+)\s*$/m.exec(text);
    if (nodeConfig) return { value: Number(nodeConfig[1]), node, source: `NodeConfig maxPods: ${nodeConfig[1]} in ${key}`, inScript: true };
  }
  return undefined;
}
