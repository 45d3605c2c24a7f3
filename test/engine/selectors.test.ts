import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultConfig, parseSource } from '../../shared';
import { buildClusterModel } from '../../shared/model/cluster';
import { deployment, findingsFor, ofRule } from '../helpers/analyze';

const SA = (name: string, labels: string) => `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n  namespace: default\n  labels: ${labels}\n`;
const policyWith = (spec: string, namespace = 'default') =>
  `apiVersion: vpcresources.k8s.aws/v1beta1\nkind: SecurityGroupPolicy\nmetadata:\n  name: p\n  namespace: ${namespace}\nspec:\n${spec}\n  securityGroups:\n    groupIds: [sg-1]\n`;
/** 6 replicas on one r6g.medium: a branch-eni-capacity error exactly when the policy matches. */
const matches = (spec: string, extra: Record<string, string> = {}, labels: Record<string, string> = { app: 'web', tier: 'api' }, namespace?: string) =>
  ofRule(
    findingsFor({
      'a.yaml': deployment({ name: 'web', replicas: 6, instanceType: 'r6g.medium', labels, serviceAccount: 'web-sa' }),
      'p.yaml': policyWith(spec, namespace),
      ...extra,
    }),
    'branch-eni-capacity',
  ).length === 1;

test('podSelector: matchLabels and every matchExpressions operator', () => {
  assert.equal(matches('  podSelector:\n    matchLabels: {app: web}'), true);
  assert.equal(matches('  podSelector:\n    matchLabels: {app: web, tier: db}'), false);
  assert.equal(matches('  podSelector:\n    matchExpressions: [{key: tier, operator: In, values: [api, web]}]'), true);
  assert.equal(matches('  podSelector:\n    matchExpressions: [{key: tier, operator: NotIn, values: [api]}]'), false);
  assert.equal(matches('  podSelector:\n    matchExpressions: [{key: tier, operator: Exists}]'), true);
  assert.equal(matches('  podSelector:\n    matchExpressions: [{key: tier, operator: DoesNotExist}]'), false);
  assert.equal(matches('  podSelector:\n    matchExpressions: [{key: absent, operator: DoesNotExist}, {key: app, operator: In, values: [web]}]'), true);
  assert.equal(matches('  podSelector: {}'), true, 'an empty selector selects every pod of the namespace');
});

test('policies only select pods of their own namespace', () => {
  assert.equal(matches('  podSelector: {}', {}, undefined, 'other'), false);
});

test("serviceAccountSelector reads the labels of the pod's ServiceAccount object, and both selectors must match", () => {
  assert.equal(matches('  serviceAccountSelector:\n    matchLabels: {sg: "yes"}', { 'sa.yaml': SA('web-sa', '{sg: "yes"}') }), true);
  assert.equal(matches('  serviceAccountSelector:\n    matchLabels: {sg: "yes"}', { 'sa.yaml': SA('web-sa', '{sg: "no"}') }), false);
  assert.equal(matches('  serviceAccountSelector:\n    matchLabels: {sg: "yes"}', { 'sa.yaml': SA('other', '{sg: "yes"}') }), false);
  assert.equal(matches('  serviceAccountSelector:\n    matchLabels: {sg: "yes"}'), false, 'no ServiceAccount object: no labels');
  assert.equal(matches('  podSelector:\n    matchLabels: {app: db}\n  serviceAccountSelector:\n    matchLabels: {sg: "yes"}', { 'sa.yaml': SA('web-sa', '{sg: "yes"}') }), false);
});

