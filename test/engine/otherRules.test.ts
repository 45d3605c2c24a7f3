import assert from 'node:assert/strict';
import { test } from 'node:test';
import { at, CONFIG_PATH, deployment, findingsFor, ofRule, policy } from '../helpers/analyze';

test('branch-eni-unsupported: a security-group pod pinned to t3.large (no trunking)', () => {
  const findings = findingsFor({
    'a.yaml': deployment({ name: 'web', replicas: 1, instanceType: 't3.large' }),
    's.yaml': policy({ name: 'p', podLabels: { app: 'web' } }),
  });
  assert.deepEqual(
    findings.map((f) => [f.rule, f.severity, ...at(f)]),
    [['branch-eni-unsupported', 'error', 13, 42, 50]],
  );
  assert.match(findings[0].detail!, /can only land on t3\.large, which cannot host a trunk ENI/);
});

test('max-pods: 28 pods on one m5.large (29 max pods, 2 of them aws-node and kube-proxy), fixed by m5.xlarge', () => {
  const findings = ofRule(findingsFor({ 'a.yaml': deployment({ name: 'web', replicas: 28, instanceType: 'm5.large' }) }), 'max-pods');
  assert.equal(findings.length, 1);
  assert.deepEqual(at(findings[0]), [13, 42, 50]);
  assert.match(
    findings[0].detail!,
    /28 needed, but the nodes they can reach hold 27 pod slots: 1 × m5\.large .* with 27 pod slots each \(max pods 29: 3 ENIs × \(10 − 1\) IPs \+ 2; 2 taken by aws-node and kube-proxy, which every node runs\)\. .* 1 will stay Pending/,
  );
  assert.equal(findings[0].fixes[0].edits[0].newText, 'm5.xlarge');
  assert.equal(findings[0].fixes[0].title, 'Use m5.xlarge (56 pod slots per node, needs 28; max pods 58)');
  assert.deepEqual(ofRule(findingsFor({ 'a.yaml': deployment({ name: 'web', replicas: 27, instanceType: 'm5.large' }) }), 'max-pods'), []);
});

test('max-pods honours a pool maxPods override and prefix delegation', () => {
  const files = { 'a.yaml': deployment({ name: 'web', replicas: 40, instanceType: 'm5.large' }) };
  assert.equal(ofRule(findingsFor(files), 'max-pods').length, 1);
  assert.deepEqual(ofRule(findingsFor(files, 'prefixDelegation: true\n'), 'max-pods'), []);
  const capped = findingsFor(files, 'prefixDelegation: true\nnodePools:\n  - {name: small, instanceType: m5.large, nodes: 1, maxPods: 35}\n');
  assert.equal(ofRule(capped, 'max-pods').length, 1);
  assert.match(ofRule(capped, 'max-pods')[0].detail!, /maxPods: 35 set for the pool/);
  assert.deepEqual(ofRule(capped, 'max-pods')[0].fixes, [], 'a larger type does not help when maxPods is fixed');
});

test('security-groups-per-eni: two policies adding 3 groups each exceed 5', () => {
  const findings = findingsFor({
    'a.yaml': deployment({ name: 'web', replicas: 1, instanceType: 'm5.large' }),
    's1.yaml': policy({ name: 'one', podLabels: { app: 'web' }, groups: ['sg-1', 'sg-2', 'sg-3'] }),
    's2.yaml': policy({ name: 'two', podLabels: { app: 'web' }, groups: ['sg-3', 'sg-4', 'sg-5', 'sg-6'] }),
  });
  assert.deepEqual(
    findings.map((f) => [f.rule, f.file, ...at(f)]),
    [['security-groups-per-eni', 'a.yaml', 3, 8, 11]],
  );
  assert.match(findings[0].message, /get 6 security groups on their branch ENI, above the 5 allowed per ENI/);
  assert.equal(findings[0].message, 'Its pods get 6 security groups on their branch ENI, above the 5 allowed per ENI: they fail to start');
  assert.deepEqual(
    findings[0].related.map((r) => [r.file, r.range.start.line]),
    [
      ['s1.yaml', 11],
      ['s2.yaml', 11],
    ],
  );
  const raised = findingsFor(
    {
      'a.yaml': deployment({ name: 'web', replicas: 1, instanceType: 'm5.large' }),
      's1.yaml': policy({ name: 'one', podLabels: { app: 'web' }, groups: ['sg-1', 'sg-2', 'sg-3', 'sg-4', 'sg-5', 'sg-6'] }),
    },
    'securityGroupsPerEni: 10\n',
  );
  assert.deepEqual(raised, []);
});

