// Property tests of the kind prefilter (yaml/unreadKind.ts): a document it leaves unparsed is, parsed, of
// exactly the kind it said, and a workspace's findings are those of parsing every document, less the
// syntax and template findings of the documents it left out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseAllDocuments, isMap, stringify } from 'yaml';
import { analyzeParsed, defaultConfig, parseSource, type Finding } from '../../shared';
import { isReadKind } from '../../shared/k8s/readKinds';
import { documentChunks } from '../../shared/yaml/documentChunks';
import { unreadKindOf } from '../../shared/yaml/unreadKind';
import { manifest } from './arbitraries';

const SEED = 20261201;
const STRESS = process.env.ENI_LENS_STRESS === '1';
const runs = (n: number) => ({ seed: STRESS ? Date.now() : SEED, numRuns: STRESS ? n * 10 : n });

const UNREAD = ['ConfigMap', 'Secret', 'Service', 'RoleBinding', 'CustomResourceDefinition', 'Namespace', 'Ingress'];
const kindWord = fc.constantFrom(...UNREAD, 'Deployment', 'ServiceAccount', 'List', 'Config', 'Null');
const quoted = (k: string) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(k, `"${k}"`, `'${k}'`, `${k} # the kind`) },
    { weight: 2, arbitrary: fc.constantFrom(`${k}\n  Map`, `"${k}`, `!!str ${k}`, `*${k}`) },
  );
const name = fc.constantFrom('web', 'settings', 'api');

/** Lines a document's body may hold, some harmless, some that change its top level. */
const bodyLine = fc.oneof(
  { weight: 6, arbitrary: name.map((n) => `metadata:\n  name: ${n}\n  namespace: default\n`) },
  { weight: 2, arbitrary: fc.constant('data:\n  run.sh: |\n    kind: Deployment\n    apiVersion: apps/v1\n\n    echo done\n') },
  { weight: 2, arbitrary: fc.constant('subjects:\n- kind: ServiceAccount\n  name: web\n') },
  { weight: 1, arbitrary: fc.constant('# kind: Deployment\n') },
  { weight: 1, arbitrary: fc.constant('spec:\n  versions: [{name: v1, served: true}]\n  note: "a quoted\n    value"\n') },
  { weight: 1, arbitrary: fc.constant('note: "open\nkind: Deployment\n') },
  { weight: 1, arbitrary: fc.constant('kind: Deployment\n') },
  { weight: 1, arbitrary: fc.constant('"kind": Deployment\n') },
  { weight: 1, arbitrary: fc.constant('<<: {kind: Deployment}\n') },
  { weight: 1, arbitrary: fc.constant('base: &b {kind: Deployment}\n') },
  { weight: 1, arbitrary: fc.constant('data:\n  value: {{ .Values.x }}\n') },
  { weight: 1, arbitrary: fc.constant('data:\n  value: [unclosed\n') },
  { weight: 1, arbitrary: fc.constant('...\n') },
  { weight: 1, arbitrary: fc.constant('\tkey: tab\n') },
  { weight: 1, arbitrary: fc.constant('  indented: late\n') },
  { weight: 1, arbitrary: fc.constant('spec:\n  replicas: 3\n  template:\n    spec:\n      containers: [{name: c}]\n') },
);

/** A document shaped like the unread kinds real repositories hold, in the forms that make deciding its kind tricky. */
const unreadLooking = fc
  .tuple(kindWord.chain(quoted), fc.constantFrom('v1', '"v1"', 'apps/v1', 'rbac.authorization.k8s.io/v1', 'v1 # core'), fc.array(bodyLine, { maxLength: 3 }), fc.boolean())
  .map(([kind, apiVersion, body, kindFirst]) => {
    const head = kindFirst ? `kind: ${kind}\napiVersion: ${apiVersion}\n` : `apiVersion: ${apiVersion}\nkind: ${kind}\n`;
    return head + body.join('');
  });

/** A read-kind manifest as the other generators make it (block YAML or a JSON document), or a List of one. */
const readDocument = fc.oneof(
  { weight: 3, arbitrary: manifest.map((m) => stringify(m)) },
  { weight: 1, arbitrary: manifest.map((m) => `${JSON.stringify(m)}\n`) },
  { weight: 1, arbitrary: manifest.map((m) => stringify({ apiVersion: 'v1', kind: 'List', items: [m] })) },
);

const documentText = fc.oneof({ weight: 3, arbitrary: unreadLooking }, { weight: 2, arbitrary: readDocument });

