// A re-parse looks only at what changed: the pieces in the text both parses start and end with keep their
// records, trees and verdicts, and only the pieces between them are cut and read; the whole-text checks
// (line starts, directive lines, the file's size, disable comments) look at the changed characters and a
// few around them. Checked here edit by edit at every offset of small texts (each result against a fresh and
// a whole-file parse: pieces, documents, findings, disabled lines, line starts), across the 4 MB limit, next
// to a document above the 1.5 MiB one, and by the work a keystroke in 2,000 documents does.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSource, type ParsedSource } from '../../shared';
import { adoptParsedFacts, releaseTrees, toParsedFacts } from '../../shared/model/fileFacts';
import { MAX_FILE_BYTES, parseWork, pieceRecords } from '../../shared/yaml/parseSource';
import { assertSameAsWholeFile, MULTI_FILE as FILE } from '../helpers/parseParity';

/**
 * Small texts whose characters next to an edit decide something: a `---` line one `-` short, a line end
 * before it, a disable comment one letter short, a BOM at a line start (`\uFEFF%` is a directive line), a
 * template document next to plain ones, CRLF line ends, a block scalar that a `---` line ends.
 */
const TEXTS = [
  'a: 1\n--\nb: 2\n---\nc: |\n  x\n---\nd: 3\n',
  'a: 1\n---\nb: 2\n# eni-lens-disable-next-lin\nc: 3\n---\n\uFEFFx: 1\n---\ne: 5\n',
  'kind: Deployment\nmetadata:\n  name: a\n---\nkind: Deployment\nmetadata:\n  name: {{ .Values.b }}\n---\nkind: Pod\n',
  'a: 1\r\n---\r\nb: 2\r\n--\r\nc: 3\r\n---\r\nd: 4\r\n',
];
const TYPED = ['-', ' ', '\n', '\r', '%', 'e', 'é', '{{', 'x'];

test('an edit at any offset of texts with `---` lines, directives, disable comments, templates and CRLF: the re-parse gives what a fresh and a whole-file parse give', () => {
  let cases = 0;
  for (const text of TEXTS) {
    const previous = parseSource({ file: FILE, text });
    for (let at = 0; at <= text.length; at++) {
      for (const removed of [0, 1]) {
        for (const typed of TYPED) {
          const edited = text.slice(0, at) + typed + text.slice(at + removed);
          assert.doesNotThrow(() => assertSameAsWholeFile(edited, previous, false), `${JSON.stringify(edited)} after ${JSON.stringify(text)}`);
          cases++;
        }
      }
    }
  }
  assert.ok(cases > 1_000, `${cases} edits`);
});

test('deleting what was typed (each parse reusing the one before) gives the text’s own parse again', () => {
  for (const text of TEXTS) {
    for (let at = 0; at <= text.length; at++) {
      for (const typed of ['-', '%', 'e', '\n---\n']) {
        const first = parseSource({ file: FILE, text });
        const typedIn = assertSameAsWholeFile(text.slice(0, at) + typed + text.slice(at), first, false);
        assertSameAsWholeFile(text, typedIn, false);
      }
    }
  }
});

/** `count` Deployments in one file. */
function deployments(count: number): string {
  return Array.from({ length: count }, (_, i) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app${i}\nspec:\n  replicas: 1\n`).join('---\n');
}

function typeAt(text: string, at: number, typed: string, removed = 0): string {
  return text.slice(0, at) + typed + text.slice(at + removed);
}

test('a keystroke, Enter, a `---` line typed and one removed in 2,000 Deployments read the pieces they touched only', () => {
  const text = deployments(2_000);
  const middle = text.indexOf('replicas: 1', text.indexOf('name: app1000\n')) + 'replicas: '.length;
  const scratch = parseSource({ file: FILE, text });
  assert.deepEqual(parseWork(scratch), { searched: text.length, piecesRead: 2_000 });
  const pieceLength = text.indexOf('---\n', 1) + 4;

  const digit = parseSource({ file: FILE, text: typeAt(text, middle, '3', 1) }, scratch);
  assert.equal(parseWork(digit)?.piecesRead, 1);
  assert.ok(parseWork(digit)!.searched <= 3 * pieceLength, `${parseWork(digit)!.searched} characters searched for \`---\` lines`);

  const enter = parseSource({ file: FILE, text: typeAt(digit.text, middle + 1, '\n') }, digit);
  assert.equal(parseWork(enter)?.piecesRead, 1);
  assert.equal(enter.documents.length, 2_000);

  // A `---` line typed in the document splits its piece in two: both are read, the rest kept.
  const split = parseSource({ file: FILE, text: typeAt(enter.text, middle + 2, '---\n') }, enter);
  assert.equal(parseWork(split)?.piecesRead, 2);
  assert.equal(split.documents.length, 2_001);
  assert.equal(pieceRecords(split)?.length, 2_001);
  // Made a comment, it joins them again.
  const joined = parseSource({ file: FILE, text: typeAt(split.text, middle + 2, '#', 1) }, split);
  assert.equal(parseWork(joined)?.piecesRead, 1);
  assert.equal(joined.documents.length, 2_000);
  assert.deepEqual(
    joined.documents.map((d) => d.reader.position(d.reader.base).line),
    parseSource({ file: FILE, text: joined.text }).documents.map((d) => d.reader.position(d.reader.base).line),
  );

  // Read closed (trees let go of), then typed in: the other pieces are carried over, not read.
  releaseTrees(joined);
  const closedThenTyped = parseSource({ file: FILE, text: typeAt(joined.text, 10, 'x') }, joined);
  assert.equal(parseWork(closedThenTyped)?.piecesRead, 1);
});

