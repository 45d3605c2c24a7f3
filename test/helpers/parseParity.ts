// Checks a parse made piece by piece (between `---` lines, reusing an earlier parse) against a whole-file
// parse of the same text: the trees the engine reads, the findings about the file, what the engine makes of it.
import assert from 'node:assert/strict';
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import { analyzeParsed, defaultConfig, parseSource, type ParsedSource } from '../../shared';
import { pieceRecords } from '../../shared/yaml/parseSource';
import { lineCounterFor, type NodeReader } from '../../shared/yaml/nodes';
import { documentChunks } from '../../shared/yaml/documentChunks';
import { unreadKindOf } from '../../shared/yaml/unreadKind';

export const MULTI_FILE = 'cluster/multi.yaml';

/** A node tree with file offsets: what every reader of a document sees. */
function tree(reader: NodeReader, node: unknown): unknown {
  if (node === null || node === undefined) return null;
  if (isPair(node)) return { pair: [tree(reader, node.key), tree(reader, node.value)] };
  const span = reader.span(node);
  if (isMap(node) || isSeq(node)) return { span, tag: node.tag, anchor: node.anchor, items: (node.items as unknown[]).map((i) => tree(reader, i)) };
  if (isScalar(node)) return { span, value: node.value, type: node.type, source: node.source, tag: node.tag, anchor: node.anchor };
  if (isAlias(node)) return { span, alias: node.source };
  return { span };
}

/** What the engine reads of a parse: every document's tree in file offsets, the findings about the file, its disabled lines. */
function parsed(source: ParsedSource) {
  return {
    documents: source.documents.map((d) => ({ index: d.index, start: documentStart(d), tree: tree(d.reader, d.reader.doc.contents) })),
    fileFindings: source.findings,
    disabledLines: [...source.disabledLines].map(([line, rules]) => [line, rules === 'all' ? rules : [...rules]]),
  };
}

/** The line starts every document's reader counts positions by (one counter per parse), or none. */
function lineStartsOf(source: ParsedSource): number[][] {
  const counters = new Set(source.documents.map((d) => d.reader.lines));
  return [...counters].map((c) => c.lineStarts);
}

function documentStart(d: ParsedSource['documents'][number]): number {
  return d.reader.base + (d.reader.doc.range?.[0] ?? 0);
}

/**
 * The parse without the documents and file findings of `unread` pieces (kinds the analysis never reads, see
 * yaml/unreadKind.ts): a whole-file parse composes them, the engine does not.
 */
function withoutUnread(source: ParsedSource, unread: Array<[number, number]>): ParsedSource {
  if (unread.length === 0) return source;
  const { lineStarts } = lineCounterFor(source.text);
  const inUnread = (offset: number) => unread.some(([from, to]) => from <= offset && offset < to);
  return {
    ...source,
    documents: source.documents.filter((d) => !inUnread(documentStart(d))),
    findings: source.findings.filter((f) => !inUnread((lineStarts[f.range.start.line] ?? 0) + f.range.start.character)),
  };
}

/** The pieces of `text` the engine does not parse (their kind is one it never reads). */
function unreadPieces(text: string): Array<[number, number]> {
  return documentChunks(text)
    .filter((c) => unreadKindOf(text.slice(c.start, c.end)) !== undefined)
    .map((c) => [c.start, c.end]);
}

/** What the engine makes of it. */
function analysed(source: ParsedSource) {
  const analysis = analyzeParsed([source], defaultConfig());
  return {
    findings: analysis.findings.map((f) => ({ rule: f.rule, range: f.range, message: f.message, related: f.related, fixes: f.fixes })),
    objects: analysis.model.objects.map((o) => ({ kind: o.kind, name: o.name, namespace: o.namespace, nameRange: o.nameRange, root: o.reader.range(o.root) })),
    workloads: analysis.model.workloads.map((w) => ({ name: w.workload.object.name, pods: w.pods, podsSource: w.podsSource, podsRange: w.podsRange, placement: w.placement.kind })),
  };
}

/** Parses `text` piece by piece (reusing `previous`), checks it against a whole-file parse, returns it. */
export function assertSameAsWholeFile(text: string, previous?: ParsedSource, analyse = true): ParsedSource {
  const pieces = parseSource({ file: MULTI_FILE, text }, previous);
  const whole = parseSource({ file: MULTI_FILE, text }, undefined, { wholeFile: true });
  // Both sides without the unread pieces: after a syntax error in a read piece the engine parses the whole
  // text, unread pieces too (what it skips is property-tested in unreadKindProperty.test.ts).
  const unread = unreadPieces(pieces.text);
  const [got, want] = [withoutUnread(pieces, unread), withoutUnread(whole, unread)];
  assert.deepEqual(parsed(got), parsed(want));
  if (analyse) assert.deepEqual(analysed(got), analysed(want));
  if (previous) {
    // Reusing the previous parse gives exactly what parsing the text on its own does, piece by piece.
    const fresh = parseSource({ file: MULTI_FILE, text });
    const plain = (s: ParsedSource) => ({ ...parsed(s), unread: s.unreadDocuments, pieces: pieceRecords(s)?.map((r) => ({ ...r })) });
    assert.deepEqual(plain(pieces), plain(fresh));
  }
  const lines = lineStartsOf(pieces);
  if (lines.length > 0) assert.deepEqual(lines, [lineCounterFor(pieces.text).lineStarts], 'line starts as counted from the text');
  return pieces;
}
