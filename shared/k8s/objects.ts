// Kubernetes objects found in parsed YAML documents, each with the reader that locates its nodes.
import type { Node, YAMLMap } from 'yaml';
import type { Location, ObjectRef, Range } from '../types';
import type { NodeReader } from '../yaml/nodes';
import type { ParsedDocument, ParsedSource } from '../yaml/parseSource';

export interface ObjectTree {
  reader: NodeReader;
  root: YAMLMap;
}

/** Where an object sits in its file: the document, and inside a `List` the item (-1 for the document itself). */
export interface ObjectPlace {
  document: number;
  item: number;
}

export class KubeObject {
  /** For an object rendered from a kustomization: that kustomization file (the entry point it came through). */
  via?: string;
  private tree: ObjectTree | undefined;
  private reread: ((o: KubeObject) => ObjectTree) | undefined;

  constructor(
    readonly file: string,
    tree: ObjectTree,
    readonly place: ObjectPlace,
    readonly apiVersion: string,
    readonly kind: string,
    readonly name: string,
    readonly namespace: string,
    /** Where to point when nothing more specific is at hand: the `metadata.name` value. */
    readonly nameRange: Range,
    readonly annotations: ReadonlyMap<string, string>,
    readonly labels: ReadonlyMap<string, string>,
  ) {
    this.tree = tree;
  }

  get reader(): NodeReader {
    return this.currentTree().reader;
  }

  get root(): YAMLMap {
    return this.currentTree().root;
  }

  /**
   * Lets go of the YAML tree once everything the model needs has been read from it: a workspace's trees
   * are most of the memory, and only hovers and code actions on a file need them again. `reread` (one per
   * file) parses the same text again and finds the object at the same place.
   */
  releaseTree(reread: (o: KubeObject) => ObjectTree): void {
    this.tree = undefined;
    this.reread = reread;
  }

  /**
   * An object that crossed from a worker thread as plain data (structured clone keeps its fields, not its
   * class): a KubeObject again, its tree read again by `reread` only if something asks for it. (A new
   * instance rather than the plain one given a prototype: that would leave it a slow dictionary object.)
   */
  static revive(plain: KubeObject, reread: (o: KubeObject) => ObjectTree): KubeObject {
    const o = new KubeObject(plain.file, undefined!, plain.place, plain.apiVersion, plain.kind, plain.name, plain.namespace, plain.nameRange, plain.annotations, plain.labels);
    if (plain.via !== undefined) o.via = plain.via;
    o.releaseTree(reread);
    return o;
  }

  /** Drops the tree and what reads it again: what a worker does before the object crosses as plain data. */
  detach(): void {
    this.tree = undefined;
    this.reread = undefined;
  }

  /**
   * The same document, unchanged (at the same line or moved: see factsOfDocument), in a later parse of its file: its tree is reused
   * (parseSource), and the reader of that parse maps its nodes to offsets of the new text. False when the
   * tree was let go of (nothing to carry over).
   */
  movedTo(reader: NodeReader): boolean {
    if (!this.tree || this.tree.reader.doc !== reader.doc) return false;
    this.tree = { reader, root: this.tree.root };
    return true;
  }

  private currentTree(): ObjectTree {
    if (!this.tree) {
      this.tree = this.reread!(this);
      // The re-reader holds the parse it was made for (its text, its line starts): once the tree is back, an
      // object kept by later parses of an open file would keep one old text per edit alive through it.
      this.reread = undefined;
    }
    return this.tree;
  }
}

export const CLUSTER_SCOPED = new Set(['Namespace', 'Node', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition']);

export function kubeObjects(source: ParsedSource): KubeObject[] {
  return source.documents.flatMap((d) => documentObjects(source.file, d));
}

/** The objects of one document of `file`: the document itself, or the items of a `List`. */
export function documentObjects(file: string, { index, reader }: ParsedDocument): KubeObject[] {
  const out: KubeObject[] = [];
  const root = reader.map(reader.doc.contents);
  if (!root) return out;
  // A `List` (kubectl get -o yaml) holds its objects under `items`.
  const kind = reader.strictString(reader.get(root, 'kind'));
  const candidates = kind === 'List' ? reader.items(reader.get(root, 'items')).map((n) => reader.map(n)) : [root];
  candidates.forEach((candidate, i) => {
    const obj = candidate && toKubeObject(file, reader, candidate, { document: index, item: kind === 'List' ? i : -1 });
    if (obj) out.push(obj);
  });
  return out;
}

export function toKubeObject(file: string, reader: NodeReader, root: YAMLMap, place: ObjectPlace): KubeObject | undefined {
  const apiVersion = reader.strictString(reader.get(root, 'apiVersion'));
  const kind = reader.strictString(reader.get(root, 'kind'));
  const metadata = reader.get(root, 'metadata');
  const nameNode = reader.get(metadata, 'name');
  const name = reader.string(nameNode);
  if (!apiVersion || !kind || !name) return undefined;
  const namespace = CLUSTER_SCOPED.has(kind) ? '' : reader.string(reader.get(metadata, 'namespace')) || 'default';
  return new KubeObject(
    file,
    { reader, root },
    place,
    apiVersion,
    kind,
    name,
    namespace,
    reader.range(nameNode) ?? reader.range(root)!,
    reader.readonlyStringMap(reader.get(metadata, 'annotations')),
    reader.readonlyStringMap(reader.get(metadata, 'labels')),
  );
}

export function refOf(o: KubeObject): ObjectRef {
  return { kind: o.kind, namespace: o.namespace, name: o.name };
}

export function describeObject(o: { kind: string; namespace: string; name: string }): string {
  return o.namespace ? `${o.kind} ${o.namespace}/${o.name}` : `${o.kind} ${o.name}`;
}

/** Where a node of an object is written: its own file, or for a rendered object the patch or kustomization that set it. */
export function locate(o: KubeObject, node: unknown): Location | undefined {
  const range = o.reader.writtenRange(node);
  return range && { file: o.reader.fileOf(node) ?? o.file, range };
}

export function nodeAt(o: KubeObject, ...path: string[]): Node | undefined {
  return o.reader.at(o.root, ...path);
}
