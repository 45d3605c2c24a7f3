// Property tests of the line reader (yaml/fastRead.ts): whatever piece it reads, the `yaml` parser reads
// without an error or warning into the same tree (values, types, sources, flow flags, formats, every range),
// for manifests written the ways real repositories write them and for random mutations of them; and the
// facts (objects, workloads, policies, their ranges) and findings are the same with it on and off.
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { test } from 'node:test';
import fc from 'fast-check';
import { isNode, isPair, isScalar, Pair, parseAllDocuments, type Document } from 'yaml';
import { parseSource } from '../../shared';
import { toParsedFacts } from '../../shared/model/fileFacts';
import { documentChunks } from '../../shared/yaml/documentChunks';
import { fastReadDocument } from '../../shared/yaml/fastRead';
import { runCli } from '../helpers/cli';

const SEED = 20261202;
const STRESS = process.env.ENI_LENS_STRESS === '1';
const runs = (n: number) => ({ seed: STRESS ? Date.now() : SEED, numRuns: STRESS ? n * 10 : n });
const OPTIONS = { uniqueKeys: false, prettyErrors: false, strict: false } as const;

/** Node properties the reader does not keep: nothing in ENI Lens reads comments. */
const NOT_KEPT = new Set(['comment', 'commentBefore', 'spaceBefore']);

