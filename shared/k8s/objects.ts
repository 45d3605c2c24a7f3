// Kubernetes objects found in parsed YAML documents, each with the reader that locates its nodes.
import type { Node, YAMLMap } from 'yaml';
import type { ObjectRef, Range } from '../types';
import type { NodeReader } from '../yaml/nodes';
import type { ParsedSource } from '../yaml/parseSource';

export interface KubeObject {
  file: string;
  reader: NodeReader;
  root: YAMLMap;
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string;
  /** Where to point when nothing more specific is at hand: the `metadata.name` value. */
  nameRange: Range;
  annotations: Map<string, string>;
  labels: Map<string, string>;
}

const CLUSTER_SCOPED = new Set(['Namespace', 'Node', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition']);

export function kubeObjects(source: ParsedSource): KubeObject[] {
  const out: KubeObject[] = [];
  for (const { reader } of source.documents) {
    const root = reader.map(reader.doc.contents);
    if (!root) continue;
    // A `List` (kubectl get -o yaml) holds its objects under `items`.
    const kind = reader.strictString(reader.get(root, 'kind'));
    const candidates = kind === 'List' ? reader.items(reader.get(root, 'items')).map((n) => reader.map(n)) : [root];
    for (const candidate of candidates) {
      const obj = candidate && toKubeObject(source.file, reader, candidate);
      if (obj) out.push(obj);
    }
  }
  return out;
}

function toKubeObject(file: string, reader: NodeReader, root: YAMLMap): KubeObject | undefined {
  const apiVersion = reader.strictString(reader.get(root, 'apiVersion'));
  const kind = reader.strictString(reader.get(root, 'kind'));
  const metadata = reader.get(root, 'metadata');
  const nameNode = reader.get(metadata, 'name');
  const name = reader.string(nameNode);
  if (!apiVersion || !kind || !name) return undefined;
  const namespace = CLUSTER_SCOPED.has(kind) ? '' : reader.string(reader.get(metadata, 'namespace')) || 'default';
  return {
    file,
    reader,
    root,
    apiVersion,
    kind,
    name,
    namespace,
    nameRange: reader.range(nameNode) ?? reader.range(root)!,
    annotations: reader.stringMap(reader.get(metadata, 'annotations')),
    labels: reader.stringMap(reader.get(metadata, 'labels')),
  };
}

export function refOf(o: KubeObject): ObjectRef {
  return { kind: o.kind, namespace: o.namespace, name: o.name };
}

export function describeObject(o: { kind: string; namespace: string; name: string }): string {
  return o.namespace ? `${o.kind} ${o.namespace}/${o.name}` : `${o.kind} ${o.name}`;
}

export function nodeAt(o: KubeObject, ...path: string[]): Node | undefined {
  return o.reader.at(o.root, ...path);
}
