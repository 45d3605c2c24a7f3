// The cluster model: every workload with its pod demand, whether its pods need branch ENIs (and which
// policies say so), and the node pools its pods can reach. Built from all analysed files together.
import type { EniLensConfig } from '../config/config';
import type { Autoscaler } from '../k8s/autoscaler';
import { isStated, readCniSettings, type CniSetting, type CniSettings } from '../k8s/cniSettings';
import { isEksctlClusterConfig } from '../k8s/eksctl';
import { fargateProfileFor, readFargateProfiles, type FargateProfile } from '../k8s/fargate';
import { eksctlPools } from './eksctlPools';
import { DEFAULT_CATALOG, type InstanceCatalog } from '../instances/catalog';
import { isConstrained } from '../k8s/nodeConstraints';
import type { KubeObject } from '../k8s/objects';
import { policyMatchesPod, type SecurityGroupPolicy } from '../k8s/securityGroupPolicy';
import { surgePods, type PodTemplate, type Workload } from '../k8s/workloads';
import { spliced } from './unitChanges';
import { autoscalerKey, factsOf, serviceAccountKey, type FileFacts } from './fileFacts';
import type { ParsedSource } from '../yaml/parseSource';
import type { Range } from '../types';
import { karpenterPools } from './karpenterPools';
import { poolAccepts, refusalOf, type PoolRefusal } from './poolAccess';
import { isSystemDaemonSet, systemPodsOn } from './systemPods';
import { scaledByDeployedAutoscaler } from './autoscaledPools';
import { isNode, nodeListPools } from './nodeListPools';
import { implicitPool, nodeCapacity, poolFromConfig, type NodeCapacity, type Pool } from './pools';

export type Placement =
  /** `onEveryNode`: a DaemonSet, one pod on every node of the pools rather than pods spread over them. */
  | { kind: 'pools'; pools: Pool[]; onEveryNode: boolean }
  /**
   * Placement not known: the pod names no pool and the config declares none it could use. `refusals`:
   * pools are declared and each of them surely refuses the pods (they stay Pending).
   */
  | { kind: 'unknown'; reason: string; refusals?: PoolRefusal[] }
  /** Fargate pods never land on EC2 nodes: a Fargate profile selects them, or they carry its label. */
  | { kind: 'fargate'; profile?: FargateProfile };

export interface BranchEniNeed {
  needed: boolean;
  /** Matching policies (the union of their group ids goes on the branch ENI). */
  policies: SecurityGroupPolicy[];
  /** The pod asks for vpc.amazonaws.com/pod-eni in its own resources. */
  explicitRequest: boolean;
  /** Why a matching policy does not give it one (hostNetwork, Windows). */
  exemptBecause?: string;
  /** The policies that match but give no branch ENI because of `exemptBecause`. */
  exemptPolicies?: SecurityGroupPolicy[];
}

export interface WorkloadModel {
  workload: Workload;
  /** Pods to place: replicas, HPA maxReplicas or parallelism; for a DaemonSet, per node. */
  pods: number;
  podsSource: string;
  /** Extra pods of a rolling update (surgePods of its maxSurge over `pods`); 0 without one. */
  surge: number;
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
  /** The eksctl clusters (ClusterConfig metadata.name) among the files, in file order; see clusters.ts. */
  clusters: string[];
  /** The cluster this model judges, when the files hold several and this is one of them. */
  cluster?: string;
  /** The config with the VPC CNI settings in force (the file's, else the manifests'), e.g. prefixDelegation. */
  config: EniLensConfig;
  /** The instance types this analysis knows: the bundled table plus the config's instanceData overlay. */
  catalog: InstanceCatalog;
  /** The VPC CNI settings and where each came from. */
  cni: CniSettings;
  /** Security groups for pods in use: ENABLE_POD_ENI as stated, else assumed on when a SecurityGroupPolicy the controller applies exists. */
  securityGroupsForPods: CniSetting;
  objects: KubeObject[];
  pools: Pool[];
  /** eksctl Fargate profiles: the pods they select are not placed on pools. */
  fargateProfiles: FargateProfile[];
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
  /** By autoscalerKey: the pod template of each workload a Rollout's workloadRef names (the last in file order). */
  templates: Map<string, PodTemplate>;
}

