// JSON 6902 patches (add, remove, replace, move, copy, test) on a copied tree. Values come in as copies
// of the patch's nodes, so a replaced `/spec/replicas` points into the patch.
import { isMap, isScalar, isSeq, Pair, Scalar, type YAMLMap, type YAMLSeq, type Node } from 'yaml';
import { deleteKey, pairOf, TREE } from './resource';
import { cloneTagged } from './tree';

export class PatchError extends Error {}

export interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: Node;
}

export function applyJsonPatch(root: YAMLMap, ops: Operation[]): void {
  for (const o of ops) {
    switch (o.op) {
      case 'add':
        put(root, o.path, required(o), 'add');
        break;
      case 'replace':
        put(root, o.path, required(o), 'replace');
        break;
      case 'remove':
        remove(root, o.path);
        break;
      case 'move': {
        const value = remove(root, from(o));
        put(root, o.path, value, 'add');
        break;
      }
      case 'copy':
        put(root, o.path, cloneTagged(get(root, from(o))), 'add');
        break;
      case 'test':
        if (JSON.stringify(toJS(get(root, o.path))) !== JSON.stringify(toJS(required(o)))) throw new PatchError(`test of ${o.path} failed`);
        break;
      default:
        throw new PatchError(`unknown op '${o.op}'`);
    }
  }
}

function required(o: Operation): Node {
  if (!o.value) throw new PatchError(`${o.op} ${o.path} has no value`);
  return cloneTagged(o.value);
}

function from(o: Operation): string {
  if (o.from === undefined) throw new PatchError(`${o.op} ${o.path} has no from`);
  return o.from;
}

function segments(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new PatchError(`path '${pointer}' must start with /`);
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(root: YAMLMap, pointer: string): { parent: Node; last: string } {
  const steps = segments(pointer);
  if (steps.length === 0) throw new PatchError('a patch of the whole object is not supported');
  const last = steps.pop()!;
  let current: Node = root;
  for (const s of steps) current = child(current, s, pointer);
  return { parent: current, last };
}

function child(node: Node, step: string, pointer: string): Node {
  if (isMap(node)) {
    const v = TREE.get(node, step);
    if (v !== undefined) return v;
  } else if (isSeq(node)) {
    const i = index(step, node.items.length - 1);
    if (i !== undefined) return node.items[i] as Node;
  }
  throw new PatchError(`path ${pointer} does not exist in the object`);
}

function index(step: string, max: number): number | undefined {
  if (!/^(0|[1-9]\d*)$/.test(step)) return undefined;
  const i = Number(step);
  return i <= max ? i : undefined;
}

function get(root: YAMLMap, pointer: string): Node {
  let current: Node = root;
  for (const s of segments(pointer)) current = child(current, s, pointer);
  return current;
}

function put(root: YAMLMap, pointer: string, value: Node, mode: 'add' | 'replace'): void {
  const { parent, last } = parentOf(root, pointer);
  if (isMap(parent)) {
    const existing = pairOf(parent, last);
    if (existing) existing.value = value;
    else if (mode === 'add') parent.items.push(new Pair(new Scalar(last), value));
    else throw new PatchError(`replace: ${pointer} does not exist in the object`);
  } else if (isSeq(parent)) {
    if (mode === 'add' && last === '-') parent.items.push(value);
    else {
      const i = index(last, mode === 'add' ? parent.items.length : parent.items.length - 1);
      if (i === undefined) throw new PatchError(`${mode}: index ${last} is out of range at ${pointer}`);
      parent.items.splice(i, mode === 'add' ? 0 : 1, value);
    }
  } else throw new PatchError(`${mode}: the parent of ${pointer} is not a map or list`);
}

function remove(root: YAMLMap, pointer: string): Node {
  const { parent, last } = parentOf(root, pointer);
  if (isMap(parent)) {
    const existing = pairOf(parent, last);
    if (!existing) throw new PatchError(`remove: ${pointer} does not exist in the object`);
    deleteKey(parent, last);
    return existing.value as Node;
  }
  if (isSeq(parent)) {
    const i = index(last, parent.items.length - 1);
    if (i === undefined) throw new PatchError(`remove: index ${last} is out of range at ${pointer}`);
    return parent.items.splice(i, 1)[0] as Node;
  }
  throw new PatchError(`remove: the parent of ${pointer} is not a map or list`);
}

function toJS(node: unknown): unknown {
  if (isMap(node)) return Object.fromEntries((node.items as Pair[]).map((p) => [TREE.keyString(p), toJS(p.value)]));
  if (isSeq(node)) return (node.items as unknown[]).map(toJS);
  if (isScalar(node)) return node.value;
  return null;
}

/** The operations of a JSON patch document (a list of maps), reading their fields from the patch's tree. */
export function readOperations(list: Node): Operation[] {
  if (!isSeq(list)) throw new PatchError('a JSON patch must be a list of operations');
  return (list as YAMLSeq).items.map((item, i) => {
    const op = TREE.string(TREE.get(item, 'op'));
    const path = TREE.string(TREE.get(item, 'path'));
    if (!op || path === undefined) throw new PatchError(`operation ${i + 1} needs op and path`);
    return { op, path, from: TREE.string(TREE.get(item, 'from')), value: TREE.get(item, 'value') };
  });
}
