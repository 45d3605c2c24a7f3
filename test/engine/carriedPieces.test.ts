// Property: a file of many documents read closed (its trees let go of, as the server does for closed files),
// then edited in any way, re-closed at times, gives after each edit what a from-scratch analysis of its
// text gives: findings, workload models, and every object's ranges (those of the pieces carried over without
// parsing must be where their text is now, their trees read again from the new text).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { analyzeParsed, parseConfig, parseSource, type Analysis, type ParsedSource } from '../../shared';
import { IncrementalAnalyzer } from '../../shared/incremental/incrementalAnalyzer';
import { documentFactsOf, releaseTrees } from '../../shared/model/fileFacts';
import { CONFIG_PATH } from '../helpers/analyze';

const FILE = 'cluster/apps.yaml';
const STRESS = process.env.ENI_LENS_STRESS === '1';

type Doc = { kind: 'Deployment'; name: number; replicas: number; app: string } | { kind: 'HPA'; target: number; max: number } | { kind: 'SGP'; app: string };

function render(d: Doc, blank: boolean): string {
  const gap = blank ? '\n' : '';
  if (d.kind === 'Deployment')
    return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app${d.name}\n${gap}spec:\n  replicas: ${d.replicas}\n  template:\n    metadata:\n      labels:\n        app: ${d.app}\n    spec:\n      containers: [{name: app}]\n`;
  if (d.kind === 'HPA')
    return `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: hpa${d.target}\n${gap}spec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: app${d.target}}\n  maxReplicas: ${d.max}\n`;
  return `apiVersion: vpcresources.k8s.aws/v1beta1\nkind: SecurityGroupPolicy\nmetadata:\n  name: sgp-${d.app}\n${gap}spec:\n  podSelector:\n    matchLabels: {app: ${d.app}}\n  securityGroups:\n    groupIds: [sg-0123456789abcdef0]\n`;
}

const doc: fc.Arbitrary<Doc> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('Deployment' as const), name: fc.nat({ max: 90 }), replicas: fc.nat({ max: 9 }), app: fc.constantFrom('web', 'db') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('HPA' as const), target: fc.nat({ max: 90 }), max: fc.integer({ min: 1, max: 20 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('SGP' as const), app: fc.constantFrom('web', 'db') }) },
);
type Edit = { op: 'replace'; at: number; doc: Doc } | { op: 'blank'; at: number } | { op: 'insert'; at: number; doc: Doc } | { op: 'remove'; at: number } | { op: 'close' };
const at = fc.nat({ max: 200 });
const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('replace' as const), at, doc }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('blank' as const), at }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('insert' as const), at, doc }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('remove' as const), at }) },
  { weight: 2, arbitrary: fc.constant({ op: 'close' as const }) },
);

const summary = (a: Analysis) => ({
  findings: a.findings,
  workloads: a.model.workloads.map((w) => [w.workload.object.name, w.pods, w.podsRange, w.branchEni.needed, w.autoscaler?.object.nameRange]),
  objects: a.model.objects.map((o) => [o.kind, o.name, o.nameRange, o.place, o.reader.range(o.root)]),
});

test('a file of many documents read closed, then edited and closed again in any order, analyses as from scratch', () => {
  const { config, errors } = parseConfig('nodePools:\n  - {name: sg, instanceType: r6g.medium, nodes: 2}\n', CONFIG_PATH);
  assert.deepEqual(errors, []);
  let carried = 0;
  fc.assert(
    fc.property(fc.array(doc, { minLength: 70, maxLength: 90 }), fc.array(edit, { minLength: 1, maxLength: 8 }), (initial, edits) => {
      const docs = [...initial];
      const blanks = new Set<number>();
      const text = () => docs.map((d, i) => render(d, blanks.has(i))).join('---\n');
      const incremental = new IncrementalAnalyzer();
      let source: ParsedSource = parseSource({ file: FILE, text: text() });
      incremental.analyze([source], config);
      releaseTrees(source);
      for (const e of edits) {
        const i = e.op === 'close' ? 0 : e.at % docs.length;
        if (e.op === 'close') {
          releaseTrees(source);
          continue;
        }
        if (e.op === 'replace') docs[i] = e.doc;
        if (e.op === 'blank') {
          if (!blanks.delete(i)) blanks.add(i);
        }
        if (e.op === 'insert' || e.op === 'remove') {
          // Documents after the place change their numbers: the blank lines stay with their documents.
          const moved = [...blanks].map((b) => (b < i ? b : e.op === 'insert' ? b + 1 : b === i ? -1 : b - 1)).filter((b) => b >= 0);
          blanks.clear();
          moved.forEach((b) => blanks.add(b));
          if (e.op === 'insert') docs.splice(i, 0, e.doc);
          else if (docs.length > 1) docs.splice(i, 1);
        }
        const before = source;
        source = parseSource({ file: FILE, text: text() }, before);
        if (source.documents.length < documentFactsOf(source).length) carried++;
        const got = incremental.analyze([source], config);
        assert.deepEqual(summary(got), summary(analyzeParsed([parseSource({ file: FILE, text: source.text })], config)), `after ${e.op} at ${i}`);
      }
    }),
    { seed: process.env.SEED ? Number(process.env.SEED) : STRESS ? Date.now() : 20261201, numRuns: STRESS ? 300 : 40, includeErrorInReport: true },
  );
  assert.ok(carried >= 40, `only ${carried} parses carried pieces over`);
});

test('typing in a file read closed lets go of its earlier parses once their objects’ trees were read again', async () => {
  const { setFlagsFromString } = await import('node:v8');
  const { runInNewContext } = await import('node:vm');
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const text = (edited: number) => Array.from({ length: 80 }, (_, i) => render({ kind: 'Deployment', name: i, replicas: i === edited ? 7 : 1, app: 'web' }, false)).join('---\n');
  let previous = parseSource({ file: FILE, text: text(-1) });
  documentFactsOf(previous);
  releaseTrees(previous);
  const earlier: Array<WeakRef<ParsedSource>> = [];
  for (let k = 0; k < 6; k++) {
    const source = parseSource({ file: FILE, text: text(10 + k) }, previous);
    // What a finding's extent or a hover does: the carried objects' trees are read again from this text.
    for (const f of documentFactsOf(source)) for (const o of f.objects) assert.ok(o.reader.range(o.root));
    earlier.push(new WeakRef(previous));
    previous = source;
  }
  // A compile job holds the context of a closure it optimizes (one over a parse: `source` in fileFacts.ts) for
  // as long as it runs, seen in heap snapshots as a handle-scope root: a few rounds let such jobs finish,
  // while anything that really keeps an earlier parse alive still does.
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  for (let round = 0; round < 20 && earlier.some((r) => r.deref() !== undefined); round++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    gc();
  }
  assert.deepEqual(
    earlier.map((r) => r.deref() === undefined),
    earlier.map(() => true),
    'no earlier parse (its text, its line starts) is kept alive by the objects the last one carries',
  );
  assert.equal(documentFactsOf(previous).length, 80);
});

test('a lone carriage return typed in the middle of a file read closed moves the pieces below by the line it makes', () => {
  const { config } = parseConfig('nodePools:\n  - {name: sg, instanceType: r6g.medium, nodes: 2}\n', CONFIG_PATH);
  const docs = Array.from({ length: 80 }, (_, i) => render({ kind: 'Deployment', name: i, replicas: 1, app: 'web' }, false));
  const closed = parseSource({ file: FILE, text: docs.join('---\n') });
  documentFactsOf(closed);
  releaseTrees(closed);
  // `replicas: 1` becomes `replicas: 1` and `# x` on a line of its own, ended by a lone CR (a line end to YAML and LSP).
  docs[40] = docs[40].replace('  replicas: 1\n', '  replicas: 1\r# x\n');
  const text = docs.join('---\n');
  const typed = parseSource({ file: FILE, text }, closed);
  assert.deepEqual(summary(new IncrementalAnalyzer().analyze([typed], config)), summary(analyzeParsed([parseSource({ file: FILE, text })], config)));
  assert.equal(documentFactsOf(typed)[79].objects[0].nameRange.start.line, documentFactsOf(parseSource({ file: FILE, text }))[79].objects[0].nameRange.start.line);
});