/** What an incremental caller knows is still valid from the previous model of the same group. */
export interface ModelReuse {
  /** The previous pools, their capacity and the CNI settings: nothing they come from changed. */
  pools?: { pools: Pool[]; capacity: Map<Pool, NodeCapacity>; cni: CniSettings; fargateProfiles: FargateProfile[]; clusters: string[] };
  lookups?: ModelLookups;
  /** The previous models of a file's workloads, when nothing they read changed. */
  fileModels?: (facts: FileFacts) => WorkloadModel[] | undefined;
  /** Every SecurityGroupPolicy in file order, when no unit holding one changed. */
  policies?: SecurityGroupPolicy[];
  /** Receives the workload models built anew, by file (what `fileModels` can give back next time). */
  record?: (facts: FileFacts, models: WorkloadModel[]) => void;
  /**
   * The models are `previous`'s with `[from, to)` replaced by those of `units` (the facts the previous
   * list's units in that window became): no unit outside the window changed or reads what changed.
   */
  spliced?: { previous: WorkloadModel[]; from: number; to: number; units: FileFacts[] };
  /** ENABLE_POD_ENI as the previous model had it: the CNI settings and the policies are the same. */
  securityGroupsForPods?: CniSetting;
}

export function buildClusterModel(sources: ParsedSource[], fileConfig: EniLensConfig): ClusterModel {
  return assembleClusterModel(sources.map(factsOf), fileConfig);
}

export function buildLookups(facts: FileFacts[]): ModelLookups {
  const lookups: ModelLookups = { policiesByNamespace: new Map(), serviceAccountLabels: new Map(), autoscalers: new Map(), templates: new Map() };
  const referenced = new Set<string>();
  for (const f of facts) for (const key of f.reads.templates) referenced.add(key);
  for (const f of facts) {
    for (const p of f.policies) {
      const list = lookups.policiesByNamespace.get(p.object.namespace);
      if (list) list.push(p);
      else lookups.policiesByNamespace.set(p.object.namespace, [p]);
    }
    for (const [key, labels] of f.accountLabels) lookups.serviceAccountLabels.set(key, labels);
    for (const [key, hpa] of f.autoscalerTargets) lookups.autoscalers.set(key, hpa);
    if (referenced.size === 0) continue;
    for (const w of f.workloads) {
      const key = autoscalerKey(w.object.namespace, w.kind, w.object.name);
      if (referenced.has(key) && !w.templateRef) lookups.templates.set(key, w.template);
    }
  }
  return lookups;
}

/**
 * The model of files' facts. Per edit, with `reuse`, the work is one pass over the files to gather
 * workload models; objects and policies are gathered only when read (hovers, reports).
 */
