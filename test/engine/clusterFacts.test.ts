import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, parseConfig } from '../../shared';
import { hoverAt } from '../../shared/explain/hover';
import { at, CONFIG_PATH, deployment, findingsFor, ofRule, policy } from '../helpers/analyze';

// The shape of eksctl's cluster-autoscaler examples: a GPU group scaling from zero, tagged for auto-discovery.
const GPU_CLUSTER = (groupExtra: string[]) =>
  [
    'apiVersion: eksctl.io/v1alpha5', //                         0
    'kind: ClusterConfig', //                                    1
    'metadata:', //                                              2
    '  name: ml', //                                             3
    '  region: us-west-2', //                                    4
    'managedNodeGroups:', //                                     5
    '  - name: gpu', //                                          6
    '    instanceType: g5.xlarge', //                            7
    '    minSize: 0', //                                         8
    '    maxSize: 4', //                                         9
    '    labels: {workload: gpu}', //                           10
    '    taints:', //                                           11
    '      - {key: nvidia.com/gpu, value: "true", effect: NoSchedule}', // 12
    ...groupExtra,
    '',
  ].join('\n');
const TAGS = [
  '    tags:',
  '      k8s.io/cluster-autoscaler/node-template/label/workload: gpu',
  '      k8s.io/cluster-autoscaler/enabled: "true"',
  '      k8s.io/cluster-autoscaler/ml: owned',
];

const trainingJob = (parallelism: number) =>
  [
    'apiVersion: batch/v1', //                                   0
    'kind: Job', //                                              1
    'metadata:', //                                              2
    '  name: train', //                                          3
    '  namespace: ml', //                                        4
    'spec:', //                                                  5
    `  parallelism: ${parallelism}`, //                          6
    '  template:', //                                            7
    '    spec:', //                                              8
    '      restartPolicy: Never', //                             9
    '      nodeSelector: {workload: gpu}', //                   10
    '      tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]', // 11
    '      containers:', //                                     12
    '        - {name: train, image: trainer:1, resources: {limits: {nvidia.com/gpu: 1}}}', // 13
    '',
  ].join('\n');

test('autoscaled groups: a group scaling from zero without an autoscaler in evidence has 0 pod slots', () => {
  const findings = ofRule(findingsFor({ 'ml.yaml': GPU_CLUSTER([]), 'job.yaml': trainingJob(3) }), 'max-pods');
  assert.deepEqual(
    findings.map((f) => [f.file, ...at(f)]),
    [['job.yaml', 6, 15, 16]],
  );
  assert.match(
    findings[0].detail!,
    /^Pods: 3 needed, but the nodes they can reach hold 0 pod slots: 0 × g5\.xlarge \(eksctl managed node group 'gpu' in ml\.yaml, minSize: 0, no desiredCapacity\) with 56 pod slots each .*; at maxSize 4 the pool would hold 224\./,
  );
});

test('autoscaled groups: autoscaler tags, the IAM add-on policy or propagateASGTags judge the group at maxSize', () => {
  for (const [extra, evidence] of [
    [TAGS, 'tag k8s.io/cluster-autoscaler/enabled'],
    [['    iam:', '      withAddonPolicies:', '        autoScaler: true'], 'iam.withAddonPolicies.autoScaler: true'],
    [['    propagateASGTags: true'], 'propagateASGTags: true'],
  ] as const) {
    assert.deepEqual(ofRule(findingsFor({ 'ml.yaml': GPU_CLUSTER([...extra]), 'job.yaml': trainingJob(224) }), 'max-pods'), [], evidence);
    const findings = ofRule(findingsFor({ 'ml.yaml': GPU_CLUSTER([...extra]), 'job.yaml': trainingJob(225) }), 'max-pods');
    assert.deepEqual(
      findings.map((f) => [f.file, ...at(f)]),
      [['job.yaml', 6, 15, 18]],
      evidence,
    );
    assert.equal(findings[0].message, '225 pods need pod slots; pool gpu (4 × g5.xlarge) holds 224: 1 stays Pending');
    assert.equal(
      findings[0].detail,
      `Pods: 225 needed, but the nodes they can reach hold 224 pod slots: 4 × g5.xlarge (eksctl managed node group 'gpu' in ml.yaml, maxSize: 4: a cluster autoscaler is in evidence (${evidence})) ` +
        'with 56 pod slots each (max pods 58: 4 ENIs × (15 − 1) IPs + 2; 2 taken by aws-node and kube-proxy, which every node runs); at its desired size (minSize: 0, no desiredCapacity) it holds 0. ' +
        'This Job runs 225 pods (parallelism: 225). 1 will stay Pending ("Too many pods").',
    );
  }
});