test('typing across the 4 MB limit: the file is skipped with its size counted from the previous one and the edit; deleting it parses again', () => {
  // Two pieces above the 1.5 MiB for one object (not parsed, so this stays quick), a block scalar, two small ones.
  const line = `  ${'x'.repeat(98)}\n`;
  const big = `---\ndata: |\n${line.repeat(16_000)}`;
  const head = `a: 1\n${big}${big}---\nc: |\n`;
  const tail = '---\nb: 2\n';
  const fill = MAX_FILE_BYTES - 100 - head.length - tail.length;
  const text = `${head}${line.repeat(Math.floor(fill / line.length))}  ${'y'.repeat((fill % line.length) + 1)}\n${tail}`;
  assert.equal(text.length, MAX_FILE_BYTES - 100 + 4);
  const under = parseSource({ file: FILE, text });
  assert.deepEqual(
    under.findings.map((f) => [f.rule, f.range.start.line]),
    [
      ['template-skipped', 2],
      ['template-skipped', 16_004],
    ],
  );
  assert.equal(under.documents.length, 3);
  const at = text.lastIndexOf('b: 2') + 3;
  // 60 two-byte characters for one: 59 more characters, 119 more bytes, over the limit by 23.
  const over = parseSource({ file: FILE, text: typeAt(text, at, 'é'.repeat(60), 1) }, under);
  const fresh = (source: ParsedSource) => parseSource({ file: FILE, text: source.text });
  assert.deepEqual(over.findings, fresh(over).findings);
  assert.match(over.findings[0].message, /^Skipped: the file is 4\.0 MB, above ENI Lens's 4 MB limit/);
  assert.equal(over.documents.length, 0);
  const back = parseSource({ file: FILE, text: typeAt(over.text, at, '2', 60) }, over);
  assert.deepEqual(back.findings, under.findings);
  assert.equal(back.documents.length, 3);
  // A two-byte character typed in a pure-ASCII file that stays under the limit: counted, not skipped.
  const near = parseSource({ file: FILE, text: typeAt(back.text, at, 'é', 1) }, back);
  assert.deepEqual(near.findings, under.findings);
  assert.equal(near.documents.length, 3);
  // From a parse that knows the size: the `é` made 48 of them and an `x` (95 more bytes) is the limit exactly,
  // one more `x` is over it.
  const exact = parseSource({ file: FILE, text: typeAt(near.text, at, `${'é'.repeat(48)}x`, 1) }, near);
  assert.deepEqual(exact.findings, under.findings);
  const nearer = parseSource({ file: FILE, text: typeAt(exact.text, at, 'x') }, exact);
  assert.deepEqual(nearer.findings, fresh(nearer).findings);
  assert.equal(nearer.findings.length, 1);
  assert.equal(parseWork(near)?.piecesRead, 1);
});

test('a template mark typed in a document above 1.5 MiB makes the document before it a template, as a fresh parse does', () => {
  const big = `---\ndata: |\n${'  text\n'.repeat(240_000)}`;
  const text = `kind: Deployment\nmetadata:\n  name: a\n${big}---\nkind: Deployment\nmetadata:\n  name: b\n`;
  const before = parseSource({ file: FILE, text });
  assert.deepEqual(
    before.documents.map((d) => d.index),
    [0, 1],
  );
  const at = text.indexOf('  text\n', text.length / 2);
  const typed = parseSource({ file: FILE, text: typeAt(text, at, '{{ .x }}') }, before);
  const fresh = parseSource({ file: FILE, text: typed.text });
  assert.deepEqual(typed.findings, fresh.findings);
  assert.deepEqual(
    typed.documents.map((d) => d.index),
    fresh.documents.map((d) => d.index),
  );
  assert.deepEqual(
    fresh.findings.map((f) => f.rule),
    ['template-skipped', 'template-skipped'],
    'the oversized document, and the one before it (its text runs to the next document: a template)',
  );
});

test('a file of many pieces parsed in a worker thread, then typed in: the checks of its whole text came with its facts, and hold', () => {
  const docs = deployments(100).split('---\n');
  docs[40] = `# eni-lens-disable-next-line pod-eni-capacity\n${docs[40]}`;
  docs[60] = `# eni-lens-disable-next-lin\n${docs[60]}`;
  const text = docs.join('---\n');
  const inWorker = () => adoptParsedFacts(structuredClone(toParsedFacts(parseSource({ file: FILE, text }))), text);
  const fresh = (source: ParsedSource) => parseSource({ file: FILE, text: source.text });
  const lines = (source: ParsedSource) => [...source.disabledLines].map(([line, rules]) => [line, rules === 'all' ? rules : [...rules]]);
  // An edit far from both comments: the first still disables its line.
  const elsewhere = parseSource({ file: FILE, text: typeAt(text, text.indexOf('name: app90') + 9, '7') }, inWorker());
  assert.equal(parseWork(elsewhere)?.piecesRead, 1);
  assert.deepEqual(lines(elsewhere), lines(fresh(elsewhere)));
  assert.equal(elsewhere.disabledLines.size, 1);
  // The second comment completed: two.
  const completed = parseSource({ file: FILE, text: typeAt(text, text.indexOf('disable-next-lin\n') + 'disable-next-lin'.length, 'e') }, inWorker());
  assert.deepEqual(lines(completed), lines(fresh(completed)));
  assert.equal(completed.disabledLines.size, 2);
  // A directive line typed: the text is one piece, as parsed fresh.
  const directive = parseSource({ file: FILE, text: typeAt(text, text.indexOf('kind: Deployment', text.indexOf('name: app70')), '%') }, inWorker());
  assert.deepEqual(pieceRecords(directive), pieceRecords(fresh(directive)));
  assert.equal(pieceRecords(directive)?.length, 1);
});
