import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, parseConfig } from '../../shared';
import { hoverAt } from '../../shared/explain/hover';
import { at, deployment, findingsFor, ofRule, policy, spanOf } from '../helpers/analyze';

// The aws-node DaemonSet as the VPC CNI manifests ship it (trimmed), with ENABLE_POD_ENI stated.
const awsNode = (value: string) =>
  [
    'apiVersion: apps/v1', //                        0
    'kind: DaemonSet', //                            1
    'metadata:', //                                  2
    '  name: aws-node', //                           3
    '  namespace: kube-system', //                   4
    'spec:', //                                      5
    '  template:', //                                6
    '    spec:', //                                  7
    '      hostNetwork: true', //                    8
    '      containers:', //                          9
    '        - name: aws-node', //                  10
    '          image: amazon-k8s-cni:v1.19.0', //   11
    '          env:', //                            12
    '            - name: ENABLE_POD_ENI', //        13
    `              value: "${value}"`, //           14
    '',
  ].join('\n');

const CONFIG = 'nodePools:\n  - {name: sg, instanceType: m5.large, nodes: 2}\n';
const app = deployment({ name: 'pay', replicas: 6 });
const sgp = policy({ name: 'pay', podLabels: { app: 'pay' } });

test('security-groups-for-pods-disabled: ENABLE_POD_ENI "false" on aws-node with a policy selecting pods', () => {
  const findings = findingsFor({ 'app.yaml': app, 'aws-node.yaml': awsNode('false'), 'sgp.yaml': sgp }, CONFIG);
  assert.deepEqual(
    findings.map((f) => [f.rule, f.severity, f.file, ...at(f)]),
    [['security-groups-for-pods-disabled', 'error', 'app.yaml', 6, 12, 13]],
  );
  const [f] = findings;
  assert.equal(f.message, 'Security groups for pods is off (ENABLE_POD_ENI), yet 6 pods need branch ENIs: they stay Pending');
  assert.equal(
    f.detail,
    "Security groups for pods is off (ENABLE_POD_ENI in DaemonSet kube-system/aws-node), but SecurityGroupPolicy default/pay selects this Deployment's pods: " +
      "the VPC resource controller's webhook still adds a vpc.amazonaws.com/pod-eni request (it does not read ENABLE_POD_ENI), and no node advertises that resource, " +
      'so all 6 pods (replicas: 6) stay Pending ("Insufficient vpc.amazonaws.com/pod-eni"). Set ENABLE_POD_ENI=true, or remove the policy.',
  );
  assert.deepEqual(
    f.related.map((r) => [r.file, ...spanOf(r.range)]),
    [
      ['aws-node.yaml', 14, 21, 14, 28],
      ['sgp.yaml', 3, 8, 3, 11],
    ],
  );
  const analysis = analyze(
    [
      { file: 'app.yaml', text: app },
      { file: 'aws-node.yaml', text: awsNode('false') },
      { file: 'sgp.yaml', text: sgp },
    ],
    parseConfig(CONFIG, 'c.yaml').config,
  );
  assert.match(
    hoverAt(analysis, 'app.yaml', { line: 3, character: 9 })!.markdown,
    /- Branch ENIs: security groups for pods is off \(ENABLE\\_POD\\_ENI in DaemonSet kube-system\/aws-node\): no node advertises pod-eni, so the pods stay Pending/,
  );
  // No capacity finding besides it: no branch ENI is judged anywhere.
  const many = findingsFor({ 'app.yaml': deployment({ name: 'pay', replicas: 60 }), 'aws-node.yaml': awsNode('false'), 'sgp.yaml': sgp }, CONFIG);
  assert.deepEqual(
    many.map((f) => [f.file, f.rule]),
    [
      ['app.yaml', 'max-pods'],
      ['app.yaml', 'security-groups-for-pods-disabled'],
      ['aws-node.yaml', 'max-pods'],
    ],
  );
  // "true" on aws-node: judged as usual (2 × 9 branch ENIs hold 6), nothing to report.
  assert.deepEqual(findingsFor({ 'app.yaml': app, 'aws-node.yaml': awsNode('true'), 'sgp.yaml': sgp }, CONFIG), []);
  // A policy matching nothing, or no policy: nothing.
  assert.deepEqual(findingsFor({ 'app.yaml': app, 'aws-node.yaml': awsNode('false'), 'sgp.yaml': policy({ name: 'x', podLabels: { app: 'other' } }) }, CONFIG), []);
});

