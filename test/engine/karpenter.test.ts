import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, parseConfig } from '../../shared';
import { at, deployment, findingsFor, ofRule, policy } from '../helpers/analyze';

// The shape of Karpenter's getting-started NodePool and EC2NodeClass (karpenter.sh/v1, karpenter.k8s.aws/v1).
const nodePool = (name: string, requirements: string[], labels = 'team: payments') =>
  [
    'apiVersion: karpenter.sh/v1', //                         0
    'kind: NodePool', //                                      1
    'metadata:', //                                           2
    `  name: ${name}`, //                                     3
    'spec:', //                                               4
    '  template:', //                                         5
    '    metadata:', //                                       6
    `      labels: {${labels}}`, //                           7
    '    spec:', //                                           8
    '      requirements:', //                                 9
    ...requirements,
    '      nodeClassRef:',
    '        group: karpenter.k8s.aws',
    '        kind: EC2NodeClass',
    '        name: default',
    '      expireAfter: 720h',
    '  limits:',
    '    cpu: 1000',
    '  disruption:',
    '    consolidationPolicy: WhenEmptyOrUnderutilized',
    '    consolidateAfter: 1m',
    '',
  ].join('\n');

const req = (key: string, operator: string, values: string[]) => [
  `        - key: ${key}`,
  `          operator: ${operator}`,
  `          values: [${values.map((v) => `"${v}"`).join(', ')}]`,
];

const DEFAULT_POOL = nodePool('default', [
  ...req('kubernetes.io/arch', 'In', ['amd64']),
  ...req('kubernetes.io/os', 'In', ['linux']),
  ...req('karpenter.sh/capacity-type', 'In', ['on-demand']),
  ...req('karpenter.k8s.aws/instance-category', 'In', ['c', 'm', 'r']),
  ...req('karpenter.k8s.aws/instance-generation', 'Gt', ['2']),
]);

const nodeClass = (kubelet = '') =>
  [
    'apiVersion: karpenter.k8s.aws/v1',
    'kind: EC2NodeClass',
    'metadata:',
    '  name: default',
    'spec:',
    '  role: "KarpenterNodeRole-my-cluster"',
    '  amiSelectorTerms:',
    '    - alias: "al2023@latest"',
    '  subnetSelectorTerms:',
    '    - tags: {karpenter.sh/discovery: my-cluster}',
    ...(kubelet ? ['  kubelet:', kubelet] : []),
    '',
  ].join('\n');

const poolsOf = (files: Record<string, string>) =>
  analyze(
    Object.entries(files).map(([file, text]) => ({ file, text })),
    parseConfig('', 'c.yaml').config,
  ).model.pools;

test('karpenter: allowed types follow the requirements (category, generation Gt, arch, family, size, cpu Gt/Lt)', () => {
  const [pool] = poolsOf({ 'np.yaml': DEFAULT_POOL, 'nc.yaml': nodeClass() });
  assert.equal(pool.origin, 'karpenter');
  assert.equal(pool.elastic, true);
  for (const t of ['m5.large', 'c6i.xlarge', 'r5.2xlarge', 'm4.large', 'm3.medium']) assert.ok(pool.instanceTypes.includes(t), t);
  for (const t of ['t3.large', 'r6g.large', 'c1.medium', 'inf1.xlarge', 'mac1.metal']) assert.ok(!pool.instanceTypes.includes(t), t);
  assert.equal(pool.labels.get('karpenter.sh/nodepool'), 'default');

  const narrow = poolsOf({
    'np.yaml': nodePool('arm', [
      ...req('kubernetes.io/arch', 'In', ['arm64']),
      ...req('karpenter.k8s.aws/instance-family', 'In', ['r6g', 'm6g']),
      ...req('karpenter.k8s.aws/instance-cpu', 'Gt', ['1']),
      ...req('karpenter.k8s.aws/instance-cpu', 'Lt', ['8']),
      ...req('karpenter.k8s.aws/instance-size', 'NotIn', ['xlarge']),
    ]),
  })[0];
  assert.deepEqual(narrow.instanceTypes.sort(), ['m6g.large', 'r6g.large']);
  const byType = poolsOf({ 'np.yaml': nodePool('t', req('node.kubernetes.io/instance-type', 'In', ['r6g.medium', 'm5.large'])) })[0];
  assert.deepEqual(byType.instanceTypes.sort(), ['m5.large', 'r6g.medium']);
});

