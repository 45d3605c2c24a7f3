import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeParsed, parseConfig, parseSource } from '../../shared';
import { IncrementalAnalyzer } from '../../shared/incremental/incrementalAnalyzer';
import { at, deployment, findingsFor, ofRule, policy } from '../helpers/analyze';

// Argo Rollouts' documented shapes: a canary with steps, a blue-green with services, a workloadRef.
const rollout = (
  strategy: string[],
  body: string[] = [
    '  template:', //                                          9..
    '    metadata:',
    '      labels: {app: pay}',
    '    spec:',
    '      containers: [{name: app, image: nginx}]',
  ],
) =>
  [
    'apiVersion: argoproj.io/v1alpha1', //                      0
    'kind: Rollout', //                                         1
    'metadata:', //                                             2
    '  name: pay', //                                           3
    '  namespace: default', //                                  4
    'spec:', //                                                 5
    '  replicas: 8', //                                         6
    '  selector: {matchLabels: {app: pay}}', //                 7
    '  strategy:', //                                           8
    ...strategy,
    ...body,
    '',
  ].join('\n');

const CANARY = ['    canary:', '      maxSurge: "50%"', '      steps:', '        - setWeight: 20', '        - pause: {duration: 10m}'];
const BLUE_GREEN = (preview?: number) => [
  '    blueGreen:',
  '      activeService: pay-active',
  '      previewService: pay-preview',
  ...(preview !== undefined ? [`      previewReplicaCount: ${preview}`] : []),
  '      autoPromotionEnabled: false',
];
// 9 branch ENIs on one m5.large.
const CONFIG = 'nodePools:\n  - {name: sg, instanceType: m5.large, nodes: 1}\n';
const sgp = policy({ name: 'pay', podLabels: { app: 'pay' } });

test('Argo Rollout: replicas and template are a workload; canary maxSurge is its rollout surge', () => {
  const steady = ofRule(findingsFor({ 'r.yaml': rollout(CANARY).replace('replicas: 8', 'replicas: 10'), 'sgp.yaml': sgp }, CONFIG), 'branch-eni-capacity');
  assert.deepEqual(
    steady.map((f) => [f.file, ...at(f)]),
    [['r.yaml', 6, 12, 14]],
  );
  assert.match(steady[0].detail!, /10 needed, but the nodes they can reach hold 9 branch ENIs.*This Rollout runs 10 pods \(replicas: 10\)/);
  const surge = findingsFor({ 'r.yaml': rollout(CANARY), 'sgp.yaml': sgp }, CONFIG);
  assert.deepEqual(
    surge.map((f) => [f.rule, f.file, ...at(f)]),
    [['rollout-surge', 'r.yaml', 6, 12, 13]],
  );
  assert.match(surge[0].detail!, /^A rolling update runs 8 \+ 4 \(maxSurge\) = 12 pods of this Rollout at once; .* needs 12 branch ENIs .* but the nodes hold 9/);
});

test('Argo Rollout: blue-green runs the preview ReplicaSet beside the active one (previewReplicaCount, else all replicas)', () => {
  const full = findingsFor({ 'r.yaml': rollout(BLUE_GREEN()).replace('replicas: 8', 'replicas: 5'), 'sgp.yaml': sgp }, CONFIG);
  assert.deepEqual(
    full.map((f) => [f.rule, ...at(f)]),
    [['rollout-surge', 6, 12, 13]],
  );
  assert.match(
    full[0].detail!,
    /^A blue-green update runs 5 \+ 5 \(blue-green preview ReplicaSet\) = 10 pods of this Rollout at once;.* Lower previewReplicaCount, or add capacity\.$/,
  );
  assert.deepEqual(findingsFor({ 'r.yaml': rollout(BLUE_GREEN(1)), 'sgp.yaml': sgp }, CONFIG), [], '8 + 1 = 9 fit');
  const two = findingsFor({ 'r.yaml': rollout(BLUE_GREEN(2)), 'sgp.yaml': sgp }, CONFIG);
  assert.match(two[0].detail!, /runs 8 \+ 2 \(blue-green previewReplicaCount\) = 10 pods/);
  assert.equal(two[0].message, 'Blue-green update: 8 + 2 pods need 10 branch ENIs; pool sg (1 × m5.large) holds 9: it stalls');
  // Not argoproj.io: not a workload.
  assert.deepEqual(
    findingsFor({ 'r.yaml': rollout(CANARY).replace('argoproj.io/v1alpha1', 'example.com/v1').replace('replicas: 8', 'replicas: 50'), 'sgp.yaml': sgp }, CONFIG),
    [],
  );
});

const REF_BODY = ['  workloadRef:', '    apiVersion: apps/v1', '    kind: Deployment', '    name: pay-template'];
const templateDeployment = (labels: Record<string, string>) => deployment({ name: 'pay-template', replicas: 0, labels });

