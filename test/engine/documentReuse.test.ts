// Re-parsing a multi-document file after an edit reuses the trees of the documents whose text did not
// change, wherever they moved to; ranges, hovers and locate follow the move.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeParsed, defaultConfig, parseSource, type ParsedSource } from '../../shared';
import { hoverAt } from '../../shared/explain/hover';
import { nodeAt, offsetOf, targetAt } from '../../shared/explain/locate';
import { documentFactsOf } from '../../shared/model/fileFacts';
import { deployment } from '../helpers/analyze';
import { assertSameAsWholeFile, MULTI_FILE as FILE } from '../helpers/parseParity';

const DOCUMENTS = 12;
const manyDocuments = Array.from({ length: DOCUMENTS }, (_, i) => deployment({ name: `app-${i}`, replicas: 3, instanceType: 'm5.large' })).join('---\n');

function insertInDocument(text: string, document: number, insertion: string): string {
  const line = `  name: app-${document}\n`;
  const at = text.indexOf(line) + line.length;
  return text.slice(0, at) + insertion + text.slice(at);
}

test('after inserting lines in document k, the other documents are the same trees and the objects after it moved down', () => {
  const k = 5;
  const before = parseSource({ file: FILE, text: manyDocuments });
  const after = assertSameAsWholeFile(insertInDocument(manyDocuments, k, '  labels:\n    tier: web\n'), before);
  assert.equal(after.documents.length, DOCUMENTS);
  for (let i = 0; i < DOCUMENTS; i++) {
    if (i === k) assert.notEqual(after.documents[i].reader.doc, before.documents[i].reader.doc);
    else assert.equal(after.documents[i].reader.doc, before.documents[i].reader.doc, `document ${i} was parsed again`);
  }
  const nameLines = (s: ParsedSource) => analyzeParsed([s], defaultConfig()).model.objects.map((o) => o.nameRange.start.line);
  const shift = nameLines(after).map((line, i) => line - nameLines(before)[i]);
  assert.deepEqual(
    shift,
    Array.from({ length: DOCUMENTS }, (_, i) => (i > k ? 2 : 0)),
  );
});

