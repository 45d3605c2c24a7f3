// Several eksctl ClusterConfigs in one config group (clusters/dev, clusters/prod): clusters never add up.
// Each is judged on its own with its node groups and its CNI settings (its add-ons); pools no ClusterConfig
// owns (.eni-lens.yaml, Karpenter, implicit) belong to each. A workload is judged in every cluster it can
// land on, with its placement narrowed to that cluster's pools.
import type { EniLensConfig } from '../config/config';
import { readCniSettings } from '../k8s/cniSettings';
import { readFargateProfiles } from '../k8s/fargate';
import { isEksctlClusterConfig } from '../k8s/eksctl';
import { capacityOf, internedPools, securityGroupsForPods, type ClusterModel, type WorkloadModel } from './cluster';
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
  const workloads: WorkloadModel[] = [];
  for (const w of full.workloads) {
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
    // A workload placed on Fargate by another cluster's profile stays so here: placement is read once per group.
    fargateProfiles: readFargateProfiles(clusterWide),
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

/** The full list when every pool is reachable, so unselective workloads share one array as in the full model. */
function narrowed(pools: Pool[], reachable: Pool[]): Pool[] {
  return reachable.length === pools.length ? pools : internedPools(pools, reachable);
}