export function assembleClusterModel(facts: FileFacts[], fileConfig: EniLensConfig, reuse: ModelReuse = {}): ClusterModel {
  const catalog = fileConfig.catalog ?? DEFAULT_CATALOG;
  // Pools and CNI settings come only from eksctl, Karpenter and aws-node objects; `cluster:` in the
  // config keeps one ClusterConfig of several.
  const picked = fileConfig.cluster?.value;
  const clusterWide = reuse.pools
    ? []
    : facts
        .filter((f) => f.clusterWide)
        .flatMap((f) => f.objects)
        .filter((o) => !picked || !isEksctlClusterConfig(o) || o.name === picked);
  const clusters = reuse.pools?.clusters ?? clusterNames(clusterWide);
  const cni = reuse.pools?.cni ?? readCniSettings(clusterWide, fileConfig);
  const config: EniLensConfig = { ...fileConfig, prefixDelegation: cni.prefixDelegation.value, ipv6: cni.ipv6.value || undefined };
  const { pools, capacity } =
    reuse.pools ??
    buildPools(
      clusterWide,
      facts.flatMap((f) => f.workloads),
      config,
      catalog,
      clusters.length === 1 ? clusters[0] : undefined,
    );
  const fargateProfiles = reuse.pools?.fargateProfiles ?? readFargateProfiles(clusterWide);
  const lookups = reuse.lookups ?? buildLookups(facts);
  const declaredPools = pools.filter((p) => p.origin !== 'implicit');

  const modelOf = (given: Workload): WorkloadModel => workloadModelOf(given, { lookups, fargateProfiles, pools, declaredPools, catalog });
  const models = workloadModels(facts, reuse, modelOf);

  let objects: KubeObject[] | undefined;
  let policies = reuse.policies;
  return {
    clusters,
    config,
    catalog,
    cni,
    securityGroupsForPods: reuse.securityGroupsForPods ?? securityGroupsForPods(cni, facts),
    pools,
    fargateProfiles,
    capacity,
    workloads: models,
    lookups,
    get objects() {
      return (objects ??= facts.flatMap((f) => f.objects));
    },
    get policies() {
      return (policies ??= facts.flatMap((f) => f.policies));
    },
  };
}

/**
 * Every unit's workload models, in unit order: reused where `reuse` has them, else built and recorded. Apart
 * from assembleClusterModel, whose model's getters must not hold `reuse` (it holds the previous analysis).
 */
function workloadModels(facts: FileFacts[], reuse: ModelReuse, modelOf: (w: Workload) => WorkloadModel): WorkloadModel[] {
  const modelsOf = (f: FileFacts): WorkloadModel[] => {
    let fileModels = reuse.fileModels?.(f);
    if (!fileModels) {
      fileModels = f.workloads.map(modelOf);
      reuse.record?.(f, fileModels);
    }
    return fileModels;
  };
  const units = reuse.spliced?.units ?? facts;
  const models: WorkloadModel[] = [];
  for (const f of units) if (f.workloads.length > 0) for (const m of modelsOf(f)) models.push(m);
  return reuse.spliced ? spliced(reuse.spliced.previous, reuse.spliced.from, reuse.spliced.to, models) : models;
}

/** What a workload's model is built against: one group's (or one cluster's) lookups, Fargate profiles and pools. */
export interface WorkloadModelContext {
  lookups: ModelLookups;
  fargateProfiles: FargateProfile[];
  pools: Pool[];
  declaredPools: Pool[];
  catalog: InstanceCatalog;
}

export function workloadModelOf(given: Workload, ctx: WorkloadModelContext): WorkloadModel {
  const { lookups, fargateProfiles, pools, declaredPools, catalog } = ctx;
  const w = given.templateRef ? withReferencedTemplate(given, lookups.templates) : given;
  if (!w) return unresolvedModel(given);
  const hpa = lookups.autoscalers.get(autoscalerKey(w.object.namespace, w.kind, w.object.name));
  // Fargate runs no DaemonSets: their pods stay on the nodes.
  const profile = fargateProfiles.length > 0 && w.kind !== 'DaemonSet' ? fargateProfileFor(fargateProfiles, w.object.namespace, w.template.labels) : undefined;
  const onFargate = w.template.fargate || profile !== undefined;
  const branchEni = branchEniNeed(w, onFargate, lookups.policiesByNamespace.get(w.object.namespace) ?? [], lookups.serviceAccountLabels);
  const model: WorkloadModel = {
    workload: w,
    pods: w.replicas.value,
    podsSource: w.replicas.source,
    surge: 0,
    podsRange: w.replicas.range,
    podsFile: w.replicas.file,
    branchEni,
    needsNodeIp: !branchEni.needed && !w.template.hostNetwork && !w.template.windows,
    placement: onFargate ? { kind: 'fargate', profile } : placementOf(w, pools, declaredPools, catalog),
  };
  if (hpa && hpa.maxReplicas > w.replicas.value) {
    model.autoscaler = hpa;
    model.pods = hpa.maxReplicas;
    model.podsSource = `${hpa.object.kind} ${hpa.object.name} ${hpa.maxSource}`;
  }
  model.surge = surgePods(w.maxSurge, model.pods);
  return model;
}

