// Several eksctl ClusterConfigs in one config group (clusters/dev, clusters/prod): clusters never add up.
// Each is judged on its own with its node groups and its CNI settings (its add-ons); pools no ClusterConfig
// owns (.eni-lens.yaml, Karpenter, implicit) belong to each. A workload is judged in every cluster it can
// land on, with its placement narrowed to that cluster's pools.
import type { EniLensConfig } from '../config/config';
import { readCniSettings } from '../k8s/cniSettings';
import { readFargateProfiles } from '../k8s/fargate';
import { isEksctlClusterConfig } from '../k8s/eksctl';
import { fargateProfileFor, type FargateProfile } from '../k8s/fargate';
import { capacityOf, internedPools, securityGroupsForPods, workloadModelOf, type ClusterModel, type WorkloadModel, type WorkloadModelContext } from './cluster';
import { isClusterWide, type FileFacts } from './fileFacts';
import type { Pool } from './pools';

/** The model of one cluster `name` of `full` (a model of files holding several); `fileConfig` as the model was built with. */
export function clusterModel(full: ClusterModel, facts: FileFacts[], name: string, fileConfig: EniLensConfig): ClusterModel {
  const pools = full.pools.filter((p) => p.cluster === undefined || p.cluster === name);
  const own = new Set(pools);
  const clusterWide = facts
    .filter((f) => f.clusterWide)
    .flatMap((f) => f.objects)
    .filter((o) => isClusterWide(o) && (!isEksctlClusterConfig(o) || o.name === name));
  const cni = readCniSettings(clusterWide, fileConfig);
  const config = { ...full.config, prefixDelegation: cni.prefixDelegation.value, ipv6: cni.ipv6.value || undefined };
  const fargateProfiles = readFargateProfiles(clusterWide);
  const ctx: WorkloadModelContext = { lookups: full.lookups, fargateProfiles, pools, declaredPools: pools.filter((p) => p.origin !== 'implicit'), catalog: full.catalog };
  const workloads: WorkloadModel[] = [];
  for (const given of full.workloads) {
    const w = onOwnFargate(given, fargateProfiles, ctx);
    if (w.placement.kind !== 'pools') {
      workloads.push(w);
      continue;
    }
    const reachable = w.placement.pools.filter((p) => own.has(p));
    if (reachable.length > 0) workloads.push({ ...w, placement: { ...w.placement, pools: narrowed(pools, reachable) } });
  }
  return {
    clusters: full.clusters,
    cluster: name,
    config,
    catalog: full.catalog,
    cni,
    securityGroupsForPods: securityGroupsForPods(cni, facts),
    pools,
    fargateProfiles,
    capacity: capacityOf(
      pools,
      facts.flatMap((f) => f.workloads),
      config,
      full.catalog,
    ),
    workloads,
    lookups: full.lookups,
    get objects() {
      return full.objects;
    },
    get policies() {
      return full.policies;
    },
  };
}

/**
 * The group's model put a workload on Fargate by any cluster's profile; each cluster runs it on Fargate only
 * by one of its own profiles (or the pod's Fargate label), else on its own node pools.
 */
function onOwnFargate(w: WorkloadModel, own: FargateProfile[], ctx: WorkloadModelContext): WorkloadModel {
  if (w.placement.kind !== 'fargate' || !w.placement.profile) return w;
  const profile = fargateProfileFor(own, w.workload.object.namespace, w.workload.template.labels);
  if (profile) return sameProfile(profile, w.placement.profile) ? w : { ...w, placement: { kind: 'fargate', profile } };
  return workloadModelOf(w.workload, ctx);
}

function sameProfile(a: FargateProfile, b: FargateProfile): boolean {
  return a.name === b.name && a.file === b.file;
}

/** The full list when every pool is reachable, so unselective workloads share one array as in the full model. */
function narrowed(pools: Pool[], reachable: Pool[]): Pool[] {
  return reachable.length === pools.length ? pools : internedPools(pools, reachable);
}
