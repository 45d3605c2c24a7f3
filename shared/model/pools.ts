// Node pools: those the config declares, and an implicit one for every pinned instance type nobody declares.
import type { PoolConfig, EniLensConfig } from '../config/config';
import { defaultMaxPods, lookupInstanceType, type InstanceType } from '../instances';
import { INSTANCE_TYPE_LABELS } from '../k8s/nodeConstraints';
import type { Range } from '../types';

export interface Pool {
  name: string;
  /** `config`: declared in .eni-lens.yaml; `implicit`: assumed for a pinned type (assumeNodes nodes). */
  origin: 'config' | 'implicit';
  instanceTypes: string[];
  /** Where each instance type is written in the config file (config pools only). */
  instanceTypeRanges: (Range | undefined)[];
  file?: string;
  nameRange?: Range;
  nodes: number;
  labels: Map<string, string>;
  maxPodsOverride?: number;
}

/** What one node of a pool holds; undefined fields when an instance type is unknown. */
export interface NodeCapacity {
  /** The type the capacity is judged by: the smallest of the pool's types, since any of them may be launched. */
  type?: InstanceType;
  unknownTypes: string[];
  branchEnis: number;
  maxPods: number;
  maxPodsBasis: string;
}

export function poolFromConfig(p: PoolConfig, file: string | undefined): Pool {
  return {
    name: p.name,
    origin: 'config',
    instanceTypes: p.instanceTypes.map((t) => t.value),
    instanceTypeRanges: p.instanceTypes.map((t) => t.range),
    file,
    nameRange: p.nameRange,
    nodes: p.nodes,
    labels: p.labels,
    maxPodsOverride: p.maxPods,
  };
}

export function implicitPool(instanceType: string, nodes: number): Pool {
  return { name: instanceType, origin: 'implicit', instanceTypes: [instanceType], instanceTypeRanges: [], nodes, labels: new Map() };
}

/** The labels a node of this pool carries when it runs `instanceType`. */
export function nodeLabels(pool: Pool, instanceType: string): Map<string, string> {
  const labels = new Map(pool.labels);
  for (const key of INSTANCE_TYPE_LABELS) labels.set(key, instanceType);
  if (!labels.has('kubernetes.io/os')) labels.set('kubernetes.io/os', 'linux');
  const t = lookupInstanceType(instanceType);
  if (t && !labels.has('kubernetes.io/arch')) labels.set('kubernetes.io/arch', t.architecture);
  return labels;
}

export function nodeCapacity(pool: Pool, config: EniLensConfig): NodeCapacity {
  const known: InstanceType[] = [];
  const unknownTypes: string[] = [];
  for (const name of pool.instanceTypes) {
    const t = lookupInstanceType(name);
    if (t) known.push(t);
    else unknownTypes.push(name);
  }
  if (known.length === 0 || unknownTypes.length > 0) return { unknownTypes, branchEnis: 0, maxPods: 0, maxPodsBasis: '' };
  let weakest = known[0];
  for (const t of known) if (t.branchEnis < weakest.branchEnis) weakest = t;
  let computed = defaultMaxPods(known[0], config.prefixDelegation);
  for (const t of known) {
    const m = defaultMaxPods(t, config.prefixDelegation);
    if (m.value < computed.value) computed = m;
  }
  return {
    type: weakest,
    unknownTypes,
    branchEnis: weakest.branchEnis,
    maxPods: pool.maxPodsOverride ?? computed.value,
    maxPodsBasis: pool.maxPodsOverride !== undefined ? `maxPods: ${pool.maxPodsOverride} set for the pool` : computed.basis,
  };
}

export function describePool(pool: Pool, config: EniLensConfig): string {
  const types = pool.instanceTypes.join('/');
  return pool.origin === 'implicit'
    ? `${pool.nodes} × ${types} (assumed: no node pool declares ${types}, so assumeNodes: ${config.assumeNodes} is used)`
    : `${pool.nodes} × ${types} (node pool '${pool.name}'${pool.file ? ` in ${baseName(pool.file)}` : ''})`;
}

function baseName(file: string): string {
  const i = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return i >= 0 ? file.slice(i + 1) : file;
}
