import assert from 'node:assert/strict';
import { test } from 'node:test';
import { instances } from '../../shared';
import { podIps } from '../../shared/model/ipCapacity';
import { at, deployment, findingsFor, ofRule, policy } from '../helpers/analyze';

const t = (name: string) => instances.lookupInstanceType(name)!;
const settings = (sgp: boolean, cn: boolean, pd = false) => ({ securityGroupsForPods: sgp, customNetworking: cn, prefixDelegation: pd });

test('trunk and custom-networking arithmetic over a range of types (max-pods equivalents)', () => {
  // [type, published, trunk, custom networking, custom networking + trunk]
  const rows: [string, number, number, number, number][] = [
    ['m5.large', 29, 20, 20, 11],
    ['r6g.medium', 8, 5, 5, 2],
    ['r6g.large', 29, 20, 20, 11],
    ['m5.xlarge', 58, 44, 44, 30],
    ['c5.18xlarge', 737, 688, 688, 639],
    ['p4d.24xlarge', 737, 688, 688, 639], // default card only
    ['t3.large', 35, 35, 24, 24], // no trunking: no trunk slot is reserved
  ];
  for (const [name, published, trunk, custom, both] of rows) {
    assert.equal(podIps(t(name), settings(false, false)).maxPodsEquivalent, published, `${name} published`);
    assert.equal(podIps(t(name), settings(true, false)).maxPodsEquivalent, trunk, `${name} trunk`);
    assert.equal(podIps(t(name), settings(false, true)).maxPodsEquivalent, custom, `${name} custom networking`);
    assert.equal(podIps(t(name), settings(true, true)).maxPodsEquivalent, both, `${name} both`);
  }
  assert.equal(podIps(t('m5.large'), settings(true, false)).ips, instances.podIpsWithTrunk(t('m5.large'), false));
  assert.equal(podIps(t('m5.large'), settings(true, false, true)).ips, 2 * 9 * 16);
  assert.equal(podIps(t('m4.large'), settings(false, false, true)).ips, 2 * 9, 'no prefixes on Xen');
  assert.equal(podIps(t('r6g.medium'), settings(true, true)).noTrunkSlot, true);
  assert.equal(podIps(t('m5.large'), settings(true, true)).noTrunkSlot, false);
  assert.equal(podIps(t('m5.large'), settings(true, false)).basis, '(3 − 1) ENIs × (10 − 1) IPs = 18; the trunk ENI takes an ENI slot');
});

const sgpFiles = (webReplicas: number, type = 'm5.large') => ({
  'web.yaml': deployment({ name: 'web', replicas: webReplicas, instanceType: type }),
  'pay.yaml': deployment({ name: 'payments', replicas: 1, instanceType: type }),
  'sgp.yaml': policy({ name: 'payments-sg', podLabels: { app: 'payments' } }),
});

test('ip-capacity: with a SecurityGroupPolicy, 18 ordinary pods fit an m5.large, 19 do not although max pods is 29', () => {
  assert.deepEqual(findingsFor(sgpFiles(18)), []);
  const findings = findingsFor(sgpFiles(19));
  assert.deepEqual(
    findings.map((f) => [f.rule, f.severity, f.file, ...at(f)]),
    [['ip-capacity', 'warning', 'web.yaml', 13, 42, 50]],
  );
  const [f] = findings;
  assert.equal(f.message, '19 pods need node IPs; 1 × m5.large (assumed) has 18: 1 stays in ContainerCreating');
  assert.equal(
    f.detail,
    'Pods that need a node IP (no branch ENI, not hostNetwork): 19 needed, but the nodes they can reach have 18 IPs for them: ' +
      '1 × m5.large (assumed: no node pool declares m5.large, so assumeNodes: 1 is used) with 18 each (m5.large: (3 − 1) ENIs × (10 − 1) IPs = 18; the trunk ENI takes an ENI slot; max pods 29). ' +
      'Security groups for pods is on (assumed: SecurityGroupPolicy default/payments-sg exists and nothing sets ENABLE_POD_ENI). This Deployment runs 19 pods (replicas: 19). ' +
      'Max pods allows them, but 1 pod will stay in ContainerCreating (no IP address to assign).',
  );
  // Without any policy (and no ENABLE_POD_ENI) the trunk takes no slot.
  assert.deepEqual(ofRule(findingsFor({ 'web.yaml': deployment({ name: 'web', replicas: 27, instanceType: 'm5.large' }) }), 'ip-capacity'), []);
});

test('ip-capacity: max pods overruns are reported by max-pods alone', () => {
  const findings = findingsFor(sgpFiles(30));
  assert.deepEqual(ofRule(findings, 'ip-capacity'), []);
  assert.deepEqual(
    ofRule(findings, 'max-pods').map((f) => f.object?.name),
    ['payments', 'web'],
  );
});

