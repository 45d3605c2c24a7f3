import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, parseConfig } from '../../shared';
import { hoverAt } from '../../shared/explain/hover';
import { buildCapacityReport } from '../../shared/report';
import { at, CONFIG_PATH, deployment, findingsFor, ofRule, policy } from '../helpers/analyze';

// The shapes of the EKS workshop's Karpenter NodePools (karpenter.sh/v1) and the aws-node DaemonSet.
const nodePool = (name: string, requirements: string[], limits = ['    cpu: 1000']) =>
  [
    'apiVersion: karpenter.sh/v1', //              0
    'kind: NodePool', //                           1
    'metadata:', //                                2
    `  name: ${name}`, //                          3
    'spec:', //                                    4
    '  template:', //                              5
    '    metadata:', //                            6
    `      labels: {workload: ${name}}`, //        7
    '    spec:', //                                8
    '      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}', // 9
    '      requirements:', //                     10
    ...requirements.map((r) => `        - ${r}`),
    '  limits:',
    ...limits,
    '',
  ].join('\n');
const awsNode = (env: Record<string, string>) =>
  [
    'apiVersion: apps/v1',
    'kind: DaemonSet',
    'metadata: {name: aws-node, namespace: kube-system}',
    'spec:',
    '  template:',
    '    spec:',
    '      hostNetwork: true',
    '      containers:',
    '        - name: aws-node',
    '          image: amazon-k8s-cni:v1.19.2',
    '          env:',
    ...Object.entries(env).map(([k, v]) => `            - {name: ${k}, value: "${v}"}`),
    '',
  ].join('\n');
const controller = (reserved: string) =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: karpenter, namespace: kube-system}',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: controller',
    '          image: public.ecr.aws/karpenter/controller:1.1.1',
    '          env:',
    `            - {name: RESERVED_ENIS, value: "${reserved}"}`,
    '',
  ].join('\n');
const onPool = (name: string, replicas: number, pool: string) =>
  deployment({ name, replicas, labels: { app: name }, podSpecExtra: `      nodeSelector:\n        workload: ${pool}` });

const WORKSHOP = {
  'ml.yaml': nodePool('ml', ['{key: karpenter.k8s.aws/instance-family, operator: In, values: [inf2]}', '{key: karpenter.k8s.aws/instance-size, operator: In, values: [xlarge]}']),
  'web.yaml': nodePool('web', ['{key: node.kubernetes.io/instance-type, operator: In, values: [c5.large]}']),
  'infer.yaml': onPool('infer', 4, 'ml'),
  'shop.yaml': onPool('shop', 6, 'web'),
  'sgp.yaml': policy({ name: 'sg', podLabels: { sg: 'yes' } }).replace('      sg: yes', '      sg: "yes"'),
};
const withSg = (files: Record<string, string>) => ({
  ...files,
  'infer.yaml': files['infer.yaml'].replace('app: infer', 'app: infer\n        sg: "yes"'),
  'shop.yaml': files['shop.yaml'].replace('app: shop', 'app: shop\n        sg: "yes"'),
});

