// The live cluster, exactly: `kubectl get nodes -o yaml|json` (a v1 List of Node, or Node documents). When
// the analysed files hold Nodes, they are the cluster: pools group the nodes by node group or NodePool label
// (else instance type) and by the labels, taints and allocatable capacity they carry, so every pool is
// uniform; capacity is each node's `status.allocatable` (pods, vpc.amazonaws.com/pod-eni; absent: none).
import type { KubeObject } from '../k8s/objects';
import { EKSCTL_NODEGROUP_LABEL, NODEGROUP_LABEL } from '../k8s/eksctl';
import { NODEPOOL_LABEL } from '../k8s/karpenter';
import type { Taint, TaintEffect } from '../k8s/taints';
import type { Pool } from './pools';

const INSTANCE_TYPE_LABEL = 'node.kubernetes.io/instance-type';
const BETA_INSTANCE_TYPE_LABEL = 'beta.kubernetes.io/instance-type';
/**
 * Labels of one node or one zone: they do not split pools, so a pool is a node group, not a node or a zone
 * (a pod selecting one of them reaches no pool and is not judged).
 */
const PER_NODE_LABELS = new Set([
  'kubernetes.io/hostname',
  'topology.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/zone',
  'topology.ebs.csi.aws.com/zone',
  'topology.k8s.aws/zone-id',
  'topology.k8s.aws/network-node-layer-1',
  'topology.k8s.aws/network-node-layer-2',
  'topology.k8s.aws/network-node-layer-3',
  'topology.k8s.aws/network-node-layer-4',
  'eks.amazonaws.com/nodegroup-image',
  'k8s.io/cloud-provider-aws',
]);
const EFFECTS = new Set<string>(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);
const POD_ENI = 'vpc.amazonaws.com/pod-eni';

export function isNode(o: KubeObject): boolean {
  return o.kind === 'Node' && o.apiVersion === 'v1';
}

/** What a node of a node list holds, as its status says. */
export interface Allocatable {
  pods: number;
  podEni: number;
  /** "status.allocatable of 3 Nodes in nodes.yaml: pods 29, vpc.amazonaws.com/pod-eni 9". */
  basis: string;
}

export function nodeListPools(nodes: KubeObject[]): Pool[] {
  const groups = new Map<string, { group: string; by: string; type: string; nodes: KubeObject[]; labels: Map<string, string>; taints: Taint[]; pods: number; podEni: number }>();
  for (const n of nodes) {
    const r = n.reader;
    const labels = new Map([...n.labels].filter(([k]) => !PER_NODE_LABELS.has(k)));
    const type = labels.get(INSTANCE_TYPE_LABEL) ?? labels.get(BETA_INSTANCE_TYPE_LABEL) ?? '';
    const [by, group] = labels.has(NODEGROUP_LABEL)
      ? ['node group', labels.get(NODEGROUP_LABEL)!]
      : labels.has(NODEPOOL_LABEL)
        ? ['Karpenter NodePool', labels.get(NODEPOOL_LABEL)!]
        : labels.has(EKSCTL_NODEGROUP_LABEL)
          ? ['node group', labels.get(EKSCTL_NODEGROUP_LABEL)!]
          : ['instance type', type || 'unlabelled'];
    const taints = readTaints(n);
    const allocatable = r.at(n.root, 'status', 'allocatable');
    const pods = quantity(r.string(r.get(allocatable, 'pods')));
    const podEni = quantity(r.string(r.get(allocatable, POD_ENI)));
    const key = JSON.stringify([by, group, type, [...labels].sort(), taints, pods, podEni]);
    const known = groups.get(key);
    if (known) known.nodes.push(n);
    else groups.set(key, { group, by, type, nodes: [n], labels, taints, pods, podEni });
  }
  const sameName = new Map<string, number>();
  for (const g of groups.values()) sameName.set(g.group, (sameName.get(g.group) ?? 0) + 1);
  const seen = new Map<string, number>();
  return [...groups.values()].map((g) => {
    const index = (seen.get(g.group) ?? 0) + 1;
    seen.set(g.group, index);
    const first = g.nodes[0];
    const file = first.file;
    const name = sameName.get(g.group)! > 1 ? `${g.group} (${index} of ${sameName.get(g.group)})` : g.group;
    const count = `${g.nodes.length} Node${g.nodes.length === 1 ? '' : 's'}`;
    return {
      name,
      origin: 'nodes',
      declaredAs: `${g.by === 'instance type' ? 'nodes of instance type' : g.by} from the node list`,
      instanceTypes: [g.type || 'unknown'],
      instanceTypeRanges: [],
      file,
      nameRange: first.nameRange,
      nodes: g.nodes.length,
      nodesBasis: `${count} in the node list (${g.nodes
        .slice(0, 3)
        .map((n) => n.name)
        .join(', ')}${g.nodes.length > 3 ? ', …' : ''})`,
      labels: g.labels,
      taints: g.taints.length > 0 ? g.taints : undefined,
      allocatable: { pods: g.pods, podEni: g.podEni, basis: `status.allocatable of ${count} in ${baseName(file)}: pods ${g.pods}, ${POD_ENI} ${g.podEni || 'absent (0)'}` },
    } satisfies Pool;
  });
}

function readTaints(n: KubeObject): Taint[] {
  const r = n.reader;
  const out: Taint[] = [];
  for (const t of r.items(r.at(n.root, 'spec', 'taints'))) {
    const key = r.string(r.get(t, 'key'));
    const effect = r.string(r.get(t, 'effect'));
    if (!key || !effect || !EFFECTS.has(effect)) continue;
    const value = r.string(r.get(t, 'value'));
    out.push(value !== undefined && value !== '' ? { key, value, effect: effect as TaintEffect } : { key, effect: effect as TaintEffect });
  }
  return out;
}

/** A count as Kubernetes writes it in allocatable ("29", "1k"); 0 when absent or not a count. */
function quantity(raw: string | undefined): number {
  const m = /^\s*(\d+)(k)?\s*$/.exec(raw ?? '');
  return m ? Number(m[1]) * (m[2] ? 1000 : 1) : 0;
}

function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}
