// One source file → its YAML documents, each with a reader that maps nodes to source ranges.
// Templated documents (Helm/Go `{{ }}`) and malformed ones are set aside with a finding, never thrown.
import { Lexer, parseAllDocuments, visit, type Document, type LineCounter } from 'yaml';
import type { Finding, FindingText, Range, SourceFile } from '../types';
import { chunksBetween, hasDirectiveLine, type Chunk } from './documentChunks';
import { lineCounterAfterEdit, lineCounterFor, NodeReader } from './nodes';
import { DISABLE_NEXT_LINE } from '../text';
import { unreadKindOf } from './unreadKind';
import { fastReadDocument } from './fastRead';

/** Above this size a file is not parsed: no Kubernetes manifest written by hand comes near it. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;
/**
 * Above this size one document is not parsed: Kubernetes (etcd) takes requests of at most 1.5 MiB, so it is
 * no object anyone can apply, and the parser spends seconds and gigabytes on it (a 3.8 MB flow sequence: 30 s, 1.6 GB).
 */
export const MAX_DOCUMENT_BYTES = 1.5 * 1024 * 1024;

export interface ParsedDocument {
  index: number;
  reader: NodeReader;
}

export interface ParsedSource {
  file: string;
  text: string;
  documents: ParsedDocument[];
  /** Findings about the file itself: skipped templates, syntax errors, size. */
  findings: Finding[];
  /** Lines (0-based) whose findings are suppressed by a `# eni-lens-disable-next-line` comment above them. */
  disabledLines: Map<number, Set<string> | 'all'>;
  /**
   * Documents of kinds the analysis does not read (see unreadKind.ts), left unparsed: not among
   * `documents`, and their syntax errors and template syntax are not reported. Unless `allKinds`.
   */
  unreadDocuments?: number;
}

export interface ParseOptions {
  /** Parse the text as one piece, as the `yaml` package does: what the pieces are checked against in tests. */
  wholeFile?: boolean;
  /**
   * Parse documents of kinds the analysis does not read too: what kustomize renders (a kustomization, the
   * files it names) is read whole, as kustomize reads it (a replacement may take a ConfigMap's field, and
   * a syntax error anywhere fails the build).
   */
  allKinds?: boolean;
  /**
   * Read the pieces the line reader is sure of without the `yaml` parser (fastRead.ts): on unless false, or
   * unless the environment sets ENI_LENS_FAST_READ=0 (what tests and the benchmark compare against).
   */
  fastRead?: boolean;
}

/** The fast reader's switch: the option, else the environment (workers and the server read it too). */
function fastReadOn(options: ParseOptions): boolean {
  if (options.fastRead !== undefined) return options.fastRead;
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.ENI_LENS_FAST_READ !== '0';
}

