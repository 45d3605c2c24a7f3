// What one file contributes to the cluster model, read once per parse. Once read, a file's YAML trees can
// be let go of (they are most of a large workspace's memory): the facts hold plain data and ranges.
import { isAutoscaler, isClusterAutoscaler, readAutoscaler, type Autoscaler } from '../k8s/autoscaler';
import { isEksctlClusterConfig } from '../k8s/eksctl';
import { setsReservedEnis } from '../k8s/karpenter';
import type { Document } from 'yaml';
import { documentObjects, KubeObject, kubeObjects, type ObjectTree } from '../k8s/objects';
import { isSecurityGroupPolicy, readSecurityGroupPolicy, type SecurityGroupPolicy } from '../k8s/securityGroupPolicy';
import { readWorkload, type Workload } from '../k8s/workloads';
import { isSystemDaemonSet } from './systemPods';
import { isNode } from './nodeListPools';
import {
  adoptPieces,
  adoptTextChecks,
  dropDocuments,
  keptPieces,
  keptTextChecks,
  parseCarriedDocument,
  parseSource,
  takeCarriedPieces,
  type CarriedPiece,
  type ParsedDocument,
  type ParsedSource,
  type TextChecks,
} from '../yaml/parseSource';
import type { Chunk } from '../yaml/documentChunks';

export interface FileFacts {
  objects: KubeObject[];
  policies: SecurityGroupPolicy[];
  workloads: Workload[];
  /** The labels of each ServiceAccount and the HPA of each target, by the keys the model looks them up with. */
  accountLabels: Array<[key: string, labels: ReadonlyMap<string, string>]>;
  autoscalerTargets: Array<[key: string, hpa: Autoscaler]>;
  /**
   * What the file's workloads look up: their namespaces, ServiceAccounts, themselves as HPA targets, and
   * the workloads whose pod template an Argo Rollout's workloadRef takes (by autoscalerKey).
   */
  reads: { namespaces: Set<string>; accounts: Set<string>; targets: Set<string>; templates: Set<string> };
  /** Holds eksctl, Karpenter or aws-node objects, read again whenever node pools or CNI settings are rebuilt. */
  clusterWide: boolean;
}

const cache = new WeakMap<ParsedSource, FileFacts>();
const unitCache = new WeakMap<ParsedSource, FileFacts[]>();

/** The facts of a parsed file, read on first use and kept as long as the parse is. */
export function factsOf(source: ParsedSource): FileFacts {
  let facts = cache.get(source);
  if (!facts) {
    const parts = documentFactsOf(source);
    cache.set(source, (facts = parts.length === 1 ? parts[0] : mergeFacts(parts)));
  }
  return facts;
}

/**
 * A file's facts document by document (a file of one document: its facts), what the model is built from:
 * an edit in one document of a large file then changes one of them, and the incremental analysis rebuilds
 * what that one reaches. Documents without objects have none. In file order, read on first use.
 */
export function documentFactsOf(source: ParsedSource): FileFacts[] {
  let parts = unitCache.get(source);
  if (!parts) {
    const carried = takeCarriedPieces(source);
    parts = carried
      ? withCarriedFacts(source, carried.previous, carried.pieces)
      : source.documents.length <= 1
        ? [factsOfObjects(kubeObjects(source))]
        : source.documents.map((d) => factsOfDocument(source.file, d)).filter((f) => f.objects.length > 0);
    unitCache.set(source, parts);
  }
  return parts;
}

/**
 * The facts of a parse that carried pieces over from `previous` (see takeCarriedPieces): its parsed
 * documents' read now, the carried ones' taken from `previous` (the same objects, their lines moved in
 * place, their trees read again from this text when asked for), in document order. Typing in a file read
 * closed then costs the pieces it touched, not a parse of 20,000 documents.
 */
