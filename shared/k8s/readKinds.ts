// The kinds the analysis reads beyond apiVersion/kind/name: a document of any other kind is not composed
// (see yaml/unreadKind.ts). By kind alone, whatever the apiVersion, so a reader that also checks the
// group (SecurityGroupPolicy, Rollout, ScaledObject, ClusterConfig) still gets every candidate.
import { WORKLOAD_KINDS } from './workloads';

export const READ_KINDS: ReadonlySet<string> = new Set([
  // readWorkload (fileFacts, duplicate-object, system DaemonSets, aws-node env, cluster-autoscaler, Karpenter's reserved ENIs)
  ...WORKLOAD_KINDS,
  // readAutoscaler: HPAs and KEDA ScaledObjects
  'HorizontalPodAutoscaler',
  'ScaledObject',
  // readSecurityGroupPolicy
  'SecurityGroupPolicy',
  // ServiceAccount labels (serviceAccountSelector)
  'ServiceAccount',
  // eksctl node groups, Fargate profiles, vpc-cni add-on settings
  'ClusterConfig',
  // Karpenter pools
  'NodePool',
  'EC2NodeClass',
  // Node lists (kubectl get nodes -o yaml), and any List: its items are objects of their own kinds
  'Node',
  'List',
]);

export function isReadKind(kind: string): boolean {
  return READ_KINDS.has(kind);
}
