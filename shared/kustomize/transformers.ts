// Kustomize's built-in transformers that change what the analysis reads, with its field specs for them:
// namespace, name prefix/suffix (and the references that follow renames), labels, annotations, replicas.
import { isMap, isSeq, type Node, type YAMLMap } from 'yaml';
import { CLUSTER_SCOPED } from '../k8s/objects';
import type { Kustomization, LabelEntry } from './kustomization';
import { apiVersionOf, groupOf, kindOf, mapAt, nameOf, namespaceOf, effective, recordRename, setKey, TREE, type Resource } from './resource';
import { newMap, scalarLike, type Origin } from './tree';

interface FieldSpec {
  path: string[];
  kind?: string;
  group?: string;
  create: boolean;
}

const spec = (path: string, kind?: string, group?: string, create = true): FieldSpec => ({ path: path.split('/'), kind, group, create });

/** Kustomize's metadataLabelsFieldSpecs: what `labels` with includeTemplates writes (besides metadata/labels). */
const TEMPLATE_LABELS: FieldSpec[] = [
  spec('metadata/labels'),
  spec('spec/template/metadata/labels', 'ReplicationController'),
  spec('spec/template/metadata/labels', 'Deployment'),
  spec('spec/template/metadata/labels', 'ReplicaSet'),
  spec('spec/template/metadata/labels', 'DaemonSet'),
  spec('spec/template/metadata/labels', 'StatefulSet', 'apps'),
  spec('spec/volumeClaimTemplates[]/metadata/labels', 'StatefulSet', 'apps'),
  spec('spec/template/metadata/labels', 'Job', 'batch'),
  spec('spec/jobTemplate/metadata/labels', 'CronJob', 'batch'),
  spec('spec/jobTemplate/spec/template/metadata/labels', 'CronJob', 'batch'),
];

/** Kustomize's commonLabels field specs (selectors too): what commonLabels and includeSelectors write. */
const COMMON_LABELS: FieldSpec[] = [
  ...TEMPLATE_LABELS,
  spec('spec/selector', 'Service'),
  spec('spec/selector', 'ReplicationController'),
  spec('spec/selector/matchLabels', 'Deployment'),
  spec('spec/selector/matchLabels', 'ReplicaSet'),
  spec('spec/selector/matchLabels', 'DaemonSet'),
  spec('spec/selector/matchLabels', 'StatefulSet', 'apps'),
  spec('spec/selector/matchLabels', 'Job', 'batch', false),
  spec('spec/jobTemplate/spec/selector/matchLabels', 'CronJob', 'batch', false),
  spec('spec/selector/matchLabels', 'PodDisruptionBudget', 'policy', false),
  spec('spec/podSelector/matchLabels', 'NetworkPolicy', 'networking.k8s.io', false),
];

const METADATA_LABELS: FieldSpec[] = [spec('metadata/labels')];

const ANNOTATIONS: FieldSpec[] = [
  spec('metadata/annotations'),
  ...['ReplicationController', 'Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job'].map((kind) => spec('spec/template/metadata/annotations', kind)),
  spec('spec/jobTemplate/metadata/annotations', 'CronJob'),
  spec('spec/jobTemplate/spec/template/metadata/annotations', 'CronJob'),
];

/** Kinds Kustomize leaves the name of alone when prefixing. */
const NOT_RENAMED = new Set(['CustomResourceDefinition', 'Namespace', 'APIService']);

export function isClusterScoped(r: Resource): boolean {
  return CLUSTER_SCOPED.has(kindOf(r)) || kindOf(r) === 'APIService' || kindOf(r) === 'StorageClass' || kindOf(r) === 'PersistentVolume' || kindOf(r) === 'PriorityClass';
}

export function applyNamespace(resources: Resource[], k: Kustomization): void {
  const ns = k.namespace;
  if (!ns) return;
  for (const r of resources) {
    if (isClusterScoped(r)) continue;
    const metadata = mapAt(r.root, ['metadata'], true, newMap)!;
    setKey(metadata, 'namespace', scalarLike(ns.value, ns.node, originIn(k)));
    recordRename(r);
  }
}

export function applyPrefixSuffix(resources: Resource[], k: Kustomization): void {
  const prefix = k.namePrefix?.value ?? '';
  const suffix = k.nameSuffix?.value ?? '';
  if (!prefix && !suffix) return;
  for (const r of resources) {
    if (NOT_RENAMED.has(kindOf(r))) continue;
    const metadata = mapAt(r.root, ['metadata'], false, newMap);
    const nameNode = metadata && TREE.get(metadata, 'name');
    if (!metadata || !nameNode) continue;
    // The renamed value stays where the base writes the name: findings about the object point there.
    setKey(metadata, 'name', scalarLike(`${prefix}${nameOf(r)}${suffix}`, nameNode));
    recordRename(r);
  }
}

export function applyLabels(resources: Resource[], k: Kustomization, entry: LabelEntry): void {
  const specs = entry.includeSelectors ? COMMON_LABELS : entry.includeTemplates ? TEMPLATE_LABELS : METADATA_LABELS;
  applyPairs(resources, entry.pairs, specs, originIn(k));
}