function withCarriedFacts(source: ParsedSource, previous: ParsedSource, pieces: CarriedPiece[]): FileFacts[] {
  // The previous facts by document number (arrays, not maps: 20,000 documents per keystroke); only those of
  // the carried documents are held by what re-reads their trees, not the previous parse's others.
  const parts = documentFactsOf(previous);
  const before: Array<FileFacts | undefined> = new Array(parts.length > 0 ? parts[parts.length - 1].objects[0].place.document + 1 : 0);
  for (const f of parts) before[f.objects[0].place.document] = f;
  const carriedFacts: Array<FileFacts | undefined> = new Array(before.length);
  const whole = rereader(source);
  // A carried object's tree is its piece's, parsed when first asked for; its facts then go with the tree,
  // as a parsed document's do, so the next parse keeps both.
  const reread = (o: KubeObject): ObjectTree => {
    const d = parseCarriedDocument(source, o.place.document);
    const twin = d && twinOf(o, documentObjects(source.file, d));
    if (!d || !twin) return whole(o);
    const facts = carriedFacts[o.place.document];
    if (facts && !documentFacts.has(d.reader.doc)) documentFacts.set(d.reader.doc, { file: source.file, index: d.index, line: d.reader.line(d.reader.base), facts });
    return { reader: twin.reader, root: twin.root };
  };
  // The parsed documents' facts and the carried ones', both in document order: merged.
  const parsed = source.documents.map((d) => factsOfDocument(source.file, d));
  const out: FileFacts[] = [];
  let next = 0;
  for (const piece of pieces) {
    for (; next < parsed.length && source.documents[next].index < piece.first; next++) if (parsed[next].objects.length > 0) out.push(parsed[next]);
    for (let index = piece.first; index < piece.first + piece.count; index++) {
      const f = before[index];
      if (!f) continue;
      if (piece.lines !== 0) for (const p of positionsOf(f)) p.line += piece.lines;
      for (const o of f.objects) o.releaseTree(reread);
      carriedFacts[index] = f;
      out.push(f);
    }
  }
  for (; next < parsed.length; next++) if (parsed[next].objects.length > 0) out.push(parsed[next]);
  return out;
}

/**
 * The object read again at `o`'s place, of its kind and name. (A loop, not `find` with a closure over `o`: a
 * compile job holding such a closure's context held the parse that made `reread`, after it was let go of.)
 */
function twinOf(o: KubeObject, objects: KubeObject[]): KubeObject | undefined {
  for (const x of objects) if (x.place.item === o.place.item && x.kind === o.kind && x.name === o.name) return x;
  return undefined;
}

const objectsCache = new WeakMap<ParsedSource, KubeObject[]>();

/** A file's objects in file order (one array per parse: its ignore index is built once), without merging its facts. */
export function objectsOf(source: ParsedSource): KubeObject[] {
  let objects = objectsCache.get(source);
  if (!objects) {
    const parts = documentFactsOf(source);
    objectsCache.set(source, (objects = parts.length === 1 ? parts[0].objects : parts.flatMap((f) => f.objects)));
  }
  return objects;
}

/**
 * What one document contributed when it was read, kept with its YAML tree: parseSource gives a later parse
 * of the file the same tree for a document whose text is unchanged, and typing in one document of a large
 * file then reads only that document's objects again.
 */
interface DocumentFacts {
  file: string;
  index: number;
  /** The line the document's text starts on: every range read from it is counted from the file's start. */
  line: number;
  facts: FileFacts;
}

const documentFacts = new WeakMap<Document.Parsed, DocumentFacts>();

/**
 * The facts of one document: those read from its tree before when it is the same document of the same file
 * (its objects are then the same), else read now. A document that moved to another line (a line inserted or
 * removed above it) keeps its facts, their positions moved in place: the facts stay the same objects, so
 * what was built from them (workload models, lookups, the duplicate index) is no change to the incremental
 * analysis, and pressing Enter above 20,000 documents costs a pass over their positions, not a copy of their
 * facts and models. (A parse whose documents moved is the file's parse from then on: the previous one's
 * facts now read as the new text's.)
 */
