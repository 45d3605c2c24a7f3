// Workloads and the pod template each of them stamps out, read from their manifests.
import type { Range } from '../types';
import { locate, type KubeObject } from './objects';
import { readNodeConstraints, type NodeConstraints } from './nodeConstraints';
import { daemonSetTolerations, readTolerations, type Toleration } from './taints';

export const POD_ENI_RESOURCE = 'vpc.amazonaws.com/pod-eni';

export type WorkloadKind = 'Pod' | 'Deployment' | 'ReplicaSet' | 'StatefulSet' | 'DaemonSet' | 'Job' | 'CronJob' | 'ReplicationController' | 'Rollout';
export const WORKLOAD_KINDS: ReadonlySet<string> = new Set<string>([
  'Pod',
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'ReplicationController',
  'Rollout',
]);

export interface PodTemplate {
  labels: ReadonlyMap<string, string>;
  serviceAccountName: string;
  hostNetwork: boolean;
  /** nodeSelector sets kubernetes.io/os (or the beta label) to windows: no branch ENI. */
  windows: boolean;
  /** Carries the Fargate profile label: not scheduled on EC2 nodes. */
  fargate: boolean;
  /** A container requests or limits vpc.amazonaws.com/pod-eni itself. */
  requestsPodEni: boolean;
  placement: NodeConstraints;
  /** The pod's tolerations; for a DaemonSet with those its controller adds (node conditions only). */
  tolerations: Toleration[];
}

export interface ReplicaCount {
  value: number;
  /** Where the count comes from, for messages: "replicas: 6", "parallelism: 3", "default 1". */
  source: string;
  range?: Range;
  /** The file `range` is in when it is not the object's own (a kustomize patch or `replicas:` entry). */
  file?: string;
}

/** Extra pods during an update; `source` names it in messages when it is not a maxSurge ("preview ReplicaSet"). */
export type Surge = ({ kind: 'absolute'; value: number } | { kind: 'percent'; value: number }) & { source?: string };

export interface Workload {
  object: KubeObject;
  kind: WorkloadKind;
  template: PodTemplate;
  /** Pods the controller keeps; for a DaemonSet, per node. */
  replicas: ReplicaCount;
  /** Only for Deployments with a RollingUpdate strategy and Argo Rollouts. */
  maxSurge?: Surge;
  /**
   * An Argo Rollout's `workloadRef`: the pod template is the referenced Deployment's (the model resolves
   * it; until then `template` is empty).
   */
  templateRef?: { kind: string; name: string };
}

/** Argo Rollouts (argoproj.io): a Deployment-like workload with canary or blue-green updates. */
export function isArgoRollout(o: Pick<KubeObject, 'kind' | 'apiVersion'>): boolean {
  return o.kind === 'Rollout' && o.apiVersion.startsWith('argoproj.io/');
}

export function isWorkloadKind(kind: string): kind is WorkloadKind {
  return WORKLOAD_KINDS.has(kind);
}

export function readWorkload(o: KubeObject): Workload | undefined {
  if (!isWorkloadKind(o.kind) || (o.kind === 'Rollout' && !isArgoRollout(o))) return undefined;
  const r = o.reader;
  const kind = o.kind;
  const spec: unknown = r.get(o.root, 'spec');
  let replicasOwner: unknown = spec;
  let replicasKey = 'replicas';
  let templateMeta: unknown;
  let podSpec: unknown;
  if (kind === 'Pod') {
    templateMeta = r.get(o.root, 'metadata');
    podSpec = spec;
  } else if (kind === 'CronJob') {
    const jobSpec = r.at(spec, 'jobTemplate', 'spec');
    replicasOwner = jobSpec;
    replicasKey = 'parallelism';
    templateMeta = r.at(jobSpec, 'template', 'metadata');
    podSpec = r.at(jobSpec, 'template', 'spec');
  } else {
    if (kind === 'Job') replicasKey = 'parallelism';
    templateMeta = r.at(spec, 'template', 'metadata');
    podSpec = r.at(spec, 'template', 'spec');
  }
  let templateRef: Workload['templateRef'];
  if (kind === 'Rollout' && !r.map(podSpec)) {
    const ref = r.get(spec, 'workloadRef');
    const refName = r.string(r.get(ref, 'name'));
    if (!refName) return undefined;
    templateRef = { kind: r.string(r.get(ref, 'kind')) ?? 'Deployment', name: refName };
  } else if (!r.map(podSpec)) return undefined;

  const template = readPodTemplate(o, templateMeta, podSpec);
  if (kind === 'DaemonSet') template.tolerations.push(...daemonSetTolerations(template.hostNetwork));
  let replicas: ReplicaCount = { value: 1, source: kind === 'DaemonSet' ? 'one per node' : 'default 1' };
  if (kind !== 'Pod' && kind !== 'DaemonSet') {
    const node = r.get(replicasOwner, replicasKey);
    const value = r.integer(node);
    const at = locate(o, node);
    if (value !== undefined && value >= 0) replicas = { value, source: `${replicasKey}: ${value}`, range: at?.range, file: at?.file };
    else if (node !== undefined) replicas = { value: 1, source: `${replicasKey} is not a whole number; taken as 1`, range: at?.range, file: at?.file };
  }
  const workload: Workload = { object: o, kind, template, replicas };
  if (templateRef) workload.templateRef = templateRef;
  if (kind === 'Deployment') workload.maxSurge = readMaxSurge(o, spec);
  if (kind === 'Rollout') workload.maxSurge = readRolloutSurge(o, spec);
  return workload;
}

