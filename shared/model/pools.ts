// Node pools: those the config declares, and an implicit one for every pinned instance type nobody declares.
import type { PoolConfig, EniLensConfig } from '../config/config';
import { defaultMaxPods, instanceTypeFromRow, type InstanceType, type MaxPods } from '../instances';
import type { InstanceCatalog } from '../instances/catalog';
import { autoModeTypeLabels, karpenterMaxPods, karpenterTypeLabels } from '../k8s/karpenter';
import { INSTANCE_TYPE_LABELS } from '../k8s/nodeConstraints';
import type { Taint } from '../k8s/taints';
import type { Range } from '../types';
import { baseName } from '../text';
import type { SystemPods } from './systemPods';
import type { Allocatable } from './nodeListPools';
import { mostNodesWithin, mostWithin, type CpuLimit } from './karpenterLimits';
import { scaledToMax } from './autoscaledPools';

export interface Pool {
  name: string;
  /**
   * `config`: declared in .eni-lens.yaml; `implicit`: assumed for a pinned type (assumeNodes nodes);
   * `eksctl`: a node group of an eksctl ClusterConfig; `karpenter`: a Karpenter NodePool (elastic);
   * `nodes`: nodes of a node list (kubectl get nodes), with their own allocatable capacity.
   */
  origin: 'config' | 'implicit' | 'eksctl' | 'karpenter' | 'nodes';
  instanceTypes: string[];
  /** Where each instance type is written in `file` (declared pools only; undefined for a default type). */
  instanceTypeRanges: (Range | undefined)[];
  file?: string;
  nameRange?: Range;
  nodes: number;
  labels: Map<string, string>;
  /** The eksctl ClusterConfig (metadata.name) the pool belongs to; undefined when it is not known (several clusters). */
  cluster?: string;
  /** Taints every node of the pool carries (eksctl, Karpenter, config, Node objects). */
  taints?: Taint[];
  maxPodsOverride?: number;
  maxPodsRange?: Range;
  /** Kubelet podsPerCore (Karpenter EC2NodeClass): max pods is at most this × the type's vCPUs. */
  podsPerCore?: number;
  /** Where maxPods comes from when not a plain field: "--max-pods=110 in overrideBootstrapCommand". */
  maxPodsSource?: string;
  /** maxPodsRange is the whole bootstrap script the value sits in. */
  maxPodsInScript?: boolean;
  /** Where maxPods is written when not in `file` (a Karpenter EC2NodeClass). */
  maxPodsFile?: string;
  /** How `nodes` was reached when the file does not state it plainly, e.g. "desiredCapacity: 3". */
  nodesBasis?: string;
  /** The most nodes the pool may scale to (eksctl maxSize), when above `nodes` and no autoscaler is in evidence. */
  maxNodes?: number;
  /**
   * A cluster autoscaler scales the pool (its evidence, e.g. "tag k8s.io/cluster-autoscaler/enabled"): `nodes`
   * is then the maximum, and `desired` what the group starts with.
   */
  autoscaledBy?: string;
  desired?: { nodes: number; basis: string };
  /** An EKS managed node group (eksctl managedNodeGroups). */
  managed?: boolean;
  /** What declares the pool, for messages: "eksctl managed node group". */
  declaredAs?: string;
  /** Node count is elastic (Karpenter): judged per node, not as a fixed total. */
  elastic?: boolean;
  /** Nodes of a node list: what their status.allocatable says, instead of the instance data's figures. */
  allocatable?: Allocatable;
  /** An EKS Auto Mode NodePool: no security groups for pods on its nodes, eks.amazonaws.com/instance-* labels. */
  autoMode?: boolean;
  /** Karpenter computes the pool's max pods itself, with the controller's RESERVED_ENIS (0 when unset). */
  karpenterReservedEnis?: number;
  /** Karpenter spec.limits.cpu: an elastic pool that launches nodes only up to these vCPUs in total. */
  cpuLimit?: CpuLimit;
}

/** What one node of a pool holds; undefined fields when an instance type is unknown. */
export interface NodeCapacity {
  /** The type the capacity is judged by: the smallest of the pool's types, since any of them may be launched. */
  type?: InstanceType;
  unknownTypes: string[];
  branchEnis: number;
  maxPods: number;
  maxPodsBasis: string;
  /** Max pods less the system pods: what one node holds of the repository's pods. */
  podSlots: number;
  systemPods: SystemPods;
  /** An elastic pool under a cpu limit: the most of each resource (and nodes) the limit allows, best case. */
  limited?: { branchEnis: number; podSlots: number; nodes: number };
}