test('karpenter: security-group pods on a pool whose types all lack trunking are an error', () => {
  const t3 = nodePool('burstable', req('karpenter.k8s.aws/instance-family', 'In', ['t3', 't3a']));
  const app = deployment({ name: 'web', replicas: 2, podSpecExtra: '      nodeSelector:\n        karpenter.sh/nodepool: burstable' });
  const findings = findingsFor({ 'np.yaml': t3, 'app.yaml': app, 's.yaml': policy({ name: 'p', podLabels: { app: 'web' } }) });
  const unsupported = ofRule(findings, 'branch-eni-unsupported');
  assert.deepEqual(
    unsupported.map((f) => [f.file, ...at(f)]),
    [['app.yaml', 6, 12, 13]],
  );
  assert.match(unsupported[0].detail!, /can only land on t3\.2xlarge, t3\.large, t3\.medium, t3\.micro, t3\.nano, … \(14 types\), which cannot host a trunk ENI/);
  assert.equal(unsupported[0].message, '2 pods need branch ENIs, but t3.2xlarge and 13 other types cannot host a trunk ENI: none will start');
  assert.match(unsupported[0].detail!, /Karpenter NodePool 'burstable' in np\.yaml, node count elastic/);
  assert.deepEqual(
    unsupported[0].related.map((r) => [r.file, ...at(r)]),
    [
      ['s.yaml', 3, 8, 9],
      ['np.yaml', 3, 8, 17],
    ],
  );
  // A pool that also allows a trunking family is fine: Karpenter launches a type that offers pod-eni.
  const mixed = nodePool('mixed', req('karpenter.k8s.aws/instance-family', 'In', ['t3', 'm5']));
  const ok = findingsFor({ 'np.yaml': mixed, 'app.yaml': app.replace('burstable', 'mixed'), 's.yaml': policy({ name: 'p', podLabels: { app: 'web' } }) });
  assert.deepEqual(ofRule(ok, 'branch-eni-unsupported'), []);
});

test('karpenter: node count is elastic; security-group pods get the RESERVED_ENIS warning on the NodePool', () => {
  const app = deployment({ name: 'pay', replicas: 500, labels: { app: 'pay' }, podSpecExtra: '      nodeSelector:\n        team: payments' });
  const files = { 'np.yaml': DEFAULT_POOL, 'nc.yaml': nodeClass(), 'app.yaml': app, 's.yaml': policy({ name: 'p', podLabels: { app: 'pay' } }) };
  const findings = findingsFor(files);
  assert.deepEqual(
    findings.map((f) => [f.rule, f.severity, f.file, ...at(f)]),
    [['ip-capacity', 'warning', 'np.yaml', 3, 8, 15]],
  );
  assert.match(
    findings[0].detail!,
    /^Security groups for pods is on \(assumed: SecurityGroupPolicy default\/p exists and nothing sets ENABLE_POD_ENI\), and pods needing a branch ENI land on this NodePool \(Deployment default\/pay\)\./,
  );
  assert.match(
    findings[0].detail!,
    /it expects c7a\.medium to hold 8 pods \(Karpenter's figure, 2 ENIs × \(4 − 1\) IPs \+ 2\) where the IPs left serve 5 \(\(2 − 1\) ENIs × \(4 − 1\) IPs = 3; the trunk ENI takes an ENI slot, \+ 2 host-network pods\)/,
  );
  assert.deepEqual(findings[0].object, { kind: 'NodePool', namespace: 'default', name: 'default' });
  const controller = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: karpenter, namespace: kube-system}',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: controller',
    '          env:',
    '            - {name: RESERVED_ENIS, value: "1"}',
    '',
  ].join('\n');
  assert.deepEqual(ofRule(findingsFor({ ...files, 'karpenter.yaml': controller }), 'ip-capacity'), []);
});

