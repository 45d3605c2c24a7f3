import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, parseConfig } from '../../shared';
import { rankInstanceTypes } from '../../shared/explain/completion';
import { hoverAt } from '../../shared/explain/hover';
import { lookupInstanceType } from '../../shared/instances';
import { at, CONFIG_PATH, deployment, findingsFor, ofRule } from '../helpers/analyze';

// The shape of the EKS aws-node and kube-proxy DaemonSets (kube-system, hostNetwork, the add-ons' node affinity).
const systemDaemonSet = (name: string) =>
  [
    'apiVersion: apps/v1',
    'kind: DaemonSet',
    'metadata:',
    `  name: ${name}`,
    '  namespace: kube-system',
    'spec:',
    '  selector:',
    `    matchLabels: {k8s-app: ${name}}`,
    '  template:',
    '    metadata:',
    `      labels: {k8s-app: ${name}}`,
    '    spec:',
    '      hostNetwork: true',
    '      priorityClassName: system-node-critical',
    '      affinity:',
    '        nodeAffinity:',
    '          requiredDuringSchedulingIgnoredDuringExecution:',
    '            nodeSelectorTerms:',
    '              - matchExpressions:',
    '                  - {key: kubernetes.io/os, operator: In, values: [linux]}',
    '                  - {key: kubernetes.io/arch, operator: In, values: [amd64, arm64]}',
    '                  - {key: eks.amazonaws.com/compute-type, operator: NotIn, values: [fargate, hybrid, auto]}',
    '      containers:',
    `        - name: ${name}`,
    '          image: 602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.19.2',
    '',
  ].join('\n');

const POOL = 'nodePools:\n  - name: small\n    instanceType: r6g.medium\n    nodes: 1\n';

test("system pods: aws-node and kube-proxy take 2 of an r6g.medium's 8 max pods, so 7 replicas do not fit", () => {
  assert.deepEqual(ofRule(findingsFor({ 'web.yaml': deployment({ name: 'web', replicas: 6 }) }, POOL), 'max-pods'), []);
  const findings = ofRule(findingsFor({ 'web.yaml': deployment({ name: 'web', replicas: 7 }) }, POOL), 'max-pods');
  assert.deepEqual(
    findings.map((f) => [f.rule, f.severity, f.file, ...at(f)]),
    [['max-pods', 'error', 'web.yaml', 6, 12, 13]],
  );
  assert.equal(findings[0].message, '7 pods need pod slots; pool small (1 × r6g.medium) holds 6: 1 stays Pending');
  assert.equal(
    findings[0].detail,
    "Pods: 7 needed, but the nodes they can reach hold 6 pod slots: 1 × r6g.medium (node pool 'small' in .eni-lens.yaml) with 6 pod slots each " +
      '(max pods 8: 2 ENIs × (4 − 1) IPs + 2; 2 taken by aws-node and kube-proxy, which every node runs). This Deployment runs 7 pods (replicas: 7). 1 will stay Pending ("Too many pods").',
  );
});

test('system pods: systemPodsPerNode in .eni-lens.yaml counts more node agents (ebs-csi-node, eks-pod-identity-agent)', () => {
  const config = `systemPodsPerNode: 4\n${POOL}`;
  assert.deepEqual(ofRule(findingsFor({ 'web.yaml': deployment({ name: 'web', replicas: 4 }) }, config), 'max-pods'), []);
  const [f] = ofRule(findingsFor({ 'web.yaml': deployment({ name: 'web', replicas: 5 }) }, config), 'max-pods');
  assert.match(f.detail!, /hold 4 pod slots: .* with 4 pod slots each \(max pods 8: 2 ENIs × \(4 − 1\) IPs \+ 2; 4 taken by systemPodsPerNode: 4 in \.eni-lens\.yaml\)/);
  assert.deepEqual(ofRule(findingsFor({ 'web.yaml': deployment({ name: 'web', replicas: 8 }) }, `systemPodsPerNode: 0\n${POOL}`), 'max-pods'), []);
  const bad = parseConfig('systemPodsPerNode: -1\n', CONFIG_PATH).errors;
  assert.deepEqual(
    bad.map((e) => [e.message, ...at(e)]),
    [['cluster/.eni-lens.yaml:1: systemPodsPerNode must be a whole number from 0 to 1000', 0, 19, 21]],
  );
});

test("system pods: the repository's own aws-node and kube-proxy DaemonSets are counted once, as the workloads they are", () => {
  const withAwsNode = (replicas: number) => ({ 'aws-node.yaml': systemDaemonSet('aws-node'), 'web.yaml': deployment({ name: 'web', replicas }) });
  // 8 max pods: kube-proxy (not in the repository) 1, the aws-node DaemonSet pod 1, web 6.
  assert.deepEqual(ofRule(findingsFor(withAwsNode(6), POOL), 'max-pods'), []);
  const findings = ofRule(findingsFor(withAwsNode(7), POOL), 'max-pods');
  assert.deepEqual(
    findings.map((f) => [f.file, ...at(f)]),
    [
      ['aws-node.yaml', 3, 8, 16],
      ['web.yaml', 6, 12, 13],
    ],
  );
  assert.match(
    findings[1].detail!,
    /8 needed, but the nodes they can reach hold 7 pod slots: .* with 7 pod slots each \(max pods 8: 2 ENIs × \(4 − 1\) IPs \+ 2; 1 taken by kube-proxy, which every node runs; aws-node is counted as its DaemonSet in the repository\)\. This Deployment runs 7 pods \(replicas: 7\); sharing those nodes: DaemonSet kube-system\/aws-node one pod on every node it can reach\./,
  );
  const both = { ...withAwsNode(6), 'kube-proxy.yaml': systemDaemonSet('kube-proxy') };
  assert.deepEqual(ofRule(findingsFor(both, POOL), 'max-pods'), []);
  const [over] = ofRule(findingsFor({ ...both, 'web.yaml': deployment({ name: 'web', replicas: 7 }) }, POOL), 'max-pods');
  assert.match(over.detail!, /with 8 pod slots each \(max pods 8: 2 ENIs × \(4 − 1\) IPs \+ 2; aws-node and kube-proxy are counted as their DaemonSets in the repository\)/);
});

test('system pods: the pool hover and completion show the slots they take', () => {
  const { config } = parseConfig(POOL, CONFIG_PATH);
  const analysis = analyze([{ file: 'web.yaml', text: deployment({ name: 'web', replicas: 6 }) }], config);
  const hover = hoverAt(analysis, CONFIG_PATH, { line: 1, character: 12 })!.markdown;
  assert.match(hover, /\| Max pods per node \| 8 \(2 ENIs × \(4 − 1\) IPs \+ 2\) \|/);
  assert.match(hover, /\| Pod slots per node for the repository \| 6 \(2 taken by aws-node and kube-proxy, which every node runs\) \|/);
  assert.match(hover, /Pod slots: the pool gives 6; workloads that can land here want 6:/);
  const ranked = rankInstanceTypes({ podsPerNode: 8, like: lookupInstanceType('r6g.medium') }, false);
  assert.equal(ranked.find((r) => r.name === 'r6g.medium')!.detail, '✗ too small · 4 branch ENIs · max pods 8, 6 for your pods · 1 vCPU · arm64');
  assert.equal(ranked[0].name, 'r6g.large');
  assert.ok(rankInstanceTypes({ podsPerNode: 8, like: lookupInstanceType('r6g.medium') }, false, undefined, 0).find((r) => r.name === 'r6g.medium')!.fits);
});
