import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, parseConfig } from '../../shared';
import { at, deployment, findingsFor, ofRule, policy } from '../helpers/analyze';

// The shape of eksctl's documented examples (managed and self-managed groups, a mixed-instances group, add-ons).
const CLUSTER = [
  'apiVersion: eksctl.io/v1alpha5', //                      0
  'kind: ClusterConfig', //                                 1
  '', //                                                    2
  'metadata:', //                                           3
  '  name: shop', //                                        4
  '  region: eu-north-1', //                                5
  '', //                                                    6
  'managedNodeGroups:', //                                  7
  '  - name: payments', //                                  8
  '    instanceType: r6g.medium', //                        9
  '    desiredCapacity: 2', //                             10
  '    minSize: 1', //                                     11
  '    maxSize: 5', //                                     12
  '    labels: {role: payments}', //                       13
  '  - name: general', //                                  14
  '    instanceTypes: ["m5.large", "m5a.large"]', //       15
  '    minSize: 2', //                                     16
  '    maxSize: 4', //                                     17
  '  - name: defaults', //                                 18
  '    labels: {role: batch}', //                          19
  '', //                                                   20
  'nodeGroups:', //                                        21
  '  - name: spot', //                                     22
  '    minSize: 3', //                                     23
  '    maxSize: 5', //                                     24
  '    maxPodsPerNode: 30', //                             25
  '    labels: {role: spot}', //                           26
  '    instancesDistribution:', //                         27
  '      maxPrice: 0.017', //                              28
  '      instanceTypes: ["t3.small", "t3.medium"]', //     29
  '      onDemandBaseCapacity: 0', //                      30
  '      onDemandPercentageAboveBaseCapacity: 50', //      31
  '      spotInstancePools: 2', //                         32
  '',
].join('\n');

const selecting = (name: string, replicas: number, selector: string) => deployment({ name, replicas, podSpecExtra: `      nodeSelector:\n        ${selector}` });

test('eksctl: a managed node group is a pool; pods selecting eks.amazonaws.com/nodegroup land there', () => {
  const findings = findingsFor({
    'cluster.yaml': CLUSTER,
    'app.yaml': selecting('pay', 9, 'eks.amazonaws.com/nodegroup: payments'),
    'sgp.yaml': policy({ name: 'pay', podLabels: { app: 'pay' } }),
  });
  const capacity = ofRule(findings, 'branch-eni-capacity');
  assert.equal(capacity.length, 1);
  const [f] = capacity;
  assert.equal(f.file, 'app.yaml');
  assert.deepEqual(at(f), [6, 12, 13], 'no pinned type: anchored on replicas');
  assert.match(
    f.detail!,
    /9 needed, but the nodes they can reach hold 8 branch ENIs: 2 × r6g\.medium \(eksctl managed node group 'payments' in cluster\.yaml, desiredCapacity: 2\) with 4 branch ENIs each; at maxSize 5 the pool would hold 20\./,
  );
  assert.deepEqual(
    f.related.map((r) => [r.file, ...at(r)]),
    [
      ['sgp.yaml', 3, 8, 11],
      ['cluster.yaml', 9, 18, 28],
    ],
  );
  assert.deepEqual(
    f.fixes[0].edits.map((e) => [e.file, ...at(e), e.newText]),
    [['cluster.yaml', 9, 18, 28, 'r6g.large']],
  );
  assert.match(f.fixes[0].title, /\(also in eksctl managed node group 'payments'\)/);
  // The group's own labels select it too.
  const byLabel = findingsFor({ 'cluster.yaml': CLUSTER, 'app.yaml': selecting('pay', 9, 'role: payments'), 'sgp.yaml': policy({ name: 'pay', podLabels: { app: 'pay' } }) });
  assert.equal(ofRule(byLabel, 'branch-eni-capacity').length, 1);
  assert.equal(
    ofRule(
      findingsFor({ 'cluster.yaml': CLUSTER, 'app.yaml': selecting('pay', 8, 'role: payments'), 'sgp.yaml': policy({ name: 'pay', podLabels: { app: 'pay' } }) }),
      'branch-eni-capacity',
    ).length,
    0,
  );
});