/** Where two trees differ (the first few places), or [] when they are the same. */
function treeDifferences(a: unknown, b: unknown, path = '', out: string[] = []): string[] {
  if (out.length >= 3 || Object.is(a, b)) return out;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    out.push(`${path}: ${String(a)} ≠ ${String(b)}`);
    return out;
  }
  // The same class (the reader's scalars and pairs have a prototype of their own under the class's).
  if (a.constructor !== b.constructor || isNode(a) !== isNode(b) || isScalar(a) !== isScalar(b) || isPair(a) !== isPair(b)) {
    out.push(`${path}: ${a.constructor.name} ≠ ${b.constructor.name}`);
    return out;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if (!NOT_KEPT.has(k)) treeDifferences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`, out);
  return out;
}

/** What is wrong with the line reader's document for `piece`, given what the `yaml` parser makes of it. */
function problems(piece: string, read: Document.Parsed): string[] {
  const parsed = parseAllDocuments(piece, OPTIONS);
  const docs = Array.isArray(parsed) ? parsed : [parsed];
  if (docs.length !== 1) return [`${docs.length} documents`];
  const [doc] = docs;
  if (doc.errors.length + doc.warnings.length > 0) return [`the parser reports ${[...doc.errors, ...doc.warnings].map((e) => e.code).join(', ')}`];
  const out = treeDifferences(read.contents, doc.contents, 'contents');
  treeDifferences(read.range, doc.range, 'range', out);
  if (read.directives.docStart !== doc.directives.docStart) out.push('docStart');
  return out;
}

// ---- manifests in the shapes real repositories use, each choice of writing one a generator

const plainWord = fc.constantFrom('web', 'api', 'payments', 'team-a', 'ghcr.io/acme/web:1.2.3', 'http://example.com:8080/x', 'a#b', 'Deployment', 'café', '/healthz');
const scalarText = fc.oneof(
  { weight: 6, arbitrary: plainWord },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '3',
      '"3"',
      "'3'",
      '0x1F',
      '0o17',
      '010',
      '1e3',
      '1.50',
      '-1',
      '+2',
      '.inf',
      '-.Inf',
      '.nan',
      '~',
      'null',
      'Null',
      'true',
      'True',
      'FALSE',
      'yes',
      'on',
      '25%',
    ),
  },
  { weight: 2, arbitrary: fc.constantFrom('"web"', "'web'", '"a \\"quoted\\" word"', '"tab\\there"', '"\\u00e9"', "'it''s'", '""', "''", '"# not a comment"', "'a: b'") },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '[]',
      '{}',
      '[a, b]',
      '["sh", "-c"]',
      '{path: /healthz, port: 8080}',
      '{maxSurge: 25%, maxUnavailable: 0}',
      '[{name: a}, [b]]',
      '[ a ]',
      '{ a: b }',
      '[a,b]',
    ),
  },
);
const comment = fc.constantFrom('', '', '', ' # note', '  # TODO: more');
const keyText = fc.constantFrom('name', 'app', 'app.kubernetes.io/name', 'value', 'port', '"quoted"', "'single'", '80', 'true', 'x_y', 'a.b/c-d');

type Tree =
  { kind: 'scalar'; text: string } | { kind: 'block'; header: string; lines: string[] } | { kind: 'map'; entries: Array<[string, Tree]> } | { kind: 'seq'; items: Tree[] };

const blockScalar = fc.record({
  header: fc.constantFrom('|', '|-', '>', '>-', '|+', '|2', '| # c'),
  lines: fc.array(fc.constantFrom('echo start', '  indented more', '', 'kind: Deployment', '# not a comment', 'last line'), { minLength: 1, maxLength: 4 }),
});

const { tree } = fc.letrec<{ tree: Tree; map: Tree; seq: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 5, arbitrary: scalarText.map((text): Tree => ({ kind: 'scalar', text })) },
    { weight: 1, arbitrary: blockScalar.map(({ header, lines }): Tree => ({ kind: 'block', header, lines })) },
    { weight: 2, arbitrary: tie('map') },
    { weight: 2, arbitrary: tie('seq') },
  ),
  map: fc.array(fc.tuple(keyText, tie('tree')), { minLength: 1, maxLength: 4 }).map((entries): Tree => ({ kind: 'map', entries })),
  seq: fc.array(tie('tree'), { minLength: 1, maxLength: 3 }).map((items): Tree => ({ kind: 'seq', items })),
}));

/** How a tree is written: sequences indented under their key or not, comments and blank lines between lines. */
interface Style {
  seqIndent: boolean[];
  comments: string[];
  extras: string[];
}
const style = fc.record({
  seqIndent: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
  comments: fc.array(comment, { minLength: 8, maxLength: 8 }),
  extras: fc.array(fc.constantFrom('', '', '', '', '\n', '# between\n', '      # deeper\n', '  # two\n', '\n# after a blank\n', '   \n'), { minLength: 8, maxLength: 8 }),
});

function render(t: Tree, indent: number, s: Style, n = { i: 0 }): string[] {
  const pick = <T>(xs: T[]) => xs[n.i++ % xs.length];
  const pad = ' '.repeat(indent);
  if (t.kind === 'map') {
    const out: string[] = [];
    for (const [key, value] of t.entries) {
      const extra = pick(s.extras);
      if (extra) out.push(...extra.slice(0, -1).split('\n'));
      out.push(...valueLines(`${pad}${key}:`, value, indent, s, n, pick));
    }
    return out;
  }
  if (t.kind === 'seq') {
    const out: string[] = [];
    for (const item of t.items) out.push(...valueLines(`${pad}-`, item, indent, s, n, pick, true));
    return out;
  }
  return [`${pad}${t.kind === 'scalar' ? t.text : t.header}`];
}

function valueLines(head: string, value: Tree, indent: number, s: Style, n: { i: number }, pick: <T>(xs: T[]) => T, dash = false): string[] {
  if (value.kind === 'scalar') {
    // Helm's `toYaml | nindent` writes a flow collection on the line below its key.
    if (/^[[{]/.test(value.text) && pick(s.seqIndent)) return [`${head}${pick(s.comments)}`, `${' '.repeat(indent + 2)}${value.text}`];
    return [`${head} ${value.text}${pick(s.comments)}`];
  }
  if (value.kind === 'block') return [`${head} ${value.header}`, ...value.lines.map((l) => (l ? ' '.repeat(indent + 2) + l : ''))];
  if (dash && value.kind === 'map') {
    // `- key: value`, the map's other keys under the first
    const inner = render(value, indent + 2, s, n);
    return [`${head} ${inner[0].trimStart()}`, ...inner.slice(1)];
  }
  const childIndent = value.kind === 'seq' && !dash && !pick(s.seqIndent) ? indent : indent + 2;
  return [`${head}${pick(s.comments)}`, ...render(value, childIndent, s, n)];
}

/** A workload as repositories write it, with generated parts where its values and extra fields go. */
const workload = fc
  .tuple(
    fc.constantFrom('Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'SecurityGroupPolicy', 'HorizontalPodAutoscaler'),
    fc.constantFrom('2', '"3"', '0x10', '~', '', '1e1', 'two'),
    tree,
    tree,
    style,
    fc.boolean(),
  )
  .map(([kind, replicas, labels, extra, s, containersIndented]) => {
    const containers = containersIndented ? '      containers:\n        - name: app\n          image: web:1\n' : '      containers:\n      - name: app\n        image: web:1\n';
    const body = [
      `apiVersion: apps/v1`,
      `kind: ${kind}`,
      `metadata:`,
      `  name: web`,
      `  namespace: team-a`,
      ...valueLines('  labels:', labels, 2, s, { i: 0 }, (xs) => xs[0]),
      `spec:`,
      `  replicas: ${replicas}`,
      `  template:`,
      `    spec:`,
      `      nodeSelector: {role: sg}`,
      containers.trimEnd(),
      ...render(extra.kind === 'map' ? extra : { kind: 'map', entries: [['extra', extra]] }, 6, s),
    ];
    return body.join('\n') + '\n';
  });

const fileText = fc
  .tuple(fc.array(workload, { minLength: 1, maxLength: 3 }), fc.constantFrom('---\n', '--- \n', '---\n# the next one\n\n'), fc.boolean())
  .map(([docs, separator, leading]) => (leading ? '---\n' : '') + docs.join(separator));

/** Characters whose insertion changes what YAML means. */
const MUTATION_CHARS = ['\t', '&', '*', '!', '{', '}', '[', ']', '|', '>', '"', "'", '#', ':', ' ', '  ', '\n', '-', '- ', '? ', '%', ',', '<<', '\r', 'a', '0', '...'];
const mutation = fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.oneof(fc.constantFrom(...MUTATION_CHARS), fc.constant(null)));

function mutate(text: string, edits: Array<[number, string | null]>): string {
  let out = text;
  for (const [where, insert] of edits) {
    const at = Math.floor(where * out.length);
    out = insert === null ? out.slice(0, at) + out.slice(at + 1) : out.slice(0, at) + insert + out.slice(at);
  }
  return out;
}

function checkPieces(text: string): { pieces: number; read: number } {
  let read = 0;
  const chunks = documentChunks(text);
  for (const { start, end } of chunks) {
    const piece = text.slice(start, end);
    const doc = fastReadDocument(piece, OPTIONS);
    if (!doc) continue;
    read++;
    assert.deepEqual(problems(piece, doc), [], JSON.stringify(piece));
  }
  return { pieces: chunks.length, read };
}

test('the line reader reads generated manifests into the trees the yaml parser builds, or leaves them to it', () => {
  let pieces = 0;
  let read = 0;
  fc.assert(
    fc.property(fileText, (text) => {
      const r = checkPieces(text);
      pieces += r.pieces;
      read += r.read;
    }),
    runs(300),
  );
  assert.ok(read > pieces * 0.3, `the line reader read only ${read} of ${pieces} generated pieces: the generators miss it`);
});

test('the line reader reads mutated manifests (tabs, anchors, flows, quotes, comments, colons inserted or deleted) as the yaml parser does, or not at all', () => {
  let read = 0;
  fc.assert(
    fc.property(fileText, fc.array(mutation, { minLength: 1, maxLength: 4 }), (text, edits) => {
      read += checkPieces(mutate(text, edits)).read;
    }),
    runs(600),
  );
  assert.ok(read > 100, `only ${read} mutated pieces were read by the line reader`);
});

test('the line reader on the shapes that decide ranges: deeper comments go to the value before them, trailing lines to the innermost collection that keeps them', () => {
  const cases = [
    'a: 1\n    # deeper: the value takes it\nb: 2\n',
    'a:\n  b: 1\n  # same column: the next key takes it\n  c: 2\n',
    'a:\n  b: 1\n  # kept by the inner map\nc: 2\n',
    'a:\n  b: 1\n# column 0: goes up\nc: 2\n',
    'a:\n  - b: 1\n    # kept by the item map\n\n  - c\n  # the sequence keeps it\nd: 1\n',
    'a:\n- x\n\n  # deeper after a blank: x takes both\n- y\n',
    'a:\n  b: |\n    text\n\n     # more indented: text\n  # w\nc: 1\n',
    'k: v\n\n\n',
    'a:\n  b:\n    {}\n  c:\n      [x, y]  # c\nd: 1\n',
    '---\n# lead\n\na:\n  b:\n\nc: [a, "b" , {e: f}]  # c\nd: "x\\ty"\ne: \'it\'\'s\'\nf:   \ng: >-\n  folded\n  lines\n',
  ];
  for (const text of cases) {
    const doc = fastReadDocument(text, OPTIONS);
    assert.ok(doc, `not read: ${JSON.stringify(text)}`);
    assert.deepEqual(problems(text, doc), [], JSON.stringify(text));
  }
  for (const text of [
    'a: &x 1\n',
    'a: *x\n',
    'a: !!str 1\n',
    '? a\n: b\n',
    '%YAML 1.2\n---\na: 1\n',
    'a: b\n  c\n',
    'a: "open\n  close"\n',
    'a: 1\na: 2\n',
    '<<: {a: 1}\n',
    'a:\tb\n',
    'a: {{ .Values.x }}\n',
    'a: [\n  b]\n',
    '- a\n',
    'a: 1\r\n',
    '...  apiVersion: apps/v1\nkind: Deployment\n',
    'a: 1\n... b: 2\n',
    'a: 1\n---x: 2\n',
  ]) {
    assert.equal(fastReadDocument(text, OPTIONS), undefined, JSON.stringify(text));
  }
});

const facts = (file: string, text: string, fastRead: boolean) => toParsedFacts(parseSource({ file, text }, undefined, { fastRead }));

test('facts read with the line reader equal those read by the yaml parser: objects, workloads, policies, every range', () => {
  let objects = 0;
  fc.assert(
    fc.property(fileText, fc.array(mutation, { maxLength: 2 }), (text, edits) => {
      const mutated = mutate(text, edits);
      const on = facts('file:///w.yaml', mutated, true);
      const off = facts('file:///w.yaml', mutated, false);
      assert.ok(isDeepStrictEqual(on, off), JSON.stringify(mutated));
      objects += on.parts.reduce((n, p) => n + p.objects.length, 0);
    }),
    runs(200),
  );
  assert.ok(objects > 100, `only ${objects} objects were read`);
});

test('check --format json prints byte-identical findings with the line reader on and off (examples, fixtures, the hostile corpus)', () => {
  for (const dir of ['examples', 'test/fixtures', 'test/reliability/corpus']) {
    const on = runCli(['check', dir, '--format', 'json'], { env: { ...process.env, ENI_LENS_FAST_READ: '1' } });
    const off = runCli(['check', dir, '--format', 'json'], { env: { ...process.env, ENI_LENS_FAST_READ: '0' } });
    assert.equal(on.stderr, off.stderr, dir);
    assert.equal(on.code, off.code, dir);
    assert.equal(on.stdout, off.stdout, dir);
    if (dir === 'examples') assert.ok(JSON.parse(on.stdout).findings.length > 5);
  }
});

test('parseSource reads a plain Deployment with the line reader unless told not to, and reads the same objects either way', () => {
  const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels: {app: web}\nspec:\n  replicas: 3\n';
  const pairOf = (fastRead?: boolean) => {
    const [doc] = parseSource({ file: 'file:///d.yaml', text }, undefined, fastRead === undefined ? {} : { fastRead }).documents;
    return (doc.reader.doc.contents as { items: object[] }).items[0];
  };
  // The reader's pairs have a prototype of their own under Pair's; the parser's are plain Pairs.
  assert.notEqual(Object.getPrototypeOf(pairOf()), Pair.prototype);
  assert.ok(pairOf() instanceof Pair);
  assert.equal(Object.getPrototypeOf(pairOf(false)), Pair.prototype);
  const on = facts('file:///d.yaml', text, true).parts[0].objects[0];
  const off = facts('file:///d.yaml', text, false).parts[0].objects[0];
  assert.deepEqual(
    [on.kind, on.name, on.labels, on.nameRange],
    ['Deployment', 'web', new Map([['app', 'web']]), { start: { line: 3, character: 8 }, end: { line: 3, character: 11 } }],
  );
  assert.deepEqual(on, off);
});

/** `helm template` output: `# Source:` comments, quoted labels, `{}` on the line below its key. */
const HELM_OUTPUT = `---
# Source: web/templates/serviceaccount.yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: release-web
  labels:
    helm.sh/chart: web-0.1.0
    app.kubernetes.io/version: "1.16.0"
    app.kubernetes.io/managed-by: Helm
---
# Source: web/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: release-web
spec:
  replicas: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: web
  template:
    metadata:
      labels:
        app.kubernetes.io/name: web
    spec:
      serviceAccountName: release-web
      securityContext:
        {}
      containers:
        - name: web
          securityContext:
            {}
          image: "nginx:1.16.0"
          ports:
            - name: http
              containerPort: 80
              protocol: TCP
          resources:
            {}
`;

/** `kubectl get deployment -o yaml`: sequences at their key's column, a JSON block scalar, `null`, status. */
const KUBECTL_OUTPUT = `apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    deployment.kubernetes.io/revision: "3"
    kubectl.kubernetes.io/last-applied-configuration: |
      {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},"name":"web","namespace":"shop"}}
  creationTimestamp: "2024-05-01T10:00:00Z"
  generation: 3
  name: web
  namespace: shop
spec:
  progressDeadlineSeconds: 600
  replicas: 3
  strategy:
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 25%
    type: RollingUpdate
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: web
    spec:
      containers:
      - image: nginx:1.25
        name: web
        ports:
        - containerPort: 80
          protocol: TCP
        resources: {}
      nodeSelector:
        node.kubernetes.io/instance-type: r6g.medium
status:
  conditions:
  - lastTransitionTime: "2024-05-01T10:00:05Z"
    message: Deployment has minimum availability.
    status: "True"
    type: Available
`;

test('helm template and kubectl get -o yaml output are read by the line reader, into the trees the parser builds', () => {
  for (const text of [HELM_OUTPUT, KUBECTL_OUTPUT]) {
    const r = checkPieces(text);
    assert.deepEqual([r.read, r.pieces], [r.pieces, r.pieces], 'every piece read');
  }
  const [web] = facts('file:///k.yaml', KUBECTL_OUTPUT, true).parts[0].workloads;
  assert.deepEqual([web.replicas.value, web.replicas.range], [3, { start: { line: 13, character: 12 }, end: { line: 13, character: 13 } }]);
});