test('autoscaled groups: a cluster-autoscaler Deployment scales managed groups (EKS tags them), not self-managed ones', () => {
  // The shape of the cluster-autoscaler chart's auto-discovery Deployment.
  const autoscaler = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: cluster-autoscaler',
    '  namespace: kube-system',
    'spec:',
    '  replicas: 1',
    '  selector: {matchLabels: {app: cluster-autoscaler}}',
    '  template:',
    '    metadata: {labels: {app: cluster-autoscaler}}',
    '    spec:',
    '      serviceAccountName: cluster-autoscaler',
    '      containers:',
    '        - name: cluster-autoscaler',
    '          image: registry.k8s.io/autoscaling/cluster-autoscaler:v1.31.0',
    '          command: [./cluster-autoscaler, --cloud-provider=aws, "--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/ml"]',
    '',
  ].join('\n');
  assert.deepEqual(ofRule(findingsFor({ 'ml.yaml': GPU_CLUSTER([]), 'job.yaml': trainingJob(3), 'ca.yaml': autoscaler }), 'max-pods'), []);
  const [f] = ofRule(findingsFor({ 'ml.yaml': GPU_CLUSTER([]), 'job.yaml': trainingJob(225), 'ca.yaml': autoscaler }), 'max-pods');
  assert.match(
    f.detail!,
    /4 × g5\.xlarge \(eksctl managed node group 'gpu' in ml\.yaml, maxSize: 4: a cluster autoscaler is in evidence \(Deployment kube-system\/cluster-autoscaler, which discovers managed node groups by the tags EKS gives them\)\)/,
  );
  const selfManaged = GPU_CLUSTER([]).replace('managedNodeGroups:', 'nodeGroups:');
  assert.deepEqual(
    ofRule(findingsFor({ 'ml.yaml': selfManaged, 'job.yaml': trainingJob(3), 'ca.yaml': autoscaler }), 'max-pods').map((x) => x.object?.name),
    ['train'],
    'an untagged self-managed group is not discovered: 0 nodes for the Job',
  );
  // The autoscaler itself does not tolerate the GPU taint: no pool takes it, whatever the group's size.
  assert.deepEqual(
    ofRule(findingsFor({ 'ml.yaml': selfManaged, 'job.yaml': trainingJob(3), 'ca.yaml': autoscaler }), 'no-matching-pool').map((x) => x.object?.name),
    ['cluster-autoscaler'],
  );
});

test('autoscaled groups: maxNodes on a config pool; the pool hover states both sizes', () => {
  const config = 'nodePools:\n  - name: sg\n    instanceType: r6g.medium\n    nodes: 1\n    maxNodes: 3\n';
  const files = (n: number) => ({ 'web.yaml': deployment({ name: 'web', replicas: n }), 's.yaml': policy({ name: 'p', podLabels: { app: 'web' } }) });
  assert.deepEqual(ofRule(findingsFor(files(12), config), 'branch-eni-capacity'), []);
  const [f] = ofRule(findingsFor(files(13), config), 'branch-eni-capacity');
  assert.match(
    f.detail!,
    /13 needed, but the nodes they can reach hold 12 branch ENIs: 3 × r6g\.medium \(node pool 'sg' in \.eni-lens\.yaml, maxNodes: 3: a cluster autoscaler is in evidence \(maxNodes: 3 in \.eni-lens\.yaml\)\) with 4 branch ENIs each; at its desired size \(nodes: 1\) it holds 4\./,
  );
  const { config: parsed } = parseConfig(config, CONFIG_PATH);
  const analysis = analyze(
    Object.entries(files(2)).map(([file, text]) => ({ file, text })),
    parsed,
  );
  assert.match(
    hoverAt(analysis, CONFIG_PATH, { line: 1, character: 10 })!.markdown,
    /\| Nodes \| 3 × r6g\.medium \(maxNodes: 3: a cluster autoscaler is in evidence \(maxNodes: 3 in \.eni-lens\.yaml\)\); 1 at its desired size \(nodes: 1\) \|/,
  );
  assert.deepEqual(
    parseConfig('nodePools:\n  - {name: a, instanceType: m5.large, maxNodes: lots}\n', CONFIG_PATH).errors.map((e) => at(e)),
    [[1, 48, 52]],
  );
});

