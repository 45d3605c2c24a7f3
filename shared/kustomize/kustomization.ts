// A kustomization file as data: its entries with the nodes they are written at, read once per parse.
import { isScalar, parseAllDocuments, type Document, type Node, type YAMLMap } from 'yaml';
import type { Range } from '../types';
import type { NodeReader } from '../yaml/nodes';
import { parseSource, type ParsedSource } from '../yaml/parseSource';
import { baseNameOf, dirOf, joinPath } from './paths';
import { InlineReader } from './tree';

export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export function isKustomizationFile(file: string): boolean {
  // Asked of every file on every analysis: the cheap test first.
  if (!file.endsWith('ustomization.yaml') && !file.endsWith('ustomization.yml') && !file.endsWith('Kustomization')) return false;
  return KUSTOMIZATION_FILE_NAMES.includes(baseNameOf(file));
}

/** The kustomization file of a folder among `files`, in Kustomize's order of names. */
export function kustomizationIn(dir: string, has: (file: string) => boolean): string | undefined {
  for (const name of KUSTOMIZATION_FILE_NAMES) {
    const file = joinPath(dir, name);
    if (has(file)) return file;
  }
  return undefined;
}

/** A string entry and where it is written. */
export interface Entry {
  value: string;
  node: Node;
  range: Range;
}

/** YAML to apply (a patch), from a file or written inline, with the reader that locates its nodes. */
export interface PatchText {
  /** The patch file, or undefined for an inline patch. */
  path?: Entry;
  inline?: { node: Node; range: Range };
}

export interface Target {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
  range: Range;
}

export interface PatchEntry extends PatchText {
  target?: Target;
  /** `patchesJson6902` entries are JSON patches whatever their text looks like. */
  json?: boolean;
  range: Range;
}

export interface LabelEntry {
  pairs: Array<{ key: string; keyNode: Node; value: string; valueNode: Node }>;
  includeSelectors: boolean;
  includeTemplates: boolean;
}

export interface ReplicaEntry {
  name: string;
  count: number;
  countNode: Node;
  range: Range;
}

export interface Kustomization {
  file: string;
  dir: string;
  text: string;
  reader: NodeReader;
  kind: 'Kustomization' | 'Component';
  resources: Entry[];
  components: Entry[];
  namespace?: Entry;
  namePrefix?: Entry;
  nameSuffix?: Entry;
  /** `commonLabels` first (selectors and templates), then each `labels` entry: Kustomize's order. */
  labels: LabelEntry[];
  annotations: LabelEntry['pairs'];
  replicas: ReplicaEntry[];
  patchesStrategicMerge: PatchEntry[];
  patches: PatchEntry[];
  patchesJson6902: PatchEntry[];
  /** `replacements` entries: inline (a map) or a file of them (`path`). */
  replacements: Array<{ inline?: Node; path?: Entry; range: Range }>;
  /** `helmCharts` entries: inflated only by `kustomize build --enable-helm`, which ENI Lens does not run. */
  helmCharts: Entry[];
  /** Shape mistakes: Kustomize would refuse the file. */
  problems: Array<{ range: Range; message: string }>;
}

const cache = new WeakMap<ParsedSource, Kustomization | null>();

/** The kustomization a kustomization file holds; null when it is not one (no map, another apiVersion). */
export function readKustomization(source: ParsedSource): Kustomization | null {
  let k = cache.get(source);
  if (k === undefined) cache.set(source, (k = read(source)));
  return k;
}

/**
 * The file's documents of every kind, parsed again when its trees were let go of (releaseTrees) or documents
 * of kinds the analysis does not read were left uncomposed. `parsed` keeps such
 * parses for one rendering of the workspace, where several overlays read the same base.
 */
export function documentsOf(source: ParsedSource, parsed?: Map<ParsedSource, ParsedSource['documents']>): ParsedSource['documents'] {
  if ((source.documents.length > 0 && !source.unreadDocuments) || source.text.trim() === '') return source.documents;
  let docs = parsed?.get(source);
  if (!docs) {
    docs = parseSource({ file: source.file, text: source.text }, undefined, { allKinds: true }).documents;
    parsed?.set(source, docs);
  }
  return docs;
}

/** Files the kustomizations among `sources` name (resources, components, patches), resolved: their trees are needed to render. */
export function namedFiles(sources: ParsedSource[]): Set<string> {
  const out = new Set<string>();
  for (const s of sources) {
    const k = isKustomizationFile(s.file) ? readKustomization(s) : null;
    if (!k) continue;
    for (const e of [...k.resources, ...k.components]) out.add(joinPath(k.dir, e.value));
    for (const p of [...k.patchesStrategicMerge, ...k.patches, ...k.patchesJson6902]) if (p.path) out.add(joinPath(k.dir, p.path.value));
  }
  return out;
}

