import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, parseConfig } from '../../shared';
import { hoverAt } from '../../shared/explain/hover';
import { instanceTypeMarkdown, instanceTypeSummary } from '../../shared/explain/instanceType';
import { lookupInstanceType } from '../../shared/instances';
import { at, CONFIG_PATH, deployment, findingsFor, ofRule, policy } from '../helpers/analyze';

// The shape of the Neuron device plugin DaemonSet: an allow-list of instance types in its node affinity.
const NEURON_PLUGIN = [
  'apiVersion: apps/v1', //                                                   0
  'kind: DaemonSet', //                                                       1
  'metadata:', //                                                             2
  '  name: neuron-device-plugin-daemonset', //                                3
  '  namespace: kube-system', //                                              4
  'spec:', //                                                                 5
  '  selector: {matchLabels: {name: neuron-device-plugin-ds}}', //            6
  '  template:', //                                                           7
  '    metadata: {labels: {name: neuron-device-plugin-ds}}', //               8
  '    spec:', //                                                             9
  '      affinity:', //                                                      10
  '        nodeAffinity:', //                                                11
  '          requiredDuringSchedulingIgnoredDuringExecution:', //            12
  '            nodeSelectorTerms:', //                                       13
  '              - matchExpressions:', //                                    14
  '                  - key: node.kubernetes.io/instance-type', //            15
  '                    operator: In', //                                     16
  '                    values:', //                                          17
  '                      - inf1.xlarge', //                                  18
  '                      - inf2.xlarge', //                                  19
  '                      - trn1.2xlarge', //                                 20
  '                      - trn2.48xlarge', //                                21
  '                      - trn9.48xlarge', //                                22
  '      containers:', //                                                    23
  '        - {name: neuron-device-plugin, image: public.ecr.aws/neuron/neuron-device-plugin:2.22.4.0}', // 24
  '',
].join('\n');

test('published-only types: trn2.48xlarge is known (max pods 100), so only the truly unknown name is reported, without a preferred rewrite', () => {
  const findings = ofRule(findingsFor({ 'neuron.yaml': NEURON_PLUGIN }), 'unknown-instance-type');
  assert.deepEqual(
    findings.map((f) => [f.file, ...at(f)]),
    [['neuron.yaml', 22, 24, 37]],
  );
  assert.match(findings[0].message, /^Unknown instance type 'trn9\.48xlarge'/);
  assert.ok(findings[0].fixes.length > 0 && findings[0].fixes.every((f) => !f.preferred), 'a well-formed name may be newer than the data: no preferred rewrite');
  // A typo is still fixed by the preferred suggestion.
  const [typo] = ofRule(findingsFor({ 'a.yaml': deployment({ name: 'w', instanceType: 'r6g.medum' }) }), 'unknown-instance-type');
  assert.deepEqual([typo.fixes[0].edits[0].newText, typo.fixes[0].preferred], ['r6g.medium', true]);
});

test('published-only types: max pods from the published figure, branch ENIs unknown and treated as no trunking', () => {
  const pods = (n: number) => ({ 'a.yaml': deployment({ name: 'train', replicas: n, instanceType: 'trn2.48xlarge' }) });
  assert.deepEqual(ofRule(findingsFor(pods(98)), 'max-pods'), []);
  const [f] = ofRule(findingsFor(pods(99)), 'max-pods');
  assert.deepEqual(at(f), [13, 42, 55]);
  assert.match(
    f.detail!,
    /hold 98 pod slots: 1 × trn2\.48xlarge .* with 98 pod slots each \(max pods 100: the published max pods of trn2\.48xlarge \(eni-max-pods\.txt; its ENIs are not in ENI Lens's data\); 2 taken by aws-node and kube-proxy/,
  );
  const sg = findingsFor({ ...pods(1), 's.yaml': policy({ name: 'p', podLabels: { app: 'train' } }) });
  assert.deepEqual(
    sg.map((x) => [x.rule, ...at(x)]),
    [['branch-eni-unsupported', 13, 42, 55]],
  );
  assert.match(
    sg[0].detail!,
    /can only land on trn2\.48xlarge, which cannot host a trunk ENI: .* The branch ENIs of trn2\.48xlarge are not in ENI Lens's data \(only its published max pods are\), so it is treated as without trunking/,
  );
});

test('published-only types: the instance-type and pool hovers say what is known', () => {
  const md = instanceTypeMarkdown('hpc7a.96xlarge', false);
  assert.match(
    md,
    /^\*\*hpc7a\.96xlarge\*\* · amd64\n\nMax pods: 100 \(the published EKS figure, `eni-max-pods\.txt`\)\.\n\nIts ENIs, IPs per ENI and branch ENIs are not in ENI Lens's EC2 data, so it is treated as without trunking/,
  );
  const { config } = parseConfig('nodePools:\n  - {name: hpc, instanceType: hpc7a.96xlarge, nodes: 2}\n', CONFIG_PATH);
  const analysis = analyze([], config);
  const hover = hoverAt(analysis, CONFIG_PATH, { line: 1, character: 13 })!.markdown;
  assert.match(hover, /\| Branch ENIs per node \| 0 \(not in ENI Lens's data: treated as no trunking\) \|/);
  assert.match(hover, /\| Max pods per node \| 100 \(the published max pods of hpc7a\.96xlarge/);
  assert.deepEqual(analysis.findings, []);
  assert.equal(
    instanceTypeSummary(lookupInstanceType('trn2.48xlarge')!, false, 2),
    'branch ENIs not in the data (treated as none) · max pods 100, 98 for your pods · ? vCPU · amd64',
  );
});