export function poolFromConfig(p: PoolConfig, file: string | undefined): Pool {
  const pool: Pool = {
    name: p.name,
    origin: 'config',
    instanceTypes: p.instanceTypes.map((t) => t.value),
    instanceTypeRanges: p.instanceTypes.map((t) => t.range),
    file,
    nameRange: p.nameRange,
    nodes: p.nodes,
    labels: p.labels,
    taints: p.taints,
    maxPodsOverride: p.maxPods,
    maxPodsRange: p.maxPodsRange,
    maxNodes: p.maxNodes !== undefined && p.maxNodes > p.nodes ? p.maxNodes : undefined,
  };
  return p.maxNodes !== undefined ? scaledToMax(pool, `maxNodes: ${p.maxNodes} in .eni-lens.yaml`, `maxNodes: ${p.maxNodes}`) : pool;
}

export function implicitPool(instanceType: string, nodes: number): Pool {
  return { name: instanceType, origin: 'implicit', instanceTypes: [instanceType], instanceTypeRanges: [], nodes, labels: new Map() };
}

/** The labels a node of this pool carries when it runs `instanceType`. */
export function nodeLabels(pool: Pool, instanceType: string, catalog: InstanceCatalog): Map<string, string> {
  const known = pool.origin === 'karpenter' ? catalog.lookup(instanceType) : undefined;
  if (known) return new Map([...pool.labels, ...(pool.autoMode ? autoModeTypeLabels(known) : karpenterTypeLabels(known))]);
  const labels = new Map(pool.labels);
  for (const key of INSTANCE_TYPE_LABELS) labels.set(key, instanceType);
  if (!labels.has('kubernetes.io/os')) labels.set('kubernetes.io/os', 'linux');
  const t = catalog.lookup(instanceType);
  if (t && !labels.has('kubernetes.io/arch')) labels.set('kubernetes.io/arch', t.architecture);
  return labels;
}

export function nodeCapacity(pool: Pool, config: EniLensConfig, catalog: InstanceCatalog, systemPods: SystemPods): NodeCapacity {
  const known: InstanceType[] = [];
  const unknownTypes: string[] = [];
  for (const name of pool.instanceTypes) {
    const t = catalog.lookup(name);
    if (t) known.push(t);
    else unknownTypes.push(name);
  }
  if (pool.allocatable) return allocatableCapacity(pool, pool.allocatable, known[0], systemPods);
  if (known.length === 0 || unknownTypes.length > 0) return { unknownTypes, branchEnis: 0, maxPods: 0, maxPodsBasis: '', podSlots: 0, systemPods };
  let weakest = known[0];
  for (const t of known) if (t.branchEnis < weakest.branchEnis) weakest = t;
  // Security groups for pods are Linux-only: a Windows node advertises no branch ENIs.
  const branchEnis = isWindowsPool(pool) ? 0 : weakest.branchEnis;
  let computed = maxPodsOf(pool, known[0], config.prefixDelegation);
  for (const t of known) {
    const m = maxPodsOf(pool, t, config.prefixDelegation);
    if (m.value < computed.value) computed = m;
  }
  if (config.ipv6 && pool.karpenterReservedEnis !== undefined && pool.maxPodsOverride === undefined) {
    // Karpenter's IPv4 figure on an IPv6 cluster, where the node's IPs are no limit (karpenter-provider-aws #9246).
    computed = { ...computed, basis: `${computed.basis}; Karpenter gives it on IPv6 clusters too, unless its version has karpenter-provider-aws #9246 (then 110)` };
  }
  const podSlots = Math.max(0, computed.value - systemPods.count);
  // Auto Mode nodes have no trunk ENI: security groups for pods are not supported there.
  const capacity: NodeCapacity = {
    type: weakest,
    unknownTypes,
    branchEnis: pool.autoMode ? 0 : branchEnis,
    maxPods: computed.value,
    maxPodsBasis: computed.basis,
    podSlots,
    systemPods,
  };
  if (pool.elastic && pool.cpuLimit) {
    const vcpus = pool.cpuLimit.vcpus;
    capacity.limited = {
      branchEnis: pool.autoMode || isWindowsPool(pool) ? 0 : mostWithin(vcpus, known, (t) => t.branchEnis),
      podSlots: mostWithin(vcpus, known, (t) => Math.max(0, maxPodsOf(pool, t, config.prefixDelegation).value - systemPods.count)),
      nodes: mostNodesWithin(vcpus, known),
    };
  }
  return capacity;
}