test('ip-capacity: ENABLE_POD_ENI and custom networking from the aws-node DaemonSet', () => {
  const awsNode = (env: Record<string, string>) =>
    [
      'apiVersion: apps/v1',
      'kind: DaemonSet',
      'metadata:',
      '  name: aws-node',
      '  namespace: kube-system',
      'spec:',
      '  template:',
      '    spec:',
      '      hostNetwork: true',
      '      containers:',
      '        - name: aws-node',
      '          image: amazon-k8s-cni',
      '          env:',
      ...Object.entries(env).flatMap(([k, v]) => [`            - name: ${k}`, `              value: "${v}"`]),
      '',
    ].join('\n');
  const web = (n: number) => deployment({ name: 'web', replicas: n, instanceType: 'm5.large' });
  const podEni = findingsFor({ 'web.yaml': web(19), 'aws-node.yaml': awsNode({ ENABLE_POD_ENI: 'true' }) });
  assert.deepEqual(
    podEni.map((f) => f.rule),
    ['ip-capacity'],
  );
  assert.match(podEni[0].detail!, /Security groups for pods is on \(ENABLE_POD_ENI in DaemonSet kube-system\/aws-node\)\./);
  // The config's explicit key wins over the DaemonSet.
  assert.deepEqual(findingsFor({ 'web.yaml': web(19), 'aws-node.yaml': awsNode({ ENABLE_POD_ENI: 'true' }) }, 'securityGroupsForPods: false\n'), []);

  const custom = findingsFor({ 'web.yaml': web(19), 'aws-node.yaml': awsNode({ AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true' }) });
  assert.deepEqual(
    custom.map((f) => f.rule),
    ['ip-capacity'],
  );
  assert.match(custom[0].detail!, /\(3 − 1\) ENIs × \(10 − 1\) IPs = 18; custom networking \(primary ENI\) takes an ENI slot/);
  assert.match(custom[0].detail!, /Custom networking is on \(AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG in DaemonSet kube-system\/aws-node\)\./);

  const both = findingsFor({ 'web.yaml': web(10), 'aws-node.yaml': awsNode({ AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true', ENABLE_POD_ENI: 'true' }) });
  assert.deepEqual(
    both.map((f) => [f.rule, ...at(f)]),
    [['ip-capacity', 13, 42, 50]],
  );
  assert.match(both[0].detail!, /10 needed, but the nodes they can reach have 9 IPs/);
});

test('ip-capacity: custom networking + security groups for pods on a 2-ENI type is an error', () => {
  const files = { ...sgpFiles(1, 'r6g.medium') };
  const findings = findingsFor(files, 'customNetworking: true\n');
  assert.deepEqual(
    findings.map((f) => [f.rule, f.severity, f.file, ...at(f)]),
    [
      ['ip-capacity', 'error', 'pay.yaml', 13, 42, 52],
      ['ip-capacity', 'error', 'web.yaml', 13, 42, 52],
    ],
  );
  assert.match(findings[0].detail!, /r6g\.medium has only 2 ENIs on its default network card/);
  assert.equal(findings[0].message, 'Custom networking + security groups for pods on r6g.medium (2 ENIs): no trunk ENI, so no branch ENIs');
  assert.equal(findings[1].message, 'Custom networking + security groups for pods on r6g.medium (2 ENIs): its pods get no IP address');
  assert.match(findings[0].detail!, /Pods needing a branch ENI get none \(no trunk ENI\)\./);
  assert.match(findings[1].detail!, /Ordinary pods get no IP address\./);
  assert.match(
    findings[1].detail!,
    /Custom networking is on \(customNetworking in \.eni-lens\.yaml\); security groups for pods is on \(assumed: SecurityGroupPolicy default\/payments-sg exists and nothing sets ENABLE_POD_ENI\)\./,
  );
  assert.deepEqual(findingsFor(sgpFiles(1, 'r6g.large'), 'customNetworking: true\n'), []);
});

test('ip-capacity: a pool maxPods above the IP ceiling is a warning on the maxPods value, with a fix', () => {
  const config = 'nodePools:\n  - name: small\n    instanceType: m5.large\n    nodes: 2\n    maxPods: 110\n';
  const findings = ofRule(findingsFor({}, config), 'ip-capacity');
  assert.deepEqual(
    findings.map((f) => [f.severity, f.file, ...at(f)]),
    [['warning', 'cluster/.eni-lens.yaml', 4, 13, 16]],
  );
  assert.match(findings[0].detail!, /^maxPods 110 is above what the IPs of m5\.large can serve: 3 ENIs × \(10 − 1\) IPs = 27, \+ 2 host-network pods = 29\./);
  assert.equal(findings[0].message, 'maxPods 110 exceeds the 29 pods m5.large has IPs for: the rest get none');
  assert.equal(findings[0].fixes[0].edits[0].newText, '29');
  // With security groups for pods the ceiling is 20; with prefix delegation 434.
  assert.equal(ofRule(findingsFor({ 's.yaml': policy({ name: 'p', podLabels: { a: 'b' } }) }, config.replace('110', '25')), 'ip-capacity').length, 1);
  assert.deepEqual(ofRule(findingsFor({}, `prefixDelegation: true\n${config}`), 'ip-capacity'), []);
});
