// Kustomize `replacements` (run last): a value read from one resource is written into fields of others.
// Worth rendering where it writes what the analysis reads (spec.replicas, a nodeSelector, labels); the
// copied value keeps its place, so a finding points at the ConfigMap entry that sets the replica count.
import { isMap, isSeq, Pair, Scalar, type Node, type YAMLMap } from 'yaml';
import type { Target } from './kustomization';
import { mapAt, pairOf, TREE, type Resource } from './resource';
import { selectTargets } from './target';
import { cloneTagged, newMap, scalarLike } from './tree';

export class ReplacementError extends Error {}

/** The source is not among the rendered resources: generated (generators are not run) or missing. */
export class NoSource extends Error {}

export interface Replacement {
  source: Target & { fieldPath: string };
  targets: Array<{ select: Target; reject: Target[]; fieldPaths: string[]; create: boolean; delimiter?: string; index: number }>;
}

/** A replacement as written (a map of the kustomization, or of a replacements file), in copied or original nodes. */
export function readReplacement(node: unknown, range: Target['range']): Replacement {
  const r = TREE;
  const selector = (n: unknown): Target => {
    const t: Target = { range };
    for (const field of ['group', 'version', 'kind', 'name', 'namespace', 'labelSelector', 'annotationSelector'] as const) {
      const value = r.string(r.get(n, field));
      if (value !== undefined) t[field] = value;
    }
    return t;
  };
  const sourceNode = r.get(node, 'source');
  if (!isMap(r.deref(sourceNode))) throw new ReplacementError('a replacement needs a source');
  const targets = r.items(r.get(node, 'targets')).map((t) => {
    const options = r.get(t, 'options');
    return {
      select: selector(r.get(t, 'select')),
      reject: r.items(r.get(t, 'reject')).map(selector),
      fieldPaths: r
        .items(r.get(t, 'fieldPaths'))
        .map((p) => r.string(p))
        .filter((p): p is string => !!p),
      create: r.boolean(r.get(options, 'create')) === true,
      delimiter: r.string(r.get(options, 'delimiter')),
      index: r.integer(r.get(options, 'index')) ?? 0,
    };
  });
  return { source: { ...selector(sourceNode), fieldPath: r.string(r.get(sourceNode, 'fieldPath')) ?? 'metadata.name' }, targets };
}

export function applyReplacement(resources: Resource[], rep: Replacement): void {
  const sources = selectTargets(resources, rep.source);
  if (sources.length === 0) throw new NoSource(`${rep.source.kind ?? 'resource'} ${rep.source.name ?? ''}`.trim());
  if (sources.length > 1) throw new ReplacementError(`its source selects ${sources.length} resources, not one`);
  const value = nodeAt(sources[0].root, segments(rep.source.fieldPath));
  if (!value) throw new ReplacementError(`its source has no field ${rep.source.fieldPath}`);
  for (const t of rep.targets) {
    const rejected = new Set(t.reject.flatMap((x) => selectTargets(resources, x)));
    for (const r of selectTargets(resources, t.select)) {
      if (rejected.has(r) || r === sources[0]) continue;
      for (const fieldPath of t.fieldPaths) write(r.root, segments(fieldPath), value, t, fieldPath);
    }
  }
}

/** `spec.template.spec.containers.[name=app].image` → its steps; `[k=v]` picks a list item. */
function segments(fieldPath: string): string[] {
  const out: string[] = [];
  let current = '';
  let depth = 0;
  for (const c of fieldPath) {
    if (c === '[') depth++;
    if (c === ']') depth--;
    if (c === '.' && depth === 0) {
      out.push(current);
      current = '';
    } else current += c;
  }
  out.push(current);
  return out.filter((s) => s !== '');
}

function childOf(node: unknown, step: string): Node | undefined {
  const pick = /^\[([^=\]]+)=([^\]]*)\]$/.exec(step);
  if (pick && isSeq(node)) return (node.items as Node[]).find((n) => TREE.string(TREE.get(n, pick[1])) === pick[2]);
  if (isSeq(node) && /^\d+$/.test(step)) return node.items[Number(step)] as Node | undefined;
  return isMap(node) ? TREE.get(node, keyOf(step)) : undefined;
}

/** `[node.kubernetes.io/instance-type]`: a key holding dots, written in brackets. */
function keyOf(step: string): string {
  return step.startsWith('[') && step.endsWith(']') ? step.slice(1, -1) : step;
}

function nodeAt(root: YAMLMap, steps: string[]): Node | undefined {
  let current: Node | undefined = root;
  for (const s of steps) current = current && childOf(current, s);
  return current;
}

function write(root: YAMLMap, steps: string[], value: Node, t: Replacement['targets'][number], fieldPath: string): void {
  let parent: Node = root;
  for (const s of steps.slice(0, -1)) {
    let next = childOf(parent, s);
    if (!next && t.create && isMap(parent) && !s.includes('=')) next = mapAt(parent, [keyOf(s)], true, newMap);
    if (!next) {
      if (t.create) throw new ReplacementError(`cannot create ${fieldPath}`);
      return; // Kustomize skips a target that lacks the field unless create is set
    }
    parent = next;
  }
  const last = keyOf(steps[steps.length - 1]);
  if (!isMap(parent)) throw new ReplacementError(`${fieldPath} is not in a map`);
  const existing = pairOf(parent, last);
  if (!existing && !t.create) return;
  let written = cloneTagged(value);
  if (t.delimiter !== undefined && existing) {
    // Only the delimited part at `index` is replaced, in the target's string.
    const parts = (TREE.string(existing.value) ?? '').split(t.delimiter);
    parts[Math.min(Math.max(t.index, 0), parts.length)] = TREE.string(value) ?? '';
    written = scalarLike(parts.join(t.delimiter), value);
  }
  if (existing) existing.value = written;
  else (parent.items as Pair[]).push(new Pair(new Scalar(last), written));
}
