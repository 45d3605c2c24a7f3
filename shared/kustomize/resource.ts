// A resource while a kustomization renders: its tree (copied nodes, see tree.ts), where it was read, and
// the names and namespaces it has had, which patches, replica counts and name references still match.
import { Document, LineCounter, isMap, isScalar, Pair, Scalar, type Node, type YAMLMap } from 'yaml';
import type { ObjectPlace } from '../k8s/objects';
import { NodeReader } from '../yaml/nodes';

export interface Resource {
  root: YAMLMap;
  homeFile: string;
  homeReader: NodeReader;
  place: ObjectPlace;
  /** metadata.name as read first, then after each rename. */
  names: string[];
  /** metadata.namespace ('' when unset) as read first, then after each change. */
  namespaces: string[];
}

/** Reads copied trees, which hold no aliases and need no document. */
export const TREE = new NodeReader(new Document() as unknown as Document.Parsed, new LineCounter());

export function kindOf(r: Resource): string {
  return TREE.string(TREE.get(r.root, 'kind')) ?? '';
}

export function apiVersionOf(r: Resource): string {
  return TREE.string(TREE.get(r.root, 'apiVersion')) ?? '';
}

export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export function versionOf(apiVersion: string): string {
  return apiVersion.slice(apiVersion.indexOf('/') + 1);
}

export function nameOf(r: Resource): string {
  return TREE.string(TREE.at(r.root, 'metadata', 'name')) ?? '';
}

export function namespaceOf(r: Resource): string {
  return TREE.string(TREE.at(r.root, 'metadata', 'namespace')) ?? '';
}

/** The namespace Kubernetes puts an unset one in. */
export function effective(namespace: string): string {
  return namespace === '' ? 'default' : namespace;
}

export function describeResource(r: Resource): string {
  const ns = namespaceOf(r);
  return `${kindOf(r)} ${ns ? `${ns}/` : ''}${nameOf(r)}`;
}

/** Kind, namespace and name: what Kustomize refuses to hold twice. */
export function idOf(r: Resource): string {
  return `${groupOf(apiVersionOf(r))}|${kindOf(r)}|${effective(namespaceOf(r))}|${nameOf(r)}`;
}

export function recordRename(r: Resource): void {
  const name = nameOf(r);
  if (r.names[r.names.length - 1] !== name) r.names.push(name);
  const ns = namespaceOf(r);
  if (r.namespaces[r.namespaces.length - 1] !== ns) r.namespaces.push(ns);
}

export function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return (map.items as Pair[]).find((p) => TREE.keyString(p) === key);
}

/** Sets `key` of `map` to `value`, keeping the key (and its place) when it is there. */
export function setKey(map: YAMLMap, key: string, value: Node, keyNode?: Node): void {
  const existing = pairOf(map, key);
  if (existing) existing.value = value;
  else map.items.push(new Pair(keyNode ?? new Scalar(key), value));
}

export function deleteKey(map: YAMLMap, key: string): void {
  const i = (map.items as Pair[]).findIndex((p) => TREE.keyString(p) === key);
  if (i >= 0) map.items.splice(i, 1);
}

/** The map at `path` under `root`; created (with the maps above it) when `create` is set. */
export function mapAt(root: YAMLMap, path: string[], create: boolean, newMap: () => YAMLMap): YAMLMap | undefined {
  let current = root;
  for (const key of path) {
    const value = TREE.get(current, key);
    if (isMap(value)) current = value;
    else if (create && (value === undefined || TREE.deref(value) === undefined || isNullScalar(value))) {
      const map = newMap();
      setKey(current, key, map);
      current = map;
    } else return undefined;
  }
  return current;
}

export function isNullScalar(node: unknown): boolean {
  return isScalar(node) && node.value === null;
}