function readPodTemplate(o: KubeObject, meta: unknown, podSpec: unknown): PodTemplate {
  const r = o.reader;
  const labels = r.readonlyStringMap(r.get(meta, 'labels'));
  const nodeSelector = r.stringMap(r.get(podSpec, 'nodeSelector'));
  const os = nodeSelector.get('kubernetes.io/os') ?? nodeSelector.get('beta.kubernetes.io/os');
  let requestsPodEni = false;
  for (const container of r.items(r.get(podSpec, 'containers'))) {
    for (const section of ['requests', 'limits']) {
      if (r.get(r.at(container, 'resources', section), POD_ENI_RESOURCE) !== undefined) requestsPodEni = true;
    }
  }
  return {
    labels,
    serviceAccountName: r.string(r.get(podSpec, 'serviceAccountName')) || r.string(r.get(podSpec, 'serviceAccount')) || 'default',
    hostNetwork: r.boolean(r.get(podSpec, 'hostNetwork')) === true,
    windows: os === 'windows',
    fargate: labels.has('eks.amazonaws.com/fargate-profile'),
    requestsPodEni,
    placement: readNodeConstraints(r, podSpec),
    tolerations: readTolerations(r, podSpec),
  };
}

function readMaxSurge(o: KubeObject, spec: unknown): Surge | undefined {
  const r = o.reader;
  const strategy = r.get(spec, 'strategy');
  const type = r.string(r.get(strategy, 'type')) ?? 'RollingUpdate';
  if (type !== 'RollingUpdate') return undefined;
  return readSurgeValue(r.at(strategy, 'rollingUpdate', 'maxSurge'), o);
}

/**
 * A Rollout's extra pods during an update: canary `maxSurge` (25 % by default, as a Deployment); blue-green
 * runs the preview ReplicaSet beside the active one, `previewReplicaCount` pods or as many as the active.
 */
function readRolloutSurge(o: KubeObject, spec: unknown): Surge | undefined {
  const r = o.reader;
  const strategy = r.get(spec, 'strategy');
  const blueGreen = r.get(strategy, 'blueGreen');
  if (blueGreen !== undefined) {
    const preview = r.integer(r.get(blueGreen, 'previewReplicaCount'));
    return preview !== undefined && preview >= 0
      ? { kind: 'absolute', value: preview, source: 'blue-green previewReplicaCount' }
      : { kind: 'percent', value: 100, source: 'blue-green preview ReplicaSet' };
  }
  const canary = r.get(strategy, 'canary');
  if (canary === undefined) return undefined;
  return readSurgeValue(r.get(canary, 'maxSurge'), o);
}

function readSurgeValue(node: unknown, o: KubeObject): Surge {
  const r = o.reader;
  if (node === undefined) return { kind: 'percent', value: 25 };
  const n = r.integer(node);
  if (n !== undefined && n >= 0) return { kind: 'absolute', value: n };
  const s = r.strictString(node);
  const m = s ? /^(\d+)%$/.exec(s.trim()) : null;
  return m ? { kind: 'percent', value: Number(m[1]) } : { kind: 'percent', value: 25 };
}

/** Pods above `replicas` during a rolling update: a percentage rounds up, as the Deployment controller does. */
export function surgePods(surge: Surge | undefined, replicas: number): number {
  if (!surge) return 0;
  return surge.kind === 'absolute' ? surge.value : Math.ceil((replicas * surge.value) / 100);
}