test('hostNetwork, Windows and Fargate pods get no branch ENI', () => {
  const model = (podSpecExtra: string, labels: Record<string, string> = { app: 'web' }) => {
    const text = deployment({ name: 'web', replicas: 6, instanceType: 'r6g.medium', labels, podSpecExtra });
    const sources = [parseSource({ file: 'a.yaml', text }), parseSource({ file: 'p.yaml', text: policyWith('  podSelector: {matchLabels: {app: web}}') })];
    return buildClusterModel(sources, defaultConfig()).workloads[0];
  };
  assert.equal(model('').branchEni.needed, true);
  assert.deepEqual([model('      hostNetwork: true').branchEni.needed, model('      hostNetwork: true').branchEni.exemptBecause], [false, 'it uses hostNetwork']);
  const windows = model('').workload.template.windows; // the seed pod is Linux
  assert.equal(windows, false);
  const win = deployment({ name: 'web', replicas: 6, labels: { app: 'web' }, podSpecExtra: '      nodeSelector:\n        kubernetes.io/os: windows' });
  const winModel = buildClusterModel(
    [parseSource({ file: 'a.yaml', text: win }), parseSource({ file: 'p.yaml', text: policyWith('  podSelector: {matchLabels: {app: web}}') })],
    defaultConfig(),
  ).workloads[0];
  assert.deepEqual([winModel.branchEni.needed, winModel.branchEni.exemptBecause], [false, 'it runs on Windows nodes']);
  const fargate = model('', { app: 'web', 'eks.amazonaws.com/fargate-profile': 'fp' });
  assert.deepEqual([fargate.branchEni.needed, fargate.placement.kind], [false, 'fargate']);
  const run = (podSpecExtra: string, labels: Record<string, string> = { app: 'web' }) =>
    findingsFor({
      'a.yaml': deployment({ name: 'web', replicas: 6, instanceType: 'r6g.medium', labels, podSpecExtra }),
      'p.yaml': policyWith('  podSelector: {matchLabels: {app: web}}'),
    });
  assert.deepEqual(ofRule(run('      hostNetwork: true'), 'branch-eni-capacity'), []);
  assert.deepEqual(ofRule(run('      tolerations: []'), 'branch-eni-capacity').length, 1);
});

test('required node affinity pins instance types (terms ORed), and NotIn/Gt narrow pools', () => {
  const affinity = (expr: string) =>
    deployment({ name: 'web', replicas: 6, labels: { app: 'web' } }).replace(
      '      containers:',
      `      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms:\n${expr}\n      containers:`,
    );
  const p = policyWith('  podSelector: {matchLabels: {app: web}}');
  // Two assumed r6g.medium/r6g.large nodes: 4 + 9 = 13 branch ENIs for 6 pods.
  const both = findingsFor({
    'a.yaml': affinity('              - matchExpressions: [{key: node.kubernetes.io/instance-type, operator: In, values: [r6g.medium, r6g.large]}]'),
    'p.yaml': p,
  });
  assert.deepEqual(ofRule(both, 'branch-eni-capacity'), []);
  const one = findingsFor({ 'a.yaml': affinity('              - matchExpressions: [{key: node.kubernetes.io/instance-type, operator: In, values: [r6g.medium]}]'), 'p.yaml': p });
  const [f] = ofRule(one, 'branch-eni-capacity');
  assert.deepEqual([f.range.start.line, f.range.start.character, f.range.end.character], [16, 98, 108]);
  const config = 'nodePools:\n  - {name: a, instanceType: r6g.medium, nodes: 1, labels: {size: "1"}}\n  - {name: b, instanceType: r6g.large, nodes: 1, labels: {size: "2"}}\n';
  const gt = findingsFor({ 'a.yaml': affinity('              - matchExpressions: [{key: size, operator: Gt, values: ["1"]}]'), 'p.yaml': p }, config);
  assert.deepEqual(ofRule(gt, 'branch-eni-capacity'), [], 'Gt 1 leaves the r6g.large pool: 9 ≥ 6');
  const notIn = findingsFor({ 'a.yaml': affinity('              - matchExpressions: [{key: size, operator: NotIn, values: ["2"]}]'), 'p.yaml': p }, config);
  assert.equal(ofRule(notIn, 'branch-eni-capacity').length, 1, 'NotIn 2 leaves the r6g.medium pool: 4 < 6');
});
