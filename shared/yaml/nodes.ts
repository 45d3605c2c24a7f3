// Read-only accessors over the `yaml` package's node tree. They never throw on wrong shapes: a value
// of the wrong type reads as absent, so one malformed manifest cannot take the analysis down.
import * as yaml from 'yaml';
import { LineCounter, type Alias, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Range } from '../types';

// Bound once: in the bundles the `yaml` package's exports are getters (esbuild's CommonJS interop), and every
// call through one paid for it (~0.4 s of each parse worker's 6 s on L, profiled).
const { isAlias, isMap, isScalar, isSeq } = yaml;

/** Alias chains are followed this far at most: enough for real manifests, bounded for alias bombs. */
const MAX_ALIAS_HOPS = 8;

/**
 * Line starts counted from the text itself, with the line ends of LSP (`\n`, `\r\n` and a lone `\r`). The
 * parser's own counting skips line breaks inside some malformed input, which put ranges past their line.
 */
export function lineCounterFor(text: string): LineCounter {
  const lines = new LineCounter();
  lines.addNewLine(0);
  if (!text.includes('\r')) {
    // Only `\n` ends lines: found by the native search, not a loop over every character (a keystroke in a 4 MB file).
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
  } else {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) lines.addNewLine(i + 1);
    }
  }
  return withLspLineEnds(lines, text);
}

/**
 * lineCounterFor(text) from `previous`, that of an earlier text of the file which starts with the same `head`
 * characters and ends with the same `tail` ones: a line start depends on the two characters around it (a
 * lone `\r`), so the starts there are the same (moved by the change in length in the tail), and only the
 * changed lines are looked at (a keystroke in a file of 280,000 lines).
 */
export function lineCounterAfterEdit(previous: LineCounter, previousText: string, text: string, head: number, tail: number): LineCounter {
  const old = previous.lineStarts;
  const shift = text.length - previousText.length;
  // The starts before `head` are the same (0 always is one); the first at or after it may differ.
  const kept = Math.max(1, startsBefore(old, head));
  const changed: number[] = [];
  const end = text.length - tail;
  for (let i = Math.max(head - 1, 0); i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) changed.push(i + 1);
  }
  // The starts after the tail's first character, moved: one copy of the old starts, the changed ones
  // put in place of theirs, the rest moved in place (no growing array).
  const fromTail = startsBefore(old, previousText.length - tail + 1);
  let starts: number[];
  if (changed.length <= 1024) {
    starts = old.slice();
    starts.splice(kept, fromTail - kept, ...changed);
  } else starts = old.slice(0, kept).concat(changed, old.slice(fromTail));
  if (shift !== 0) for (let k = kept + changed.length; k < starts.length; k++) starts[k] += shift;
  const lines = new LineCounter();
  lines.lineStarts = starts;
  return withLspLineEnds(lines, text);
}