test("karpenter max pods: Karpenter's ENI figure, whatever prefix delegation says (inf2.xlarge 58, c5.large 29)", () => {
  const { config } = parseConfig('', CONFIG_PATH);
  const analysis = analyze(
    Object.entries({ ...withSg(WORKSHOP), 'aws-node.yaml': awsNode({ ENABLE_PREFIX_DELEGATION: 'true', ENABLE_POD_ENI: 'true' }) }).map(([file, text]) => ({ file, text })),
    config,
  );
  assert.deepEqual(analysis.findings, [], 'no RESERVED_ENIS warning: with prefix delegation the IPs left are far above what Karpenter packs');
  const caps = analysis.model.pools.map((p) => [p.name, analysis.model.capacity.get(p)!.maxPods, analysis.model.capacity.get(p)!.maxPodsBasis]);
  assert.deepEqual(caps, [
    ['ml', 58, "Karpenter's figure, 4 ENIs × (15 − 1) IPs + 2; it ignores prefix delegation, karpenter-provider-aws #8210"],
    ['web', 29, "Karpenter's figure, 3 ENIs × (10 − 1) IPs + 2; it ignores prefix delegation, karpenter-provider-aws #8210"],
  ]);
  const hover = hoverAt(analysis, 'ml.yaml', { line: 3, character: 9 })!.markdown;
  assert.match(hover, /\| Max pods per node \| 58 \(Karpenter's figure, 4 ENIs × \(15 − 1\) IPs \+ 2; it ignores prefix delegation, karpenter-provider-aws \\#8210\) \|/);
  assert.match(hover, /\| Max pods: Karpenter's · the node's IPs \| 58 · 674 \(inf2\.xlarge: 672 IPs \+ 2 host-network pods\): every pod Karpenter packs gets an IP \|/);
});

test("karpenter RESERVED_ENIS: warned only where Karpenter's figure exceeds the IPs the node has left", () => {
  const noPd = withSg(WORKSHOP);
  const findings = findingsFor(noPd);
  assert.deepEqual(
    findings.map((f) => [f.rule, f.severity, f.file, ...at(f)]),
    [
      ['ip-capacity', 'warning', 'ml.yaml', 3, 8, 10],
      ['ip-capacity', 'warning', 'web.yaml', 3, 8, 11],
    ],
  );
  assert.match(
    findings[0].detail!,
    /it expects inf2\.xlarge to hold 58 pods \(Karpenter's figure, 4 ENIs × \(15 − 1\) IPs \+ 2\) where the IPs left serve 44 \(\(4 − 1\) ENIs × \(15 − 1\) IPs = 42; the trunk ENI takes an ENI slot, \+ 2 host-network pods\)/,
  );
  assert.match(
    findings[1].detail!,
    /it expects c5\.large to hold 29 pods .* where the IPs left serve 20 .* Set RESERVED_ENIS=1 \(Helm: settings\.reservedENIs: "1"\), or kubelet\.maxPods in the EC2NodeClass\.$/,
  );
  assert.equal(findings[1].message, 'Karpenter expects c5.large to hold 29 pods; with the trunk ENI its IPs serve 20: pods past it get no IP');
  const { config } = parseConfig('', CONFIG_PATH);
  const hover = hoverAt(
    analyze(
      Object.entries(noPd).map(([file, text]) => ({ file, text })),
      config,
    ),
    'web.yaml',
    { line: 3, character: 9 },
  )!.markdown;
  assert.match(hover, /\| Max pods: Karpenter's · the node's IPs \| 29 · 20 \(c5\.large: 18 IPs \+ 2 host-network pods\): Karpenter packs more pods than get an IP \|/);
  // RESERVED_ENIS=1: Karpenter's figure is the IPs left.
  const reserved = { ...noPd, 'karpenter.yaml': controller('1') };
  assert.deepEqual(findingsFor(reserved), []);
  // …unless custom networking takes the primary ENI as well: (3 − 1) × 9 + 2 = 20 against (3 − 2) × 9 + 2 = 11 on a c5.large.
  const custom = findingsFor({ ...reserved, 'aws-node.yaml': awsNode({ AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true' }) });
  assert.deepEqual(
    custom.map((f) => [f.rule, f.file, ...at(f)]),
    [
      ['ip-capacity', 'ml.yaml', 3, 8, 10],
      ['ip-capacity', 'web.yaml', 3, 8, 11],
    ],
  );
  assert.match(
    custom[1].detail!,
    /computes max pods from every ENI but 1 \(RESERVED_ENIS=1\): it expects c5\.large to hold 20 pods \(Karpenter's figure, \(3 − 1 RESERVED_ENIS\) ENIs × \(10 − 1\) IPs \+ 2\) where the IPs left serve 11 .* Set kubelet\.maxPods in the EC2NodeClass\.$/,
  );
});

test('karpenter limits: limits.cpu 4 on a pool of r6g.medium launches at most 4 nodes, 16 branch ENIs', () => {
  const files = (sgPods: number, ordinary = 0) => ({
    'np.yaml': nodePool('sg', ['{key: node.kubernetes.io/instance-type, operator: In, values: [r6g.medium]}'], ['    cpu: "4"']),
    'app.yaml': onPool('pay', sgPods, 'sg'),
    'other.yaml': onPool('other', ordinary, 'sg'),
    'sgp.yaml': policy({ name: 'p', podLabels: { app: 'pay' } }),
  });
  assert.deepEqual(ofRule(findingsFor(files(16)), 'branch-eni-capacity'), []);
  const findings = ofRule(findingsFor(files(20)), 'branch-eni-capacity');
  assert.deepEqual(
    findings.map((f) => [f.file, ...at(f)]),
    [['app.yaml', 6, 12, 14]],
  );
  assert.match(
    findings[0].detail!,
    /^Pods needing a branch ENI \(vpc\.amazonaws\.com\/pod-eni\): 20 needed, but the nodes they can reach hold 16 branch ENIs: r6g\.medium nodes \(Karpenter NodePool 'sg' in np\.yaml, node count elastic up to limits\.cpu: 4\) with 4 branch ENIs each; limits\.cpu: 4 lets it launch at most 4 nodes, 16 branch ENIs at best\./,
  );
  // Pod slots: 4 × (8 − 2) = 24 (Karpenter's figure 8 on an r6g.medium, less aws-node and kube-proxy).
  assert.deepEqual(ofRule(findingsFor(files(0, 24)), 'max-pods'), []);
  const [pods] = ofRule(findingsFor(files(0, 25)), 'max-pods');
  assert.match(
    pods.detail!,
    /25 needed, but the nodes they can reach hold 24 pod slots: .* with 6 pod slots each \(max pods 8: Karpenter's figure, 2 ENIs × \(4 − 1\) IPs \+ 2; 2 taken by aws-node and kube-proxy, which every node runs\); limits\.cpu: 4 lets it launch at most 4 nodes, 24 pod slots at best\./,
  );
  const { config } = parseConfig('', CONFIG_PATH);
  const analysis = analyze(
    Object.entries(files(20)).map(([file, text]) => ({ file, text })),
    config,
  );
  const hover = hoverAt(analysis, 'np.yaml', { line: 3, character: 9 })!.markdown;
  assert.match(hover, /\| Nodes \| elastic \(Karpenter launches them as pods need, at most 4 within limits\.cpu: 4\) · r6g\.medium \|/);
  assert.match(hover, /Branch ENIs: the pool gives 4 per node, at most 16 within limits\.cpu: 4; workloads that can land here want 20 \(overcommitted\):/);
});

test('karpenter limits: the best mix of the allowed types within the limit (r6g.medium/large, cpu 5: 2 large + 1 medium = 22)', () => {
  const np = nodePool(
    'sg',
    ['{key: karpenter.k8s.aws/instance-family, operator: In, values: [r6g]}', '{key: karpenter.k8s.aws/instance-size, operator: In, values: [medium, large]}'],
    ['    cpu: 5000m', '    memory: 40Gi'],
  );
  const files = (n: number) => ({ 'np.yaml': np, 'app.yaml': onPool('pay', n, 'sg'), 'sgp.yaml': policy({ name: 'p', podLabels: { app: 'pay' } }) });
  assert.deepEqual(ofRule(findingsFor(files(22)), 'branch-eni-capacity'), []);
  const [f] = ofRule(findingsFor(files(23)), 'branch-eni-capacity');
  assert.match(
    f.detail!,
    /hold 22 branch ENIs: r6g\.large\/r6g\.medium nodes \(Karpenter NodePool 'sg' in np\.yaml, node count elastic up to limits\.cpu: 5000m\) with 4 branch ENIs each; limits\.cpu: 5000m lets it launch at most 5 nodes, 22 branch ENIs at best\./,
  );
  // A limit that is not a cpu quantity leaves the pool unbounded.
  const bad = nodePool('sg', ['{key: node.kubernetes.io/instance-type, operator: In, values: [r6g.medium]}'], ['    cpu: lots']);
  assert.deepEqual(ofRule(findingsFor({ ...files(100), 'np.yaml': bad }), 'branch-eni-capacity'), []);
});

// The shape of the EKS Auto Mode NodePool example: nodeClassRef of group eks.amazonaws.com, eks.amazonaws.com/instance-* keys.
const AUTO_MODE = [
  'apiVersion: karpenter.sh/v1', //                               0
  'kind: NodePool', //                                            1
  'metadata:', //                                                 2
  '  name: auto-general', //                                      3
  'spec:', //                                                     4
  '  template:', //                                               5
  '    spec:', //                                                 6
  '      nodeClassRef:', //                                       7
  '        group: eks.amazonaws.com', //                          8
  '        kind: NodeClass', //                                   9
  '        name: default', //                                    10
  '      requirements:', //                                      11
  '        - key: "eks.amazonaws.com/instance-category"', //     12
  '          operator: In', //                                   13
  '          values: ["c", "m", "r"]', //                        14
  '        - key: "eks.amazonaws.com/instance-cpu"', //          15
  '          operator: In', //                                   16
  '          values: ["4", "8", "16", "32"]', //                 17
  '        - key: "topology.kubernetes.io/zone"', //             18
  '          operator: In', //                                   19
  '          values: ["us-west-2a", "us-west-2b"]', //           20
  '        - key: "kubernetes.io/arch"', //                      21
  '          operator: In', //                                   22
  '          values: ["arm64", "amd64"]', //                     23
  '  limits:', //                                                24
  '    cpu: "1000"', //                                          25
  '    memory: 1000Gi', //                                       26
  '',
].join('\n');

test('EKS Auto Mode: NodePools are narrowed by eks.amazonaws.com/instance-* keys, and security-group pods there are an error', () => {
  const { config } = parseConfig('', CONFIG_PATH);
  const [pool] = analyze([{ file: 'auto.yaml', text: AUTO_MODE }], config).model.pools;
  assert.deepEqual([pool.declaredAs, pool.autoMode, pool.labels.get('karpenter.sh/nodepool')], ['EKS Auto Mode NodePool', true, 'auto-general']);
  for (const t of ['m5.xlarge', 'c6g.2xlarge', 'r7i.8xlarge']) assert.ok(pool.instanceTypes.includes(t), t);
  for (const t of ['t3.nano', 'm5.large', 'm5.12xlarge', 'p5.48xlarge']) assert.ok(!pool.instanceTypes.includes(t), t);
  assert.equal(pool.instanceTypes.length, 404, 'c, m and r types of 4 to 32 vCPUs, both architectures');
  const app = deployment({ name: 'pay', replicas: 2, podSpecExtra: '      nodeSelector:\n        eks.amazonaws.com/instance-family: m5' });
  const findings = findingsFor({ 'auto.yaml': AUTO_MODE, 'app.yaml': app, 'sgp.yaml': policy({ name: 'p', podLabels: { app: 'pay' } }) });
  assert.deepEqual(
    findings.map((f) => [f.rule, f.severity, f.file, ...at(f)]),
    [['branch-eni-unsupported', 'error', 'app.yaml', 6, 12, 13]],
  );
  assert.equal(findings[0].message, '2 pods need branch ENIs, but Auto Mode NodePool auto-general has no security groups for pods: none will start');
  assert.match(
    findings[0].detail!,
    /^This Deployment's pods need a branch ENI \(vpc\.amazonaws\.com\/pod-eni\), but they can only land on EKS Auto Mode NodePool 'auto-general', and EKS Auto Mode does not support security groups for pods: no pod will start/,
  );
  assert.match(
    findings[0].detail!,
    /Nodes: 404 instance types, e\.g\. c1\.xlarge, c3\.2xlarge, c3\.4xlarge nodes \(EKS Auto Mode NodePool 'auto-general' in auto\.yaml, node count elastic up to limits\.cpu: 1000\)\./,
  );
  // Ordinary pods are fine there.
  assert.deepEqual(findingsFor({ 'auto.yaml': AUTO_MODE, 'app.yaml': app }), []);
});

test('EKS Auto Mode: its nodes hold no branch ENIs when security-group pods may land there and elsewhere', () => {
  const config = 'nodePools:\n  - {name: sg, instanceType: r6g.medium, nodes: 1}\n';
  // No limits: elastic, as many nodes as pods need, and still none of them holds a branch ENI.
  const unlimited = AUTO_MODE.replace('  limits:\n    cpu: "1000"\n    memory: 1000Gi\n', '');
  const files = (n: number) => ({ 'auto.yaml': unlimited, 'app.yaml': deployment({ name: 'pay', replicas: n }), 'sgp.yaml': policy({ name: 'p', podLabels: { app: 'pay' } }) });
  assert.deepEqual(ofRule(findingsFor(files(4), config), 'branch-eni-capacity'), []);
  const [f] = ofRule(findingsFor(files(5), config), 'branch-eni-capacity');
  assert.match(
    f.detail!,
    /5 needed, but the nodes they can reach hold 4 branch ENIs: 1 × r6g\.medium \(node pool 'sg' in \.eni-lens\.yaml\) with 4 branch ENIs each; 404 instance types, .* \(EKS Auto Mode NodePool 'auto-general' in auto\.yaml, node count elastic\) with 0 branch ENIs each/,
  );
});

test('karpenter limits: the capacity report bounds the pool by its limit', () => {
  const files = {
    'np.yaml': nodePool('sg', ['{key: node.kubernetes.io/instance-type, operator: In, values: [r6g.medium]}'], ['    cpu: "4"']),
    'app.yaml': onPool('pay', 20, 'sg'),
    'sgp.yaml': policy({ name: 'p', podLabels: { app: 'pay' } }),
  };
  const { config } = parseConfig('', CONFIG_PATH);
  const analysis = analyze(
    Object.entries(files).map(([file, text]) => ({ file, text })),
    config,
  );
  const [section] = buildCapacityReport([{ title: 'repo', analysis }]).sections;
  const bars = section.bars[0].bars!;
  assert.deepEqual([bars.branchEnis.capacity, bars.branchEnis.over, bars.pods.capacity, bars.ips.capacity], [16, 4, 24, null]);
});
