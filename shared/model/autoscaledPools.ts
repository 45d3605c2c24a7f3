// Node groups a cluster autoscaler scales: judged at the most nodes they may reach (eksctl maxSize, a config
// pool's maxNodes), since the autoscaler adds nodes as soon as pods are Pending. Without an autoscaler in
// evidence a group stays at its desired size.
import { isClusterAutoscaler } from '../k8s/autoscaler';
import type { KubeObject } from '../k8s/objects';
import type { NodeReader } from '../yaml/nodes';
import type { Pool } from './pools';

const AUTOSCALER_TAG_PREFIX = 'k8s.io/cluster-autoscaler/';

/** What in an eksctl node group says an autoscaler scales it: its auto-discovery tags, its IAM add-on policy, ASG tag propagation. */
export function autoscalerInEvidence(r: Pick<NodeReader, 'get' | 'at' | 'stringMap' | 'boolean'>, group: unknown): string | undefined {
  const tags = r.stringMap(r.get(group, 'tags'));
  const tag = [...tags.keys()].find((k) => k.startsWith(AUTOSCALER_TAG_PREFIX) && !k.startsWith(`${AUTOSCALER_TAG_PREFIX}node-template/`));
  if (tag) return `tag ${tag}`;
  if (r.boolean(r.at(group, 'iam', 'withAddonPolicies', 'autoScaler')) === true) return 'iam.withAddonPolicies.autoScaler: true';
  if (r.boolean(r.get(group, 'propagateASGTags')) === true) return 'propagateASGTags: true';
  return undefined;
}

/** The pool judged at its maximum, its desired size kept for messages; unchanged when it cannot grow. */
export function scaledToMax(pool: Pool, evidence: string, maxBasis: string): Pool {
  if (pool.maxNodes === undefined || pool.maxNodes <= pool.nodes) return pool;
  return {
    ...pool,
    nodes: pool.maxNodes,
    nodesBasis: `${maxBasis}: a cluster autoscaler is in evidence (${evidence})`,
    maxNodes: undefined,
    autoscaledBy: evidence,
    desired: { nodes: pool.nodes, basis: pool.nodesBasis ?? `nodes: ${pool.nodes}` },
  };
}

/**
 * EKS tags the Auto Scaling groups of managed node groups for the autoscaler's auto-discovery, so a
 * cluster-autoscaler Deployment among the objects scales every managed group up to its maxSize.
 */
export function scaledByDeployedAutoscaler(pools: Pool[], objects: KubeObject[]): Pool[] {
  if (!pools.some((p) => p.managed && p.maxNodes !== undefined)) return pools;
  const deployment = objects.find(isClusterAutoscaler);
  if (!deployment) return pools;
  const evidence = `Deployment ${deployment.namespace}/${deployment.name}, which discovers managed node groups by the tags EKS gives them`;
  return pools.map((p) => (p.managed ? scaledToMax(p, evidence, `maxSize: ${p.maxNodes}`) : p));
}