test('eksctl: a pinned type a group declares lands on that group (minSize when no desiredCapacity), no implicit pool', () => {
  assert.deepEqual(ofRule(findingsFor({ 'cluster.yaml': CLUSTER, 'app.yaml': deployment({ name: 'web', replicas: 54, instanceType: 'm5a.large' }) }), 'max-pods'), []);
  const findings = ofRule(findingsFor({ 'cluster.yaml': CLUSTER, 'app.yaml': deployment({ name: 'web', replicas: 55, instanceType: 'm5a.large' }) }), 'max-pods');
  assert.equal(findings.length, 1);
  assert.deepEqual(at(findings[0]), [13, 42, 51]);
  assert.match(
    findings[0].detail!,
    /55 needed, but the nodes they can reach hold 54 pod slots: 2 × m5\.large\/m5a\.large \(eksctl managed node group 'general' in cluster\.yaml, minSize: 2, no desiredCapacity\) with 27 pod slots each \(max pods 29: .*\); at maxSize 4 the pool would hold 108\./,
  );
  assert.doesNotMatch(findings[0].message, /assumed: no node pool declares/);
});

test('eksctl: defaults (m5.large, 2 nodes) are stated; self-managed instancesDistribution types; maxPodsPerNode', () => {
  const files = { 'cluster.yaml': CLUSTER, 'batch.yaml': selecting('batch', 55, 'role: batch') };
  const [f] = ofRule(findingsFor(files), 'max-pods');
  assert.match(
    f.detail!,
    /2 × m5\.large \(eksctl managed node group 'defaults' in cluster\.yaml, assumed 2 nodes: no desiredCapacity or minSize, eksctl's default; no instance type set, eksctl's default m5\.large\)/,
  );
  assert.deepEqual(
    f.related.map((r) => [r.file, ...at(r)]),
    [['cluster.yaml', 18, 10, 18]],
    'no type written: points at the group name',
  );

  assert.deepEqual(ofRule(findingsFor({ 'cluster.yaml': CLUSTER, 'spot.yaml': selecting('s', 84, 'role: spot') }), 'max-pods'), []);
  const spot = ofRule(findingsFor({ 'cluster.yaml': CLUSTER, 'spot.yaml': selecting('s', 85, 'role: spot') }), 'max-pods');
  assert.match(
    spot[0].detail!,
    /3 × t3\.small\/t3\.medium \(eksctl node group 'spot' in cluster\.yaml, minSize: 3, no desiredCapacity\) with 28 pod slots each \(max pods 30: maxPods: 30 set for the pool; 2 taken by aws-node and kube-proxy, which every node runs\); at maxSize 5 the pool would hold 140/,
  );
  // maxPodsPerNode 30 is above what a t3.small's IPs serve (3 × 3 + 2 = 11).
  const ceiling = ofRule(findingsFor({ 'cluster.yaml': CLUSTER }), 'ip-capacity');
  assert.deepEqual(
    ceiling.map((x) => [x.file, ...at(x)]),
    [['cluster.yaml', 25, 20, 22]],
  );
  assert.match(ceiling[0].detail!, /maxPods 30 is above what the IPs of t3\.small can serve: 3 ENIs × \(4 − 1\) IPs = 9, \+ 2 host-network pods = 11/);
  // The self-managed group carries the eksctl label, not the managed-node-group one.
  assert.equal(ofRule(findingsFor({ 'cluster.yaml': CLUSTER, 'x.yaml': selecting('x', 200, 'eks.amazonaws.com/nodegroup: spot') }), 'max-pods').length, 0);
  assert.equal(ofRule(findingsFor({ 'cluster.yaml': CLUSTER, 'x.yaml': selecting('x', 200, 'alpha.eksctl.io/nodegroup-name: spot') }), 'max-pods').length, 1);
});

