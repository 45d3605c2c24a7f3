// Workloads and the pod template each of them stamps out, read from their manifests.
import type { Range } from '../types';
import { locate, type KubeObject } from './objects';
import { readNodeConstraints, type NodeConstraints } from './nodeConstraints';

export const POD_ENI_RESOURCE = 'vpc.amazonaws.com/pod-eni';

export type WorkloadKind = 'Pod' | 'Deployment' | 'ReplicaSet' | 'StatefulSet' | 'DaemonSet' | 'Job' | 'CronJob' | 'ReplicationController';
const WORKLOAD_KINDS = new Set<string>(['Pod', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicationController']);

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
}

export interface ReplicaCount {
  value: number;
  /** Where the count comes from, for messages: "replicas: 6", "parallelism: 3", "default 1". */
  source: string;
  range?: Range;
  /** The file `range` is in when it is not the object's own (a kustomize patch or `replicas:` entry). */
  file?: string;
}

export type Surge = { kind: 'absolute'; value: number } | { kind: 'percent'; value: number };

export interface Workload {
  object: KubeObject;
  kind: WorkloadKind;
  template: PodTemplate;
  /** Pods the controller keeps; for a DaemonSet, per node. */
  replicas: ReplicaCount;
  /** Only for Deployments with a RollingUpdate strategy. */
  maxSurge?: Surge;
}

export function isWorkloadKind(kind: string): kind is WorkloadKind {
  return WORKLOAD_KINDS.has(kind);
}

export function readWorkload(o: KubeObject): Workload | undefined {
  if (!isWorkloadKind(o.kind)) return undefined;
  const r = o.reader;
  const kind = o.kind;
  let spec: unknown = r.get(o.root, 'spec');
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
  if (!r.map(podSpec)) return undefined;

  const template = readPodTemplate(o, templateMeta, podSpec);
  let replicas: ReplicaCount = { value: 1, source: kind === 'DaemonSet' ? 'one per node' : 'default 1' };
  if (kind !== 'Pod' && kind !== 'DaemonSet') {
    const node = r.get(replicasOwner, replicasKey);
    const value = r.integer(node);
    const at = locate(o, node);
    if (value !== undefined && value >= 0) replicas = { value, source: `${replicasKey}: ${value}`, range: at?.range, file: at?.file };
    else if (node !== undefined) replicas = { value: 1, source: `${replicasKey} is not a whole number; taken as 1`, range: at?.range, file: at?.file };
  }
  const workload: Workload = { object: o, kind, template, replicas };
  if (kind === 'Deployment') workload.maxSurge = readMaxSurge(o, spec);
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
    serviceAccountName:
      r.string(r.get(podSpec, 'serviceAccountName')) || r.string(r.get(podSpec, 'serviceAccount')) || 'default',
    hostNetwork: r.boolean(r.get(podSpec, 'hostNetwork')) === true,
    windows: os === 'windows',
    fargate: labels.has('eks.amazonaws.com/fargate-profile'),
    requestsPodEni,
    placement: readNodeConstraints(r, podSpec),
  };
}

function readMaxSurge(o: KubeObject, spec: unknown): Surge | undefined {
  const r = o.reader;
  const strategy = r.get(spec, 'strategy');
  const type = r.string(r.get(strategy, 'type')) ?? 'RollingUpdate';
  if (type !== 'RollingUpdate') return undefined;
  const node = r.at(strategy, 'rollingUpdate', 'maxSurge');
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
