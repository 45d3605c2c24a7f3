// A finding whose demand an HPA sets (maxReplicas above replicas) points at that maxReplicas, with the
// workload as a related location; suppression by the workload's annotation or a comment there still works.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { at, deployment, findingsFor, policy } from '../helpers/analyze';

const CONFIG = 'nodePools:\n  - name: sg\n    instanceType: r6g.medium\n    nodes: 1\n';

function hpa(target: string, maxReplicas: number, comment = ''): string {
  return [
    'apiVersion: autoscaling/v2',
    'kind: HorizontalPodAutoscaler',
    'metadata:',
    `  name: ${target}`,
    '  namespace: default',
    'spec:',
    '  scaleTargetRef:',
    '    apiVersion: apps/v1',
    '    kind: Deployment',
    `    name: ${target}`,
    '  minReplicas: 2',
    ...(comment ? [comment] : []),
    `  maxReplicas: ${maxReplicas}`,
    '',
  ].join('\n');
}

const APP = deployment({ name: 'payments', replicas: 2, instanceType: 'r6g.medium' });
const POLICY = policy({ name: 'payments-sg', podLabels: { app: 'payments' } });

test('the HPA sets the demand: the finding is on its maxReplicas; the workload (its pinned type) is related; the fix still resizes', () => {
  const [f, ...rest] = findingsFor({ 'app.yaml': APP, 'hpa.yaml': hpa('payments', 6), 'policy.yaml': POLICY }, CONFIG);
  assert.deepEqual(rest, []);
  assert.equal(f.rule, 'branch-eni-capacity');
  assert.equal(f.file, 'hpa.yaml');
  assert.deepEqual(at(f), [11, 15, 16]);
  assert.deepEqual(f.object, { kind: 'Deployment', namespace: 'default', name: 'payments' });
  assert.deepEqual(f.related[0], {
    file: 'app.yaml',
    range: { start: { line: 13, character: 42 }, end: { line: 13, character: 52 } },
    message: 'Deployment default/payments runs these pods (HorizontalPodAutoscaler payments maxReplicas: 6)',
  });
  assert.deepEqual(
    f.related.slice(1).map((r) => r.file),
    ['policy.yaml', 'cluster/.eni-lens.yaml'],
  );
  assert.match(f.detail!, /This Deployment runs 6 pods \(HorizontalPodAutoscaler payments maxReplicas: 6\)/);
  assert.deepEqual(
    f.fixes[0].edits.map((e) => [e.file, e.range.start.line, e.newText]),
    [
      ['app.yaml', 13, 'r6g.large'],
      ['cluster/.eni-lens.yaml', 2, 'r6g.large'],
    ],
  );
});

test('an HPA in the same file as its workload: still on maxReplicas, the workload still related', () => {
  const [f] = findingsFor({ 'app.yaml': `${APP}---\n${hpa('payments', 6)}`, 'policy.yaml': POLICY }, CONFIG);
  const hpaStart = APP.split('\n').length; // the line after `---`
  assert.equal(f.file, 'app.yaml');
  assert.deepEqual(at(f), [hpaStart + 11, 15, 16]);
  assert.deepEqual(at(f.related[0]), [13, 42, 52]);
  assert.equal(f.related[0].file, 'app.yaml');
});

test('an HPA that does not raise the demand (maxReplicas ≤ replicas) leaves the finding on the workload, nothing extra related', () => {
  const app = deployment({ name: 'payments', replicas: 6, instanceType: 'r6g.medium' });
  const [f] = findingsFor({ 'app.yaml': app, 'hpa.yaml': hpa('payments', 5), 'policy.yaml': POLICY }, CONFIG);
  assert.equal(f.file, 'app.yaml');
  assert.deepEqual(at(f), [13, 42, 52]);
  assert.deepEqual(
    f.related.map((r) => r.file),
    ['policy.yaml', 'cluster/.eni-lens.yaml'],
  );
});

test('the workload’s ignore annotation and a disable comment above maxReplicas silence the HPA-anchored finding', () => {
  const annotated = APP.replace('  name: payments\n', '  name: payments\n  annotations:\n    eni-lens.io/ignore: branch-eni-capacity\n');
  assert.deepEqual(findingsFor({ 'app.yaml': annotated, 'hpa.yaml': hpa('payments', 6), 'policy.yaml': POLICY }, CONFIG), []);
  const otherRule = APP.replace('  name: payments\n', '  name: payments\n  annotations:\n    eni-lens.io/ignore: max-pods\n');
  assert.equal(findingsFor({ 'app.yaml': otherRule, 'hpa.yaml': hpa('payments', 6), 'policy.yaml': POLICY }, CONFIG).length, 1);
  const commented = hpa('payments', 6, '  # eni-lens-disable-next-line branch-eni-capacity -- scales only in the day');
  assert.deepEqual(findingsFor({ 'app.yaml': APP, 'hpa.yaml': commented, 'policy.yaml': POLICY }, CONFIG), []);
});

test('branch-eni-unsupported does not depend on how many pods: it stays on the pinned type', () => {
  const app = deployment({ name: 'payments', replicas: 2, instanceType: 't3.large' });
  const [f] = findingsFor({ 'app.yaml': app, 'hpa.yaml': hpa('payments', 6), 'policy.yaml': POLICY });
  assert.equal(f.rule, 'branch-eni-unsupported');
  assert.equal(f.file, 'app.yaml');
  assert.deepEqual(at(f), [13, 42, 50]);
});