const TEMPLATE_MARK = /\{\{-?|\{%/;
const TEMPLATE_MARKS = /\{\{-?|\{%/g;
/** A Go/Helm action (`{{ .Values.x }}`, `{{- include … }}`, `{{ if }}`): inside a string too, the document is a template. */
const GO_ACTION = /\{\{-?\s*(?:[.$]|(?:include|template|toYaml|tpl|if|else|end|range|with|define|required|default|quote|printf|lookup)\b)/;
/** Kinds whose own syntax is `{{ }}` (Argo CD ApplicationSets, Argo Workflows, Kyverno, Backstage): never templates to render. */
const TEMPLATING_API_GROUPS = /^\s*apiVersion\s*:\s*["']?(?:argoproj\.io|(?:[a-z.]+\.)?kyverno\.io|scaffolder\.backstage\.io)\//m;
const UNREAD_CONFIG_MESSAGE = 'ENI Lens reads its settings from .eni-lens.yaml only: this .eni-lens.yml is not read. Rename it to .eni-lens.yaml.';
const MANIFEST_KEYS = /^\s*(?:apiVersion|kind)\s*:/m;
const DISABLE_COMMENT = new RegExp(`#\\s*${DISABLE_NEXT_LINE}\\b([^\\n]*)`, 'g');

/**
 * Parses a file. With `previous`, the parse of an earlier text of the same file, the documents whose text
 * is unchanged (between the same `---` lines, wherever they moved to) reuse its trees: typing in a large
 * multi-document file re-parses only the document being typed in. The result is the same either way.
 */
export function parseSource(source: SourceFile, previous?: ParsedSource, options: ParseOptions = {}): ParsedSource {
  const { file } = source;
  // Editors drop a byte-order mark from the text they show and sync, so ranges are counted without it.
  const text = source.text.charCodeAt(0) === 0xfeff ? source.text.slice(1) : source.text;
  const result: ParsedSource = { file, text, documents: [], findings: [], disabledLines: new Map() };
  if (source.unreadable !== undefined) {
    result.findings.push(fileFinding(file, 'template-skipped', zeroRange(), `Skipped: ${source.unreadable}.`));
    return result;
  }
  // What differs from the previous text: the whole-text checks below look at that only, where they can.
  const edit = previous && !options.wholeFile ? editOf(previous, text) : undefined;
  const scan: TextScan = { directive: false, disables: false, allKinds: options.allKinds === true };
  const bytes = source.size !== undefined && source.size > MAX_FILE_BYTES ? source.size : fileBytesAbove(text, edit, scan);
  if (bytes !== undefined) {
    result.findings.push(
      fileFinding(
        file,
        'template-skipped',
        zeroRange(),
        `Skipped: the file is ${(bytes / 1024 / 1024).toFixed(1)} MB, above ENI Lens's ${MAX_FILE_BYTES / 1024 / 1024} MB limit for manifests.`,
      ),
    );
    return result;
  }
  const nul = text.slice(0, BINARY_PROBE_CHARS).indexOf('\0');
  if (nul >= 0) {
    result.findings.push(fileFinding(file, 'yaml-syntax', zeroRange(), `Skipped: the file is binary (a NUL character at offset ${nul}), not YAML text.`));
    return result;
  }
  scan.disables = edit?.scan && !edit.scan.disables ? changedText(edit, text, DISABLE_NEXT_LINE.length - 1).includes(DISABLE_NEXT_LINE) : text.includes(DISABLE_NEXT_LINE);
  if (scan.disables) result.disabledLines = disabledLines(text);
  if (/(^|[/\\])\.eni-lens\.yml$/.test(file)) {
    result.findings.push({ ...fileFinding(file, 'template-skipped', zeroRange(), UNREAD_CONFIG_MESSAGE), rule: 'config', severity: 'warning' });
  }

  const lines = edit?.scan?.lines ? lineCounterAfterEdit(edit.scan.lines, edit.previous.text, text, edit.head, edit.tail) : lineCounterFor(text);
  scan.lines = lines;
  scan.directive = edit?.scan && !edit.scan.directive ? directiveTyped(edit, text) : hasDirectiveLine(text);
  let docs: ChunkDocument[];
  const oversized: Oversized[] = [];
  try {
    const read: PieceReader = options.wholeFile ? parseAll : fastReadOn(options) ? readPiece : parsePiece;
    const allKinds = options.allKinds === true;
    const kept = edit && !allKinds && !scan.directive && !edit.scan?.allKinds ? chunksOf.get(edit.previous) : undefined;
    docs =
      edit && kept
        ? reparseDocuments(text, result, edit, kept, read, oversized)
        : parseDocuments(
            text,
            result,
            edit,
            options.wholeFile || scan.directive ? [{ start: 0, end: text.length }] : chunksBetween(text, 0, text.length),
            allKinds,
            read,
            oversized,
          );
  } catch (err) {
    result.findings.push(fileFinding(file, 'yaml-syntax', zeroRange(), `Skipped: the YAML parser failed (${String(err)}).`));
    return result;
  }
  scanOf.set(result, scan);

  for (const { start, bytes } of oversized) {
    const where = lines.linePos(start);
    const at = { line: where.line - 1, character: 0 };
    result.findings.push(
      fileFinding(
        file,
        'template-skipped',
        { start: at, end: at },
        `Skipped the document at line ${where.line} (${(bytes / 1024 / 1024).toFixed(1)} MB): above the 1.5 MiB Kubernetes accepts for one object`,
      ),
    );
  }

  // A loop, not a closure over `result`: a closure's context held by a compile job kept the parse alive after it.
  for (let index = 0; index < docs.length; index++) {
    const { doc, base, carried, kept } = docs[index];
    if (carried) continue;
    if (!doc) {
      result.unreadDocuments = (result.unreadDocuments ?? 0) + 1;
      continue;
    }
    const reader = new NodeReader(doc, lines, base);
    if (kept) {
      result.documents.push({ index, reader });
      continue;
    }
    const start = base + (doc.range?.[0] ?? 0);
    const end = base + (doc.range?.[2] ?? 0);
    // Up to the next document: after a syntax error the parser leaves the rest of the text outside every
    // document's range (a Jinja `{% for %}` line, then the manifest it templates).
    const next = docs[index + 1];
    const slice = text.slice(start, Math.max(end, next ? next.base + (next.doc?.range?.[0] ?? 0) : text.length));
    const template = TEMPLATE_MARK.exec(slice);
    if (template && !(doc.errors.length === 0 && marksAreText(doc, slice, start - base))) {
      // Templated files that are not manifests (CI workflows with `${{ }}`, say) are none of our business.
      if (!MANIFEST_KEYS.test(slice) || TEMPLATING_API_GROUPS.test(slice)) continue;
      const at = reader.position(start + template.index);
      // Helm's advice where the template syntax breaks the YAML (and, see chartAdvice, in charts); else render-first.
      const [why, advice] =
        doc.errors.length > 0
          ? ['so it is not YAML yet', 'Run ENI Lens on the rendered output (e.g. `helm template … | eni-lens check -`).']
          : ['so its values are not known until it is rendered', 'Run ENI Lens on the rendered output (`… | eni-lens check -`).'];
      result.findings.push(
        fileFinding(
          file,
          'template-skipped',
          { start: at, end: { line: at.line, character: at.character + template[0].length } },
          { message: `Skipped document ${index + 1}: it holds template syntax ('${template[0]}'), ${why}`, detail: advice },
        ),
      );
      continue;
    }
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      // The parser reports errors at end of input one character past the text: clamp into it.
      const clamp = (offset: number) => Math.min(Math.max(base + offset, 0), text.length);
      const range = reader.offsetsToRange(clamp(e.pos[0]), clamp(Math.max(e.pos[0], e.pos[1])));
      result.findings.push(fileFinding(file, 'yaml-syntax', range, `Skipped document ${index + 1}: ${firstLine(e.message)}`));
      continue;
    }
    result.documents.push({ index, reader });
  }
  // The line starts are kept for the next parse while documents (or carried ones) need them anyway (see dropDocuments).
  if (result.documents.length === 0 && !carriedOf.has(result)) scan.lines = undefined;
  return result;
}

/**
 * Every template mark of a parsed document lies inside a string value and none is a Go action: text (a
 * `sed "s/{{PROJECT_ID}}/…/"` in a command), not template syntax. `offset`: where `slice` starts in the
 * document's node offsets.
 */
function marksAreText(doc: Document.Parsed, slice: string, offset: number): boolean {
  if (GO_ACTION.test(slice)) return false;
  const strings: Array<[number, number]> = [];
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && node.range) strings.push([node.range[0], node.range[1]]);
    },
  });
  for (const m of slice.matchAll(TEMPLATE_MARKS)) {
    const at = offset + m.index;
    if (!strings.some(([from, to]) => from <= at && at < to)) return false;
  }
  return true;
}

const PARSE_OPTIONS = { uniqueKeys: false, prettyErrors: false, strict: false } as const;

/** A piece above MAX_DOCUMENT_BYTES, left unparsed: where its document starts, and its size. */
interface Oversized {
  start: number;
  bytes: number;
}

/** The length of the `---` line a piece starts with (its document starts after it). */
function leadingSeparator(chunkText: string): number {
  const m = /^---[^\n]*\n/.exec(chunkText);
  return m ? m[0].length : 0;
}

/** A parsed document and where the text it was parsed from starts in the file; no `doc`: of a kind the analysis does not read, left uncomposed. */
interface ChunkDocument {
  doc?: Document.Parsed;
  base: number;
  /** Carried over from the previous parse, not parsed (see carriedPieces): no tree, and no document of this parse. */
  carried?: boolean;
  /**
   * A tree the previous parse kept, of a piece whose text is the same and whose next piece holds a document:
   * what decides whether it is a template or an error (its text up to the next document's start, a piece's
   * start) is the same, so it is kept again without looking at its text.
   */
  kept?: boolean;
}

/** Documents `first`… (`count` of them, of one piece or of consecutive ones) whose facts a parse takes from `previous`, their lines moved by `lines`. */
export interface CarriedPiece {
  first: number;
  count: number;
  lines: number;
}

const carriedOf = new WeakMap<ParsedSource, { previous: ParsedSource; pieces: CarriedPiece[] }>();
/** How a parse that carried pieces over read its pieces: a carried one is read the same way when asked for. */
const pieceReaderOf = new WeakMap<ParsedSource, PieceReader>();

/**
 * The pieces a parse did not parse but took from the previous parse of the file, whose trees were let go of
 * (a file read closed, then opened and typed in): a piece in the text both start or end with, at its place,
 * of a parse with no findings, its document numbers unchanged. Their documents are not among `documents`;
 * their facts are the previous parse's (see documentFactsOf). Given once, then forgotten, so the previous
 * parse is let go of.
 */
export function takeCarriedPieces(source: ParsedSource): { previous: ParsedSource; pieces: CarriedPiece[] } | undefined {
  const carried = carriedOf.get(source);
  carriedOf.delete(source);
  return carried;
}

/**
 * What a parse looked at, for tests that count work rather than time: `searched`, the characters it searched
 * for `---` lines (the whole text, or what lies between the pieces a re-parse kept); `piecesRead`, the pieces
 * whose text it cut and read (their kind, their size, their documents), not those it kept or carried over.
 */
export interface ParseWork {
  searched: number;
  piecesRead: number;
}

const workOf = new WeakMap<ParsedSource, ParseWork>();

/** What the parse looked at (undefined for a file skipped whole: too large, binary, unreadable). */
export function parseWork(source: ParsedSource): ParseWork | undefined {
  return workOf.get(source);
}

/** The pieces a parse split its text into, and how many documents each held: what the next parse can reuse. */
interface ChunkRecord extends Chunk {
  firstDocument: number;
  documentCount: number;
  /** One document of a kind the analysis does not read, left unparsed. */
  unread?: boolean;
  /** Left unparsed above MAX_DOCUMENT_BYTES: its size, and the length of the `---` line its document starts after. */
  oversized?: { bytes: number; separator: number };
  /** The last piece, ending inside a quoted scalar (see endsInQuote): read again when a piece follows it. */
  openEnd?: boolean;
}

const chunksOf = new WeakMap<ParsedSource, ChunkRecord[]>();

/** Above this many pieces, a parse let go of keeps its pieces' places: a later parse carries the unchanged ones over. */
const CARRIED_PIECES_MIN = 64;

/** Every piece of a parse: where it is, its documents, whether it was left unread (what tests compare). */
export function pieceRecords(source: ParsedSource): ReadonlyArray<Readonly<ChunkRecord>> | undefined {
  return chunksOf.get(source);
}

/** Where a parse's pieces were, as plain data, when a parse let go of would keep them (see dropDocuments). */
export function keptPieces(source: ParsedSource): readonly Chunk[] | undefined {
  const records = chunksOf.get(source);
  return records && records.length >= CARRIED_PIECES_MIN ? records : undefined;
}

/** The pieces `keptPieces` gave for a parse made in another thread, for this thread's copy of it. */
export function adoptPieces(source: ParsedSource, pieces: readonly Chunk[]): void {
  chunksOf.set(source, pieces as ChunkRecord[]);
}

/** What the parse found in its whole text but its line starts, as plain data (see TextScan). */
export type TextChecks = Omit<TextScan, 'lines'>;

/** The text checks of a parse, to go with keptPieces: the next parse then checks the changed text only. */
export function keptTextChecks(source: ParsedSource): TextChecks | undefined {
  const scan = scanOf.get(source);
  return scan && { directive: scan.directive, disables: scan.disables, allKinds: scan.allKinds, ...(scan.bytes !== undefined ? { bytes: scan.bytes } : {}) };
}

/** The checks `keptTextChecks` gave for a parse made in another thread, for this thread's copy of it. */
export function adoptTextChecks(source: ParsedSource, checks: TextChecks): void {
  scanOf.set(source, { ...checks });
}

/** Drops the parse's documents (see releaseTrees); in a file of many pieces, not where they were. */
export function dropDocuments(source: ParsedSource): void {
  source.documents = [];
  const scan = scanOf.get(source);
  if (scan) scan.lines = undefined;
  if ((chunksOf.get(source)?.length ?? 0) < CARRIED_PIECES_MIN) chunksOf.delete(source);
}

/** The documents and pieces of a parse as it goes, piece by piece (see parseDocuments). */
class PieceLoop {
  readonly docs: ChunkDocument[] = [];
  readonly records: ChunkRecord[] = [];
  readonly carried: CarriedPiece[] = [];
  /** Pieces whose text was looked at (see ParseWork). */
  piecesRead = 0;

  constructor(
    readonly text: string,
    private readonly reusable: ChunkReuse | undefined,
    private readonly read: PieceReader,
    private readonly oversized: Oversized[] | undefined,
    /** More than one piece: a syntax error in one has the whole text parsed as one. */
    private readonly several: boolean,
  ) {}

  /** The piece taken from the previous parse, carried, or read; false: it has a syntax error (see parseDocuments). */
  add(chunk: Chunk, allKinds: boolean): boolean {
    const { docs, reusable } = this;
    const carry = !allKinds ? reusable?.carry(chunk, docs.length) : undefined;
    if (carry) {
      this.carry(chunk, carry);
      return true;
    }
    // A piece at its place in the text both parses start or end with, its trees kept: parsed as before, with
    // no need to look at its text. (Not one left unparsed above the size limit: it holds no documents, and is said again.)
    const kept = reusable?.atPlace(chunk);
    if (kept && kept.some((d) => OPEN_AT_END.has(d))) return this.readAnew(chunk, allKinds);
    if (kept && kept.length > 0) {
      this.keep(chunk, kept);
      return true;
    }
    return this.readAnew(chunk, allKinds, reusable);
  }

  /** A piece read from its text (its trees those of an equal piece of the previous parse, if `reusable` has one). */
  readAnew(chunk: Chunk, allKinds: boolean, reusable?: ChunkReuse): boolean {
    const { docs, records, text, oversized } = this;
    this.piecesRead++;
    const chunkText = text.slice(chunk.start, chunk.end);
    const bytes = oversized && utf8BytesAbove(chunkText, MAX_DOCUMENT_BYTES);
    if (bytes !== undefined) {
      this.tooLarge(chunk, { bytes, separator: leadingSeparator(chunkText) });
      return true;
    }
    // One document of a kind the analysis does not read: not parsed, so neither a finding nor a reason to
    // parse the whole text as one (kubectl splits at `---` lines too).
    if (!allKinds && unreadKindOf(chunkText) !== undefined) {
      this.unread(chunk);
      return true;
    }
    const parsed = reusable?.take(chunk, chunkText) ?? this.read(unsliced(chunkText));
    const last = chunk.end >= text.length;
    // (The whole-file fallback parses everything, an oversized document too: rare, and exact.)
    if (this.several && parsed.some((d) => d.errors.length > 0 || (!last && OPEN_AT_END.has(d)))) return false;
    // (No documents only in the first piece: every later one starts with `---`, which starts one.)
    const record: ChunkRecord = { start: chunk.start, end: chunk.end, firstDocument: docs.length, documentCount: parsed.length };
    if (last && parsed.some((d) => OPEN_AT_END.has(d))) record.openEnd = true;
    records.push(record);
    for (const doc of parsed) docs.push({ doc, base: chunk.start });
    return true;
  }

  /** previous.documents before this index are of pieces keepOrRead has taken already. */
  private held = 0;

  /**
   * A previous piece in the head of a re-parse, or in its tail (moved by `shift`): left unread or too
   * large as it was, its trees kept with their verdicts, carried over, or read again (some of its documents were
   * skipped). A method, not a closure per parse: nothing outlives the parse holding `previous`.
   */
  keepOrRead(r: ChunkRecord, previous: ParsedSource, inTail: boolean, shift: number): boolean {
    const first = this.docs.length;
    const chunk = inTail && shift !== 0 ? { start: r.start + shift, end: r.end + shift } : r;
    // The previous record itself where nothing about it changed (most of them, for a keystroke).
    const same = chunk === r && first === r.firstDocument ? r : undefined;
    if (r.openEnd) return this.readAnew(chunk, false);
    if (r.unread) {
      this.unread(chunk, same);
      return true;
    }
    if (r.oversized) {
      this.tooLarge(chunk, r.oversized, same);
      return true;
    }
    if (r.documentCount > 0) {
      const documents = previous.documents;
      while (this.held < documents.length && documents[this.held].index < r.firstDocument) this.held++;
      const held = this.held;
      let n = 0;
      while (held + n < documents.length && documents[held + n].index < r.firstDocument + r.documentCount) n++;
      if (n === r.documentCount) {
        this.keepHeld(chunk, documents, held, n, same);
        return true;
      }
      if (n === 0 && previous.findings.length === 0 && first === r.firstDocument) {
        this.carry(chunk, { first, count: r.documentCount, lines: inTail ? this.reusable!.tailLines() : 0 }, same);
        return true;
      }
    }
    return this.readAnew(chunk, false);
  }

  /** A piece left unparsed above MAX_DOCUMENT_BYTES, said again (its record kept when nothing about it changed). */
  tooLarge(chunk: Chunk, size: { bytes: number; separator: number }, record?: ChunkRecord): void {
    const { docs } = this;
    this.oversized!.push({ start: chunk.start + size.separator, bytes: size.bytes });
    this.records.push(record ?? { start: chunk.start, end: chunk.end, firstDocument: docs.length, documentCount: 0, oversized: size });
    // What decides the verdict of the document before it runs up to the next document, past this piece.
    const before = docs[docs.length - 1];
    if (before) before.kept = false;
  }

  /** A piece carried over (its record kept when nothing about it changed); runs of them, moved alike, are one. */
  carry(chunk: Chunk, carry: CarriedPiece, record?: ChunkRecord): void {
    const { docs, carried } = this;
    this.records.push(record ?? { start: chunk.start, end: chunk.end, firstDocument: docs.length, documentCount: carry.count });
    for (let i = 0; i < carry.count; i++) docs.push({ base: chunk.start, carried: true });
    const last = carried[carried.length - 1];
    if (last && last.first + last.count === carry.first && last.lines === carry.lines) last.count += carry.count;
    else carried.push(carry);
  }

  /** A piece whose trees the previous parse kept (their verdicts looked at again). */
  keep(chunk: Chunk, trees: Document.Parsed[]): void {
    const { docs } = this;
    this.records.push({ start: chunk.start, end: chunk.end, firstDocument: docs.length, documentCount: trees.length });
    for (const doc of trees) docs.push({ doc, base: chunk.start });
  }

  /** `keep` for `count` of the previous parse's documents from `first`, with their verdicts. */
  keepHeld(chunk: Chunk, documents: ParsedDocument[], first: number, count: number, record: ChunkRecord | undefined): void {
    const { docs } = this;
    this.records.push(record ?? { start: chunk.start, end: chunk.end, firstDocument: docs.length, documentCount: count });
    for (let i = first; i < first + count; i++) docs.push({ doc: documents[i].reader.doc, base: chunk.start, kept: true });
  }

  unread(chunk: Chunk, record?: ChunkRecord): void {
    this.records.push(record ?? { start: chunk.start, end: chunk.end, firstDocument: this.docs.length, documentCount: 1, unread: true });
    this.docs.push({ base: chunk.start });
  }

  /** Records the pieces on `result` (and what it carried over from `previous`); `searched`: see ParseWork. */
  finish(result: ParsedSource, previous: ParsedSource | undefined, searched: number): ChunkDocument[] {
    chunksOf.set(result, this.records);
    workOf.set(result, { searched, piecesRead: this.piecesRead });
    if (this.carried.length > 0) {
      carriedOf.set(result, { previous: previous!, pieces: this.carried });
      pieceReaderOf.set(result, this.read);
    }
    return this.docs;
  }
}

/**
 * Every document of `text` in order, parsed piece by piece; records the pieces on `result`. Throws as the
 * parser does. A syntax error anywhere and the whole text is parsed as one: the `yaml` parser's recovery
 * reaches across `---` lines (it looks for a quote's closing quote in the rest of the text, and gives an
 * error met at the start of a document to the document before it).
 */
function parseDocuments(
  text: string,
  result: ParsedSource,
  edit: Edit | undefined,
  chunks: Chunk[],
  allKinds: boolean,
  read: PieceReader,
  oversized?: Oversized[],
): ChunkDocument[] {
  const reusable = edit && new ChunkReuse(edit, text);
  const loop = new PieceLoop(text, reusable, read, oversized, chunks.length > 1);
  for (const chunk of chunks) if (!loop.add(chunk, allKinds)) return parseWhole(text, result, oversized);
  return loop.finish(result, edit?.previous, text.length);
}

function parseWhole(text: string, result: ParsedSource, oversized: Oversized[] | undefined): ChunkDocument[] {
  oversized?.splice(0);
  return parseDocuments(text, result, undefined, [{ start: 0, end: text.length }], false, parseAll);
}

/**
 * parseDocuments for a text that differs from the previous parse's (`kept`: its pieces) only between `edit`'s
 * head and tail: the pieces wholly in the head or the tail (their `---` lines too, five characters each) are
 * those of the previous parse, at their place or moved by the change in length, and keep their trees and
 * verdicts (or are carried over) without their text being looked at; only the pieces between them are cut
 * and read. A keystroke in a file of 20,000 documents costs a pass over their records, not over its text.
 */
function reparseDocuments(text: string, result: ParsedSource, edit: Edit, kept: ChunkRecord[], read: PieceReader, oversized: Oversized[]): ChunkDocument[] {
  const { previous, head, tail } = edit;
  const shift = text.length - previous.text.length;
  // A `---` line is told by the character before it and the four from its first `-`: a piece is kept when
  // the five around its end are in the head, or the five around its start in the tail.
  const headCount = firstAtOrAfter(kept, (r) => r.end, head - 3);
  const tailFirst = Math.max(
    headCount,
    firstAtOrAfter(kept, (r) => r.start, previous.text.length - tail + 1),
  );
  const from = headCount > 0 ? kept[headCount - 1].end : 0;
  const to = tailFirst < kept.length ? kept[tailFirst].start + shift : text.length;
  const middle = chunksBetween(text, from, to);
  const reusable = new ChunkReuse(edit, text, headCount, tailFirst);
  const loop = new PieceLoop(text, reusable, read, oversized, headCount + middle.length + kept.length - tailFirst > 1);
  for (let i = 0; i < headCount; i++) if (!loop.keepOrRead(kept[i], previous, false, 0)) return parseWhole(text, result, oversized);
  for (const chunk of middle) if (!loop.add(chunk, false)) return parseWhole(text, result, oversized);
  for (let i = tailFirst; i < kept.length; i++) if (!loop.keepOrRead(kept[i], previous, true, shift)) return parseWhole(text, result, oversized);
  return loop.finish(result, previous, to - from);
}

/**
 * The document `index` of a parse that carried its piece over (see takeCarriedPieces), parsed now and put
 * among the parse's documents with the others of its piece: what a hover or a rule asks of one carried
 * object costs its piece, and the next parse keeps the tree. Undefined when the parse has no such piece.
 */
export function parseCarriedDocument(source: ParsedSource, index: number): ParsedDocument | undefined {
  const known = source.documents.find((d) => d.index === index);
  if (known) return known;
  const records = chunksOf.get(source);
  const r = records?.find((x) => x.firstDocument <= index && index < x.firstDocument + x.documentCount);
  if (!r || r.unread) return undefined;
  const parsed = (pieceReaderOf.get(source) ?? parseAll)(unsliced(source.text.slice(r.start, r.end)));
  if (parsed.length !== r.documentCount || parsed.some((d) => d.errors.length > 0)) return undefined;
  const lines = source.documents[0]?.reader.lines ?? scanOf.get(source)?.lines ?? lineCounterFor(source.text);
  const added = parsed.map((doc, i) => ({ index: r.firstDocument + i, reader: new NodeReader(doc, lines, r.start) }));
  const documents = [...source.documents.filter((d) => d.index < r.firstDocument), ...added, ...source.documents.filter((d) => d.index >= r.firstDocument + r.documentCount)];
  source.documents = documents;
  return added[index - r.firstDocument];
}

/**
 * The same characters, not a view into the whole text: V8 cuts a substring as a view of the string it was cut
 * from, so every key and value the parser cuts from a piece would keep the whole file's text alive while the
 * piece's tree is reused (an open file's unchanged documents: one old text per edit). Concatenating, then
 * cutting, makes a copy.
 */
function unsliced(piece: string): string {
  return (' ' + piece).slice(1);
}

type PieceReader = (text: string) => Document.Parsed[];

/** A piece's documents: the line reader's when it is sure of the piece, else the `yaml` parser's. */
function readPiece(text: string): Document.Parsed[] {
  const doc = fastReadDocument(text, PARSE_OPTIONS);
  return doc ? [doc] : parsePiece(text);
}

/**
 * Documents of a piece that ends inside a quoted scalar: in the whole text the quote runs on past the `---`
 * line (the lexer looks for its closing quote there), though the parser may report no error (a quote after an
 * alias, `? *a '---`), so a piece after it is not parsed on its own.
 */
const OPEN_AT_END = new WeakSet<Document.Parsed>();

/** The lexer's tokens that stand for no text: a byte-order mark, a document start, a flow error end, a scalar. */
const CONTROL_TOKENS = new Set([0xfeff, 0x02, 0x18, 0x1f]);

/** The `yaml` parser's documents of one piece, marked when the piece ends inside a quoted scalar. */
function parsePiece(text: string): Document.Parsed[] {
  const docs = parseAll(text);
  if (endsInQuote(text)) for (const d of docs) OPEN_AT_END.add(d);
  return docs;
}

/**
 * Whether the lexer's last token of `text` is a quoted scalar: one closed before the end is followed by the
 * line end a piece ends with, so this one runs to the end of the piece, unclosed.
 */
function endsInQuote(text: string): boolean {
  if (!text.includes("'") && !text.includes('"')) return false;
  let last = '';
  for (const token of new Lexer().lex(text)) if (!CONTROL_TOKENS.has(token.charCodeAt(0))) last = token;
  return last.startsWith("'") || last.startsWith('"');
}

function parseAll(text: string): Document.Parsed[] {
  const docs = parseAllDocuments(text, PARSE_OPTIONS);
  return Array.isArray(docs) ? docs : [docs]; // an empty stream comes back as an (empty) array, but typed as a union
}

/**
 * What a parse can take from the previous parse of the same file: the trees of each piece whose documents all
 * were kept (skipped ones, templates and syntax errors, are parsed again; a file whose trees were let go of,
 * `releaseTrees`, has nothing to give). A piece within the text both parses start with, or end with, takes
 * the trees of the piece at its place there: a keystroke costs the pieces it touched, not a look-up of every
 * piece's text. Any other piece takes those of a piece with the same text wherever it was (a queue per text:
 * two equal pieces get a tree each; a queue, as `shift()` would cost its length each time).
 */
class ChunkReuse {
  private readonly records: ChunkRecord[];
  private readonly previous: ParsedSource;
  /** The length of the text both parses start with, and of the text both end with (not overlapping it). */
  private readonly head: number;
  private readonly tail: number;
  private byText: Map<string, { trees: Document.Parsed[][]; next: number }> | undefined;

  constructor(
    edit: Edit,
    private readonly text: string,
    /** The previous records that may be taken by their text are among these (see reparseDocuments). */
    private readonly lo = 0,
    private readonly hi?: number,
  ) {
    this.previous = edit.previous;
    this.records = chunksOf.get(edit.previous) ?? [];
    this.head = edit.head;
    this.tail = edit.tail;
  }

  /** The trees of a piece within the text both parses start with, or end with, at its place there. */
  atPlace(chunk: Chunk): Document.Parsed[] | undefined {
    if (chunk.end <= this.head) return this.at(chunk.start, chunk.end);
    const shift = this.text.length - this.previous.text.length;
    if (chunk.start >= this.text.length - this.tail) return this.at(chunk.start - shift, chunk.end - shift);
    return undefined;
  }

  /**
   * A piece at its place in the text both parses start or end with whose documents the previous parse holds
   * no trees of (let go of), to carry over rather than parse (see takeCarriedPieces).
   */
  carry(chunk: Chunk, firstDocument: number): CarriedPiece | undefined {
    if (this.previous.findings.length > 0) return undefined;
    const shift = this.text.length - this.previous.text.length;
    const inTail = chunk.start >= this.text.length - this.tail;
    const r = chunk.end <= this.head ? this.recordAt(chunk.start, chunk.end) : inTail ? this.recordAt(chunk.start - shift, chunk.end - shift) : undefined;
    if (!r || r.unread || r.documentCount === 0 || r.firstDocument !== firstDocument || this.heldTrees(r)) return undefined;
    return { first: firstDocument, count: r.documentCount, lines: inTail ? this.tailLines() : 0 };
  }

  private lines: number | undefined;

  /** How many lines the text below the edit moved by. */
  tailLines(): number {
    this.lines ??= lineBreaks(this.text, this.head, this.text.length - this.tail) - lineBreaks(this.previous.text, this.head, this.previous.text.length - this.tail);
    return this.lines;
  }

  /** The previous record at exactly these offsets. */
  private recordAt(start: number, end: number): ChunkRecord | undefined {
    const r = this.records[firstAtOrAfter(this.records, (x) => x.start, start)];
    return r && r.start === start && r.end === end ? r : undefined;
  }

  /** Whether the previous parse holds a tree of any of the piece's documents. */
  private heldTrees(r: ChunkRecord): boolean {
    const documents = this.previous.documents;
    const i = firstAtOrAfter(documents, (d) => d.index, r.firstDocument);
    return i < documents.length && documents[i].index < r.firstDocument + r.documentCount;
  }

  /** The trees of a piece with this text elsewhere in the previous parse (after `atPlace` found none). */
  take(chunk: Chunk, chunkText: string): Document.Parsed[] | undefined {
    if (chunk.end <= this.head || chunk.start >= this.text.length - this.tail) return undefined;
    this.byText ??= this.middle();
    const queue = this.byText.get(chunkText);
    return queue && queue.next < queue.trees.length ? queue.trees[queue.next++] : undefined;
  }

  /** The trees of the previous piece at exactly these offsets, if it had one there. */
  private at(start: number, end: number): Document.Parsed[] | undefined {
    const r = this.recordAt(start, end);
    return r && this.trees(r);
  }

  /** The previous pieces outside the shared start and end (those are taken by place only), by text. */
  private middle(): Map<string, { trees: Document.Parsed[][]; next: number }> {
    const out = new Map<string, { trees: Document.Parsed[][]; next: number }>();
    const end = this.previous.text.length - this.tail;
    for (let i = this.lo; i < (this.hi ?? this.records.length); i++) {
      const r = this.records[i];
      if (r.end <= this.head || r.start >= end) continue;
      const trees = this.trees(r);
      if (!trees) continue;
      const chunkText = this.previous.text.slice(r.start, r.end);
      const queue = out.get(chunkText);
      if (queue) queue.trees.push(trees);
      else out.set(chunkText, { trees: [trees], next: 0 });
    }
    return out;
  }

  /** A piece's trees, when every document of it was kept. */
  private trees(r: ChunkRecord): Document.Parsed[] | undefined {
    const documents = this.previous.documents;
    const docs: Document.Parsed[] = [];
    for (let i = firstAtOrAfter(documents, (d) => d.index, r.firstDocument); i < documents.length && documents[i].index < r.firstDocument + r.documentCount; i++) {
      docs.push(documents[i].reader.doc);
    }
    return docs.length === r.documentCount ? docs : undefined;
  }
}

/** The first index of `sorted` (ascending by `key`) whose key is at least `value`. */
function firstAtOrAfter<T>(sorted: T[], key: (x: T) => number, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(sorted[mid]) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Line ends in `text` from `from` to `to`, counted as lineCounterFor counts them (`\n`, `\r\n`, a lone `\r`). */
function lineBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let at = text.indexOf('\n', from); at >= 0 && at < to; at = text.indexOf('\n', at + 1)) n++;
  for (let at = text.indexOf('\r', from); at >= 0 && at < to; at = text.indexOf('\r', at + 1)) if (text.charCodeAt(at + 1) !== 10) n++;
  return n;
}

/** What a parse learnt of its whole text, so that the next parse of the file looks at what an edit changed only. */
interface TextScan {
  /** A line that could be a directive (the text is then one piece: see documentChunks). */
  directive: boolean;
  /** The text's UTF-8 size, when it was counted (a text of more than a third of the file limit). */
  bytes?: number;
  /** The text holds the disable comment's marker. */
  disables: boolean;
  /** Its line starts, while its documents are kept (see dropDocuments). */
  lines?: LineCounter;
  /** Parsed with `allKinds`: its pieces hold documents of every kind (none is unread). */
  allKinds: boolean;
}

const scanOf = new WeakMap<ParsedSource, TextScan>();

/** A text against the previous parse of its file: the lengths of the text both start with and both end with. */
interface Edit {
  previous: ParsedSource;
  head: number;
  tail: number;
  scan?: TextScan;
}

function editOf(previous: ParsedSource, text: string): Edit {
  const head = commonHead(previous.text, text);
  const tail = commonTail(previous.text, text, Math.min(previous.text.length, text.length) - head);
  return { previous, head, tail, scan: scanOf.get(previous) };
}

/** The text an edit changed, with `margin` characters either side: what a search for `margin + 1` characters can newly find. */
function changedText(edit: Edit, text: string, margin: number): string {
  return text.slice(Math.max(0, edit.head - margin), Math.min(text.length, text.length - edit.tail + margin));
}

const DIRECTIVE_AFTER_LINE_END = /\n\uFEFF?%/;

/** Whether the edit made a directive line in a text that had none (a match is three characters: see documentChunks). */
function directiveTyped(edit: Edit, text: string): boolean {
  const changed = changedText(edit, text, 2);
  return edit.head <= 2 ? hasDirectiveLine(changed) : DIRECTIVE_AFTER_LINE_END.test(changed);
}

/** The file's UTF-8 size when it is above the limit (counted only when it could be; from the previous size and the edit when known). */
function fileBytesAbove(text: string, edit: Edit | undefined, scan: TextScan): number | undefined {
  if (text.length > MAX_FILE_BYTES) return text.length; // at least one byte per UTF-16 unit: over already
  if (text.length * 3 <= MAX_FILE_BYTES) return undefined; // at most three bytes per unit
  const before = edit?.scan?.bytes;
  scan.bytes =
    edit && before !== undefined
      ? before - utf8Length(edit.previous.text.slice(edit.head, edit.previous.text.length - edit.tail)) + utf8Length(text.slice(edit.head, text.length - edit.tail))
      : utf8Length(text);
  return scan.bytes > MAX_FILE_BYTES ? scan.bytes : undefined;
}

/** Compared a block at a time (native string comparison), then character by character in the first block that differs. */
const BLOCK = 4096;

function commonHead(a: string, b: string): number {
  const most = Math.min(a.length, b.length);
  let n = 0;
  while (n + BLOCK <= most && a.slice(n, n + BLOCK) === b.slice(n, n + BLOCK)) n += BLOCK;
  while (n < most && a.charCodeAt(n) === b.charCodeAt(n)) n++;
  return n;
}

/** The length of the text `a` and `b` both end with, at most `most`. */
function commonTail(a: string, b: string, most: number): number {
  let n = 0;
  while (n + BLOCK <= most && a.slice(a.length - n - BLOCK, a.length - n) === b.slice(b.length - n - BLOCK, b.length - n)) n += BLOCK;
  while (n < most && a.charCodeAt(a.length - n - 1) === b.charCodeAt(b.length - n - 1)) n++;
  return n;
}

// eslint-disable-next-line no-control-regex -- the range starts at NUL on purpose: any non-ASCII character
const NON_ASCII = /[^\x00-\x7f]/;

/** Git's test for binary content: a NUL in the first 8000 characters. */
const BINARY_PROBE_CHARS = 8000;

/** The UTF-8 size of `text` when it is above `limit` bytes, else undefined (counted only when it could be). */
function utf8BytesAbove(text: string, limit: number): number | undefined {
  if (text.length > limit) return text.length; // at least one byte per UTF-16 unit: over already
  if (text.length * 3 <= limit) return undefined; // at most three bytes per unit
  const bytes = utf8Length(text);
  return bytes > limit ? bytes : undefined;
}

/** The UTF-8 size of `text`: each UTF-16 unit's bytes, so the size of a text is the sum of its parts'. */
function utf8Length(text: string): number {
  if (!NON_ASCII.test(text)) return text.length; // one byte each: a native scan, not a loop
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xe000 ? 2 : 3; // each half of a surrogate pair: 2 of its 4
  }
  return bytes;
}

function disabledLines(text: string): Map<number, Set<string> | 'all'> {
  const out = new Map<number, Set<string> | 'all'>();
  if (!text.includes(DISABLE_NEXT_LINE)) return out;
  let line = 0;
  let lastIndex = 0;
  for (const m of text.matchAll(DISABLE_COMMENT)) {
    for (let i = lastIndex; i < m.index; i++) if (text.charCodeAt(i) === 10) line++;
    lastIndex = m.index;
    const rules = m[1]
      .split('--')[0]
      .split(/[\s,]+/)
      .filter((r) => r.length > 0);
    const target = line + 1;
    const existing = out.get(target);
    if (rules.length === 0 || existing === 'all') out.set(target, 'all');
    else out.set(target, new Set([...(existing ?? []), ...rules]));
  }
  return out;
}

function firstLine(s: string): string {
  return s.split('\n')[0].trim();
}

function zeroRange(): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

function fileFinding(file: string, rule: 'template-skipped' | 'yaml-syntax', range: Range, text: string | FindingText): Finding {
  return { rule, severity: 'info', file, range, ...(typeof text === 'string' ? { message: text } : text), related: [], fixes: [] };
}