/** How many of the (ascending) line starts are below `offset`. */
function startsBefore(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** An offset between the `\r` and the `\n` of a CRLF is the end of its line for LSP. */
function withLspLineEnds(lines: LineCounter, text: string): LineCounter {
  const linePos = lines.linePos;
  lines.linePos = (offset) => linePos(offset > 0 && text.charCodeAt(offset) === 10 && text.charCodeAt(offset - 1) === 13 ? offset - 1 : offset);
  return lines;
}

const EMPTY_MAP: ReadonlyMap<string, string> = new Map();
/** Pairs merged into one map with `<<` at most: bounded for merge bombs (ten copies of ten copies of …). */
const MAX_MERGED_PAIRS = 10_000;

export class NodeReader {
  constructor(
    readonly doc: Document.Parsed,
    /** Line starts of the whole file. */
    readonly lines: LineCounter,
    /**
     * Where the text the document was parsed from starts in the file: a document parsed on its own (see
     * documentChunks.ts) has node offsets counted from there. Ranges and spans are in file offsets.
     */
    readonly base = 0,
  ) {}

  deref(node: unknown): Node | undefined {
    let current = node;
    for (let hops = 0; isAlias(current); hops++) {
      if (hops >= MAX_ALIAS_HOPS) return undefined;
      current = this.resolve(current);
    }
    return (current ?? undefined) as Node | undefined;
  }

  /** `Alias.resolve` walks the document up to the alias each time: merge keys resolve the same aliases again and again. */
  private resolved?: WeakMap<Alias, unknown>;

  private resolve(alias: Alias): unknown {
    this.resolved ??= new WeakMap();
    if (this.resolved.has(alias)) return this.resolved.get(alias);
    const target = alias.resolve(this.doc);
    this.resolved.set(alias, target);
    return target;
  }

  map(node: unknown): YAMLMap | undefined {
    const n = this.deref(node);
    return isMap(n) ? n : undefined;
  }

  seq(node: unknown): YAMLSeq | undefined {
    const n = this.deref(node);
    return isSeq(n) ? n : undefined;
  }

  /** The value node under `key` of a map (first occurrence: what Kubernetes' decoder rejects anyway). */
  get(node: unknown, key: string): Node | undefined {
    return this.pair(node, key)?.value as Node | undefined;
  }

  pair(node: unknown, key: string): Pair | undefined {
    const m = this.map(node);
    if (!m) return undefined;
    let merges = false;
    for (const p of m.items) {
      if (isMergeKey(p)) merges = true;
      else if (this.keyString(p) === key) return p;
    }
    return merges ? this.entries(m).find((p) => this.keyString(p) === key) : undefined;
  }

  /**
   * A map's pairs with YAML 1.1 merge keys applied, as Kubernetes' decoder (go-yaml) reads them: its own pairs
   * first, then those of the maps `<<` names (`<<: *a` or `<<: [*a, *b]`, the earlier map first), so the first
   * pair with a key is the one that counts. The `<<` pairs themselves are left out.
   */
  entries(m: YAMLMap): Pair[] {
    if (!m.items.some(isMergeKey)) return m.items as Pair[];
    const out: Pair[] = [];
    const visit = (map: YAMLMap, depth: number) => {
      const merged: YAMLMap[] = [];
      for (const p of map.items as Pair[]) {
        if (!isMergeKey(p)) {
          if (out.length < MAX_MERGED_PAIRS) out.push(p);
          continue;
        }
        const value = this.deref(p.value);
        for (const source of isSeq(value) ? value.items.map((i) => this.deref(i)) : [value]) if (isMap(source)) merged.push(source);
      }
      if (depth < MAX_ALIAS_HOPS) for (const source of merged) if (out.length < MAX_MERGED_PAIRS) visit(source, depth + 1);
    };
    visit(m, 0);
    return out;
  }

  at(node: unknown, ...keys: string[]): Node | undefined {
    let current: Node | undefined = node as Node | undefined;
    for (const k of keys) {
      current = this.get(current, k);
      if (current === undefined) return undefined;
    }
    return current;
  }

  keyString(p: Pair): string | undefined {
    const k = this.deref(p.key);
    return isScalar(k) && (typeof k.value === 'string' || typeof k.value === 'number' || typeof k.value === 'boolean') ? String(k.value) : undefined;
  }

  /** A scalar as a string: strings as they are, numbers and booleans as written (label values in the wild). */
  string(node: unknown): string | undefined {
    const n = this.deref(node);
    if (!isScalar(n)) return undefined;
    const v = n.value;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return n.source ?? String(v);
    return undefined;
  }

  /** A scalar that is a string in the YAML sense (for fields Kubernetes types as string). */
  strictString(node: unknown): string | undefined {
    const n = this.deref(node);
    return isScalar(n) && typeof n.value === 'string' ? n.value : undefined;
  }

  integer(node: unknown): number | undefined {
    const n = this.deref(node);
    return isScalar(n) && typeof n.value === 'number' && Number.isSafeInteger(n.value) ? n.value : undefined;
  }

  boolean(node: unknown): boolean | undefined {
    const n = this.deref(node);
    return isScalar(n) && typeof n.value === 'boolean' ? n.value : undefined;
  }

  /** Map entries whose keys are scalars, values as strings where they are scalars. */
  stringMap(node: unknown): Map<string, string> {
    const out = new Map<string, string>();
    const m = this.map(node);
    if (!m) return out;
    for (const p of this.entries(m)) {
      const k = this.keyString(p);
      const v = this.string(p.value);
      if (k !== undefined && v !== undefined && !out.has(k)) out.set(k, v);
    }
    return out;
  }
  /** `stringMap` for what is kept per object: most objects have no annotations (or labels), and share one empty map. */
  readonlyStringMap(node: unknown): ReadonlyMap<string, string> {
    const out = this.stringMap(node);
    return out.size === 0 ? EMPTY_MAP : out;
  }

  items(node: unknown): Node[] {
    const s = this.seq(node);
    return s ? (s.items as Node[]) : [];
  }

  pairs(node: unknown): Array<{ key: string; pair: Pair }> {
    const m = this.map(node);
    if (!m) return [];
    const out: Array<{ key: string; pair: Pair }> = [];
    const own = m.items.length;
    const entries = this.entries(m);
    const seen = entries.length > own ? new Set<string>() : undefined;
    entries.forEach((p, i) => {
      const key = this.keyString(p);
      if (key === undefined) return;
      // A merged pair whose key the map (or an earlier merged map) already has is overridden.
      if (seen && i >= own && seen.has(key)) return;
      seen?.add(key);
      out.push({ key, pair: p });
    });
    return out;
  }

  /** The range of a node's value (without trailing comments); for scalars, just the text of the scalar. */
  range(node: unknown): Range | undefined {
    const span = this.span(node);
    return span && this.offsetsToRange(span[0], span[1]);
  }

  /** The file offsets a node's value spans (as `range`). */
  span(node: unknown): [number, number] | undefined {
    const r = (node as Node | null | undefined)?.range;
    return r ? [this.base + r[0], this.base + r[1]] : undefined;
  }

  /**
   * The file a node is written in when it is not this reader's own (a rendered Kustomize object holds values
   * from patches and kustomizations); undefined: the reader's own file. `range` only covers the reader's own
   * file's nodes; `writtenRange` covers every node, in the file `fileOf` names.
   */
  fileOf(_node: unknown): string | undefined {
    return undefined;
  }

  writtenRange(node: unknown): Range | undefined {
    return this.range(node);
  }

  /** The range of a pair's key. */
  keyRange(p: Pair | undefined): Range | undefined {
    return p ? this.range(p.key) : undefined;
  }

  /** File offsets (not node offsets: see `span`) to a range. */
  offsetsToRange(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  position(offset: number): { line: number; character: number } {
    const p = this.lines.linePos(offset);
    return { line: p.line - 1, character: p.col - 1 };
  }

  /** The line (0-based) a file offset is on: `position(offset).line`, for an offset that is not inside a CRLF. */
  line(offset: number): number {
    return startsBefore(this.lines.lineStarts, offset + 1) - 1;
  }
}

/** `<<` written plain: a merge key (quoted, `"<<"` is an ordinary key). */
function isMergeKey(p: unknown): boolean {
  const k = (p as Pair).key;
  return isScalar(k) && k.value === '<<' && (k.type === 'PLAIN' || k.type === undefined);
}