function factsOfDocument(file: string, d: ParsedDocument): FileFacts {
  const line = d.reader.line(d.reader.base);
  const known = documentFacts.get(d.reader.doc);
  if (known && known.file === file && known.index === d.index && movedTo(known.facts.objects, d.reader)) {
    if (known.line !== line) {
      const lines = line - known.line;
      for (const p of positionsOf(known.facts)) p.line += lines;
      known.line = line;
    }
    return known.facts;
  }
  const facts = factsOfObjects(documentObjects(file, d));
  documentFacts.set(d.reader.doc, { file, index: d.index, line, facts });
  return facts;
}

/** Whether the objects, read from a tree now read by `reader`, all moved to it (see KubeObject.movedTo). */
function movedTo(objects: KubeObject[], reader: ParsedDocument['reader']): boolean {
  for (const o of objects) if (o.via !== undefined || !o.movedTo(reader)) return false;
  return true;
}

/**
 * Every `{ line, character }` (each once) reachable from the facts through arrays, plain objects, Maps and Sets, and
 * the objects' name ranges; YAML nodes and other class instances are not entered (ranges are plain data).
 */
function positionsOf(facts: FileFacts): Array<{ line: number }> {
  const known = positionsCache.get(facts);
  if (known) return known;
  const out = treePositions(facts) ?? graphPositions(facts);
  positionsCache.set(facts, out);
  return out;
}

/** Containers a tree-shaped walk enters at most, and how deep: facts read from YAML are far from either. */
const TREE_WALK_BUDGET = 100_000;
const TREE_WALK_DEPTH = 64;

/**
 * positionsOf for facts shaped as a tree (what reading a document makes; a container shared within them is
 * walked once per reference): only the positions are remembered, not every container (that Set was most of
 * the first Enter in a file of 20,000 documents read closed). Undefined past the budget or the depth (a cycle,
 * or sharing that multiplies the walk): graphPositions then.
 */
function treePositions(facts: FileFacts): Array<{ line: number }> | undefined {
  const found = new Set<{ line: number }>();
  let budget = TREE_WALK_BUDGET;
  const visit = (value: object, depth: number): boolean => {
    if (--budget < 0 || depth > TREE_WALK_DEPTH) return false;
    if (value instanceof KubeObject) return visit(value.nameRange, depth + 1);
    if (Array.isArray(value)) {
      for (const x of value) if (typeof x === 'object' && x !== null && !visit(x, depth + 1)) return false;
      return true;
    }
    if (value instanceof Map || value instanceof Set) {
      for (const x of value.values()) if (typeof x === 'object' && x !== null && !visit(x, depth + 1)) return false;
      return true;
    }
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return true;
    const v = value as Record<string, unknown>;
    if (typeof v.line === 'number' && typeof v.character === 'number' && Object.keys(v).length === 2) {
      found.add(v as { line: number });
      return true;
    }
    for (const key of Object.keys(v)) {
      const x = v[key];
      if (typeof x === 'object' && x !== null && !visit(x, depth + 1)) return false;
    }
    return true;
  };
  return visit(facts, 0) ? [...found] : undefined;
}

/** positionsOf for any graph: every container once. */
function graphPositions(facts: FileFacts): Array<{ line: number }> {
  const seen = new Set<object>();
  const out: Array<{ line: number }> = [];
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (value instanceof KubeObject) return visit(value.nameRange);
    if (Array.isArray(value)) return value.forEach(visit);
    if (value instanceof Map) return value.forEach(visit);
    if (value instanceof Set) return value.forEach(visit);
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return;
    const v = value as Record<string, unknown>;
    if (typeof v.line === 'number' && typeof v.character === 'number' && Object.keys(v).length === 2) {
      out.push(v as { line: number });
      return;
    }
    for (const key of Object.keys(v)) visit(v[key]);
  };
  visit(facts);
  return out;
}

/** Gathered when a document first moves, kept as long as its facts are. */
const positionsCache = new WeakMap<FileFacts, Array<{ line: number }>>();