test('security-groups-for-pods-disabled: from the vpc-cni add-on values of an eksctl ClusterConfig', () => {
  const cluster = [
    'apiVersion: eksctl.io/v1alpha5',
    'kind: ClusterConfig',
    'metadata: {name: shop, region: eu-west-1}',
    'managedNodeGroups:',
    '  - {name: ng, instanceType: m5.large, desiredCapacity: 2}',
    'addons:', //                                      5
    '  - name: vpc-cni', //                            6
    '    configurationValues: |-', //                  7
    '      {"env": {"ENABLE_POD_ENI": "false"}}', //   8
    '',
  ].join('\n');
  const findings = findingsFor({ 'app.yaml': app, 'cluster.yaml': cluster, 'sgp.yaml': sgp });
  assert.deepEqual(
    findings.map((f) => [f.rule, f.file, ...at(f)]),
    [['security-groups-for-pods-disabled', 'app.yaml', 6, 12, 13]],
  );
  assert.match(findings[0].detail!, /^Security groups for pods is off \(ENABLE_POD_ENI in the vpc-cni add-on of eksctl ClusterConfig shop\)/);
  assert.deepEqual(
    findings[0].related.map((r) => [r.file, r.range.start.line]),
    [
      ['cluster.yaml', 7],
      ['sgp.yaml', 3],
    ],
  );
});

test('security-groups-for-pods-disabled: securityGroupsForPods: false in .eni-lens.yaml wins over aws-node; DaemonSets and explicit requests too', () => {
  const config = `securityGroupsForPods: false\n${CONFIG}`;
  const requesting = deployment({ name: 'self', replicas: 2, podSpecExtra: '' }).replace(
    '          image: nginx',
    '          image: nginx\n          resources: {limits: {vpc.amazonaws.com/pod-eni: "1"}}',
  );
  const ds = [
    'apiVersion: apps/v1',
    'kind: DaemonSet',
    'metadata: {name: agent, namespace: default}',
    'spec:',
    '  template:',
    '    metadata: {labels: {app: pay}}',
    '    spec:',
    '      containers: [{name: a, image: x}]',
    '',
  ].join('\n');
  const findings = findingsFor({ 'app.yaml': app, 'aws-node.yaml': awsNode('true'), 'ds.yaml': ds, 'self.yaml': requesting, 'sgp.yaml': sgp }, config);
  assert.deepEqual(
    findings.map((f) => [f.rule, f.file, ...at(f)]),
    [
      ['security-groups-for-pods-disabled', 'app.yaml', 6, 12, 13],
      ['security-groups-for-pods-disabled', 'ds.yaml', 2, 17, 22],
      ['security-groups-for-pods-disabled', 'self.yaml', 6, 12, 13],
    ],
  );
  assert.match(findings[0].detail!, /^Security groups for pods is off \(securityGroupsForPods in \.eni-lens\.yaml\)/);
  assert.deepEqual(
    findings[0].related.map((r) => [r.file, ...at(r)]),
    [
      ['cluster/.eni-lens.yaml', 0, 23, 28],
      ['sgp.yaml', 3, 8, 11],
    ],
  );
  assert.match(findings[1].detail!, /so its pods on every node stay Pending/);
  assert.match(findings[2].detail!, /this Deployment's pods request vpc\.amazonaws\.com\/pod-eni themselves/);
});

test('security groups for pods: where nothing states ENABLE_POD_ENI, a policy makes it assumed on, and messages say so', () => {
  const { model } = analyze(
    [
      { file: 'app.yaml', text: app },
      { file: 'sgp.yaml', text: sgp },
    ],
    parseConfig(CONFIG, 'c.yaml').config,
  );
  assert.equal(model.securityGroupsForPods.value, true);
  assert.equal(model.securityGroupsForPods.source, 'assumed: SecurityGroupPolicy default/pay exists and nothing sets ENABLE_POD_ENI');
  const [f] = ofRule(findingsFor({ 'app.yaml': deployment({ name: 'pay', replicas: 19 }), 'sgp.yaml': sgp }, CONFIG), 'branch-eni-capacity');
  assert.match(f.detail!, /19 needed, but the nodes they can reach hold 18 branch ENIs/);
});