/**
 * A Rollout with `workloadRef` takes the referenced workload's pod template. Its pinned-type ranges are in
 * the other file, so they are dropped here: findings on the Rollout anchor at its own replicas or name.
 */
function withReferencedTemplate(w: Workload, templates: Map<string, PodTemplate>): Workload | undefined {
  const ref = w.templateRef!;
  const template = templates.get(autoscalerKey(w.object.namespace, ref.kind, ref.name));
  return template && { ...w, template: { ...template, placement: { ...template.placement, pinnedInstanceTypes: [] } } };
}

function unresolvedModel(w: Workload): WorkloadModel {
  const ref = w.templateRef!;
  return {
    workload: w,
    pods: w.replicas.value,
    podsSource: w.replicas.source,
    surge: surgePods(w.maxSurge, w.replicas.value),
    podsRange: w.replicas.range,
    branchEni: { needed: false, policies: [], explicitRequest: false },
    needsNodeIp: false,
    placement: { kind: 'unknown', reason: `its pod template comes from ${ref.kind} ${w.object.namespace}/${ref.name} (workloadRef), which is not in these files` },
  };
}

/** The eksctl ClusterConfigs' names, each once, in file order. */
function clusterNames(objects: KubeObject[]): string[] {
  return [...new Set(objects.filter(isEksctlClusterConfig).map((o) => o.name))];
}

/**
 * `cluster`: the one cluster of the files, which config and Karpenter pools belong to; undefined when
 * the files hold several (those pools then belong to each: see clusters.ts).
 */
function buildPools(
  objects: KubeObject[],
  workloads: Workload[],
  config: EniLensConfig,
  catalog: InstanceCatalog,
  cluster: string | undefined,
): { pools: Pool[]; capacity: Map<Pool, NodeCapacity> } {
  const nodes = objects.filter(isNode);
  // A node list is the cluster as it is: no other pool, nothing assumed.
  if (nodes.length > 0) {
    const listed = nodeListPools(nodes);
    return { pools: listed, capacity: capacityOf(listed, workloads, config, catalog) };
  }
  const ofCluster = (p: Pool): Pool => (cluster ? { ...p, cluster } : p);
  const pools: Pool[] = config.nodePools.map((p) => ofCluster(poolFromConfig(p, config.file)));
  const groups: Pool[] = [];
  for (const o of objects) if (isEksctlClusterConfig(o)) groups.push(...eksctlPools(o));
  pools.push(...scaledByDeployedAutoscaler(groups, objects));
  for (const p of karpenterPools(objects, catalog)) pools.push(ofCluster(p));
  const declaredTypes = new Set(pools.flatMap((p) => p.instanceTypes));
  const implicitByType = new Map<string, Pool>();
  for (const w of workloads) {
    for (const pin of w.template.placement.pinnedInstanceTypes) {
      if (!declaredTypes.has(pin.value) && !implicitByType.has(pin.value)) implicitByType.set(pin.value, implicitPool(pin.value, config.assumeNodes));
    }
  }
  pools.push(...implicitByType.values());
  return { pools, capacity: capacityOf(pools, workloads, config, catalog) };
}

export function capacityOf(pools: Pool[], workloads: Workload[], config: EniLensConfig, catalog: InstanceCatalog): Map<Pool, NodeCapacity> {
  const capacity = new Map<Pool, NodeCapacity>();
  const systemDaemonSets = workloads.filter((w) => isSystemDaemonSet(w.object));
  for (const p of pools) capacity.set(p, nodeCapacity(p, config, catalog, systemPodsOn(p, config, systemDaemonSets, catalog)));
  return capacity;
}

/**
 * ENABLE_POD_ENI as stated (the config, aws-node, the add-on's values); where nothing states it, assumed on
 * when a SecurityGroupPolicy the controller applies exists. A policy never turns an explicit false on: the
 * webhook still adds the pod-eni request, but no node advertises it (rule security-groups-for-pods-disabled).
 */