function read(source: ParsedSource): Kustomization | null {
  const doc = documentsOf(source)[0];
  if (!doc) return null;
  const r = doc.reader;
  const root = r.map(r.doc.contents);
  if (!root) return null;
  const apiVersion = r.string(r.get(root, 'apiVersion'));
  if (apiVersion && !apiVersion.startsWith('kustomize.config.k8s.io/')) return null;
  const kindValue = r.string(r.get(root, 'kind'));
  const k: Kustomization = {
    file: source.file,
    dir: dirOf(source.file),
    text: source.text,
    reader: r,
    kind: kindValue === 'Component' ? 'Component' : 'Kustomization',
    resources: [],
    components: [],
    helmCharts: [],
    replacements: [],
    labels: [],
    annotations: [],
    replicas: [],
    patchesStrategicMerge: [],
    patches: [],
    patchesJson6902: [],
    problems: [],
  };
  const problem = (node: unknown, message: string) => k.problems.push({ range: rangeOf(r, node, root), message });
  const entry = (node: unknown, what: string): Entry | undefined => {
    const value = r.string(node);
    if (value === undefined || value.trim() === '') {
      problem(node, `${what} must be a string`);
      return undefined;
    }
    return { value: value.trim(), node: node as Node, range: rangeOf(r, node, root) };
  };
  const list = (node: unknown, what: string): Node[] => {
    if (node === undefined || r.deref(node) === undefined || (isScalar(r.deref(node)) && (r.deref(node) as { value: unknown }).value === null)) return [];
    if (!r.seq(node)) {
      problem(node, `${what} must be a list`);
      return [];
    }
    return r.items(node);
  };

  for (const { key, pair } of r.pairs(root)) {
    const v = pair.value;
    switch (key) {
      case 'resources':
      case 'bases':
        for (const n of list(v, key)) {
          const e = entry(n, `${key} entries`);
          if (e) k.resources.push(e);
        }
        break;
      case 'components':
        for (const n of list(v, key)) {
          const e = entry(n, 'components entries');
          if (e) k.components.push(e);
        }
        break;
      case 'namespace':
      case 'namePrefix':
      case 'nameSuffix': {
        if (r.deref(v) === undefined || (isScalar(r.deref(v)) && (r.deref(v) as { value: unknown }).value === null)) break;
        const e = entry(v, key);
        if (e) k[key] = e;
        break;
      }
      case 'commonLabels': {
        const pairs = stringPairs(r, v, key, problem);
        if (pairs.length > 0) k.labels.push({ pairs, includeSelectors: true, includeTemplates: true });
        break;
      }
      case 'labels':
        for (const n of list(v, key)) {
          if (!r.map(n)) {
            problem(n, 'labels entries must be maps with pairs (and includeSelectors, includeTemplates)');
            continue;
          }
          k.labels.push({
            pairs: stringPairs(r, r.get(n, 'pairs'), 'labels pairs', problem),
            includeSelectors: r.boolean(r.get(n, 'includeSelectors')) === true,
            includeTemplates: r.boolean(r.get(n, 'includeTemplates')) === true,
          });
        }
        break;
      case 'commonAnnotations':
        k.annotations = stringPairs(r, v, key, problem);
        break;
      case 'replicas':
        for (const n of list(v, key)) {
          const name = r.string(r.get(n, 'name'));
          const countNode = r.get(n, 'count');
          const count = r.integer(countNode);
          if (!name || count === undefined || count < 0) problem(n, 'replicas entries need a name and a whole number count');
          else k.replicas.push({ name, count, countNode: countNode!, range: rangeOf(r, r.get(n, 'name'), root) });
        }
        break;
      case 'patchesStrategicMerge':
        for (const n of list(v, key)) {
          const text = r.string(n);
          if (text === undefined) problem(n, 'patchesStrategicMerge entries must be file paths or inline patches');
          else if (isInlineYaml(text)) k.patchesStrategicMerge.push({ inline: { node: n, range: rangeOf(r, n, root) }, range: rangeOf(r, n, root) });
          else k.patchesStrategicMerge.push({ path: { value: text.trim(), node: n, range: rangeOf(r, n, root) }, range: rangeOf(r, n, root) });
        }
        break;
      case 'patches':
      case 'patchesJson6902':
        for (const n of list(v, key)) {
          const p = readPatchEntry(r, n, root, key === 'patchesJson6902', problem);
          if (p) (key === 'patches' ? k.patches : k.patchesJson6902).push(p);
        }
        break;
      case 'replacements':
        for (const n of list(v, key)) {
          const pathNode = r.get(n, 'path');
          const path = r.string(pathNode);
          if (path) k.replacements.push({ path: { value: path.trim(), node: pathNode!, range: rangeOf(r, pathNode, root) }, range: rangeOf(r, pathNode, root) });
          else if (r.map(n)) k.replacements.push({ inline: n, range: r.keyRange(r.pair(n, 'source')) ?? rangeOf(r, n, root) });
          else problem(n, 'replacements entries must be maps (source, targets) or a path');
        }
        break;
      case 'helmCharts':
        for (const n of list(v, key)) {
          const name = r.get(n, 'name');
          k.helmCharts.push({ value: r.string(name) ?? 'chart', node: n, range: rangeOf(r, name ?? n, root) });
        }
        break;
      default:
        break; // generators, images, replacements, …: nothing they do changes capacity
    }
  }
  return k;
}