test('eksctl and config pools coexist; unselective pods may use every declared pool', () => {
  const config = 'nodePools:\n  - {name: extra, instanceType: r6g.large, nodes: 1}\n';
  const files = (n: number) => ({ 'cluster.yaml': CLUSTER, 'app.yaml': deployment({ name: 'free', replicas: n }), 'sgp.yaml': policy({ name: 'p', podLabels: { app: 'free' } }) });
  // Trunking capacity: payments 2×4 + general 2×9 + defaults 2×9 + extra 9 (t3 has none) = 53.
  assert.deepEqual(ofRule(findingsFor(files(53), config), 'branch-eni-capacity'), []);
  const [f] = ofRule(findingsFor(files(54), config), 'branch-eni-capacity');
  assert.match(f.detail!, /54 needed, but the nodes they can reach hold 53 branch ENIs/);
  assert.match(f.detail!, /1 × r6g\.large \(node pool 'extra' in \.eni-lens\.yaml\)/);
});

test('eksctl: an unknown type in a node group is reported in the eksctl file', () => {
  const findings = ofRule(findingsFor({ 'cluster.yaml': CLUSTER.replace('r6g.medium', 'r6g.medum') }), 'unknown-instance-type');
  assert.deepEqual(
    findings.map((f) => [f.file, ...at(f)]),
    [['cluster.yaml', 9, 18, 27]],
  );
  assert.equal(findings[0].fixes[0].edits[0].newText, 'r6g.medium');
});

test('eksctl vpc-cni add-on configurationValues set prefix delegation; the config key wins when set', () => {
  const addon = `${CLUSTER}addons:\n  - name: vpc-cni\n    version: latest\n    configurationValues: |-\n      {"env": {"ENABLE_PREFIX_DELEGATION": "true"}}\n`;
  const app = deployment({ name: 'web', replicas: 217, instanceType: 'm5a.large' });
  const withAddon = ofRule(findingsFor({ 'cluster.yaml': addon, 'app.yaml': app }), 'max-pods');
  assert.match(
    withAddon[0].detail!,
    /hold 216 pod slots: .* with 108 pod slots each \(max pods 110: prefix delegation gives 434, capped at 110 for 2 vCPUs; 2 taken by aws-node and kube-proxy/,
  );
  assert.match(withAddon[0].detail!, /Prefix delegation is on \(ENABLE_PREFIX_DELEGATION in the vpc-cni add-on of eksctl ClusterConfig shop\)\./);
  const explicit = ofRule(findingsFor({ 'cluster.yaml': addon, 'app.yaml': app }, 'prefixDelegation: false\n'), 'max-pods');
  assert.match(explicit[0].detail!, /hold 54 pod slots/);
  assert.match(explicit[0].detail!, /Prefix delegation is off \(prefixDelegation in \.eni-lens\.yaml\)\./);
  // The model records where the setting came from.
  const { config } = parseConfig('', 'c.yaml');
  const model = analyze([{ file: 'cluster.yaml', text: addon }], config).model;
  assert.equal(model.config.prefixDelegation, true);
  assert.equal(model.cni.prefixDelegation.file, 'cluster.yaml');
  assert.deepEqual(model.cni.prefixDelegation.range!.start, { line: 36, character: 25 }, 'the configurationValues string');
});

test('eksctl: malformed node groups never throw', () => {
  const broken = [
    'apiVersion: eksctl.io/v1alpha5',
    'kind: ClusterConfig',
    'metadata: {name: x}',
    'managedNodeGroups: [{name: a, instanceType: 5, desiredCapacity: lots}, {instanceType: m5.large}, 7, {name: sel, instanceSelector: {vCPUs: 2}}]',
    'nodeGroups: {name: b}',
    'addons: [{name: vpc-cni, configurationValues: "{not json"}, {name: vpc-cni, configurationValues: "[1]"}]',
    '',
  ].join('\n');
  const { model } = analyze([{ file: 'c.yaml', text: broken }], parseConfig('', 'c.yaml').config);
  assert.deepEqual(
    model.pools.map((p) => [p.name, p.instanceTypes.join(), p.nodes]),
    [['a', 'm5.large', 2]],
  );
  assert.equal(model.config.prefixDelegation, false);
});
