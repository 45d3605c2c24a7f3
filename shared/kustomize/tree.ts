// Rendered objects are trees of `yaml` nodes copied from several files (the base, patches, kustomizations).
// Each copied node remembers where it is written, so findings point at the value in the file that sets it.
import { isAlias, isMap, isScalar, isSeq, LineCounter, Pair, Scalar, YAMLMap, YAMLSeq, type Document, type Node } from 'yaml';
import { NodeReader } from '../yaml/nodes';

export interface Origin {
  file: string;
  /** Reads the node's range in `file` (the reader of the document it was copied from). */
  reader: NodeReader;
}

const origins = new WeakMap<object, Origin>();

export function originOf(node: unknown): Origin | undefined {
  return node && typeof node === 'object' ? origins.get(node) : undefined;
}

/** Nodes copied per rendered object at most: alias bombs and huge documents stop here. */
export const MAX_COPIED_NODES = 200_000;

export class CopyBudget {
  left = MAX_COPIED_NODES;
}

export class TooLarge extends Error {}

/** A deep copy of `node` (aliases resolved), every node tagged with `origin`. */
export function copyNode(node: unknown, origin: Origin, budget: CopyBudget): Node {
  const n = origin.reader.deref(node);
  if (--budget.left < 0) throw new TooLarge('the object is too large to render');
  let out: Node;
  if (isMap(n)) {
    const map = new YAMLMap();
    for (const p of n.items) map.items.push(copyPair(p, origin, budget));
    out = map;
  } else if (isSeq(n)) {
    const seq = new YAMLSeq();
    for (const item of n.items) seq.items.push(copyNode(item, origin, budget));
    out = seq;
  } else if (isScalar(n)) {
    const scalar = new Scalar(n.value);
    scalar.source = n.source;
    out = scalar;
  } else {
    out = new Scalar(null);
  }
  if (n?.range) out.range = [...n.range] as [number, number, number];
  else if (isAlias(node) && (node as Node).range) out.range = [...(node as Node).range!] as [number, number, number];
  origins.set(out, origin);
  return out;
}

function copyPair(p: Pair, origin: Origin, budget: CopyBudget): Pair<Node, Node> {
  const key = copyNode(p.key, origin, budget);
  const value = p.value === null || p.value === undefined ? nullAt(key, origin) : copyNode(p.value, origin, budget);
  return new Pair(key, value);
}

/** An empty value (`key:` with nothing after it) placed at its key. */
function nullAt(key: Node, origin: Origin): Node {
  const s = new Scalar(null);
  if (key.range) s.range = [key.range[1], key.range[1], key.range[1]];
  origins.set(s, origin);
  return s;
}

/**
 * A new scalar written where `at` is written: a copied node, or with `origin` a node of the document
 * `origin` reads (a value a kustomization sets: its `namespace:`, a label, a replica count).
 */
export function scalarLike(value: unknown, at: Node | undefined, origin?: Origin): Scalar {
  const s = new Scalar(value);
  if (at) {
    if (at.range) s.range = [...at.range] as [number, number, number];
    const o = origin ?? originOf(at);
    if (o) origins.set(s, o);
  }
  return s;
}

/** A new map with no place of its own (a `labels:` map a transformer had to create). */
export function newMap(): YAMLMap {
  return new YAMLMap();
}

/**
 * Reads a rendered object. Ranges (`range`, `span`) are those of nodes written in the object's home file
 * (its base manifest) and undefined for the others, so code that pairs a range with the object's file stays
 * right; `fileOf` and `writtenRange` locate the others.
 */
export class RenderedReader extends NodeReader {
  constructor(
    home: NodeReader,
    readonly homeFile: string,
  ) {
    super(home.doc as Document.Parsed, home.lines, home.base);
  }

  override span(node: unknown): [number, number] | undefined {
    const o = originOf(node);
    return o && o.file === this.homeFile ? o.reader.span(node) : undefined;
  }

  override fileOf(node: unknown): string | undefined {
    return originOf(node)?.file;
  }

  override writtenRange(node: unknown): ReturnType<NodeReader['range']> {
    return originOf(node)?.reader.range(node);
  }
}

/**
 * The reader of YAML parsed from a literal block scalar (an inline `patch: |`): offsets into the scalar's
 * text map to the lines of the file the scalar is written in. Other scalar styles map to the scalar's start.
 */
export class InlineReader extends NodeReader {
  constructor(
    doc: Document.Parsed,
    private readonly firstLine: number | undefined,
    private readonly indent: number,
    private readonly start: { line: number; character: number },
    private readonly text: string,
  ) {
    super(doc, new LineCounter(), 0);
  }

  override position(offset: number): { line: number; character: number } {
    if (this.firstLine === undefined) return this.start;
    let line = 0;
    let lineStart = 0;
    for (let i = 0; i < offset && i < this.text.length; i++) {
      if (this.text.charCodeAt(i) === 10) {
        line++;
        lineStart = i + 1;
      }
    }
    return { line: this.firstLine + line, character: this.indent + (offset - lineStart) };
  }
}

/** A copy of a copied tree, each node keeping the origin of the one it copies. */
export function cloneTagged(node: Node): Node {
  let out: Node;
  if (isMap(node)) {
    const map = new YAMLMap();
    for (const p of node.items as Pair[]) map.items.push(new Pair(cloneTagged(p.key as Node), cloneTagged(p.value as Node)));
    out = map;
  } else if (isSeq(node)) {
    const seq = new YAMLSeq();
    for (const item of node.items) seq.items.push(cloneTagged(item as Node));
    out = seq;
  } else if (isScalar(node)) {
    const s = new Scalar(node.value);
    s.source = node.source;
    out = s;
  } else return node;
  if (node.range) out.range = [...node.range] as [number, number, number];
  const o = originOf(node);
  if (o) origins.set(out, o);
  return out;
}