export function applyAnnotations(resources: Resource[], k: Kustomization): void {
  applyPairs(resources, k.annotations, ANNOTATIONS, originIn(k));
}

/** Nodes of the kustomization file itself are read with its reader. */
function originIn(k: Kustomization): Origin {
  return { file: k.file, reader: k.reader };
}

function applyPairs(resources: Resource[], pairs: LabelEntry['pairs'], specs: FieldSpec[], origin: Origin): void {
  if (pairs.length === 0) return;
  for (const r of resources) {
    for (const s of specs) {
      if (!applies(s, r)) continue;
      for (const map of mapsAt(r.root, s.path, s.create)) {
        for (const p of pairs) setKey(map, p.key, scalarLike(p.value, p.valueNode, origin), scalarLike(p.key, p.keyNode, origin));
      }
    }
  }
}

function applies(s: FieldSpec, r: Resource): boolean {
  return (!s.kind || s.kind === kindOf(r)) && (!s.group || s.group === groupOf(apiVersionOf(r)));
}

/** The maps at a field-spec path; `[]` after a key goes through every item of that list. */
function mapsAt(root: YAMLMap, path: string[], create: boolean): YAMLMap[] {
  let current: YAMLMap[] = [root];
  for (const step of path) {
    const next: YAMLMap[] = [];
    const each = step.endsWith('[]');
    const key = each ? step.slice(0, -2) : step;
    for (const m of current) {
      if (each) {
        const seq = TREE.get(m, key);
        if (isSeq(seq)) for (const item of seq.items) if (isMap(item)) next.push(item);
      } else {
        const child = mapAt(m, [key], create, newMap);
        if (child) next.push(child);
      }
    }
    current = next;
  }
  return current;
}

const REPLICA_KINDS = new Set(['Deployment', 'ReplicationController', 'ReplicaSet', 'StatefulSet']);

/** `replicas:` entries; returns those that matched no resource (Kustomize refuses those). */
export function applyReplicas(resources: Resource[], k: Kustomization): Kustomization['replicas'] {
  const unmatched: Kustomization['replicas'] = [];
  for (const entry of k.replicas) {
    let matched = false;
    for (const r of resources) {
      if (!REPLICA_KINDS.has(kindOf(r)) || !r.names.includes(entry.name)) continue;
      matched = true;
      const specMap = mapAt(r.root, ['spec'], true, newMap)!;
      setKey(specMap, 'replicas', scalarLike(entry.count, entry.countNode, originIn(k)));
    }
    if (!matched) unmatched.push(entry);
  }
  return unmatched;
}

/**
 * After the renames of a whole build: HPA scale targets and pod service accounts that name a renamed
 * resource by any of its names get its current name, as Kustomize's name-reference transformer does.
 */
export function fixNameReferences(resources: Resource[]): void {
  const byKind = new Map<string, Resource[]>();
  for (const r of resources) {
    if (r.names.length < 2) continue;
    const list = byKind.get(kindOf(r));
    if (list) list.push(r);
    else byKind.set(kindOf(r), [r]);
  }
  if (byKind.size === 0) return;
  const renamed = (kind: string, name: string, referrer: Resource): string | undefined => {
    const candidates = (byKind.get(kind) ?? []).filter((t) => t.names.includes(name) && sameNamespace(t, referrer));
    return candidates.length === 1 ? nameOf(candidates[0]) : undefined;
  };
  for (const r of resources) {
    const kind = kindOf(r);
    if (kind === 'HorizontalPodAutoscaler') {
      const ref = TREE.at(r.root, 'spec', 'scaleTargetRef');
      const target = TREE.string(TREE.get(ref, 'name'));
      const targetKind = TREE.string(TREE.get(ref, 'kind'));
      const to = target && targetKind && renamed(targetKind, target, r);
      if (to && to !== target && isMap(ref)) setKey(ref, 'name', scalarLike(to, TREE.get(ref, 'name')));
    }
    for (const podSpec of podSpecsOf(r)) {
      for (const field of ['serviceAccountName', 'serviceAccount']) {
        const node = TREE.get(podSpec, field);
        const account = TREE.string(node);
        const to = account && renamed('ServiceAccount', account, r);
        if (to && to !== account) setKey(podSpec, field, scalarLike(to, node as Node));
      }
    }
  }
}

function sameNamespace(target: Resource, referrer: Resource): boolean {
  return effective(namespaceOf(target)) === effective(namespaceOf(referrer)) || effective(target.namespaces[0]) === effective(referrer.namespaces[0]);
}

function podSpecsOf(r: Resource): YAMLMap[] {
  const kind = kindOf(r);
  const path = kind === 'Pod' ? ['spec'] : kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec', 'template', 'spec'] : ['spec', 'template', 'spec'];
  const podSpec = TREE.at(r.root, ...path);
  return isMap(podSpec) ? [podSpec] : [];
}
