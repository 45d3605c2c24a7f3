import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, parseConfig } from '../../shared';
import { workloadLenses } from '../../shared/explain/codeLens';
import { instanceTypeCompletions } from '../../shared/explain/completion';
import { hoverAt } from '../../shared/explain/hover';
import { IncrementalAnalyzer } from '../../shared/incremental/incrementalAnalyzer';
import { buildCapacityReport } from '../../shared/report';
import { parseSource } from '../../shared/yaml/parseSource';
import { at, CONFIG_PATH, findingsFor, ofRule, policy } from '../helpers/analyze';

// The shape of a multi-cluster eksctl repository: clusters/<env>/cluster.yaml, each with a group ng-1.
const eksctlCluster = (name: string, nodes: number, addons: string[] = []) =>
  [
    'apiVersion: eksctl.io/v1alpha5', //   0
    'kind: ClusterConfig', //              1
    'metadata:', //                        2
    `  name: ${name}`, //                  3
    '  region: eu-west-1', //              4
    'managedNodeGroups:', //               5
    '  - name: ng-1', //                   6
    '    instanceType: r6g.large', //      7
    `    desiredCapacity: ${nodes}`, //    8
    ...addons,
    '',
  ].join('\n');
const PD_ADDON = ['addons:', '  - name: vpc-cni', '    configurationValues: \'{"env": {"ENABLE_PREFIX_DELEGATION": "true"}}\''];

const app = (replicas: number, sg: boolean) =>
  [
    'apiVersion: apps/v1', //                                  0
    'kind: Deployment', //                                     1
    'metadata:', //                                            2
    '  name: checkout', //                                     3
    '  namespace: shop', //                                    4
    'spec:', //                                                5
    `  replicas: ${replicas}`, //                              6
    '  template:', //                                          7
    '    metadata:', //                                        8
    `      labels: {app: checkout${sg ? ', sg: "on"' : ''}}`, // 9
    '    spec:', //                                           10
    '      nodeSelector: {eks.amazonaws.com/nodegroup: ng-1}', // 11
    '      containers: [{name: app, image: shop/checkout:1}]', // 12
    '',
  ].join('\n');

const TREE = (replicas: number, sg: boolean) => ({
  'clusters/dev/cluster.yaml': eksctlCluster('dev', 1),
  'clusters/prod/cluster.yaml': eksctlCluster('prod', 1, PD_ADDON),
  'clusters/staging/cluster.yaml': eksctlCluster('staging', 2),
  'apps/checkout.yaml': app(replicas, sg),
  'apps/sgp.yaml': policy({ name: 'sg', namespace: 'shop', podLabels: { sg: 'on' } }),
});

test('clusters never add up: 15 security-group pods on ng-1 do not fit the 1-node clusters, and each finding names its cluster', () => {
  const all = findingsFor(TREE(15, true));
  // staging fits 15 in its 18 branch ENIs, but not the rollout's 15 + 4.
  assert.deepEqual(
    all.map((f) => [f.rule, f.message.split(':')[0]]),
    [
      ['branch-eni-capacity', 'On cluster dev'],
      ['branch-eni-capacity', 'On cluster prod'],
      ['rollout-surge', 'On cluster staging'],
    ],
  );
  const findings = ofRule(all, 'branch-eni-capacity');
  assert.deepEqual(
    findings.map((f) => [f.file, ...at(f)]),
    [
      ['apps/checkout.yaml', 6, 12, 14],
      ['apps/checkout.yaml', 6, 12, 14],
    ],
  );
  assert.equal(findings[0].message, 'On cluster dev: 15 pods need branch ENIs; pool ng-1 (1 × r6g.large) holds 9: 6 stay Pending');
  assert.match(
    findings[0].detail!,
    /^Pods needing a branch ENI \(vpc\.amazonaws\.com\/pod-eni\): 15 needed, but the nodes they can reach hold 9 branch ENIs: 1 × r6g\.large \(eksctl managed node group 'ng-1' in cluster\.yaml, desiredCapacity: 1\) with 9 branch ENIs each\./,
  );
  assert.deepEqual(
    findings[0].related.map((r) => [r.file, ...at(r)]),
    [
      ['apps/sgp.yaml', 3, 8, 10],
      ['clusters/dev/cluster.yaml', 7, 18, 27],
    ],
  );
  assert.deepEqual(
    findings[1].related.map((r) => r.file),
    ['apps/sgp.yaml', 'clusters/prod/cluster.yaml'],
  );
  assert.deepEqual(ofRule(findingsFor(TREE(9, true)), 'branch-eni-capacity'), []);
});

