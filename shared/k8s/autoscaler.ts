// HorizontalPodAutoscalers: they can take a workload's replicas up to maxReplicas.
import type { Range } from '../types';
import type { KubeObject } from './objects';

export interface Autoscaler {
  object: KubeObject;
  targetKind: string;
  targetName: string;
  maxReplicas: number;
  maxReplicasRange?: Range;
}

/** A cluster-autoscaler Deployment (its name or its image says so): it scales node groups, not pods. */
export function isClusterAutoscaler(o: KubeObject): boolean {
  if (o.kind !== 'Deployment') return false;
  if (o.name.includes('cluster-autoscaler')) return true;
  const r = o.reader;
  return r.items(r.at(o.root, 'spec', 'template', 'spec', 'containers')).some((c) => /(^|\/)cluster-autoscaler(:|@|$)/.test(r.string(r.get(c, 'image')) ?? ''));
}

export function readAutoscaler(o: KubeObject): Autoscaler | undefined {
  if (o.kind !== 'HorizontalPodAutoscaler') return undefined;
  const r = o.reader;
  const spec = r.get(o.root, 'spec');
  const targetKind = r.string(r.at(spec, 'scaleTargetRef', 'kind'));
  const targetName = r.string(r.at(spec, 'scaleTargetRef', 'name'));
  const maxNode = r.get(spec, 'maxReplicas');
  const maxReplicas = r.integer(maxNode);
  if (!targetKind || !targetName || maxReplicas === undefined || maxReplicas < 0) return undefined;
  return { object: o, targetKind, targetName, maxReplicas, maxReplicasRange: r.range(maxNode) };
}
