// A reader for the block YAML real manifests are written in, that builds the same `yaml` nodes (values,
// types, sources, ranges) as `parseAllDocuments` does, without its lexer, CST parser and composer: on a
// workspace of workloads those are most of the time (see docs/performance.md). It reads one piece (see
// documentChunks.ts) line by line, and gives up — the caller then parses the piece as before — on anything it
// is not certain of: tabs, `\r`, control characters, anchors, aliases, tags, explicit keys, directives,
// multi-line flow or quoted or plain scalars, duplicate keys, templates, a line it cannot place. Scalars
// resolve through the document's own schema, as the composer does. Comments are not kept (nothing reads them).
//
// Ranges follow the `yaml` parser, including where it puts comment lines: a value's range[2] takes the
// comment lines after it that are indented deeper than its collection (the parser appends them to the
// value's end), and the blank and comment lines after a collection's last item stay in that collection
// (its range[2]) unless the collection is at column 0 or every comment among them is indented less.
import * as yaml from 'yaml';
import type { Document, DocumentOptions, Node, ParseOptions, Pair, Scalar, YAMLMap, YAMLSeq, SchemaOptions } from 'yaml';

// Bound once (see nodes.ts: the bundles reach the package's exports through getters).
const { CST, isMap, isPair, isScalar } = yaml;
const DocumentClass = yaml.Document;
const ScalarClass = yaml.Scalar;
const PairClass = yaml.Pair;
const MapClass = yaml.YAMLMap;
const SeqClass = yaml.YAMLSeq;

/** What the composer is given in parseSource.ts; the documents built here carry the same options. */
export type FastReadOptions = ParseOptions & DocumentOptions & SchemaOptions;

/** Thrown inside the reader to give the piece back to the `yaml` parser. */
const GIVE_UP = Symbol('give up');