test('clusters: each has its own CNI settings (prod prefix delegation from its vpc-cni add-on)', () => {
  // dev 27 pod slots, prod 108 (prefix delegation), staging 2 × 27.
  const findings = ofRule(findingsFor(TREE(55, false)), 'max-pods');
  assert.deepEqual(
    findings.map((f) => f.message),
    [
      'On cluster dev: 55 pods need pod slots; pool ng-1 (1 × r6g.large) holds 27: 28 stay Pending',
      'On cluster staging: 55 pods need pod slots; pool ng-1 (2 × r6g.large) holds 54: 1 stays Pending',
    ],
  );
  assert.match(findings[0].detail!, /hold 27 pod slots/);
  assert.match(findings[1].detail!, /hold 54 pod slots/);
  assert.doesNotMatch(findings[0].detail!, /[Pp]refix delegation/);
});

test('clusters: `cluster:` in .eni-lens.yaml picks one; a name no ClusterConfig has is a config error', () => {
  const prod = findingsFor(TREE(15, true), 'cluster: prod\n');
  assert.deepEqual(
    prod.map((f) => [f.rule, f.message]),
    [['branch-eni-capacity', '15 pods need branch ENIs; pool ng-1 (1 × r6g.large) holds 9: 6 stay Pending']],
  );
  assert.match(prod[0].detail!, /hold 9 branch ENIs: 1 × r6g\.large \(eksctl managed node group 'ng-1' in cluster\.yaml/);
  assert.deepEqual(
    prod[0].related.map((r) => r.file),
    ['apps/sgp.yaml', 'clusters/prod/cluster.yaml'],
  );
  assert.deepEqual(ofRule(findingsFor(TREE(55, false), 'cluster: prod\n'), 'max-pods'), [], 'prod: prefix delegation, 108 slots');
  const { config } = parseConfig('cluster: qa\n', CONFIG_PATH);
  const missing = analyze(
    Object.entries(TREE(1, false)).map(([file, text]) => ({ file, text })),
    config,
  ).findings;
  assert.deepEqual(
    missing.map((f) => [f.rule, f.file, ...at(f)]),
    [['config', CONFIG_PATH, 0, 9, 11]],
  );
  assert.equal(missing[0].message, "cluster 'qa' names no eksctl ClusterConfig of these files, so their node groups are not used");
  assert.equal(missing[0].detail, 'cluster: is the metadata.name of an eksctl ClusterConfig; these files hold dev, prod, staging.');
});

test('clusters: config pools belong to the one cluster of the files, or to each of several; the pool hover judges its own cluster', () => {
  const { config } = parseConfig('', CONFIG_PATH);
  const files = Object.entries(TREE(15, true)).map(([file, text]) => ({ file, text }));
  const analysis = analyze(files, config);
  assert.deepEqual(
    analysis.clusters?.map((c) => [c.name, c.model.pools.map((p) => `${p.cluster}/${p.name}`)]),
    [
      ['dev', ['dev/ng-1']],
      ['prod', ['prod/ng-1']],
      ['staging', ['staging/ng-1']],
    ],
  );
  const hover = hoverAt(analysis, 'clusters/staging/cluster.yaml', { line: 6, character: 12 })!.markdown;
  assert.match(hover, /Branch ENIs: the pool gives 18; workloads that can land here want 15:/);
  assert.doesNotMatch(hover, /overcommitted/);
  const workload = hoverAt(analysis, 'apps/checkout.yaml', { line: 3, character: 8 })!.markdown;
  assert.match(workload, /On cluster dev:\n- Branch ENIs: \*\*15 pod-eni needed · 1 × r6g\.large gives 9 · 6 short\*\*/);
  assert.match(workload, /On cluster staging:\n- Branch ENIs: \*\*15 pod-eni needed · 2 × r6g\.large gives 18 · fits, 3 spare\*\*/);
  const single = analyze(
    [{ file: 'c.yaml', text: eksctlCluster('only', 1) }],
    parseConfig('nodePools:\n  - {name: extra, instanceType: m5.large, nodes: 1}\n', CONFIG_PATH).config,
  );
  assert.deepEqual(
    single.model.pools.map((p) => [p.name, p.cluster]),
    [
      ['extra', 'only'],
      ['ng-1', 'only'],
    ],
  );
  assert.equal(single.clusters, undefined);
});

test('clusters: the incremental analysis gives the from-scratch findings after an edit to one cluster', () => {
  const { config } = parseConfig('', CONFIG_PATH);
  const inc = new IncrementalAnalyzer();
  const sources = Object.entries(TREE(15, true)).map(([file, text]) => parseSource({ file, text }));
  assert.equal(ofRule(inc.analyze(sources, config).findings, 'branch-eni-capacity').length, 2);
  const edited = sources.map((s) => (s.file === 'clusters/dev/cluster.yaml' ? parseSource({ file: s.file, text: eksctlCluster('dev', 2) }) : s));
  const after = inc.analyze(edited, config).findings;
  assert.deepEqual(
    after.map((f) => [f.rule, f.message.split(':')[0]]),
    [
      ['branch-eni-capacity', 'On cluster prod'],
      ['rollout-surge', 'On cluster dev'],
      ['rollout-surge', 'On cluster staging'],
    ],
  );
  assert.deepEqual(
    after,
    analyze(
      edited.map((s) => ({ file: s.file, text: s.text })),
      config,
    ).findings,
  );
});

test('clusters: the capacity report has a section per cluster', () => {
  const { config } = parseConfig('', CONFIG_PATH);
  const analysis = analyze(
    Object.entries(TREE(15, true)).map(([file, text]) => ({ file, text })),
    config,
  );
  const report = buildCapacityReport([{ title: 'repo', analysis }]);
  assert.deepEqual(
    report.sections.map((s) => [s.title, s.pools.map((p) => p.name), s.bars[0].bars?.branchEnis.over]),
    [
      ['repo · cluster dev', ['ng-1'], 6],
      ['repo · cluster prod', ['ng-1'], 6],
      ['repo · cluster staging', ['ng-1'], 0],
    ],
  );
});

test('clusters: instance-type completion on a workload asks for what each cluster needs of it (15 branch ENIs, not 0)', () => {
  const { config } = parseConfig('', CONFIG_PATH);
  const files = {
    ...TREE(15, true),
    'apps/checkout.yaml': app(15, true).replace('nodeSelector: {eks.amazonaws.com/nodegroup: ng-1}', 'nodeSelector:\n        node.kubernetes.io/instance-type: r6g.large'),
  };
  const analysis = analyze(
    Object.entries(files).map(([file, text]) => ({ file, text })),
    config,
  );
  // Summed over the three clusters the others would hold 27 of the 15: one node of dev would need none.
  const result = instanceTypeCompletions(analysis, 'apps/checkout.yaml', files['apps/checkout.yaml'], { line: 12, character: 45 })!;
  assert.equal(result.slot.value, 'r6g.large');
  assert.deepEqual([result.need.branchEnisPerNode, result.need.podsPerNode], [15, 15]);
  const ranked = [...result.choices].sort((a, b) => (a.sortText < b.sortText ? -1 : 1));
  assert.equal(ranked[0].name, 'r6g.xlarge');
  assert.ok(result.choices.find((c) => c.name === 'r6g.large')!.detail.startsWith('✗ too small'));
});

test('clusters: a code lens per cluster the workload can land on', () => {
  const { config } = parseConfig('', CONFIG_PATH);
  const analysis = analyze(
    Object.entries(TREE(15, true)).map(([file, text]) => ({ file, text })),
    config,
  );
  assert.deepEqual(
    workloadLenses(analysis, 'apps/checkout.yaml').map((l) => l.title),
    [
      'dev: 15 pod-eni · pool ng-1 (1 × r6g.large): 9 · 6 short',
      'prod: 15 pod-eni · pool ng-1 (1 × r6g.large): 9 · 6 short',
      'staging: 15 pod-eni · pool ng-1 (2 × r6g.large): 18 · fits, 3 spare',
    ],
  );
});

// clusters/dev runs the shop namespace on Fargate; clusters/prod has no Fargate profile, so there the same
// pods land on its node group.
const FARGATE_PROFILE = ['fargateProfiles:', '  - name: fp-shop', '    selectors:', '      - namespace: shop'];

test('a Fargate profile moves pods off the nodes only in its own cluster: prod, with none, runs them on ng-1', () => {
  const files = {
    'clusters/dev/cluster.yaml': eksctlCluster('dev', 1, FARGATE_PROFILE),
    'clusters/prod/cluster.yaml': eksctlCluster('prod', 1),
    'apps/checkout.yaml': app(15, true),
    'apps/sgp.yaml': policy({ name: 'sg', namespace: 'shop', podLabels: { sg: 'on' } }),
  };
  const all = findingsFor(files);
  assert.deepEqual(
    all.map((f) => [f.rule, f.file, ...at(f), f.message.split(':')[0]]),
    [['branch-eni-capacity', 'apps/checkout.yaml', 6, 12, 14, 'On cluster prod']],
  );
  const analysis = analyze(
    Object.entries(files).map(([file, text]) => ({ file, text })),
    parseConfig('', CONFIG_PATH).config,
  );
  assert.deepEqual(
    analysis.clusters?.map((c) => [c.name, c.model.workloads.map((w) => (w.placement.kind === 'fargate' ? `fargate ${w.placement.profile?.name}` : w.placement.kind))]),
    [
      ['dev', ['fargate fp-shop']],
      ['prod', ['pools']],
    ],
  );
  const prodCheckout = analysis.clusters?.[1].model.workloads[0];
  assert.equal(prodCheckout?.branchEni.needed, true, 'off Fargate the policy gives its pods branch ENIs');
});
