import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, parseConfig } from '../../shared';
import { hoverAt } from '../../shared/explain/hover';
import { glob } from '../../shared/k8s/fargate';
import { at, deployment, findingsFor, ofRule, policy } from '../helpers/analyze';

// eksctl's Fargate example shape: a profile for a namespace, another with a label selector.
const cluster = (profiles: string[]) =>
  [
    'apiVersion: eksctl.io/v1alpha5',
    'kind: ClusterConfig',
    'metadata: {name: shop, region: eu-west-1}',
    'managedNodeGroups:',
    '  - name: ng',
    '    instanceType: r6g.medium',
    '    desiredCapacity: 2',
    'fargateProfiles:',
    ...profiles,
    '',
  ].join('\n');
const DEFAULT_NS = ['  - name: fp-default', '    selectors:', '      - namespace: default'];
const LABELLED = ['  - name: fp-batch', '    selectors:', '      - namespace: jobs', '        labels: {compute: fargate}', '      - namespace: "team-*"'];

const sgp = (ns = 'default') => policy({ name: 'pay', namespace: ns, podLabels: { app: 'pay' } });

test('fargate profiles: 12 security-group pods in a namespace a profile selects run on Fargate, not against the node group', () => {
  const app = deployment({ name: 'pay', replicas: 12 });
  // Without the profile: 12 pods, 2 × 4 branch ENIs on r6g.medium.
  assert.deepEqual(ofRule(findingsFor({ 'cluster.yaml': cluster([]), 'app.yaml': app, 'sgp.yaml': sgp() }), 'branch-eni-capacity').map(at), [[6, 12, 14]]);
  const files = { 'cluster.yaml': cluster(DEFAULT_NS), 'app.yaml': app, 'sgp.yaml': sgp() };
  assert.deepEqual(findingsFor(files), []);
  const analysis = analyze(
    Object.entries(files).map(([file, text]) => ({ file, text })),
    parseConfig('', 'c.yaml').config,
  );
  const w = analysis.model.workloads[0];
  assert.deepEqual(
    [w.placement.kind, w.placement.kind === 'fargate' && w.placement.profile?.name, w.branchEni.needed, w.branchEni.exemptBecause],
    ['fargate', 'fp-default', false, 'it runs on Fargate'],
  );
  const hover = hoverAt(analysis, 'app.yaml', { line: 3, character: 9 })!.markdown;
  assert.match(hover, /- Branch ENIs: it runs on Fargate, not on the node pools \(eksctl Fargate profile 'fp-default' in cluster\.yaml selects its pods\)/);
  // The policy's hover says whom it selects without a branch ENI.
  const policyHover = hoverAt(analysis, 'sgp.yaml', { line: 3, character: 9 })!.markdown;
  assert.match(
    policyHover,
    /It matches no workload needing a branch ENI in these files, so it asks for no branch ENIs\.\n\nSelects these pods too, which get no branch ENI:\n- Deployment default\/pay: it runs on Fargate \(Fargate applies the security groups itself\)$/,
  );
  // DaemonSets do not run on Fargate: still on the node group.
  const ds = [
    'apiVersion: apps/v1',
    'kind: DaemonSet',
    'metadata: {name: agent, namespace: default}',
    'spec:',
    '  template:',
    '    spec:',
    '      containers: [{name: a, image: x}]',
    '',
  ].join('\n');
  const dsModel = analyze(
    [
      { file: 'cluster.yaml', text: cluster(DEFAULT_NS) },
      { file: 'ds.yaml', text: ds },
    ],
    parseConfig('', 'c.yaml').config,
  ).model;
  assert.equal(dsModel.workloads[0].placement.kind, 'pools');
});

test('fargate profiles: a selector with labels takes only pods carrying them all; namespace wildcards match', () => {
  const files = (ns: string, labels: Record<string, string>) => ({
    'cluster.yaml': cluster(LABELLED),
    'app.yaml': deployment({ name: 'pay', namespace: ns, replicas: 12, labels }),
    'sgp.yaml': sgp(ns),
  });
  const capacityAt = (ns: string, labels: Record<string, string>) => ofRule(findingsFor(files(ns, labels)), 'branch-eni-capacity').map((f) => [f.file, ...at(f)]);
  assert.deepEqual(capacityAt('jobs', { app: 'pay' }), [['app.yaml', 6, 12, 14]], 'the label is missing: on the node group');
  assert.deepEqual(capacityAt('jobs', { app: 'pay', compute: 'ec2' }), [['app.yaml', 6, 12, 14]], 'another value: on the node group');
  assert.deepEqual(capacityAt('jobs', { app: 'pay', compute: 'fargate' }), []);
  assert.deepEqual(capacityAt('team-a', { app: 'pay' }), [], 'team-* matches team-a');
  assert.deepEqual(capacityAt('teams', { app: 'pay' }), [['app.yaml', 6, 12, 14]]);
});

test('fargate profiles: malformed profiles never throw and select nothing', () => {
  const broken = cluster(['  - {selectors: [{namespace: default}]}', '  - name: x', '    selectors: {namespace: default}', '  - name: y', '    selectors: [{labels: {a: b}}, 5]']);
  assert.deepEqual(analyze([{ file: 'c.yaml', text: broken }], parseConfig('', 'c.yaml').config).model.fargateProfiles, []);
  assert.equal(ofRule(findingsFor({ 'cluster.yaml': broken, 'app.yaml': deployment({ name: 'pay', replicas: 12 }), 'sgp.yaml': sgp() }), 'branch-eni-capacity').length, 1);
});

test('fargate profile wildcards: * and ? as EKS matches them, fast on hostile patterns', () => {
  const table: [string, string, boolean][] = [
    ['default', 'default', true],
    ['default', 'defaults', false],
    ['team-*', 'team-a', true],
    ['team-*', 'team-', true],
    ['team-*', 'teams', false],
    ['*', '', true],
    ['?', '', false],
    ['t?am', 'team', true],
    ['t?am', 'tam', false],
    ['*-prod', 'shop-prod', true],
    ['*-prod', 'shop-prod-2', false],
    ['a*b*c', 'axxbyyc', true],
    ['a*b*c', 'axxbyy', false],
    ['**', 'x', true],
  ];
  for (const [pattern, text, want] of table) assert.equal(glob(pattern, text), want, `${pattern} ~ ${text}`);
  const started = Date.now();
  assert.equal(glob(`${'*a'.repeat(30)}b`, 'a'.repeat(63)), false);
  assert.ok(Date.now() - started < 100, 'no exponential backtracking');
});