// The shape of eksctl's IPv6 example: ipFamily IPv6 with the vpc-cni, coredns and kube-proxy add-ons and OIDC.
const IPV6_CLUSTER = [
  'apiVersion: eksctl.io/v1alpha5', //        0
  'kind: ClusterConfig', //                   1
  'metadata:', //                             2
  '  name: v6', //                            3
  '  region: us-west-2', //                   4
  '  version: "1.31"', //                     5
  'kubernetesNetworkConfig:', //              6
  '  ipFamily: IPv6', //                      7
  'addons:', //                               8
  '  - name: vpc-cni', //                     9
  '  - name: coredns', //                    10
  '  - name: kube-proxy', //                 11
  'iam:', //                                 12
  '  withOIDC: true', //                     13
  'managedNodeGroups:', //                   14
  '  - name: ng-1', //                       15
  '    instanceType: m5.large', //           16
  '    desiredCapacity: 2', //               17
  '',
].join('\n');

test('IPv6: max pods follow the prefix figure (110 on an m5.large), and the messages say why', () => {
  const web = (n: number) => deployment({ name: 'web', replicas: n, instanceType: 'm5.large' });
  assert.deepEqual(ofRule(findingsFor({ 'cluster.yaml': IPV6_CLUSTER, 'web.yaml': web(216) }), 'max-pods'), []);
  const [f] = ofRule(findingsFor({ 'cluster.yaml': IPV6_CLUSTER, 'web.yaml': web(217) }), 'max-pods');
  assert.deepEqual(at(f), [13, 42, 50]);
  assert.match(
    f.detail!,
    /217 needed, but the nodes they can reach hold 216 pod slots: 2 × m5\.large .* with 108 pod slots each \(max pods 110: prefix delegation gives 434, capped at 110 for 2 vCPUs;/,
  );
  assert.match(f.detail!, /Prefix delegation is on \(IPv6 cluster, prefixes always: kubernetesNetworkConfig\.ipFamily: IPv6 in eksctl ClusterConfig v6\)\./);
  // The same group in an IPv4 cluster: 2 × 27.
  assert.equal(ofRule(findingsFor({ 'cluster.yaml': IPV6_CLUSTER.replace('IPv6', 'IPv4'), 'web.yaml': web(55) }), 'max-pods').length, 1);
  // IPv6 wins over prefixDelegation: false, and node IPs never run short (no ip-capacity with security groups for pods).
  const sgp = {
    'cluster.yaml': IPV6_CLUSTER,
    'web.yaml': web(200),
    'pay.yaml': deployment({ name: 'pay', replicas: 1, instanceType: 'm5.large' }),
    's.yaml': policy({ name: 'p', podLabels: { app: 'pay' } }),
  };
  assert.deepEqual(
    findingsFor(sgp, 'prefixDelegation: false\n').filter((x) => x.rule !== 'rollout-surge'),
    [],
  );
  const { config } = parseConfig('', CONFIG_PATH);
  const analysis = analyze([{ file: 'cluster.yaml', text: IPV6_CLUSTER }], config);
  assert.deepEqual([analysis.model.cni.ipv6.value, analysis.model.cni.ipv6.range?.start], [true, { line: 7, character: 12 }]);
  const hover = hoverAt(analysis, 'cluster.yaml', { line: 15, character: 12 })!.markdown;
  assert.match(hover, /\| IPs for ordinary pods per node \| not a limit: IPv6 \(kubernetesNetworkConfig\.ipFamily: IPv6 in eksctl ClusterConfig v6\) \|/);
  assert.match(hover, /\| Max pods per node \| 110 \(prefix delegation gives 434, capped at 110 for 2 vCPUs\) \|/);
});

// The shapes of eksctl's custom-AMI examples: AL2 bootstrap.sh arguments, an AL2023 NodeConfig, kubeletExtraConfig.
const bootstrapCluster = (group: string[]) =>
  [
    'apiVersion: eksctl.io/v1alpha5',
    'kind: ClusterConfig',
    'metadata: {name: custom, region: eu-west-1}', //  0-2
    'managedNodeGroups:', //                                                                                  3
    '  - name: ng', //                                                                                        4
    '    instanceType: m5.large', //                                                                          5
    '    desiredCapacity: 1', //                                                                              6
    ...group,
    '',
  ].join('\n');

test('bootstrap max pods: --max-pods in overrideBootstrapCommand, a NodeConfig, kubeletExtraConfig.maxPods', () => {
  const web = (n: number) => ({ 'web.yaml': deployment({ name: 'web', replicas: n, instanceType: 'm5.large' }) });
  const al2 = bootstrapCluster([
    '    ami: ami-0123456789abcdef0', //                                                                      7
    '    overrideBootstrapCommand: |', //                                                                     8
    '      #!/bin/bash', //                                                                                   9
    "      /etc/eks/bootstrap.sh custom --use-max-pods false --kubelet-extra-args '--max-pods=20'", //       10
  ]);
  assert.deepEqual(ofRule(findingsFor({ 'c.yaml': al2, ...web(18) }), 'max-pods'), []);
  const [f] = ofRule(findingsFor({ 'c.yaml': al2, ...web(19) }), 'max-pods');
  assert.match(f.detail!, /hold 18 pod slots: .* with 18 pod slots each \(max pods 20: --max-pods=20 in overrideBootstrapCommand of the node group;/);

  const al2023 = bootstrapCluster([
    '    amiFamily: AmazonLinux2023',
    '    ami: ami-0123456789abcdef0',
    '    overrideBootstrapCommand: |',
    '      apiVersion: node.eks.aws/v1alpha1',
    '      kind: NodeConfig',
    '      spec:',
    '        cluster: {name: custom}',
    '        kubelet:',
    '          config:',
    '            maxPods: 110',
  ]);
  const ceiling = ofRule(findingsFor({ 'c.yaml': al2023 }), 'ip-capacity');
  assert.deepEqual(
    ceiling.map((x) => [x.file, ...at(x)]),
    [['c.yaml', 9, 30, 0]],
    'the whole script: the number has no range of its own',
  );
  assert.match(
    ceiling[0].detail!,
    /^NodeConfig maxPods: 110 in overrideBootstrapCommand is above what the IPs of m5\.large can serve: 3 ENIs × \(10 − 1\) IPs = 27, \+ 2 host-network pods = 29\./,
  );
  assert.deepEqual(ceiling[0].fixes, []);

  const extra = bootstrapCluster(['    kubeletExtraConfig:', '      maxPods: 12', '      kubeReserved: {cpu: 300m}']);
  const [g] = ofRule(findingsFor({ 'c.yaml': extra, ...web(11) }), 'max-pods');
  assert.match(g.detail!, /with 10 pod slots each \(max pods 12: kubeletExtraConfig\.maxPods: 12 of the node group;/);
  assert.deepEqual(
    g.related.map((r) => [r.file, ...at(r)]),
    [['c.yaml', 5, 18, 26]],
  );
  const self = bootstrapCluster(['    preBootstrapCommands: ["echo hi"]'])
    .replace('managedNodeGroups', 'nodeGroups')
    .replace('    desiredCapacity: 1\n', '    desiredCapacity: 1\n    bootstrapCommands: ["/etc/eks/bootstrap.sh custom --kubelet-extra-args --max-pods=15"]\n');
  assert.match(ofRule(findingsFor({ 'c.yaml': self, ...web(14) }), 'max-pods')[0].detail!, /max pods 15: --max-pods=15 in bootstrapCommands of the node group/);
});

test("IPv6: a Karpenter NodePool keeps Karpenter's ENI figure, and says which versions give 110 instead", () => {
  const np = [
    'apiVersion: karpenter.sh/v1',
    'kind: NodePool',
    'metadata: {name: default}',
    'spec:',
    '  template:',
    '    spec:',
    '      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}',
    '      requirements: [{key: node.kubernetes.io/instance-type, operator: In, values: [m5.large]}]',
    '',
  ].join('\n');
  const { config } = parseConfig('', CONFIG_PATH);
  const { model } = analyze(
    [
      { file: 'cluster.yaml', text: IPV6_CLUSTER },
      { file: 'np.yaml', text: np },
    ],
    config,
  );
  const karpenter = model.pools.find((p) => p.origin === 'karpenter')!;
  assert.deepEqual(
    [model.capacity.get(karpenter)!.maxPods, model.capacity.get(karpenter)!.maxPodsBasis],
    [
      29,
      "Karpenter's figure, 3 ENIs × (10 − 1) IPs + 2; it ignores prefix delegation, karpenter-provider-aws #8210; Karpenter gives it on IPv6 clusters too, unless its version has karpenter-provider-aws #9246 (then 110)",
    ],
  );
  assert.equal(karpenter.cluster, 'v6');
});