/** The facts of documents in order, as one: the same as reading all their objects at once. */
function mergeFacts(parts: FileFacts[]): FileFacts {
  const reads = { namespaces: new Set<string>(), accounts: new Set<string>(), targets: new Set<string>(), templates: new Set<string>() };
  for (const part of parts) for (const kind of READ_KINDS) for (const key of part.reads[kind]) reads[kind].add(key);
  return compactFacts({
    objects: parts.flatMap((f) => f.objects),
    policies: parts.flatMap((f) => f.policies),
    workloads: parts.flatMap((f) => f.workloads),
    accountLabels: parts.flatMap((f) => f.accountLabels),
    autoscalerTargets: parts.flatMap((f) => f.autoscalerTargets),
    clusterWide: parts.some((f) => f.clusterWide),
    reads,
  });
}

const READ_KINDS = ['namespaces', 'accounts', 'targets', 'templates'] as const;

/**
 * A read key many units read (a namespace, a ServiceAccount) or none, as one set shared by all of them, so it
 * refuses changes (no unit's facts change once built). A workload reads one key of each kind: 40,000
 * per-document units held 160,000 sets of ~150 bytes; what is left are the HPA targets, one per workload.
 */
class SharedKeys extends Set<string> {
  private sealed = false;
  constructor(keys: Iterable<string>) {
    super(keys);
    this.sealed = true;
  }
  override add(key: string): this {
    if (this.sealed) throw new Error('shared read keys are never changed');
    return super.add(key);
  }
  override delete(): boolean {
    throw new Error('shared read keys are never changed');
  }
  override clear(): void {
    throw new Error('shared read keys are never changed');
  }
}

const NO_KEYS = new SharedKeys([]);
const NONE: never[] = Object.freeze([]) as never[];
const NO_READS: FileFacts['reads'] = Object.freeze({ namespaces: NO_KEYS, accounts: NO_KEYS, targets: NO_KEYS, templates: NO_KEYS });
/** Bounded: typing a name makes a key per keystroke; forgetting them only stops sharing, never changes a set. */
const MAX_SHARED_KEYS = 10_000;
const sharedKeys = new Map<string, SharedKeys>();

function shareKeys(keys: Set<string>, unique: boolean): Set<string> {
  if (keys.size === 0) return NO_KEYS;
  if (keys.size > 1 || unique || keys instanceof SharedKeys) return keys;
  const [key] = keys;
  let shared = sharedKeys.get(key);
  if (!shared) {
    if (sharedKeys.size >= MAX_SHARED_KEYS) sharedKeys.clear();
    sharedKeys.set(key, (shared = new SharedKeys(keys)));
  }
  return shared;
}

/** The same facts holding shared empty lists and shared read-key sets (see SharedKeys): most units are one document. */
function compactFacts(facts: FileFacts): FileFacts {
  const none = <T>(list: T[]): T[] => (list.length === 0 ? NONE : list);
  facts.policies = none(facts.policies);
  facts.workloads = none(facts.workloads);
  facts.accountLabels = none(facts.accountLabels);
  facts.autoscalerTargets = none(facts.autoscalerTargets);
  const { namespaces, accounts, targets, templates } = facts.reads;
  const reads = { namespaces: shareKeys(namespaces, false), accounts: shareKeys(accounts, false), targets: shareKeys(targets, true), templates: shareKeys(templates, false) };
  facts.reads = Object.values(reads).every((keys) => keys === NO_KEYS) ? NO_READS : reads;
  return facts;
}