test('karpenter: DaemonSets needing branch ENIs beyond the smallest allowed type are an error per node', () => {
  const ds = (name: string) =>
    [
      'apiVersion: apps/v1',
      'kind: DaemonSet',
      'metadata:',
      `  name: ${name}`,
      'spec:',
      '  template:',
      '    metadata:',
      '      labels: {sg: "yes"}',
      '    spec:',
      '      nodeSelector: {karpenter.sh/nodepool: small}',
      '      containers: [{name: a, image: x}]',
      '',
    ].join('\n');
  const small = nodePool('small', [
    ...req('kubernetes.io/arch', 'In', ['arm64']),
    ...req('karpenter.k8s.aws/instance-family', 'In', ['r6g']),
    ...req('karpenter.k8s.aws/instance-size', 'In', ['medium', 'large']),
  ]);
  const files = (n: number) => {
    const out: Record<string, string> = { 'np.yaml': small, 's.yaml': policy({ name: 'p', podLabels: { sg: 'yes' } }) };
    for (let i = 0; i < n; i++) out[`ds${i}.yaml`] = ds(`agent-${i}`);
    return out;
  };
  assert.deepEqual(ofRule(findingsFor(files(4)), 'branch-eni-capacity'), []);
  const findings = ofRule(findingsFor(files(5)), 'branch-eni-capacity');
  assert.deepEqual(
    findings.map((f) => [f.file, f.severity, ...at(f)]),
    [0, 1, 2, 3, 4].map((i) => [`ds${i}.yaml`, 'error', 3, 8, 15]),
  );
  assert.match(findings[0].detail!, /carries 5 DaemonSet pods that need a branch ENI .* but the pool may launch r6g\.medium, which holds 4 \(its branch ENIs\)/);
  assert.equal(findings[0].message, "NodePool small may launch r6g.medium (4 branch ENIs), but each node's DaemonSets need 5: some stay Pending");
  assert.deepEqual(
    findings[0].related.map((r) => [r.file, ...at(r)]),
    [['np.yaml', 3, 8, 13]],
  );
});

test('karpenter: EC2NodeClass kubelet.maxPods above the IP ceiling is reported in the EC2NodeClass', () => {
  const m5 = nodePool('m5', req('karpenter.k8s.aws/instance-family', 'In', ['m5']));
  const findings = ofRule(findingsFor({ 'np.yaml': m5, 'nc.yaml': nodeClass('    maxPods: 110') }), 'ip-capacity');
  assert.deepEqual(
    findings.map((f) => [f.file, ...at(f)]),
    [['nc.yaml', 11, 13, 16]],
  );
  assert.match(findings[0].detail!, /maxPods 110 is above what the IPs of m5\.large can serve: 3 ENIs × \(10 − 1\) IPs = 27, \+ 2 host-network pods = 29/);
  assert.equal(findings[0].message, 'maxPods 110 exceeds the 29 pods m5.large has IPs for: the rest get none');
  assert.equal(poolsOf({ 'np.yaml': m5, 'nc.yaml': nodeClass('    maxPods: 20') })[0].maxPodsOverride, 20);
});

test('karpenter: malformed NodePools never throw', () => {
  const broken = [
    'apiVersion: karpenter.sh/v1',
    'kind: NodePool',
    'metadata: {name: a}',
    'spec: {template: {spec: {requirements: {key: x}, nodeClassRef: 7}}}',
    '---',
    'apiVersion: karpenter.sh/v1',
    'kind: NodePool',
    'metadata: {name: b}',
    'spec:',
    '  template:',
    '    spec:',
    '      requirements:',
    '        - {key: karpenter.k8s.aws/instance-cpu, operator: Gt, values: [lots]}',
    '        - {key: kubernetes.io/arch, operator: Sideways, values: amd64}',
    '        - 5',
    '',
    '---',
    'apiVersion: karpenter.k8s.aws/v1',
    'kind: EC2NodeClass',
    'metadata: {name: default}',
    'spec: {kubelet: {maxPods: many}}',
    '',
  ].join('\n');
  const pools = poolsOf({ 'np.yaml': broken });
  assert.deepEqual(
    pools.map((p) => [p.name, p.instanceTypes.length > 0, p.maxPodsOverride]),
    [
      ['a', true, undefined],
      ['b', false, undefined],
    ],
  );
  assert.deepEqual(findingsFor({ 'np.yaml': broken, 'app.yaml': deployment({ name: 'w', replicas: 3 }) }), []);
});
