import assert from 'node:assert/strict';
import { test } from 'node:test';
import { at, CONFIG_PATH, deployment, findingsFor, ofRule, policy } from '../helpers/analyze';

const VALUE = (type: string): [number, number, number] => [13, 42, 42 + type.length]; // the nodeSelector value in deployment()

test('6 pods needing branch ENIs on an assumed r6g.medium node: one error on the instance-type value', () => {
  const findings = findingsFor({
    'app.yaml': deployment({ name: 'payments', replicas: 6, instanceType: 'r6g.medium' }),
    'sgp.yaml': policy({ name: 'payments-sg', podLabels: { app: 'payments' } }),
  });
  assert.equal(findings.length, 1);
  const [f] = findings;
  assert.equal(f.rule, 'branch-eni-capacity');
  assert.equal(f.severity, 'error');
  assert.equal(f.file, 'app.yaml');
  assert.deepEqual(at(f), VALUE('r6g.medium'));
  assert.deepEqual(f.object, { kind: 'Deployment', namespace: 'default', name: 'payments' });
  assert.match(f.detail!, /6 needed, but the nodes they can reach hold 4 branch ENIs/);
  assert.match(f.detail!, /1 × r6g\.medium \(assumed: no node pool declares r6g\.medium, so assumeNodes: 1 is used\)/);
  assert.match(f.detail!, /selected by SecurityGroupPolicy default\/payments-sg/);
  assert.match(f.detail!, /2 will stay Pending with "Insufficient vpc\.amazonaws\.com\/pod-eni"/);
  assert.doesNotMatch(f.message, /Prefix delegation/);
  assert.deepEqual(
    f.related.map((r) => [r.file, r.range.start.line]),
    [['sgp.yaml', 3]],
  );
  assert.equal(f.fixes[0].title.startsWith('Use r6g.large (9 branch ENIs per node, needs 6)'), true);
  assert.equal(f.fixes[0].preferred, true);
  assert.deepEqual(f.fixes[0].edits, [{ file: 'app.yaml', range: f.range, newText: 'r6g.large' }]);
  assert.equal(f.fixes.length, 2);
  assert.equal(f.fixes[1].edits[0].newText.includes('g'), true, 'the second fix stays on arm64 (Graviton)');
});

test('4 pods fit an r6g.medium exactly; 5 do not', () => {
  const sgp = policy({ name: 'p', podLabels: { app: 'web' } });
  const capacity = (replicas: number) => ofRule(findingsFor({ 'a.yaml': deployment({ name: 'web', replicas, instanceType: 'r6g.medium' }), 's.yaml': sgp }), 'branch-eni-capacity');
  assert.deepEqual(capacity(4), []);
  assert.equal(capacity(5).length, 1);
});

test('prefix delegation does not raise branch ENIs, and the message says so; the fix edits the declared pool too', () => {
  const config = 'prefixDelegation: true\nnodePools:\n  - name: sg\n    instanceType: r6g.medium\n    nodes: 1\n';
  const [f] = findingsFor(
    { 'app.yaml': deployment({ name: 'payments', replicas: 6, instanceType: 'r6g.medium' }), 'sgp.yaml': policy({ name: 'p', podLabels: { app: 'payments' } }) },
    config,
  );
  assert.match(f.detail!, /Prefix delegation is on: it raises the IP addresses \(max pods\) of a node, not its branch ENIs\./);
  assert.match(f.detail!, /1 × r6g\.medium \(node pool 'sg' in \.eni-lens\.yaml\)/);
  assert.deepEqual(
    f.fixes[0].edits.map((e) => [e.file, e.range.start.line, e.range.start.character, e.newText]),
    [
      ['app.yaml', 13, 42, 'r6g.large'],
      [CONFIG_PATH, 3, 18, 'r6g.large'],
    ],
  );
  assert.deepEqual(
    f.related.map((r) => r.file),
    ['sgp.yaml', CONFIG_PATH],
  );
});

test('workloads sharing a pool are judged together and each gets the finding', () => {
  const config = 'nodePools:\n  - name: sg\n    instanceType: r6g.medium\n    nodes: 2\n';
  const files = (a: number, b: number) => ({
    'a.yaml': deployment({ name: 'a', replicas: a, instanceType: 'r6g.medium', labels: { sg: 'yes', app: 'a' } }),
    'b.yaml': deployment({ name: 'b', replicas: b, instanceType: 'r6g.medium', labels: { sg: 'yes', app: 'b' } }),
    's.yaml': policy({ name: 'all', podLabels: { sg: 'yes' } }),
  });
  assert.deepEqual(ofRule(findingsFor(files(4, 4), config), 'branch-eni-capacity'), []);
  const findings = findingsFor(files(5, 4), config);
  assert.deepEqual(
    findings.map((f) => [f.file, f.rule]),
    [
      ['a.yaml', 'branch-eni-capacity'],
      ['b.yaml', 'branch-eni-capacity'],
    ],
  );
  assert.match(findings[0].detail!, /9 needed, but the nodes they can reach hold 8/);
  assert.match(findings[0].detail!, /sharing those nodes: Deployment default\/b 4 pods \(replicas: 4\)/);
  assert.match(findings[1].detail!, /sharing those nodes: Deployment default\/a 5 pods/);
});

