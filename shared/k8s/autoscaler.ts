// Autoscalers that can take a workload's replicas up to a maximum: HorizontalPodAutoscalers (maxReplicas)
// and KEDA ScaledObjects (maxReplicaCount on scaleTargetRef; KEDA drives an HPA with it).
import type { Range } from '../types';
import type { KubeObject } from './objects';

/** KEDA's default maxReplicaCount. */
export const KEDA_DEFAULT_MAX_REPLICAS = 100;

export interface Autoscaler {
  object: KubeObject;
  targetKind: string;
  targetName: string;
  maxReplicas: number;
  maxReplicasRange?: Range;
  /** For messages: "maxReplicas: 8", "maxReplicaCount: 100 (KEDA's default)". */
  maxSource: string;
}

export function isKedaScaledObject(o: Pick<KubeObject, 'kind' | 'apiVersion'>): boolean {
  return o.kind === 'ScaledObject' && o.apiVersion.startsWith('keda.sh/');
}

export function isAutoscaler(o: Pick<KubeObject, 'kind' | 'apiVersion'>): boolean {
  return o.kind === 'HorizontalPodAutoscaler' || isKedaScaledObject(o);
}

/** A cluster-autoscaler Deployment (its name or its image says so): it scales node groups, not pods. */
export function isClusterAutoscaler(o: KubeObject): boolean {
  if (o.kind !== 'Deployment') return false;
  if (o.name.includes('cluster-autoscaler')) return true;
  const r = o.reader;
  return r.items(r.at(o.root, 'spec', 'template', 'spec', 'containers')).some((c) => /(^|\/)cluster-autoscaler(:|@|$)/.test(r.string(r.get(c, 'image')) ?? ''));
}

export function readAutoscaler(o: KubeObject): Autoscaler | undefined {
  const keda = isKedaScaledObject(o);
  if (o.kind !== 'HorizontalPodAutoscaler' && !keda) return undefined;
  const r = o.reader;
  const spec = r.get(o.root, 'spec');
  // A ScaledObject's target kind defaults to Deployment (apps/v1).
  const targetKind = r.string(r.at(spec, 'scaleTargetRef', 'kind')) ?? (keda ? 'Deployment' : undefined);
  const targetName = r.string(r.at(spec, 'scaleTargetRef', 'name'));
  const field = keda ? 'maxReplicaCount' : 'maxReplicas';
  const maxNode = r.get(spec, field);
  let maxReplicas = r.integer(maxNode);
  let maxSource = `${field}: ${maxReplicas}`;
  if (keda && maxNode === undefined) {
    maxReplicas = KEDA_DEFAULT_MAX_REPLICAS;
    maxSource = `${field}: ${maxReplicas} (KEDA's default)`;
  }
  if (!targetKind || !targetName || maxReplicas === undefined || maxReplicas < 0) return undefined;
  return { object: o, targetKind, targetName, maxReplicas, maxReplicasRange: r.range(maxNode), maxSource };
}