/** The facts of objects read from one file, or rendered by one kustomization. */
export function factsOfObjects(objects: KubeObject[]): FileFacts {
  const facts: FileFacts = {
    objects,
    policies: [],
    workloads: [],
    accountLabels: [],
    autoscalerTargets: [],
    clusterWide: objects.some(isClusterWide),
    reads: { namespaces: new Set(), accounts: new Set(), targets: new Set(), templates: new Set() },
  };
  for (const o of objects) {
    if (isSecurityGroupPolicy(o)) facts.policies.push(readSecurityGroupPolicy(o));
    else if (o.kind === 'ServiceAccount' && o.apiVersion === 'v1') {
      facts.accountLabels.push([serviceAccountKey(o.namespace, o.name), o.labels]);
    } else if (isAutoscaler(o)) {
      const hpa = readAutoscaler(o);
      if (hpa) facts.autoscalerTargets.push([autoscalerKey(o.namespace, hpa.targetKind, hpa.targetName), hpa]);
    } else {
      const w = readWorkload(o);
      if (w) {
        facts.workloads.push(w);
        facts.reads.namespaces.add(o.namespace);
        facts.reads.accounts.add(serviceAccountKey(o.namespace, w.template.serviceAccountName));
        facts.reads.targets.add(autoscalerKey(o.namespace, w.kind, o.name));
        if (w.templateRef) facts.reads.templates.add(autoscalerKey(o.namespace, w.templateRef.kind, w.templateRef.name));
      }
    }
  }
  return compactFacts(facts);
}

export function serviceAccountKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

export function autoscalerKey(namespace: string, kind: string, name: string): string {
  return `${namespace}/${kind}/${name}`;
}

/** Objects that change pools, node capacity or CNI settings, and so every workload. */
export function isClusterWide(o: KubeObject): boolean {
  if (isEksctlClusterConfig(o) || o.kind === 'NodePool' || o.kind === 'EC2NodeClass' || isNode(o)) return true;
  // kube-proxy too: the repository's own system DaemonSets change the system pods each node reserves;
  // a cluster-autoscaler Deployment the node count of managed groups.
  return isSystemDaemonSet(o) || isClusterAutoscaler(o) || setsReservedEnis(o);
}

/**
 * Reads the file's facts, then lets go of its YAML trees (unless cluster-wide objects need them again):
 * afterwards an object's tree is parsed again from the same text only if something asks for it.
 */
export function releaseTrees(source: ParsedSource): void {
  const parts = documentFactsOf(source);
  if (parts.some((f) => f.clusterWide) || source.documents.length === 0) return;
  const reread = rereader(source);
  for (const f of parts) for (const o of f.objects) o.releaseTree(reread);
  dropDocuments(source);
}

/** One parse of the file's text again, shared by its objects: each finds its twin at the same place. */
function rereader(source: { file: string; text: string }): (o: KubeObject) => ObjectTree {
  let again: KubeObject[] | undefined;
  return (o) => {
    again ??= kubeObjects(parseSource({ file: source.file, text: source.text }, undefined, { allKinds: true }));
    const twin = again.find((x) => x.place.document === o.place.document && x.place.item === o.place.item);
    if (!twin) throw new Error(`${source.file}: document ${o.place.document + 1} no longer holds ${o.kind} ${o.name}`);
    return { reader: twin.reader, root: twin.root };
  };
}

/** A file parsed elsewhere (a worker thread): what crosses back, plain data only. */
export interface ParsedFacts {
  file: string;
  findings: ParsedSource['findings'];
  disabledLines: ParsedSource['disabledLines'];
  unreadDocuments?: number;
  /** documentFactsOf of the parse. */
  parts: FileFacts[];
  /** Where its pieces were, in a file of many (see keptPieces): typing in it once opened carries them over. */
  pieces?: readonly Chunk[];
  /** With the pieces, what the parse found in its whole text (see keptTextChecks): the first keystroke checks what it changed only. */
  checks?: TextChecks;
}

/** The plain form of a parse and its facts, to post to another thread: the objects' trees are let go of. */
export function toParsedFacts(source: ParsedSource): ParsedFacts {
  const parts = documentFactsOf(source);
  for (const f of parts) for (const o of f.objects) o.detach();
  const out: ParsedFacts = { file: source.file, findings: source.findings, disabledLines: source.disabledLines, parts };
  if (source.unreadDocuments !== undefined) out.unreadDocuments = source.unreadDocuments;
  const pieces = keptPieces(source);
  const checks = keptTextChecks(source);
  if (pieces) out.pieces = pieces;
  if (pieces && checks) out.checks = checks;
  return out;
}

