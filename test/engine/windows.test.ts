import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, parseConfig } from '../../shared';
import { at, deployment, findingsFor, ofRule, policy } from '../helpers/analyze';

// eksctl's Windows example shape: a Linux group for system pods beside a Windows group.
const CLUSTER = [
  'apiVersion: eksctl.io/v1alpha5', //                 0
  'kind: ClusterConfig', //                            1
  'metadata: {name: mixed, region: us-west-2}', //     2
  'managedNodeGroups:', //                             3
  '  - name: linux-ng', //                             4
  '    instanceType: m5.large', //                     5
  '    desiredCapacity: 1', //                         6
  'nodeGroups:', //                                    7
  '  - name: windows-ng', //                           8
  '    amiFamily: WindowsServer2019FullContainer', //  9
  '    instanceType: m5.large', //                    10
  '    desiredCapacity: 1', //                        11
  '',
].join('\n');

const WINDOWS = '      nodeSelector:\n        kubernetes.io/os: windows';

test('windows: an amiFamily WindowsServer* group has kubernetes.io/os=windows, no branch ENIs, max pods = IPv4 per ENI − 1', () => {
  const { model } = analyze([{ file: 'cluster.yaml', text: CLUSTER }], parseConfig('', 'c.yaml').config);
  const [linux, windows] = model.pools;
  assert.equal(windows.labels.get('kubernetes.io/os'), 'windows');
  assert.equal(linux.labels.get('kubernetes.io/os'), undefined);
  assert.deepEqual([model.capacity.get(linux)!.branchEnis, model.capacity.get(linux)!.maxPods], [9, 29]);
  assert.deepEqual(
    [model.capacity.get(windows)!.branchEnis, model.capacity.get(windows)!.maxPods, model.capacity.get(windows)!.maxPodsBasis],
    [0, 9, 'Windows: pods use the primary ENI only, 10 IPv4 addresses − 1'],
  );
});

test('windows: Windows pods land on the Windows group only and are judged by its max pods; policies give them no branch ENI', () => {
  const win = deployment({ name: 'iis', replicas: 10, labels: { app: 'pay' }, podSpecExtra: WINDOWS });
  const findings = findingsFor({ 'cluster.yaml': CLUSTER, 'iis.yaml': win, 'sgp.yaml': policy({ name: 'p', podLabels: { app: 'pay' } }) });
  assert.deepEqual(
    findings.map((f) => [f.rule, f.file, ...at(f)]),
    [['max-pods', 'iis.yaml', 6, 12, 14]],
  );
  assert.match(
    findings[0].detail!,
    /10 needed, but the nodes they can reach hold 9 pod slots: 1 × m5\.large \(eksctl node group 'windows-ng' in cluster\.yaml, desiredCapacity: 1\) with 9 pod slots each \(max pods 9: Windows: pods use the primary ENI only, 10 IPv4 addresses − 1; Windows nodes run the VPC CNI and kube-proxy on the host, not as pods\)/,
  );
  assert.match(findings[0].fixes[0].title, /^Use m5\.xlarge \(14 pod slots per node, needs 10; max pods 14\)/, 'the fix uses the Windows figure too');
  // 7 + 2 (maxSurge 25 %) = 9 fit.
  assert.deepEqual(findingsFor({ 'cluster.yaml': CLUSTER, 'iis.yaml': win.replace('replicas: 10', 'replicas: 7') }), []);
});

test('windows: Linux security-group pods never use the Windows group (it would be 9 more branch ENIs as a Linux m5.large)', () => {
  const app = deployment({ name: 'pay', replicas: 10 });
  const findings = findingsFor({ 'cluster.yaml': CLUSTER, 'app.yaml': app, 'sgp.yaml': policy({ name: 'p', podLabels: { app: 'pay' } }) });
  assert.deepEqual(
    findings.map((f) => [f.rule, f.file, ...at(f)]),
    [['branch-eni-capacity', 'app.yaml', 6, 12, 14]],
  );
  assert.match(
    findings[0].detail!,
    /10 needed, but the nodes they can reach hold 9 branch ENIs: 1 × m5\.large \(eksctl managed node group 'linux-ng' in cluster\.yaml, desiredCapacity: 1\) with 9 branch ENIs each\./,
  );
  // Pods that select the Windows group's name but not its OS are refused there: it runs Windows.
  const wrong = deployment({ name: 'pay', replicas: 2, podSpecExtra: '      nodeSelector:\n        alpha.eksctl.io/nodegroup-name: windows-ng' });
  const [f] = findingsFor({ 'cluster.yaml': CLUSTER, 'app.yaml': wrong });
  assert.equal(f.rule, 'no-matching-pool');
  assert.match(f.detail!, /'windows-ng' in cluster\.yaml, desiredCapacity: 1\): its nodes run Windows, and these pods do not select kubernetes\.io\/os: windows/);
});

test('windows: a config pool labelled kubernetes.io/os: windows is a Windows pool too', () => {
  const config = 'nodePools:\n  - {name: win, instanceType: c5.xlarge, nodes: 2, labels: {kubernetes.io/os: windows}}\n';
  const { model } = analyze([], parseConfig(config, 'c.yaml').config);
  assert.deepEqual([model.capacity.get(model.pools[0])!.branchEnis, model.capacity.get(model.pools[0])!.maxPods], [0, 14]);
  assert.deepEqual(ofRule(findingsFor({ 'a.yaml': deployment({ name: 'a', replicas: 29, podSpecExtra: WINDOWS }) }, config), 'max-pods').map(at), [[6, 12, 14]]);
});