test('Argo Rollout: workloadRef takes the pod template of the named Deployment', () => {
  const files = { 'd.yaml': templateDeployment({ app: 'pay' }), 'r.yaml': rollout(CANARY, REF_BODY).replace('replicas: 8', 'replicas: 10'), 'sgp.yaml': sgp };
  const findings = findingsFor(files, CONFIG);
  assert.deepEqual(
    findings.map((f) => [f.rule, f.file, ...at(f)]),
    [['branch-eni-capacity', 'r.yaml', 6, 12, 14]],
  );
  assert.match(findings[0].detail!, /Its pods are selected by SecurityGroupPolicy default\/pay\./);
  // The template's labels decide: another label, no policy matches.
  assert.deepEqual(findingsFor({ ...files, 'd.yaml': templateDeployment({ app: 'other' }) }, CONFIG), []);
  // The Deployment is not in the files: not judged.
  assert.deepEqual(findingsFor({ 'r.yaml': files['r.yaml'], 'sgp.yaml': sgp }, CONFIG), []);
});

test('Argo Rollout workloadRef: the incremental analysis follows an edit of the referenced Deployment', () => {
  const { config } = parseConfig(CONFIG, 'c.yaml');
  const rolloutSource = parseSource({ file: 'r.yaml', text: rollout(CANARY, REF_BODY).replace('replicas: 8', 'replicas: 10') });
  const policySource = parseSource({ file: 'sgp.yaml', text: sgp });
  const incremental = new IncrementalAnalyzer();
  const steps = [{ app: 'pay' }, { app: 'other' }, { app: 'pay' }];
  const counts = steps.map((labels) => {
    const sources = [parseSource({ file: 'd.yaml', text: templateDeployment(labels) }), rolloutSource, policySource];
    const got = incremental.analyze(sources, config);
    assert.deepEqual(got.findings, analyzeParsed(sources, config).findings);
    return ofRule(got.findings, 'branch-eni-capacity').length;
  });
  assert.deepEqual(counts, [1, 0, 1]);
});

test('Argo Rollout workloadRef: a ServiceAccount edit the referenced template reads re-judges the Rollout too (incremental)', () => {
  const { config } = parseConfig(CONFIG, 'c.yaml');
  const byAccount = policy({ name: 'pay', saLabels: { sg: 'yes' } });
  const template = deployment({ name: 'pay-template', replicas: 0, serviceAccount: 'pay-sa' });
  const fixed = [
    parseSource({ file: 'd.yaml', text: template }),
    parseSource({ file: 'r.yaml', text: rollout(CANARY, REF_BODY).replace('replicas: 8', 'replicas: 10') }),
    parseSource({ file: 'sgp.yaml', text: byAccount }),
  ];
  const account = (value: string) =>
    parseSource({ file: 'sa.yaml', text: `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: pay-sa\n  namespace: default\n  labels: {sg: "${value}"}\n` });
  const incremental = new IncrementalAnalyzer();
  const counts = ['yes', 'no', 'yes'].map((value) => {
    const sources = [...fixed, account(value)];
    const got = incremental.analyze(sources, config);
    assert.deepEqual(got.findings, analyzeParsed(sources, config).findings);
    return ofRule(got.findings, 'branch-eni-capacity').map((f) => f.file);
  });
  assert.deepEqual(counts, [['r.yaml'], [], ['r.yaml']]);
});

test('KEDA ScaledObject: maxReplicaCount on its scaleTargetRef, like an HPA maxReplicas (KEDA default 100)', () => {
  const scaled = (max?: number, target = ['    name: pay']) =>
    [
      'apiVersion: keda.sh/v1alpha1',
      'kind: ScaledObject',
      'metadata:',
      '  name: pay-scaler',
      '  namespace: default',
      'spec:',
      '  scaleTargetRef:',
      ...target,
      '  minReplicaCount: 1',
      ...(max !== undefined ? [`  maxReplicaCount: ${max}`] : []),
      '  triggers:',
      '    - type: prometheus',
      '      metadata: {serverAddress: "http://prometheus:9090", threshold: "100", query: "sum(rate(http_requests_total[2m]))"}',
      '',
    ].join('\n');
  const app = deployment({ name: 'pay', replicas: 2 });
  const [f] = ofRule(findingsFor({ 'app.yaml': app, 'keda.yaml': scaled(12), 'sgp.yaml': sgp }, CONFIG), 'branch-eni-capacity');
  assert.match(f.detail!, /12 needed, but the nodes they can reach hold 9 branch ENIs.*This Deployment runs 12 pods \(ScaledObject pay-scaler maxReplicaCount: 12\)/);
  assert.deepEqual(
    findingsFor({ 'app.yaml': app, 'keda.yaml': scaled(6), 'sgp.yaml': sgp }, CONFIG).map((x) => x.rule),
    [],
    '6 + 2 (maxSurge) fit in 9',
  );
  const [byDefault] = ofRule(findingsFor({ 'app.yaml': app, 'keda.yaml': scaled(), 'sgp.yaml': sgp }, CONFIG), 'branch-eni-capacity');
  assert.match(byDefault.detail!, /This Deployment runs 100 pods \(ScaledObject pay-scaler maxReplicaCount: 100 \(KEDA's default\)\)/);
  // A ScaledObject may target a Rollout.
  const r = rollout(CANARY).replace('replicas: 8', 'replicas: 2');
  const [onRollout] = ofRule(
    findingsFor({ 'r.yaml': r, 'keda.yaml': scaled(20, ['    apiVersion: argoproj.io/v1alpha1', '    kind: Rollout', '    name: pay']), 'sgp.yaml': sgp }, CONFIG),
    'branch-eni-capacity',
  );
  assert.match(onRollout.detail!, /This Rollout runs 20 pods \(ScaledObject pay-scaler maxReplicaCount: 20\)/);
});
