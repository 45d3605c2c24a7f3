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