/** Text the reader never reads: tabs, `\r`, control and Unicode line-break characters, template marks. */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const UNSURE_TEXT = /[\t\r\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\u2028\u2029]|\{\{|\{%/;
/** A line that starts as a document marker does (`...`, or `---` past the first line): the parser decides what it is. */
const DOCUMENT_MARKER = /^\.\.\.|\n(?:---|\.\.\.)/;
/** Nesting deeper than this is given back (the composer's recursion is the reference). */
const MAX_DEPTH = 64;

const SCALAR_TAG = Symbol.for('yaml.scalar');
const NODE_TYPE = Symbol.for('yaml.node.type');

/**
 * Scalars and pairs are made from prototypes under `Scalar`'s and `Pair`'s that carry the node type the
 * `yaml` package tells nodes apart by (`isScalar`, `isPair`): its constructors define it on every node with
 * `Object.defineProperty`, which was a fifth of the reading time (profiled on L). They are `Scalar`s and
 * `Pair`s to every method and type guard; collections, fewer, are made by their constructors.
 */
const SCALAR_PROTO = Object.create(ScalarClass.prototype, { [NODE_TYPE]: { value: SCALAR_TAG } }) as Scalar;
const PAIR_PROTO = Object.create(PairClass.prototype, { [NODE_TYPE]: { value: Symbol.for('yaml.pair') } }) as Pair;

function newScalar(value: unknown): Scalar {
  const node = Object.create(SCALAR_PROTO) as Scalar;
  node.value = value;
  return node;
}

function newPair(key: Node, value: Node): Pair {
  const pair = Object.create(PAIR_PROTO) as Pair;
  pair.key = key;
  pair.value = value;
  return pair;
}

/** Whether nodes made so are what the `yaml` package takes them for (its identity symbols are its own business). */
const PROTOTYPES_HOLD = isScalar(newScalar(1)) && isPair(newPair(newScalar(1), newScalar(2))) && !isMap(newScalar(1));

interface ScalarTag {
  default?: boolean | 'key';
  test?: RegExp;
  format?: string;
  resolve: (value: string, onError: (message: string) => void, options: unknown) => unknown;
}

/** Blank and comment lines after a collection's last item, up to the next content line (its first character). */
interface Trailing {
  end: number;
  /** The least column of a comment among them; Infinity when there is none. */
  commentColumn: number;
}

/** The document of `text` (one piece), or undefined when the `yaml` parser must read it. */
export function fastReadDocument(text: string, options: FastReadOptions): Document.Parsed | undefined {
  if (!PROTOTYPES_HOLD) return undefined;
  if (UNSURE_TEXT.test(text) || DOCUMENT_MARKER.test(text)) return undefined;
  try {
    return new LineReader(text, options).document();
  } catch (err) {
    if (err === GIVE_UP) return undefined;
    throw err;
  }
}

function giveUp(): never {
  throw GIVE_UP;
}

const onTagError = (): never => giveUp();

class LineReader {
  private readonly doc: Document.Parsed;
  private readonly tags: ScalarTag[];
  private readonly stringTag: ScalarTag;
  /** The start of the line being read. */
  private pos = 0;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly options: FastReadOptions,
  ) {
    this.doc = new DocumentClass(undefined, options) as Document.Parsed;
    const schema = this.doc.schema as unknown as { tags: ScalarTag[]; [SCALAR_TAG]: ScalarTag };
    this.tags = schema.tags;
    this.stringTag = schema[SCALAR_TAG];
    // Keys resolve by tags of their own in some schemas (YAML 1.1 merge keys): not read here.
    if (this.tags.some((t) => t.default === 'key')) giveUp();
  }

  document(): Document.Parsed {
    const text = this.text;
    let offset: number | undefined;
    if (text.startsWith('---')) {
      const end = this.lineEnd(0);
      if (!/^---[ ]*$/.test(text.slice(0, end))) giveUp();
      this.doc.directives.docStart = true;
      offset = 0;
      this.pos = this.next(end);
    }
    this.skipBlankAndComments();
    if (this.pos >= text.length || this.indent(this.pos) !== 0) giveUp();
    offset ??= this.pos;
    const { node } = this.blockMap(0, this.pos);
    if (this.pos < text.length) giveUp();
    this.doc.contents = node as never;
    this.doc.range = [offset, node.range![2], text.length];
    return this.doc;
  }

  // ---- lines

  private lineEnd(from: number): number {
    const i = this.text.indexOf('\n', from);
    return i < 0 ? this.text.length : i;
  }

  /** The start of the line after the one ending at `lineEnd`. */
  private next(lineEnd: number): number {
    return Math.min(lineEnd + 1, this.text.length);
  }

  private indent(lineStart: number): number {
    let i = lineStart;
    while (this.text.charCodeAt(i) === 32) i++;
    return i - lineStart;
  }

  /** Blank or comment only, from `at` to the end of its line. */
  private restIsEmpty(at: number, lineEnd: number): boolean {
    let i = at;
    while (i < lineEnd && this.text.charCodeAt(i) === 32) i++;
    if (i === lineEnd) return true;
    return this.text.charCodeAt(i) === 35 /* # */ && (i === at ? at === 0 || this.text.charCodeAt(at - 1) === 32 : true);
  }

  private skipBlankAndComments(): void {
    while (this.pos < this.text.length) {
      const first = this.pos + this.indent(this.pos);
      const end = this.lineEnd(this.pos);
      if (first < end && this.text.charCodeAt(first) !== 35) return;
      this.pos = this.next(end);
    }
  }

  /**
   * Reads the blank and comment lines from `this.pos` to the next content line, as the parser places them
   * after `last`, the last value of a collection at `column` (`scalarLike`: a value the parser can append
   * comment lines to). Leaves `this.pos` at the next content line (or the end) and returns them.
   */
  private trailing(column: number, last: Node | undefined, scalarLike: boolean): Trailing | undefined {
    let commentColumn = Infinity;
    let any = false;
    while (this.pos < this.text.length) {
      const indent = this.indent(this.pos);
      const first = this.pos + indent;
      const end = this.lineEnd(this.pos);
      if (first < end && this.text.charCodeAt(first) !== 35) {
        return any ? { end: first, commentColumn } : undefined;
      }
      if (first < end) {
        if (commentColumn === Infinity && scalarLike && last && indent > column) {
          // The parser appends it (and the blank lines before it) to the value's end.
          last.range![2] = this.next(end);
          any = false;
          this.pos = this.next(end);
          continue;
        }
        commentColumn = Math.min(commentColumn, indent);
      }
      any = true;
      this.pos = this.next(end);
    }
    return any ? { end: this.text.length, commentColumn } : undefined;
  }

  /**
   * A collection at `column` ends with `trailing` after its last item: the lines stay in it (its range[2])
   * unless it is at column 0 or every comment among them (if any) is indented less: then they go to its parent.
   */
  private close(node: YAMLMap | YAMLSeq, column: number, trailing: Trailing | undefined): Trailing | undefined {
    if (!trailing) return undefined;
    if (column === 0 || trailing.commentColumn === Infinity || trailing.commentColumn < column) return trailing;
    node.range![2] = trailing.end;
    return undefined;
  }

  // ---- block collections

  /**
   * The block map whose first key starts at `keyStart` (column `column`; on a `- ` line, after the dash),
   * up to the first line that is not one of its keys. Returns the blank and comment lines after it that
   * go to its parent.
   */
  private blockMap(column: number, keyStart: number): { node: YAMLMap; trailing?: Trailing } {
    if (++this.depth > MAX_DEPTH) giveUp();
    const map = new MapClass(this.doc.schema);
    const keys = new Set<unknown>();
    let at = keyStart;
    let offset: number;
    let trailing: Trailing | undefined;
    for (;;) {
      const lineEnd = this.lineEnd(at);
      const { key, valueStart } = this.key(at, lineEnd);
      if (keys.has(key.value) || key.value === '<<') giveUp();
      keys.add(key.value);
      let value: Node;
      if (this.restIsEmpty(valueStart, lineEnd)) {
        this.pos = this.next(lineEnd);
        const block = this.blockValue(column, lineEnd, valueStart < lineEnd);
        value = block.node;
        trailing = block.trailing;
      } else {
        const inline = this.inlineValue(valueStart, lineEnd, column);
        value = inline.node;
        trailing = inline.trailing;
      }
      map.items.push(newPair(key, value));
      offset = value.range![2];
      if (this.pos >= this.text.length) break;
      const indent = this.indent(this.pos);
      if (indent !== column) {
        if (indent > column) giveUp();
        break;
      }
      const first = this.pos + indent;
      if (this.isDash(first)) break; // a sequence at the map's column: its parent's value, or not ours
      at = first; // (the lines before a key are that key's: the trailing lines of the value above are not the map's)
    }
    map.range = [keyStart, offset, offset];
    this.depth--;
    return { node: map, trailing: this.close(map, column, trailing) };
  }

  /** A `-` then a space or the line end. */
  private isDash(at: number): boolean {
    if (this.text.charCodeAt(at) !== 45) return false;
    const c = this.text.charCodeAt(at + 1);
    return c === 32 || c === 10 || Number.isNaN(c);
  }

  /**
   * The value of a key at `column` whose line ends after the `:`: a map or sequence on the lines below (a
   * flow collection on the line below), a sequence at the key's own column, or nothing (null).
   */
  private blockValue(column: number, keyLineEnd: number, commentAfterKey: boolean): { node: Node; trailing?: Trailing } {
    const from = this.pos;
    this.skipBlankAndComments();
    if (this.pos < this.text.length) {
      const indent = this.indent(this.pos);
      const first = this.pos + indent;
      if (indent > column || (indent === column && this.isDash(first))) {
        if (this.isDash(first)) return this.blockSeq(indent, first);
        // A flow collection on the line below its key (`securityContext:` then `  {}`: Helm's `toYaml | nindent`).
        const c = this.text.charCodeAt(first);
        if (c === 91 || c === 123) return this.inlineValue(first, this.lineEnd(this.pos), column);
        return this.blockMap(indent, first);
      }
    }
    // An empty value. A comment after it (on the key's line or below) would go to its range: given back.
    if (commentAfterKey || this.text.slice(from, this.pos).includes('#')) giveUp();
    // The composer places it after the `:` and the spaces that follow it on its line.
    const node = this.scalar('');
    node.range = [keyLineEnd, keyLineEnd, keyLineEnd];
    return { node };
  }

  private blockSeq(column: number, dashAt: number): { node: YAMLSeq; trailing?: Trailing } {
    if (++this.depth > MAX_DEPTH) giveUp();
    const seq = new SeqClass(this.doc.schema);
    let at = dashAt;
    let offset: number;
    let trailing: Trailing | undefined;
    for (;;) {
      const lineEnd = this.lineEnd(at);
      let start = at + 1;
      while (start < lineEnd && this.text.charCodeAt(start) === 32) start++;
      if (this.restIsEmpty(start, lineEnd)) giveUp(); // `-` alone: the item on the lines below, or empty
      let item: Node;
      if (this.isDash(start)) giveUp(); // `- - a`
      if (this.startsKey(start, lineEnd)) {
        const inner = this.blockMap(start - this.lineStartOf(at), start);
        item = inner.node;
        trailing = inner.trailing;
      } else {
        const inline = this.inlineValue(start, lineEnd, column);
        item = inline.node;
        trailing = inline.trailing;
      }
      seq.items.push(item);
      offset = item.range![2];
      if (this.pos >= this.text.length) break;
      const indent = this.indent(this.pos);
      if (indent !== column) {
        if (indent > column) giveUp();
        break;
      }
      const first = this.pos + indent;
      if (!this.isDash(first)) break;
      at = first;
    }
    seq.range = [dashAt, offset, offset];
    this.depth--;
    return { node: seq, trailing: this.close(seq, column, trailing) };
  }

  private lineStartOf(at: number): number {
    return this.text.lastIndexOf('\n', at - 1) + 1;
  }

  /** Whether the item text at `start` is a `key: …` (a map in the sequence item) rather than a scalar. */
  private startsKey(start: number, lineEnd: number): boolean {
    const c = this.text.charCodeAt(start);
    if (c === 34 || c === 39) {
      const close = this.quoteEnd(start, lineEnd);
      return close < lineEnd && this.text.charCodeAt(close) === 58; /* : */
    }
    if (c === 91 || c === 123) return false; // a flow collection (one as a key is given back later)
    return this.plainEnd(start, lineEnd, false).colon;
  }

  // ---- keys and inline values

  /** The key at `at` and where its value starts (after `:` and spaces). */
  private key(at: number, lineEnd: number): { key: Scalar; valueStart: number } {
    const c = this.text.charCodeAt(at);
    let key: Scalar;
    let end: number;
    if (c === 34 || c === 39) {
      end = this.quoteEnd(at, lineEnd);
      key = this.quoted(at, end);
      key.range = [at, end, end];
    } else {
      if (!PLAIN_KEY_START.test(this.text[at])) giveUp();
      const plain = this.plainEnd(at, lineEnd, false);
      if (!plain.colon) giveUp();
      end = plain.end;
      key = this.scalar(this.text.slice(at, end));
      key.range = [at, end, end];
    }
    // `key:` then a space or the line end; `key :` and `key:value` are given back.
    if (this.text.charCodeAt(end) !== 58) giveUp();
    const after = end + 1;
    if (after < lineEnd && this.text.charCodeAt(after) !== 32) giveUp();
    let valueStart = after;
    while (valueStart < lineEnd && this.text.charCodeAt(valueStart) === 32) valueStart++;
    return { key, valueStart };
  }

  /**
   * A value that starts on its line at `start`: a scalar or flow collection ending on it, or a block scalar
   * taking the lines below. `column`: of the collection it is an item of. Reads the lines after it.
   */
  private inlineValue(start: number, lineEnd: number, column: number): { node: Node; trailing?: Trailing } {
    const c = this.text.charCodeAt(start);
    if (c === 124 /* | */ || c === 62 /* > */) {
      const node = this.blockScalar(start, lineEnd, column);
      return { node, trailing: this.trailing(column, node, false) };
    }
    let node: Node;
    let end: number;
    const collectionOrQuoted = this.flowOrQuoted(start, lineEnd);
    if (collectionOrQuoted) ({ node, end } = collectionOrQuoted);
    else {
      // `-` then a space (or nothing) would start a sequence; `?` and `:` start keys or are given back.
      if (!PLAIN_START.test(this.text[start]) || c === 63 || c === 58 || (c === 45 && (start + 1 >= lineEnd || this.text.charCodeAt(start + 1) === 32))) giveUp();
      const plain = this.plainEnd(start, lineEnd, false);
      if (plain.colon) giveUp(); // `a: b: c`
      end = plain.end;
      node = this.scalar(this.text.slice(start, end));
    }
    if (!this.restIsEmpty(end, lineEnd) || (end < lineEnd && this.text.charCodeAt(end) !== 32)) giveUp();
    this.pos = this.next(lineEnd);
    node.range = [start, end, this.pos];
    // A line indented deeper would continue the scalar (or be an error): the parser's business.
    const trailing = this.trailing(column, node, true);
    if (this.pos < this.text.length && this.indent(this.pos) > column) giveUp();
    return { node, trailing };
  }

  /**
   * Where a plain scalar starting at `start` ends (trailing spaces left out): at ` #`, at a `:` followed by
   * a space or the line end (`colon`), or at the line end. In flow (`inFlow`), also at `,[]{}`.
   */
  private plainEnd(start: number, lineEnd: number, inFlow: boolean): { end: number; colon: boolean } {
    const text = this.text;
    let end = start;
    for (let i = start; i < lineEnd; i++) {
      const c = text.charCodeAt(i);
      if (c === 58 /* : */) {
        const n = i + 1 < lineEnd ? text.charCodeAt(i + 1) : 32;
        if (n === 32) return { end, colon: true };
        if (inFlow && (n === 44 || n === 91 || n === 93 || n === 123 || n === 125)) giveUp();
      } else if (c === 35 /* # */ && i > start && text.charCodeAt(i - 1) === 32) {
        return { end, colon: false };
      } else if (inFlow && (c === 44 || c === 91 || c === 93 || c === 123 || c === 125)) {
        return { end, colon: false };
      }
      if (c !== 32) end = i + 1;
    }
    return { end, colon: false };
  }

  /** A plain scalar written `source`, resolved as the composer resolves it. */
  private scalar(source: string): Scalar {
    const tag = this.tagOf(source);
    const value = tag.resolve(source, onTagError, this.options);
    const node = isScalar(value) ? value : newScalar(value);
    node.source = source;
    node.type = 'PLAIN';
    if (tag.format) node.format = tag.format;
    return node;
  }

  /** The tag the core schema gives a plain scalar, as the composer finds it (the first default tag whose test matches). */
  private tagOf(source: string): ScalarTag {
    const c = source.charCodeAt(0);
    // A letter other than n, t, f (either case) starts no null, boolean or number: a string.
    if (((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) && !NULL_BOOL_START.has(c)) return this.stringTag;
    for (const tag of this.tags) if (tag.default === true && tag.test?.test(source)) return tag;
    return this.stringTag;
  }

  /** The offset just past the closing quote of the quoted scalar at `start`, on its line. */
  private quoteEnd(start: number, lineEnd: number): number {
    const text = this.text;
    const q = text.charCodeAt(start);
    for (let i = start + 1; i < lineEnd; i++) {
      const c = text.charCodeAt(i);
      if (q === 34 && c === 92 /* \ */) i++;
      else if (c === q) {
        if (q === 39 && text.charCodeAt(i + 1) === 39) i++;
        else return i + 1;
      }
    }
    return giveUp(); // not closed on its line
  }

  private quoted(start: number, end: number): Scalar {
    const inner = this.text.slice(start + 1, end - 1);
    let value: string;
    let type: Scalar.Type;
    if (this.text.charCodeAt(start) === 39) {
      type = 'QUOTE_SINGLE';
      value = inner.includes("'") ? inner.replace(/''/g, "'") : inner;
    } else {
      type = 'QUOTE_DOUBLE';
      if (inner.includes('\\')) {
        const resolved = CST.resolveAsScalar({ type: 'double-quoted-scalar', offset: start, indent: 0, source: this.text.slice(start, end) }, false, () => giveUp());
        if (!resolved) giveUp();
        value = resolved.value;
      } else value = inner;
    }
    const node = newScalar(this.stringTag.resolve(value, onTagError, this.options));
    node.source = value;
    node.type = type;
    return node;
  }

  // ---- flow collections on one line

  /** A flow collection at `start` closed on its line; `end`: just past its closing bracket. */
  private flow(start: number, lineEnd: number): { node: YAMLMap | YAMLSeq; end: number } {
    if (++this.depth > MAX_DEPTH) giveUp();
    const text = this.text;
    const isFlowMap = text.charCodeAt(start) === 123;
    const close = isFlowMap ? 125 : 93;
    const node = isFlowMap ? new MapClass(this.doc.schema) : new SeqClass(this.doc.schema);
    node.flow = true;
    const keys = new Set<unknown>();
    let i = this.skipSpaces(start + 1, lineEnd);
    if (text.charCodeAt(i) === close) {
      if (i !== start + 1) giveUp(); // `{ }`: where the composer puts the spaces is not worth knowing
    } else {
      for (;;) {
        let item = this.flowItem(i, lineEnd);
        i = item.next;
        if (isFlowMap) {
          const key = item.node;
          if (!isScalar(key) || key.range![1] !== key.range![2] || text.charCodeAt(i) !== 58 || text.charCodeAt(i + 1) !== 32) giveUp();
          if (keys.has(key.value) || key.value === '<<') giveUp();
          keys.add(key.value);
          item = this.flowItem(this.skipSpaces(i + 1, lineEnd), lineEnd);
          i = item.next;
          (node as YAMLMap).items.push(newPair(key, item.node));
        } else (node as YAMLSeq).items.push(item.node);
        const c = text.charCodeAt(i);
        if (c === close) break;
        if (c !== 44) giveUp();
        i = this.skipSpaces(i + 1, lineEnd);
        if (text.charCodeAt(i) === close || text.charCodeAt(i) === 44) giveUp(); // a trailing or empty entry
      }
    }
    node.range = [start, i + 1, i + 1];
    this.depth--;
    return { node, end: i + 1 };
  }

  /** A flow collection (`[`, `{`) or a quoted scalar at `at`, and where it ends; undefined for anything else (a plain scalar). */
  private flowOrQuoted(at: number, lineEnd: number): { node: Node; end: number } | undefined {
    const c = this.text.charCodeAt(at);
    if (c === 91 || c === 123) return this.flow(at, lineEnd);
    if (c !== 34 && c !== 39) return undefined;
    const end = this.quoteEnd(at, lineEnd);
    return { node: this.quoted(at, end), end };
  }

  /** A scalar or nested flow collection in flow at `at`, with the spaces after it (its range[2]); `next`: the character after them. */
  private flowItem(at: number, lineEnd: number): { node: Node; next: number } {
    const text = this.text;
    let node: Node;
    let end: number;
    const collectionOrQuoted = this.flowOrQuoted(at, lineEnd);
    if (collectionOrQuoted) ({ node, end } = collectionOrQuoted);
    else {
      if (!FLOW_PLAIN_START.test(text[at] ?? '')) giveUp();
      const plain = this.plainEnd(at, lineEnd, true);
      end = plain.end;
      if (end === at) giveUp();
      const source = text.slice(at, end);
      if (!FLOW_PLAIN.test(source)) giveUp();
      node = this.scalar(source);
    }
    const next = this.skipSpaces(end, lineEnd);
    node.range = [at, end, next];
    return { node, next };
  }

  private skipSpaces(i: number, lineEnd: number): number {
    while (i < lineEnd && this.text.charCodeAt(i) === 32) i++;
    return i;
  }

  // ---- block scalars

  /**
   * A `|` or `>` block scalar (with `-` chomping at most) whose header is at `start`; its lines are the
   * ones below indented as deep as its first (deeper than `column`). Resolved by the `yaml` package itself.
   */
  private blockScalar(start: number, lineEnd: number, column: number): Scalar {
    const text = this.text;
    const header = text.slice(start, lineEnd);
    const m = /^([|>]-?)( *)$/.exec(header);
    if (!m || lineEnd >= text.length) giveUp();
    const bodyStart = lineEnd + 1;
    const indent = this.indent(bodyStart);
    const firstEnd = this.lineEnd(bodyStart);
    // The first line must hold text (leading blank lines have rules of their own), deeper than the collection.
    if (bodyStart + indent === firstEnd || indent <= column + 1) giveUp();
    let end = this.next(firstEnd); // past the last line with text
    let p = end;
    while (p < text.length) {
      const lineIndent = this.indent(p);
      const e = this.lineEnd(p);
      if (p + lineIndent === e) {
        if (lineIndent > 0) giveUp(); // a line of spaces only: kept or dropped by rules not worth knowing
        p = this.next(e);
        continue;
      }
      if (lineIndent < indent) {
        if (lineIndent > column) giveUp(); // less indented than the first line but deeper than the collection
        break;
      }
      end = this.next(e);
      p = end;
    }
    const props = [{ type: 'block-scalar-header', offset: start, indent: column, source: m[1] }] as yaml.CST.Token[];
    if (m[2]) props.push({ type: 'space', offset: start + m[1].length, indent: column, source: m[2] } as yaml.CST.Token);
    props.push({ type: 'newline', offset: lineEnd, indent: column, source: '\n' } as yaml.CST.Token);
    const source = text.slice(bodyStart, end);
    const token = { type: 'block-scalar', offset: start, indent: column, props, source } as yaml.CST.BlockScalar;
    const resolved = CST.resolveAsScalar(token, false, () => giveUp());
    if (!resolved) giveUp();
    const node = newScalar(this.stringTag.resolve(resolved.value, onTagError, this.options));
    node.source = resolved.value;
    if (!resolved.type) giveUp();
    node.type = resolved.type;
    node.range = resolved.range;
    this.pos = end;
    return node;
  }
}

/** A plain key starts with a letter, digit, `_`, `.` or `/`; anything else (quotes aside) is given back. */
const PLAIN_KEY_START = /[A-Za-z0-9_./$]/;
/** A plain value may not start with an indicator (`-`, `?` and `:` are checked for a following space). */
const PLAIN_START = /[^,[\]{}#&*!|>'"%@`]/;
/** In flow, plain scalars of the characters manifests use there (no spaces, no `:`): others are given back. */
const FLOW_PLAIN_START = /[A-Za-z0-9_./$+~-]/;
const FLOW_PLAIN = /^[A-Za-z0-9_./$+~=@^()%-]+$/;
/** n, N, t, T, f, F. */
const NULL_BOOL_START = new Set([110, 78, 116, 84, 102, 70]);