const fileText = fc
  .tuple(fc.array(documentText, { minLength: 1, maxLength: 4 }), fc.constantFrom('---\n', '---\n', '--- # next\n', '--- !!map\n'), fc.boolean(), fc.boolean())
  .map(([docs, separator, crlf, bom]) => {
    const text = docs.join(separator);
    return (bom ? '\uFEFF' : '') + (crlf ? text.replace(/\n/g, '\r\n') : text);
  });

test('a document the prefilter leaves unparsed is, parsed, of exactly that apiVersion and kind (or a syntax error)', () => {
  let decided = 0;
  let clean = 0;
  fc.assert(
    fc.property(fc.array(documentText, { minLength: 1, maxLength: 3 }), fc.boolean(), (docs, crlf) => {
      const text = docs.join('---\n');
      for (const { start, end } of documentChunks(crlf ? text.replace(/\n/g, '\r\n') : text)) {
        const piece = (crlf ? text.replace(/\n/g, '\r\n') : text).slice(start, end);
        const said = unreadKindOf(piece);
        if (!said) continue;
        decided++;
        assert.equal(isReadKind(said.kind), false);
        const parsed = parseAllDocuments(piece, { uniqueKeys: false, prettyErrors: false, strict: false });
        const list = Array.isArray(parsed) ? parsed : [parsed];
        assert.equal(list.length, 1, JSON.stringify(piece));
        const [doc] = list;
        if (doc.errors.length > 0) continue; // not parsed, so not reported: the documented exception
        clean++;
        assert.ok(isMap(doc.contents), JSON.stringify(piece));
        assert.equal(doc.get('kind'), said.kind, JSON.stringify(piece));
        assert.equal(doc.get('apiVersion'), said.apiVersion, JSON.stringify(piece));
      }
    }),
    runs(400),
  );
  assert.ok(decided > 100 && clean > 50, `only ${decided} documents were left unparsed (${clean} without syntax errors): the generators miss the prefilter`);
});

function hasErrors(piece: string): boolean {
  const parsed = parseAllDocuments(piece, { uniqueKeys: false, prettyErrors: false, strict: false });
  return (Array.isArray(parsed) ? parsed : [parsed]).some((d) => d.errors.length > 0);
}

/**
 * The line ranges of the pieces the prefilter leaves unparsed: none when a syntax error in a piece it
 * parses makes the file parse as one text (then every document is parsed, as before).
 */
function unreadLines(text: string): Array<[number, number]> {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lineOf = (offset: number) => body.slice(0, offset).split('\n').length - 1;
  const chunks = documentChunks(body);
  if (chunks.length > 1 && chunks.some(({ start, end }) => !unreadKindOf(body.slice(start, end)) && hasErrors(body.slice(start, end)))) return [];
  return chunks.filter(({ start, end }) => unreadKindOf(body.slice(start, end)) !== undefined).map(({ start, end }) => [lineOf(start), lineOf(end)]);
}

/** Whether parsing every piece would have made the file fall back to one whole parse because of an unread piece. */
function unreadPieceBreaks(text: string): boolean {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const chunks = documentChunks(body);
  return (
    chunks.length > 1 &&
    chunks.some(({ start, end }) => {
      const piece = body.slice(start, end);
      return unreadKindOf(piece) !== undefined && hasErrors(piece);
    })
  );
}

test('arbitrary multi-document files: the findings are those of parsing every document, less the unread ones’ syntax and template findings', () => {
  let compared = 0;
  fc.assert(
    fc.property(fc.array(fileText, { minLength: 1, maxLength: 3 }), (texts) => {
      const files = texts.map((text, i) => ({ file: `f${i}.yaml`, text }));
      // An unread piece with a syntax error would have sent the whole file to one parse, where the parser's
      // recovery reaches across `---` lines: split at them, as kubectl splits, the other documents stand.
      if (files.some((f) => unreadPieceBreaks(f.text))) return;
      compared++;
      const config = defaultConfig();
      const lazy = analyzeParsed(
        files.map((f) => parseSource(f)),
        config,
      ).findings;
      const whole = analyzeParsed(
        files.map((f) => parseSource(f, undefined, { allKinds: true })),
        config,
      ).findings;
      const skipped = new Map(files.map((f) => [f.file, unreadLines(f.text)]));
      const inUnread = (f: Finding) =>
        (f.rule === 'yaml-syntax' || f.rule === 'template-skipped') && (skipped.get(f.file) ?? []).some(([from, to]) => from <= f.range.start.line && f.range.start.line <= to);
      assert.deepEqual(
        lazy,
        whole.filter((f) => !inUnread(f)),
      );
    }),
    runs(150),
  );
  assert.ok(compared > 75, `only ${compared} workspaces compared`);
});
