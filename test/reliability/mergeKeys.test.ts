// YAML merge keys (`<<: *anchor`), which Kubernetes' YAML reader (go-yaml, YAML 1.1) honours: labels,
// node selectors and pool settings merged in are read, own keys win over merged ones, and merge bombs stay bounded.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, defaultConfig, parseConfig } from '../../shared';
import { at } from '../helpers/analyze';

const POLICY = `apiVersion: vpcresources.k8s.aws/v1beta1
kind: SecurityGroupPolicy
metadata: {name: web}
spec:
  podSelector:
    matchLabels: {app: web}
  securityGroups:
    groupIds: [sg-0123456789abcdef0]
`;

test('merged labels and node selector are read: the Deployment is judged, the finding on the merged-in value', () => {
  const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: &labels {app: web, tier: "front"}
spec:
  replicas: 6
  template:
    metadata:
      labels:
        <<: *labels
        tier: back
    spec:
      nodeSelector:
        <<: [&pin {node.kubernetes.io/instance-type: r6g.medium}, {node.kubernetes.io/instance-type: m5.large}]
`;
  const analysis = analyze(
    [
      { file: 'd.yaml', text },
      { file: 'p.yaml', text: POLICY },
    ],
    defaultConfig(),
  );
  assert.deepEqual(
    analysis.findings.map((f) => [f.file, f.rule, ...at(f)]),
    [['d.yaml', 'branch-eni-capacity', 14, 53, 63]],
  );
  const w = analysis.model.workloads[0];
  assert.deepEqual(
    [...w.workload.template.labels],
    [
      ['tier', 'back'],
      ['app', 'web'],
    ],
    'own keys win over merged ones',
  );
});

test('a .eni-lens.yaml pool built from an anchor with <<: reads the merged keys', () => {
  const { config, errors } = parseConfig('nodePools:\n  - &pool {name: base, instanceType: r6g.large, nodes: 2}\n  - <<: *pool\n    name: sg\n    nodes: 3\n', '.eni-lens.yaml');
  assert.deepEqual(
    errors.map((e) => e.message),
    [],
  );
  assert.deepEqual(
    config.nodePools.map((p) => [p.name, p.instanceTypes.map((t) => t.value), p.nodes]),
    [
      ['base', ['r6g.large'], 2],
      ['sg', ['r6g.large'], 3],
    ],
  );
});

test('a merge bomb (each level merging ten copies of the last: 10^9 pairs) is bounded', { timeout: 60_000 }, () => {
  const levels = Array.from({ length: 9 }, (_, i) => `l${i + 1}: &l${i + 1} {<<: [${Array(10).fill(`*l${i}`).join(', ')}], k${i + 1}: v}`);
  const text = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: bomb}\nx: {l0: &l0 {a: b}}\n${levels.join('\n')}\nspec:\n  template:\n    metadata:\n      labels: {<<: *l9}\n    spec:\n      containers: [{name: app}]\n`;
  const analysis = analyze([{ file: 'bomb.yaml', text }], defaultConfig());
  assert.equal(analysis.model.workloads.length, 1);
  assert.ok(analysis.model.workloads[0].workload.template.labels.size <= 10_000, 'the merged labels are capped');
});