export function securityGroupsForPods(cni: CniSettings, facts: FileFacts[]): CniSetting {
  if (cni.podEni.source !== 'default') return cni.podEni;
  let applied: SecurityGroupPolicy | undefined;
  for (const f of facts) if ((applied = f.policies.find((p) => !p.ignoredBecause))) break;
  if (!applied) return cni.podEni;
  return {
    value: true,
    source: `assumed: ${applied.object.kind} ${applied.object.namespace}/${applied.object.name} exists and nothing sets ENABLE_POD_ENI`,
    file: applied.object.file,
    range: applied.object.nameRange,
    assumed: true,
  };
}

/** ENABLE_POD_ENI is stated false: pods needing a branch ENI cannot get one anywhere. */
export function podEniSwitchedOff(model: Pick<ClusterModel, 'securityGroupsForPods'>): boolean {
  return !model.securityGroupsForPods.value && isStated(model.securityGroupsForPods);
}

function branchEniNeed(w: Workload, onFargate: boolean, policies: SecurityGroupPolicy[], serviceAccounts: Map<string, ReadonlyMap<string, string>>): BranchEniNeed {
  const t = w.template;
  const ns = w.object.namespace;
  const saLabels = serviceAccounts.get(serviceAccountKey(ns, t.serviceAccountName)) ?? new Map<string, string>();
  const matched = policies.filter((p) => policyMatchesPod(p, ns, t.labels, saLabels));
  let exemptBecause: string | undefined;
  if (t.hostNetwork) exemptBecause = 'it uses hostNetwork';
  else if (t.windows) exemptBecause = 'it runs on Windows nodes';
  else if (onFargate) exemptBecause = 'it runs on Fargate';
  const needed = t.requestsPodEni || (matched.length > 0 && !exemptBecause);
  if (exemptBecause && matched.length > 0) return { needed, policies: [], explicitRequest: t.requestsPodEni, exemptBecause, exemptPolicies: matched };
  return { needed, policies: exemptBecause ? [] : matched, explicitRequest: t.requestsPodEni, exemptBecause };
}

function placementOf(w: Workload, pools: Pool[], declaredPools: Pool[], catalog: InstanceCatalog): Placement {
  const t = w.template;
  if (declaredPools.length === 0 && !isConstrained(t.placement)) {
    return { kind: 'unknown', reason: 'its pods select no instance type or node pool, and neither .eni-lens.yaml nor an eksctl/Karpenter file declares node pools' };
  }
  const reachable = pools.filter((p) => poolAccepts(t, p, catalog));
  if (reachable.length > 0) return { kind: 'pools', pools: internedPools(pools, reachable), onEveryNode: w.kind === 'DaemonSet' };
  const refusals = pools.map((p) => refusalOf(t, p, catalog));
  const sure = declaredPools.length > 0 && refusals.every((r) => !r.unsure);
  return {
    kind: 'unknown',
    reason: sure ? 'no node pool accepts its pods' : 'no declared node pool matches its nodeSelector/node affinity',
    refusals: sure ? refusals : undefined,
  };
}

/** Per list of all pools: each distinct reachable subset, so workloads reaching the same pools share one array. */
const reachableSubsets = new WeakMap<Pool[], Map<string, Pool[]>>();

/**
 * The one array for this subset of `pools` (kept in `pools` order). The judges cache per array, so
 * tens of distinct arrays instead of one per workload make them cheap; the arrays are never mutated.
 */
export function internedPools(pools: Pool[], reachable: Pool[]): Pool[] {
  if (reachable.length === pools.length) return pools;
  let subsets = reachableSubsets.get(pools);
  if (!subsets) reachableSubsets.set(pools, (subsets = new Map()));
  let key = '';
  for (const p of reachable) key += `${pools.indexOf(p)},`;
  const known = subsets.get(key);
  if (known) return known;
  subsets.set(key, reachable);
  return reachable;
}
