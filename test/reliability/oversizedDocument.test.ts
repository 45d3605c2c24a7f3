// One document above what Kubernetes stores for an object (etcd takes requests of at most 1.5 MiB) is not
// parsed: a 3.8 MB flow sequence costs the YAML parser over 30 s and 1.6 GB, on every keystroke. The other
// documents of the file are read as usual.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, defaultConfig, parseSource } from '../../shared';
import { at, deployment, policy } from '../helpers/analyze';

const WEB = `${deployment({ name: 'web', replicas: 6, instanceType: 'r6g.medium' })}---\n${policy({ name: 'web', podLabels: { app: 'web' } })}`;
const HUGE = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: huge}\ndata: [${Array(1_000_000).fill('1').join(', ')}]\n`;

test('a document above 1.5 MiB is one info finding at its first line, not parsed; the rest of the file is judged', { timeout: 60_000 }, () => {
  const text = `${WEB}---\n${HUGE}`;
  const findings = analyze([{ file: 'f.yaml', text }], defaultConfig()).findings;
  const hugeLine = text.slice(0, text.indexOf('apiVersion: v1\nkind: ConfigMap')).split('\n').length - 1;
  assert.deepEqual(
    findings.map((f) => [f.rule, f.severity, ...at(f), f.message]),
    [
      ['branch-eni-capacity', 'error', ...at(findings[0]), findings[0].message],
      ['template-skipped', 'info', hugeLine, 0, 0, 'Skipped the document at line ' + (hugeLine + 1) + ' (2.9 MB): above the 1.5 MiB Kubernetes accepts for one object'],
    ],
  );
  assert.equal(findings[0].rule, 'branch-eni-capacity');
});

test('a keystroke in the small document of such a file re-parses without touching the large one', { timeout: 60_000 }, () => {
  const text = `${WEB}---\n${HUGE}`;
  const first = parseSource({ file: 'f.yaml', text });
  const edited = parseSource({ file: 'f.yaml', text: text.replace('replicas: 6', 'replicas: 7') }, first);
  assert.equal(edited.documents.length, 2);
  assert.deepEqual(
    edited.findings.map((f) => f.rule),
    ['template-skipped'],
  );
});