test('placement over several pools is one flow problem, not workload by workload', () => {
  const config = [
    'nodePools:',
    '  - {name: pa, instanceType: r6g.medium, nodes: 1, labels: {role: a}}',
    '  - {name: pb, instanceType: r6g.medium, nodes: 1, labels: {role: b}}',
    '',
  ].join('\n');
  const files = (free: number, pinned: number) => ({
    'free.yaml': deployment({ name: 'free', replicas: free, labels: { sg: 'yes', app: 'free' } }),
    'pinned.yaml': deployment({ name: 'pinned', replicas: pinned, labels: { sg: 'yes', app: 'pinned' }, podSpecExtra: '      nodeSelector:\n        role: b' }),
    's.yaml': policy({ name: 'all', podLabels: { sg: 'yes' } }),
  });
  // 4 free pods can all go to pool a while the 4 pinned pods fill pool b.
  assert.deepEqual(ofRule(findingsFor(files(4, 4), config), 'branch-eni-capacity'), []);
  // 5 pinned pods cannot fit pool b whatever the free pods do: only the pinned workload is overcommitted.
  const onlyPinned = ofRule(findingsFor(files(1, 5), config), 'branch-eni-capacity');
  assert.deepEqual(
    onlyPinned.map((f) => f.object?.name),
    ['pinned'],
  );
  assert.match(onlyPinned[0].detail!, /5 needed, but the nodes they can reach hold 4/);
  // 5 + 4 > 8: both are part of the overcommitted set.
  assert.deepEqual(
    ofRule(findingsFor(files(5, 4), config), 'branch-eni-capacity').map((f) => f.object?.name),
    ['free', 'pinned'],
  );
});

test('an HPA takes demand to maxReplicas', () => {
  const hpa = [
    'apiVersion: autoscaling/v2',
    'kind: HorizontalPodAutoscaler',
    'metadata:',
    '  name: web',
    'spec:',
    '  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}',
    '  minReplicas: 2',
    '  maxReplicas: 12',
    '',
  ].join('\n');
  const findings = findingsFor({
    'a.yaml': deployment({ name: 'web', replicas: 2, instanceType: 'r6g.large' }),
    'h.yaml': hpa,
    's.yaml': policy({ name: 'p', podLabels: { app: 'web' } }),
  });
  assert.equal(findings.length, 1);
  assert.match(findings[0].detail!, /12 needed, but the nodes they can reach hold 9/);
  assert.match(findings[0].detail!, /HorizontalPodAutoscaler web maxReplicas: 12/);
});

test('a DaemonSet needing branch ENIs takes one per node of every pool it reaches', () => {
  const config = 'nodePools:\n  - {name: sg, instanceType: r6g.medium, nodes: 2}\n';
  const ds = [
    'apiVersion: apps/v1',
    'kind: DaemonSet',
    'metadata:',
    '  name: agent',
    'spec:',
    '  template:',
    '    metadata:',
    '      labels: {sg: "yes"}',
    '    spec:',
    '      containers: [{name: a, image: x}]',
    '',
  ].join('\n');
  const files = (replicas: number) => ({
    'ds.yaml': ds,
    'a.yaml': deployment({ name: 'web', replicas, labels: { sg: 'yes' } }),
    's.yaml': policy({ name: 'p', podLabels: { sg: 'yes' } }),
  });
  assert.deepEqual(ofRule(findingsFor(files(6), config), 'branch-eni-capacity'), []);
  const findings = findingsFor(files(7), config);
  assert.deepEqual(
    findings.map((f) => f.object?.name),
    ['web', 'agent'],
  );
  assert.match(findings[0].detail!, /9 needed, but the nodes they can reach hold 8/);
  assert.match(findings[0].detail!, /DaemonSet default\/agent one pod on every node it can reach/);
});

test('pods whose placement is unknown are not judged', () => {
  const findings = findingsFor({
    'a.yaml': deployment({ name: 'web', replicas: 50 }),
    's.yaml': policy({ name: 'p', podLabels: { app: 'web' } }),
  });
  assert.deepEqual(findings, []);
});