function readPatchEntry(r: NodeReader, n: Node, root: YAMLMap, json: boolean, problem: (node: unknown, message: string) => void): PatchEntry | undefined {
  const range = rangeOf(r, n, root);
  if (!r.map(n)) {
    // `patches: [file.yaml]` is the shorthand some repositories write.
    const text = r.string(n);
    if (text && !json) return { path: { value: text.trim(), node: n, range }, range };
    problem(n, 'patches entries must be maps with path or patch (and target)');
    return undefined;
  }
  const pathNode = r.get(n, 'path');
  const patchNode = r.get(n, 'patch');
  // Findings about the patch point at its path, or at the `patch:` key of an inline one.
  const out: PatchEntry = { range: r.range(pathNode) ?? r.keyRange(r.pair(n, 'patch')) ?? range, json };
  const path = r.string(pathNode);
  if (path) out.path = { value: path.trim(), node: pathNode!, range: rangeOf(r, pathNode, root) };
  else if (patchNode !== undefined && r.string(patchNode) !== undefined) out.inline = { node: patchNode, range: rangeOf(r, patchNode, root) };
  else {
    problem(n, 'a patch needs path (a file) or patch (inline YAML)');
    return undefined;
  }
  const targetNode = r.get(n, 'target');
  if (targetNode !== undefined) {
    if (!r.map(targetNode)) problem(targetNode, 'target must be a map (group, version, kind, name, namespace, labelSelector, annotationSelector)');
    else {
      const t: Target = { range: rangeOf(r, targetNode, root) };
      for (const field of ['group', 'version', 'kind', 'name', 'namespace', 'labelSelector', 'annotationSelector'] as const) {
        const value = r.string(r.get(targetNode, field));
        if (value !== undefined) t[field] = value;
      }
      out.target = t;
    }
  }
  return out;
}

function stringPairs(r: NodeReader, node: unknown, what: string, problem: (node: unknown, message: string) => void): LabelEntry['pairs'] {
  if (node === undefined || r.deref(node) === undefined) return [];
  if (!r.map(node)) {
    problem(node, `${what} must be a map of keys to values`);
    return [];
  }
  const out: LabelEntry['pairs'] = [];
  for (const { key, pair } of r.pairs(node)) {
    const value = r.string(pair.value) ?? (isScalar(r.deref(pair.value)) && (r.deref(pair.value) as { value: unknown }).value === null ? '' : undefined);
    if (value === undefined) problem(pair.value, `${what}: the value of ${key} must be a string`);
    else out.push({ key, keyNode: pair.key as Node, value, valueNode: pair.value as Node });
  }
  return out;
}

function isInlineYaml(text: string): boolean {
  return text.includes('\n') || /^\s*(apiVersion|kind|metadata)\s*:/.test(text);
}

function rangeOf(r: NodeReader, node: unknown, root: Node): Range {
  return r.range(node) ?? r.range(root)!;
}

/** The documents of an inline patch, read so that their nodes point into the kustomization's lines. */
export function parseInline(k: Kustomization, node: Node): { docs: Document.Parsed[]; reader: (doc: Document.Parsed) => NodeReader } {
  const r = k.reader;
  const text = r.string(node) ?? '';
  const docs = parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false, strict: false });
  const list = Array.isArray(docs) ? docs : [docs];
  const span = r.span(node);
  const start = span ? r.position(span[0]) : { line: 0, character: 0 };
  let firstLine: number | undefined;
  let indent = 0;
  const scalar = r.deref(node);
  if (span && isScalar(scalar) && scalar.type === 'BLOCK_LITERAL') {
    // The text of a literal block is its lines, each without the block's indentation; the header line comes first.
    const lines = k.text.slice(span[0], span[1]).split(/\r?\n/);
    const content = lines.slice(1).find((l) => l.trim() !== '');
    if (content !== undefined) {
      firstLine = start.line + 1;
      indent = /^ */.exec(content)![0].length;
    }
  }
  return { docs: list, reader: (doc) => new InlineReader(doc, firstLine, indent, start, text) };
}