/**
 * A node list's pool: the nodes' allocatable pods and pod-eni, whatever the instance data says. A type the
 * data lacks still has them; it is then known by these figures alone (its IPs by the pods it admits).
 */
function allocatableCapacity(pool: Pool, a: Allocatable, known: InstanceType | undefined, systemPods: SystemPods): NodeCapacity {
  const type = known
    ? { ...known, trunking: a.podEni > 0, branchEnis: a.podEni }
    : { ...instanceTypeFromRow(pool.instanceTypes[0], [null, [0], 0, a.podEni, a.podEni > 0 ? 1 : 0, null, 0]), maxPodsOnly: a.pods };
  return { type, unknownTypes: [], branchEnis: a.podEni, maxPods: a.pods, maxPodsBasis: a.basis, podSlots: Math.max(0, a.pods - systemPods.count), systemPods };
}

/** The kubelet's max pods on a node of `t`: the pool's maxPods or the ENI figure, capped by podsPerCore × vCPUs. */
export function maxPodsOf(pool: Pool, t: InstanceType, prefixDelegation: boolean): MaxPods {
  const base: MaxPods =
    pool.maxPodsOverride !== undefined
      ? { value: pool.maxPodsOverride, basis: pool.maxPodsSource ? `${pool.maxPodsSource} of the node group` : `maxPods: ${pool.maxPodsOverride} set for the pool` }
      : pool.karpenterReservedEnis !== undefined
        ? karpenterMaxPods(t, pool.karpenterReservedEnis, prefixDelegation)
        : isWindowsPool(pool)
          ? windowsMaxPods(t)
          : defaultMaxPods(t, prefixDelegation);
  if (pool.podsPerCore === undefined || t.vcpus === null) return base;
  const byCores = pool.podsPerCore * t.vcpus;
  return byCores < base.value ? { value: byCores, basis: `podsPerCore: ${pool.podsPerCore} × ${t.vcpus} vCPUs of ${t.name}, below ${base.value} (${base.basis})` } : base;
}

/** Windows nodes give pods IPs from the primary ENI only: its IPv4 addresses less the node's own. */
export function windowsMaxPods(t: InstanceType): MaxPods {
  return { value: Math.max(0, t.ipv4PerEni - 1), basis: `Windows: pods use the primary ENI only, ${t.ipv4PerEni} IPv4 addresses − 1` };
}

/** Nodes labelled kubernetes.io/os=windows (eksctl amiFamily WindowsServer*, config or Node labels). */
export function isWindowsPool(pool: Pool): boolean {
  return pool.labels.get('kubernetes.io/os') === 'windows' || pool.labels.get('beta.kubernetes.io/os') === 'windows';
}

export function describePool(pool: Pool, config: EniLensConfig): string {
  const types = pool.instanceTypes.join('/');
  if (pool.origin === 'implicit') return `${pool.nodes} × ${types} (assumed: no node pool declares ${types}, so assumeNodes: ${config.assumeNodes} is used)`;
  const where = pool.file ? ` in ${baseName(pool.file)}` : '';
  if (pool.elastic) {
    const n = pool.instanceTypes.length;
    const sample = n <= 3 ? types : `${n} instance types, e.g. ${pool.instanceTypes.slice(0, 3).join(', ')}`;
    const count = pool.cpuLimit ? `node count elastic up to ${pool.cpuLimit.text}` : 'node count elastic';
    return `${sample} nodes (${pool.declaredAs ?? 'node pool'} '${pool.name}'${where}, ${count})`;
  }
  const basis = pool.nodesBasis ? `, ${pool.nodesBasis}` : '';
  return `${pool.nodes} × ${types} (${pool.declaredAs ?? 'node pool'} '${pool.name}'${where}${basis})`;
}

/** Security groups for pods can work on some node of the pool: a type with trunking, and not EKS Auto Mode. */
export function hostsTrunk(pool: Pool, type: InstanceType | undefined): boolean {
  return !pool.autoMode && !isWindowsPool(pool) && type?.trunking === true;
}

/** An elastic pool without a limit: it launches as many nodes as pods need. */
export function isUnbounded(pool: Pool): boolean {
  return pool.elastic === true && pool.cpuLimit === undefined;
}

/** Pools written in a file the user can edit (config, eksctl): findings point there and fixes edit them. */
export function isDeclaredInFile(pool: Pool): pool is Pool & { file: string } {
  return pool.origin !== 'implicit' && pool.file !== undefined;
}
