// Strategic merge patches as Kustomize applies them to built-in kinds: maps merge, `null` deletes a key,
// lists of known kinds merge by their merge key (containers by name, …), other lists are replaced, and
// the `$patch: delete | replace` directives on a map or a list item.
import { isMap, isSeq, Pair, YAMLMap, YAMLSeq, type Node } from 'yaml';
import { deleteKey, isNullScalar, pairOf, TREE } from './resource';

/** Merge keys of the lists of built-in kinds that Kubernetes declares as `patchStrategy: merge`. */
function mergeKeyOf(field: string, parentField: string | undefined): string | undefined {
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'volumes':
    case 'imagePullSecrets':
    case 'env':
    case 'resourceClaims':
    case 'schedulingGates':
      return 'name';
    case 'volumeMounts':
      return 'mountPath';
    case 'volumeDevices':
      return 'devicePath';
    case 'hostAliases':
      return 'ip';
    case 'topologySpreadConstraints':
      return 'topologyKey';
    case 'readinessGates':
      return 'conditionType';
    case 'ports':
      return parentField === 'containers' || parentField === 'initContainers' || parentField === 'ephemeralContainers' ? 'containerPort' : 'port';
    default:
      return undefined;
  }
}

export function directiveOf(node: unknown): string | undefined {
  return isMap(node) ? TREE.string(TREE.get(node, '$patch')) : undefined;
}

/**
 * Merges `patch` into `target` (both copied trees). `builtin`: the kind's lists have merge keys (for custom
 * resources Kustomize has no schema and replaces lists). Identity fields (apiVersion, kind, metadata.name,
 * metadata.namespace) are what selected the target, not changes.
 */
export function strategicMerge(target: YAMLMap, patch: YAMLMap, builtin: boolean): void {
  const identity = new Set(['apiVersion', 'kind']);
  for (const p of patch.items as Pair[]) {
    const key = TREE.keyString(p);
    if (key === undefined || identity.has(key) || key === '$patch') continue;
    if (key === 'metadata' && isMap(p.value)) {
      const metadata = TREE.get(target, 'metadata');
      const rest = (p.value.items as Pair[]).filter((q) => TREE.keyString(q) !== 'name' && TREE.keyString(q) !== 'namespace');
      if (isMap(metadata)) {
        const copy = new YAMLMap();
        copy.items = rest;
        mergeMap(metadata, copy, 'metadata', builtin);
        continue;
      }
    }
    mergePair(target, key, p, undefined, builtin);
  }
}

function mergeMap(target: YAMLMap, patch: YAMLMap, field: string | undefined, builtin: boolean): void {
  if (directiveOf(patch) === 'replace') {
    target.items = (stripped(patch) as YAMLMap).items;
    return;
  }
  for (const p of patch.items as Pair[]) {
    const key = TREE.keyString(p);
    if (key === undefined || key === '$patch' || key === '$retainKeys' || key.startsWith('$setElementOrder/')) continue;
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const list = TREE.get(target, key.slice('$deleteFromPrimitiveList/'.length));
      if (isSeq(list) && isSeq(p.value)) {
        const gone = new Set(TREE.items(p.value).map((n) => TREE.string(n)));
        list.items = list.items.filter((n) => !gone.has(TREE.string(n)));
      }
      continue;
    }
    mergePair(target, key, p, field, builtin);
  }
}

function mergePair(target: YAMLMap, key: string, p: Pair, parentField: string | undefined, builtin: boolean): void {
  const value = p.value as Node;
  if (isNullScalar(value) || directiveOf(value) === 'delete') {
    deleteKey(target, key);
    return;
  }
  const existing = pairOf(target, key);
  if (!existing) {
    target.items.push(new Pair(p.key, stripped(value)));
    return;
  }
  const current = existing.value as Node;
  if (isMap(current) && isMap(value)) mergeMap(current, value, key, builtin);
  else if (isSeq(current) && isSeq(value)) existing.value = mergeList(current, value, key, parentField, builtin);
  else existing.value = stripped(value);
}

function mergeList(target: YAMLSeq, patch: YAMLSeq, field: string, parentField: string | undefined, builtin: boolean): YAMLSeq {
  const items = patch.items as Node[];
  if (items.some((n) => directiveOf(n) === 'replace')) {
    const out = new YAMLSeq();
    out.range = patch.range;
    out.items = items.filter((n) => directiveOf(n) !== 'replace').map(stripped);
    return out;
  }
  const key = builtin ? mergeKeyOf(field, parentField) : undefined;
  if (!key || !items.every((n) => isMap(n))) return stripped(patch) as YAMLSeq;
  for (const item of items as YAMLMap[]) {
    const id = TREE.string(TREE.get(item, key));
    const index = id === undefined ? -1 : (target.items as Node[]).findIndex((n) => isMap(n) && TREE.string(TREE.get(n, key)) === id);
    if (directiveOf(item) === 'delete') {
      if (index >= 0) target.items.splice(index, 1);
    } else if (index >= 0) mergeMap(target.items[index] as YAMLMap, item, field, builtin);
    else target.items.push(stripped(item));
  }
  return target;
}

/** A patch value without its directives (and without keys it deletes), as it lands in the object. */
function stripped(node: Node): Node {
  if (isMap(node)) {
    node.items = (node.items as Pair[]).filter((p) => {
      const key = TREE.keyString(p);
      if (key === undefined) return true;
      if (key === '$patch' || key === '$retainKeys' || key.startsWith('$setElementOrder/') || key.startsWith('$deleteFromPrimitiveList/')) return false;
      return !isNullScalar(p.value);
    });
    for (const p of node.items as Pair[]) p.value = stripped(p.value as Node);
  } else if (isSeq(node)) {
    node.items = (node.items as Node[]).filter((n) => directiveOf(n) !== 'delete').map(stripped);
  }
  return node;
}