test('unknown-instance-type: a typo gets the closest names as fixes, in manifests and in the config', () => {
  const findings = findingsFor(
    { 'a.yaml': deployment({ name: 'web', replicas: 1, instanceType: 'r6g.mediun' }) },
    'nodePools:\n  - name: p\n    instanceType: m5.lrge\n    nodes: 1\n',
  );
  const unknown = ofRule(findings, 'unknown-instance-type');
  assert.deepEqual(
    unknown.map((f) => [f.file, f.severity, ...at(f)]),
    [
      ['a.yaml', 'warning', 13, 42, 52],
      [CONFIG_PATH, 'warning', 2, 18, 25],
    ],
  );
  assert.equal(unknown[0].message, "Unknown instance type 'r6g.mediun': capacity not judged; did you mean r6g.medium, c6g.medium?");
  assert.match(unknown[0].detail!, /^'r6g\.mediun' is not in ENI Lens's EC2 data .* Did you mean r6g\.medium, c6g\.medium, m6g\.medium\?/);
  assert.deepEqual(unknown[0].fixes[0], { title: 'Change to r6g.medium', edits: [{ file: 'a.yaml', range: unknown[0].range, newText: 'r6g.medium' }], preferred: true });
  assert.equal(unknown[1].fixes[0].edits[0].newText, 'm5.large');
});

test('sgp-invalid: a policy with no selector, and one with no group ids', () => {
  const findings = findingsFor({
    'a.yaml': policy({ name: 'no-selector' }),
    'b.yaml': policy({ name: 'no-groups', podLabels: { app: 'x' }, groups: [] }),
  });
  assert.deepEqual(
    findings.map((f) => [f.rule, f.file, ...at(f)]),
    [
      ['sgp-invalid', 'a.yaml', 3, 8, 19],
      ['sgp-invalid', 'b.yaml', 3, 8, 17],
    ],
  );
  assert.match(findings[0].message, /neither podSelector nor serviceAccountSelector/);
  assert.match(findings[1].message, /lists no securityGroups\.groupIds/);
  assert.equal(findings[0].message, 'The VPC resource controller ignores this SecurityGroupPolicy: it has neither podSelector nor serviceAccountSelector');
  assert.equal(findings[0].detail, 'No pod gets a branch ENI or these security groups from it.');
  // An invalid selector: the message says which selector, the detail which entry.
  const bogus = policy({ name: 'bogus', podLabels: { app: 'x' } }).replace(
    '    matchLabels:\n      app: x\n',
    '    matchExpressions:\n      - {key: app, operator: Bogus, values: [x]}\n',
  );
  const [invalid] = findingsFor({ 'c.yaml': bogus });
  assert.deepEqual(
    [invalid.rule, invalid.message, invalid.detail],
    [
      'sgp-invalid',
      'The VPC resource controller ignores this SecurityGroupPolicy: its podSelector is invalid',
      "Its podSelector is invalid (matchExpressions entry with operator 'Bogus'). No pod gets a branch ENI or these security groups from it.",
    ],
  );
});

test('rollout-surge: 8 replicas fit an m5.large (9 branch ENIs) but 8 + 25% surge do not', () => {
  const sgp = policy({ name: 'p', podLabels: { app: 'web' } });
  const withStrategy = (strategy?: string) => findingsFor({ 'a.yaml': deployment({ name: 'web', replicas: 8, instanceType: 'm5.large', specExtra: strategy }), 's.yaml': sgp });
  const findings = withStrategy();
  assert.deepEqual(
    findings.map((f) => [f.rule, f.severity, ...at(f)]),
    [['rollout-surge', 'warning', 13, 42, 50]],
  );
  assert.match(findings[0].detail!, /runs 8 \+ 2 \(maxSurge\) = 10 pods/);
  assert.equal(findings[0].message, 'Rolling update: 8 + 2 pods need 10 branch ENIs; 1 × m5.large (assumed) holds 9: it stalls');
  assert.match(findings[0].detail!, /needs 10 branch ENIs .* but the nodes hold 9/);
  assert.deepEqual(withStrategy('  strategy:\n    rollingUpdate: {maxSurge: 0, maxUnavailable: 1}'), []);
  assert.deepEqual(withStrategy('  strategy:\n    type: Recreate'), []);
  assert.equal(withStrategy('  strategy:\n    rollingUpdate: {maxSurge: 1}').length, 0, '8 + 1 = 9 fits');
});

test('rule severities and off come from the config', () => {
  const files = { 'a.yaml': deployment({ name: 'web', replicas: 6, instanceType: 'r6g.medium' }), 's.yaml': policy({ name: 'p', podLabels: { app: 'web' } }) };
  assert.deepEqual(
    findingsFor(files, 'rules:\n  branch-eni-capacity: warning\n').map((f) => f.severity),
    ['warning'],
  );
  assert.deepEqual(findingsFor(files, 'rules:\n  branch-eni-capacity: off\n'), []);
});

test('a workload opts out with the eni-lens.io/ignore annotation or a disable-next-line comment', () => {
  const sgp = policy({ name: 'p', podLabels: { app: 'web' } });
  const annotated = deployment({ name: 'web', replicas: 6, instanceType: 'r6g.medium' }).replace(
    '  namespace: default\n',
    '  namespace: default\n  annotations:\n    eni-lens.io/ignore: max-pods, branch-eni-capacity\n',
  );
  assert.deepEqual(findingsFor({ 'a.yaml': annotated, 's.yaml': sgp }), []);
  const commented = deployment({ name: 'web', replicas: 6, instanceType: 'r6g.medium' }).replace(
    '        node.kubernetes.io/instance-type',
    '        # eni-lens-disable-next-line branch-eni-capacity -- capacity is reserved elsewhere\n        node.kubernetes.io/instance-type',
  );
  assert.deepEqual(findingsFor({ 'a.yaml': commented, 's.yaml': sgp }), []);
  const otherRule = commented.replace('disable-next-line branch-eni-capacity', 'disable-next-line max-pods');
  assert.equal(findingsFor({ 'a.yaml': otherRule, 's.yaml': sgp }).length, 1);
});