/**
 * A parse made elsewhere, for `text`: the same ParsedSource and facts as `parseSource` then `releaseTrees`
 * give here, its objects' trees read again from the text when asked for.
 */
export function adoptParsedFacts(parsed: ParsedFacts, text: string, strings?: Map<string, string>): ParsedSource {
  const source: ParsedSource = { file: parsed.file, text, documents: [], findings: parsed.findings, disabledLines: parsed.disabledLines };
  if (parsed.unreadDocuments !== undefined) source.unreadDocuments = parsed.unreadDocuments;
  const reread = rereader(source);
  const revived = new Map<object, unknown>();
  for (const f of parsed.parts) for (const o of f.objects) revived.set(o, KubeObject.revive(o, reread));
  const interned = strings ?? new Map<string, string>();
  const seen = new Set<object>();
  // In a file of many pieces (typing in it once opened carries them over, see withCarriedFacts) the walk
  // gathers each document's positions too: the first Enter there moves them rather than looks for them.
  const units = parsed.parts.map((part) => {
    const positions = parsed.pieces ? [] : undefined;
    const facts = compactFacts(adopted(part, revived, interned, seen, positions) as FileFacts);
    if (positions) positionsCache.set(facts, positions);
    return facts;
  });
  unitCache.set(source, units);
  if (parsed.pieces) adoptPieces(source, parsed.pieces);
  // (They are of the text without a byte-order mark, as parseSource reads it.)
  if (parsed.checks && text.charCodeAt(0) !== 0xfeff) adoptTextChecks(source, parsed.checks);
  return source;
}

/**
 * A plain-data graph (objects, arrays, Maps, Sets) as it crossed from a worker, for this thread: each
 * object in `revived` replaced by its KubeObject wherever it is referred to (a workload's, a policy's),
 * and every string by the one equal string seen first: structured clone copies a string each time it
 * occurs (a file's URI, 'Deployment', a label key, once per object), and 50,000 documents' facts are mostly
 * such repeats. Identity of other objects is kept.
 */
function adopted(value: unknown, revived: Map<object, unknown>, strings: Map<string, string>, seen: Set<object>, positions?: Array<{ line: number }>): unknown {
  if (typeof value === 'object' && value !== null && revived.has(value)) {
    const o = revived.get(value) as KubeObject;
    if (!seen.has(o)) {
      seen.add(o);
      const fields = o as unknown as Record<string, unknown>;
      for (const key of ['file', 'apiVersion', 'kind', 'name', 'namespace', 'annotations', 'labels', 'nameRange', 'place', 'via']) {
        // Of an object, positionsOf counts its name range only.
        if (fields[key] !== undefined) fields[key] = adopted(fields[key], revived, strings, seen, key === 'nameRange' ? positions : undefined);
      }
    }
    return o;
  }
  return internStrings(value, revived, strings, seen, positions);
}

/** `positions`: where to gather the `{ line, character }` objects met (see positionsOf). */
function internStrings(value: unknown, revived: Map<object, unknown>, strings: Map<string, string>, seen: Set<object>, positions?: Array<{ line: number }>): unknown {
  if (typeof value === 'string') {
    const known = strings.get(value);
    if (known !== undefined) return known;
    strings.set(value, value);
    return value;
  }
  if (typeof value !== 'object' || value === null || seen.has(value)) return value;
  seen.add(value);
  if (value instanceof Map) {
    const entries = [...value];
    value.clear();
    for (const [k, v] of entries) value.set(adopted(k, revived, strings, seen), adopted(v, revived, strings, seen, positions));
  } else if (value instanceof Set) {
    const items = [...value];
    value.clear();
    for (const v of items) value.add(adopted(v, revived, strings, seen, positions));
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = adopted(value[i], revived, strings, seen, positions);
  } else {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (positions && keys.length === 2 && typeof record.line === 'number' && typeof record.character === 'number') positions.push(record as { line: number });
    else for (const key of keys) record[key] = adopted(record[key], revived, strings, seen, positions);
  }
  return value;
}
