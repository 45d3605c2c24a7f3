// The cluster model: every workload with its pod demand, whether its pods need branch ENIs (and which
// policies say so), and the node pools its pods can reach. Built from all analysed files together.
import type { EniLensConfig } from '../config/config';
import type { Autoscaler } from '../k8s/autoscaler';
import { readCniSettings, type CniSetting, type CniSettings } from '../k8s/cniSettings';
import { eksctlPools, isEksctlClusterConfig } from '../k8s/eksctl';
import { DEFAULT_CATALOG, type InstanceCatalog } from '../instances/catalog';
import { karpenterPools } from '../k8s/karpenter';
import { constraintsMatch, isConstrained } from '../k8s/nodeConstraints';
import type { KubeObject } from '../k8s/objects';
import { policyMatchesPod, type SecurityGroupPolicy } from '../k8s/securityGroupPolicy';
import type { Workload } from '../k8s/workloads';
import { autoscalerKey, factsOf, serviceAccountKey, type FileFacts } from './fileFacts';
import type { ParsedSource } from '../yaml/parseSource';
import type { Range } from '../types';
import { implicitPool, nodeCapacity, nodeLabels, poolFromConfig, type NodeCapacity, type Pool } from './pools';

export type Placement =
  /** `onEveryNode`: a DaemonSet, one pod on every node of the pools rather than pods spread over them. */
  | { kind: 'pools'; pools: Pool[]; onEveryNode: boolean }
  /** Placement not known: the pod names no pool and the config declares none it could use. */
  | { kind: 'unknown'; reason: string }
  /** Fargate pods never land on EC2 nodes. */
  | { kind: 'fargate' };

export interface BranchEniNeed {
  needed: boolean;
  /** Matching policies (the union of their group ids goes on the branch ENI). */
  policies: SecurityGroupPolicy[];
  /** The pod asks for vpc.amazonaws.com/pod-eni in its own resources. */
  explicitRequest: boolean;
  /** Why a matching policy does not give it one (hostNetwork, Windows). */
  exemptBecause?: string;
}

export interface WorkloadModel {
  workload: Workload;
  /** Pods to place: replicas, HPA maxReplicas or parallelism; for a DaemonSet, per node. */
  pods: number;
  podsSource: string;
  podsRange?: Range;
  /** The file `podsRange` is in when it is not the workload's own (a kustomize patch or `replicas:` entry). */
  podsFile?: string;
  autoscaler?: Autoscaler;
  branchEni: BranchEniNeed;
  /** Its pods take IP addresses of the node: no branch ENI, not hostNetwork, not Windows. */
  needsNodeIp: boolean;
  placement: Placement;
}

export interface ClusterModel {
  /** The config with the VPC CNI settings in force (the file's, else the manifests'), e.g. prefixDelegation. */
  config: EniLensConfig;
  /** The instance types this analysis knows: the bundled table plus the config's instanceData overlay. */
  catalog: InstanceCatalog;
  /** The VPC CNI settings and where each came from. */
  cni: CniSettings;
  /** Security groups for pods in use: ENABLE_POD_ENI, or any SecurityGroupPolicy the controller applies. */
  securityGroupsForPods: CniSetting;
  objects: KubeObject[];
  pools: Pool[];
  capacity: Map<Pool, NodeCapacity>;
  workloads: WorkloadModel[];
  /** Every SecurityGroupPolicy, in file order. */
  policies: SecurityGroupPolicy[];
  lookups: ModelLookups;
}

/** What building a workload's model looks up; the incremental analysis patches these between edits. */
export interface ModelLookups {
  /** Policies by namespace, each list in file order. */
  policiesByNamespace: Map<string, SecurityGroupPolicy[]>;
  /** By serviceAccountKey: the last ServiceAccount of that name in file order. */
  serviceAccountLabels: Map<string, ReadonlyMap<string, string>>;
  /** By autoscalerKey of the target: the last HPA in file order. */
  autoscalers: Map<string, Autoscaler>;
}