test('deleting characters keeps the reuse: a shorter document k, the rest reused and moved up', () => {
  const before = parseSource({ file: FILE, text: manyDocuments });
  const text = manyDocuments.replace('  name: app-2\n', '  name: a2\n');
  const after = assertSameAsWholeFile(text, before);
  const reused = after.documents.filter((d, i) => d.reader.doc === before.documents[i].reader.doc).map((d) => d.index);
  assert.deepEqual(reused, [0, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  assert.equal(after.documents[3].reader.base, before.documents[3].reader.base - 'app-'.length + 1);
});

test('equal documents each get a tree of their own; skipped and let-go documents are parsed again', () => {
  const twin = deployment({ name: 'twin', replicas: 1 });
  const template = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: {{ .Values.name }}\n';
  const text = [deployment({ name: 'first', replicas: 1 }), twin, twin, template, deployment({ name: 'last', replicas: 1 })].join('---\n');
  const before = parseSource({ file: FILE, text });
  const trees = (s: ParsedSource) => s.documents.map((d) => d.reader.doc);
  assert.deepEqual(
    before.documents.map((d) => d.index),
    [0, 1, 2, 4],
  );
  assert.match(before.findings[0].message, /^Skipped document 4: it holds template syntax/);

  const after = assertSameAsWholeFile(`# edited\n${text}`, before);
  assert.deepEqual(
    after.documents.map((d) => d.index),
    [0, 1, 2, 4],
  );
  assert.notEqual(trees(after)[0], trees(before)[0]);
  assert.deepEqual(trees(after).slice(1), trees(before).slice(1)); // deepEqual on the arrays...
  for (const i of [1, 2, 3]) assert.equal(trees(after)[i], trees(before)[i]); // ...and the very same trees, the twins not swapped or shared
  assert.match(after.findings[0].message, /^Skipped document 4:/);
  assert.equal(after.findings[0].range.start.line, before.findings[0].range.start.line + 1);

  const kept = trees(after);
  const undone = trees(assertSameAsWholeFile(text, after)); // undoing the edit: only the first piece is parsed again
  assert.notEqual(undone[0], kept[0]);
  for (const i of [1, 2, 3]) assert.equal(undone[i], kept[i]);
  after.documents = []; // what releaseTrees does to a closed file's parse: nothing left to reuse
  for (const doc of trees(assertSameAsWholeFile(text, after))) assert.equal(kept.includes(doc), false);
});

test('hover and locate on a reused document that moved point at its nodes in the new text', () => {
  const k = 2;
  const before = parseSource({ file: FILE, text: manyDocuments });
  const text = insertInDocument(manyDocuments, k, '  labels:\n    tier: web\n    team: a\n');
  const after = parseSource({ file: FILE, text }, before);
  const analysis = analyzeParsed([after], defaultConfig());
  const target = analysis.model.objects.find((o) => o.name === 'app-7')!;
  assert.equal(target.reader.doc, before.documents[7].reader.doc);

  const replicasLine = text.split('\n').findIndex((line, i, lines) => line === '  replicas: 3' && lines[i - 3] === '  name: app-7');
  const position = { line: replicasLine, character: '  replicas: '.length };
  const at = nodeAt(target.reader, target.root, offsetOf(target.reader, position));
  assert.deepEqual(
    at.steps.map((s) => s.segment),
    ['spec', 'replicas'],
  );
  assert.deepEqual(at.range, { start: position, end: { line: replicasLine, character: position.character + 1 } });

  const found = targetAt(analysis, FILE, position);
  assert.equal(found?.kind, 'workload');
  assert.equal(found.kind === 'workload' && found.workload.workload.object.name, 'app-7');
  const hover = hoverAt(analysis, FILE, position);
  assert.deepEqual(hover?.range, at.range);
  assert.match(hover!.markdown, /app-7/);
});

test('an analysed file keeps the facts of its unchanged documents: the same on the same line, the same moved in place below an inserted line; hovers follow', () => {
  const before = parseSource({ file: FILE, text: manyDocuments });
  analyzeParsed([before], defaultConfig());
  const replicasHover = (source: ParsedSource, name: string) => {
    const analysis = analyzeParsed([source], defaultConfig());
    const lines = source.text.split('\n');
    const line = lines.findIndex((l, i) => l === '  replicas: 3' && lines[i - 3] === `  name: ${name}`);
    return { hover: hoverAt(analysis, FILE, { line, character: '  replicas: '.length }), line, analysis };
  };
  const units = (s: ParsedSource) => documentFactsOf(s);

  // Characters typed in document 2, no line added: documents 3… start further on in the text, on the same lines.
  const typed = parseSource({ file: FILE, text: manyDocuments.replace('  name: app-2\n', '  name: app-2x\n') }, before);
  const { hover, line, analysis } = replicasHover(typed, 'app-7');
  assert.deepEqual(
    units(typed).flatMap((f, i) => (f === units(before)[i] ? [] : [i])),
    [2],
  );
  // Through the new parse's reader: the previous text's line starts are not kept alive by every unchanged document.
  assert.equal(units(typed)[7].objects[0].reader, typed.documents[7].reader);
  assert.deepEqual(hover?.range, { start: { line, character: 12 }, end: { line, character: 13 } });
  assert.match(hover!.markdown, /app-7/);
  assert.deepEqual(analysis.findings, analyzeParsed([parseSource({ file: FILE, text: typed.text })], defaultConfig()).findings);

  // Two lines inserted in document 2: documents 3… keep their facts, moved two lines further down in place.
  const lineBefore = units(typed)[7].objects[0].nameRange.start.line;
  const replicasBefore = units(typed)[7].workloads[0].replicas.range!.start.line;
  const inserted = parseSource({ file: FILE, text: insertInDocument(typed.text.replace('app-2x', 'app-2'), 2, '  labels:\n    tier: web\n') }, typed);
  const moved = replicasHover(inserted, 'app-7');
  assert.deepEqual(
    units(inserted).flatMap((f, i) => (f === units(typed)[i] ? [] : [i])),
    [2],
  );
  assert.equal(units(inserted)[7].objects[0].nameRange.start.line, lineBefore + 2);
  assert.equal(units(inserted)[7].workloads[0].replicas.range!.start.line, replicasBefore + 2);
  assert.equal(units(inserted)[7].objects[0].reader, inserted.documents[7].reader);
  assert.deepEqual(moved.hover?.range, { start: { line: moved.line, character: 12 }, end: { line: moved.line, character: 13 } });
  assert.deepEqual(
    moved.analysis.model.objects.map((o) => [o.name, o.nameRange]),
    analyzeParsed([parseSource({ file: FILE, text: inserted.text })], defaultConfig()).model.objects.map((o) => [o.name, o.nameRange]),
  );
});