/** What an incremental caller knows is still valid from the previous model of the same group. */
export interface ModelReuse {
  /** The previous pools, their capacity and the CNI settings: nothing they come from changed. */
  pools?: { pools: Pool[]; capacity: Map<Pool, NodeCapacity>; cni: CniSettings };
  lookups?: ModelLookups;
  /** The previous models of a file's workloads, when nothing they read changed. */
  fileModels?: (facts: FileFacts) => WorkloadModel[] | undefined;
  /** Receives the workload models built anew, by file (what `fileModels` can give back next time). */
  record?: (facts: FileFacts, models: WorkloadModel[]) => void;
}

export function buildClusterModel(sources: ParsedSource[], fileConfig: EniLensConfig): ClusterModel {
  return assembleClusterModel(sources.map(factsOf), fileConfig);
}

export function buildLookups(facts: FileFacts[]): ModelLookups {
  const lookups: ModelLookups = { policiesByNamespace: new Map(), serviceAccountLabels: new Map(), autoscalers: new Map() };
  for (const f of facts) {
    for (const p of f.policies) {
      const list = lookups.policiesByNamespace.get(p.object.namespace);
      if (list) list.push(p);
      else lookups.policiesByNamespace.set(p.object.namespace, [p]);
    }
    for (const [key, labels] of f.accountLabels) lookups.serviceAccountLabels.set(key, labels);
    for (const [key, hpa] of f.autoscalerTargets) lookups.autoscalers.set(key, hpa);
  }
  return lookups;
}

/**
 * The model of files' facts. Per edit, with `reuse`, the work is one pass over the files to gather
 * workload models; objects and policies are gathered only when read (hovers, reports).
 */
export function assembleClusterModel(facts: FileFacts[], fileConfig: EniLensConfig, reuse: ModelReuse = {}): ClusterModel {
  const catalog = fileConfig.catalog ?? DEFAULT_CATALOG;
  // Pools and CNI settings come only from eksctl, Karpenter and aws-node objects.
  const clusterWide = reuse.pools ? [] : facts.filter((f) => f.clusterWide).flatMap((f) => f.objects);
  const cni = reuse.pools?.cni ?? readCniSettings(clusterWide, fileConfig);
  const config: EniLensConfig = { ...fileConfig, prefixDelegation: cni.prefixDelegation.value };
  const { pools, capacity } = reuse.pools ?? buildPools(clusterWide, facts.flatMap((f) => f.workloads), config, catalog);
  const lookups = reuse.lookups ?? buildLookups(facts);
  const declaredPools = pools.filter((p) => p.origin !== 'implicit');

  const modelOf = (w: Workload): WorkloadModel => {
    const hpa = lookups.autoscalers.get(autoscalerKey(w.object.namespace, w.kind, w.object.name));
    const branchEni = branchEniNeed(w, lookups.policiesByNamespace.get(w.object.namespace) ?? [], lookups.serviceAccountLabels);
    const model: WorkloadModel = {
      workload: w,
      pods: w.replicas.value,
      podsSource: w.replicas.source,
      podsRange: w.replicas.range,
      podsFile: w.replicas.file,
      branchEni,
      needsNodeIp: !branchEni.needed && !w.template.hostNetwork && !w.template.windows,
      placement: placementOf(w, pools, declaredPools, catalog),
    };
    if (hpa && hpa.maxReplicas > w.replicas.value) {
      model.autoscaler = hpa;
      model.pods = hpa.maxReplicas;
      model.podsSource = `HorizontalPodAutoscaler ${hpa.object.name} maxReplicas: ${hpa.maxReplicas}`;
    }
    return model;
  };
  const models: WorkloadModel[] = [];
  for (const f of facts) {
    if (f.workloads.length === 0) continue;
    let fileModels = reuse.fileModels?.(f);
    if (!fileModels) {
      fileModels = f.workloads.map(modelOf);
      reuse.record?.(f, fileModels);
    }
    for (const m of fileModels) models.push(m);
  }

  let objects: KubeObject[] | undefined;
  let policies: SecurityGroupPolicy[] | undefined;
  return {
    config, catalog, cni, securityGroupsForPods: securityGroupsForPods(cni, facts), pools, capacity, workloads: models, lookups,
    get objects() {
      return (objects ??= facts.flatMap((f) => f.objects));
    },
    get policies() {
      return (policies ??= facts.flatMap((f) => f.policies));
    },
  };
}

function buildPools(objects: KubeObject[], workloads: Workload[], config: EniLensConfig, catalog: InstanceCatalog): { pools: Pool[]; capacity: Map<Pool, NodeCapacity> } {
  const pools = config.nodePools.map((p) => poolFromConfig(p, config.file));
  for (const o of objects) if (isEksctlClusterConfig(o)) pools.push(...eksctlPools(o));
  pools.push(...karpenterPools(objects, catalog));
  const declaredTypes = new Set(pools.flatMap((p) => p.instanceTypes));
  const implicitByType = new Map<string, Pool>();
  for (const w of workloads) {
    for (const pin of w.template.placement.pinnedInstanceTypes) {
      if (!declaredTypes.has(pin.value) && !implicitByType.has(pin.value)) implicitByType.set(pin.value, implicitPool(pin.value, config.assumeNodes));
    }
  }
  pools.push(...implicitByType.values());
  const capacity = new Map<Pool, NodeCapacity>();
  for (const p of pools) capacity.set(p, nodeCapacity(p, config, catalog));
  return { pools, capacity };
}

function securityGroupsForPods(cni: CniSettings, facts: FileFacts[]): CniSetting {
  if (cni.podEni.value || cni.podEni.source.endsWith('.eni-lens.yaml')) return cni.podEni;
  let applied: SecurityGroupPolicy | undefined;
  for (const f of facts) if ((applied = f.policies.find((p) => !p.ignoredBecause))) break;
  if (!applied) return cni.podEni;
  return { value: true, source: `${applied.object.kind} ${applied.object.namespace}/${applied.object.name} exists`, file: applied.object.file, range: applied.object.nameRange };
}

function branchEniNeed(w: Workload, policies: SecurityGroupPolicy[], serviceAccounts: Map<string, ReadonlyMap<string, string>>): BranchEniNeed {
  const t = w.template;
  const ns = w.object.namespace;
  const saLabels = serviceAccounts.get(serviceAccountKey(ns, t.serviceAccountName)) ?? new Map<string, string>();
  const matched = policies.filter((p) => policyMatchesPod(p, ns, t.labels, saLabels));
  let exemptBecause: string | undefined;
  if (t.hostNetwork) exemptBecause = 'it uses hostNetwork';
  else if (t.windows) exemptBecause = 'it runs on Windows nodes';
  else if (t.fargate) exemptBecause = 'it runs on Fargate';
  const needed = t.requestsPodEni || (matched.length > 0 && !exemptBecause);
  return { needed, policies: exemptBecause ? [] : matched, explicitRequest: t.requestsPodEni, exemptBecause };
}

function placementOf(w: Workload, pools: Pool[], declaredPools: Pool[], catalog: InstanceCatalog): Placement {
  if (w.template.fargate) return { kind: 'fargate' };
  const constraints = w.template.placement;
  if (!isConstrained(constraints)) {
    return declaredPools.length > 0
      ? { kind: 'pools', pools, onEveryNode: w.kind === 'DaemonSet' }
      : { kind: 'unknown', reason: 'its pods select no instance type or node pool, and neither .eni-lens.yaml nor an eksctl/Karpenter file declares node pools' };
  }
  const reachable = pools.filter((p) => p.instanceTypes.some((t) => constraintsMatch(constraints, nodeLabels(p, t, catalog))));
  return reachable.length > 0
    ? { kind: 'pools', pools: internedPools(pools, reachable), onEveryNode: w.kind === 'DaemonSet' }
    : { kind: 'unknown', reason: 'no declared node pool matches its nodeSelector/node affinity' };
}

/** Per list of all pools: each distinct reachable subset, so workloads reaching the same pools share one array. */
const reachableSubsets = new WeakMap<Pool[], Map<string, Pool[]>>();

/**
 * The one array for this subset of `pools` (kept in `pools` order). The judges cache per array, so
 * tens of distinct arrays instead of one per workload make them cheap; the arrays are never mutated.
 */
function internedPools(pools: Pool[], reachable: Pool[]): Pool[] {
  let subsets = reachableSubsets.get(pools);
  if (!subsets) reachableSubsets.set(pools, (subsets = new Map()));
  let key = '';
  for (const p of reachable) key += `${pools.indexOf(p)},`;
  const known = subsets.get(key);
  if (known) return known;
  subsets.set(key, reachable);
  return reachable;
}

