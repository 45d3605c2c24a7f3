import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, parseConfig } from '../../shared';
import { tolerates, toleratesTaint, type Taint, type Toleration } from '../../shared/k8s/taints';
import { at, deployment, spanOf, findingsFor, ofRule, policy } from '../helpers/analyze';
import { DEDICATED_SG_CLUSTER } from '../helpers/clusters';

test('tolerations: the Kubernetes matching of every operator and effect combination', () => {
  const taint: Taint = { key: 'dedicated', value: 'sg', effect: 'NoSchedule' };
  const noValue: Taint = { key: 'gpu', effect: 'NoExecute' };
  // [toleration, taint, ToleratesTaint] as in k8s.io/api core/v1 toleration.go.
  const table: [Toleration, Taint, boolean][] = [
    [{ key: 'dedicated', operator: 'Equal', value: 'sg', effect: 'NoSchedule' }, taint, true],
    [{ key: 'dedicated', operator: 'Equal', value: 'sg' }, taint, true],
    [{ key: 'dedicated', operator: 'Equal', value: 'other', effect: 'NoSchedule' }, taint, false],
    [{ key: 'dedicated', operator: 'Equal', effect: 'NoSchedule' }, taint, false],
    [{ key: 'dedicated', operator: 'Equal', value: 'sg', effect: 'NoExecute' }, taint, false],
    [{ key: 'dedicated', operator: 'Equal', value: 'sg', effect: 'PreferNoSchedule' }, taint, false],
    [{ key: 'other', operator: 'Equal', value: 'sg', effect: 'NoSchedule' }, taint, false],
    [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }, taint, true],
    [{ key: 'dedicated', operator: 'Exists' }, taint, true],
    [{ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }, taint, false],
    [{ key: 'other', operator: 'Exists' }, taint, false],
    [{ operator: 'Exists' }, taint, true],
    [{ operator: 'Exists', effect: 'NoSchedule' }, taint, true],
    [{ operator: 'Exists', effect: 'NoExecute' }, taint, false],
    [{ key: 'gpu', operator: 'Equal', effect: 'NoExecute' }, noValue, true],
    [{ key: 'gpu', operator: 'Equal', value: '', effect: 'NoExecute' }, noValue, true],
    [{ key: 'gpu', operator: 'Equal', value: 'true' }, noValue, false],
    [{ key: 'gpu', operator: 'Exists', effect: 'NoExecute' }, noValue, true],
  ];
  table.forEach(([t, taint, want], i) => assert.equal(toleratesTaint(t, taint), want, `row ${i}: ${JSON.stringify(t)}`));
  // NoSchedule and NoExecute repel, PreferNoSchedule does not; every repelling taint must be tolerated.
  assert.equal(tolerates([], [taint]), false);
  assert.equal(tolerates([], [noValue]), false);
  assert.equal(tolerates([], [{ key: 'spare', effect: 'PreferNoSchedule' }]), true);
  assert.equal(tolerates([], undefined), true);
  assert.equal(tolerates([{ key: 'dedicated', operator: 'Exists' }], [taint, noValue]), false);
  assert.equal(
    tolerates(
      [
        { key: 'dedicated', operator: 'Exists' },
        { key: 'gpu', operator: 'Exists' },
      ],
      [taint, noValue],
    ),
    true,
  );
  assert.equal(tolerates([{ operator: 'Exists' }], [taint, noValue]), true);
});

// eksctl's documented shapes: a managed group with the list form, a self-managed group with the older map form.
const CLUSTER = [
  'apiVersion: eksctl.io/v1alpha5', //            0
  'kind: ClusterConfig', //                       1
  'metadata:', //                                 2
  '  name: shop', //                              3
  '  region: eu-west-1', //                       4
  'managedNodeGroups:', //                        5
  '  - name: sg-dedicated', //                    6
  '    instanceType: r6g.large', //               7
  '    desiredCapacity: 2', //                    8
  '    labels: {role: sg}', //                    9
  '    taints:', //                              10
  '      - key: dedicated', //                   11
  '        value: sg', //                        12
  '        effect: NoSchedule', //               13
  '  - name: general', //                        14
  '    instanceType: m5.xlarge', //              15
  '    desiredCapacity: 2', //                   16
  'nodeGroups:', //                              17
  '  - name: gpu', //                            18
  '    instanceType: g4dn.xlarge', //            19
  '    desiredCapacity: 1', //                   20
  '    taints:', //                              21
  '      nvidia.com/gpu: "true:NoExecute"', //   22
  '      spare: ":PreferNoSchedule"', //         23
  '',
].join('\n');

const sgPolicy = policy({ name: 'pay', podLabels: { app: 'pay' } });
const TOLERATE_SG = '      tolerations:\n        - key: dedicated\n          operator: Equal\n          value: sg\n          effect: NoSchedule';

test('eksctl taints: the list form and the map form (value may be empty) are read, with their ranges', () => {
  const { model } = analyze([{ file: 'cluster.yaml', text: CLUSTER }], parseConfig('', 'c.yaml').config);
  assert.deepEqual(
    model.pools.map((p) => [p.name, (p.taints ?? []).map((t) => [t.key, t.value, t.effect, t.range && spanOf(t.range)])]),
    [
      ['sg-dedicated', [['dedicated', 'sg', 'NoSchedule', [11, 8, 13, 26]]]],
      ['general', []],
      [
        'gpu',
        [
          ['nvidia.com/gpu', 'true', 'NoExecute', [22, 6, 22, 38]],
          ['spare', undefined, 'PreferNoSchedule', [23, 6, 23, 32]],
        ],
      ],
    ],
  );
  // The EKS API's spelling of effects is read too; an unknown effect or a missing key is left out.
  const apiSpelling = CLUSTER.replace('effect: NoSchedule', 'effect: NO_SCHEDULE').replace('"true:NoExecute"', '"true:Sideways"');
  const pools = analyze([{ file: 'cluster.yaml', text: apiSpelling }], parseConfig('', 'c.yaml').config).model.pools;
  assert.deepEqual(
    pools.map((p) => (p.taints ?? []).map((t) => `${t.key}:${t.effect}`)),
    [['dedicated:NoSchedule'], [], ['spare:PreferNoSchedule']],
  );
});

test('taints: 40 untolerating security-group pods beside two tainted groups fit only the m5.xlarge group: 4 Pending', () => {
  const app = deployment({ name: 'pay', replicas: 40 });
  const findings = findingsFor({ 'cluster.yaml': CLUSTER, 'app.yaml': app, 'sgp.yaml': sgPolicy });
  assert.deepEqual(
    findings.map((f) => [f.rule, f.file, ...at(f)]),
    [['branch-eni-capacity', 'app.yaml', 6, 12, 14]],
  );
  const [f] = findings;
  assert.match(
    f.detail!,
    /40 needed, but the nodes they can reach hold 36 branch ENIs: 2 × m5\.xlarge \(eksctl managed node group 'general' in cluster\.yaml, desiredCapacity: 2\) with 18 branch ENIs each\./,
  );
  assert.match(
    f.detail!,
    /Its pods do not tolerate the taints of 'sg-dedicated' \(dedicated=sg:NoSchedule\), 'gpu' \(nvidia\.com\/gpu=true:NoExecute\), so they cannot use those pools\. 4 will stay Pending/,
  );
  assert.deepEqual(
    f.related.map((r) => [r.file, ...at(r)]),
    [
      ['sgp.yaml', 3, 8, 11],
      ['cluster.yaml', 15, 18, 27],
    ],
  );
  // The fix resizes the group the pods can use, never the tainted one they cannot.
  assert.deepEqual(
    f.fixes.map((x) => x.edits.map((e) => [e.file, ...at(e), e.newText])),
    [[['cluster.yaml', 15, 18, 27, 'm5.2xlarge']], [['cluster.yaml', 15, 18, 27, 'i7ie.xlarge']]],
  );
  // Tolerating the dedicated group's taint reaches it too: 2 × 9 more branch ENIs, 40 fit.
  const tolerating = deployment({ name: 'pay', replicas: 40, podSpecExtra: TOLERATE_SG });
  assert.deepEqual(findingsFor({ 'cluster.yaml': CLUSTER, 'app.yaml': tolerating, 'sgp.yaml': sgPolicy }), []);
  // The PreferNoSchedule taint alone would not keep them off 'gpu': tolerating the NoExecute one adds it.
  const gpuOnly = deployment({ name: 'pay', replicas: 40, podSpecExtra: '      tolerations:\n        - {key: nvidia.com/gpu, operator: Exists, effect: NoExecute}' });
  const { model } = analyze(
    [
      { file: 'cluster.yaml', text: CLUSTER },
      { file: 'app.yaml', text: gpuOnly },
    ],
    parseConfig('', 'c.yaml').config,
  );
  assert.deepEqual(model.workloads[0].placement.kind === 'pools' && model.workloads[0].placement.pools.map((p) => p.name), ['general', 'gpu']);
});

test('taints: a tainted r6g.medium group beside t3.large leaves untolerating security-group pods only t3: branch-eni-unsupported', () => {
  const cluster = [
    'apiVersion: eksctl.io/v1alpha5',
    'kind: ClusterConfig',
    'metadata: {name: c, region: us-east-1}',
    'managedNodeGroups:',
    '  - name: sg', //                          4
    '    instanceType: r6g.medium', //          5
    '    desiredCapacity: 2',
    '    taints: [{key: dedicated, value: sg, effect: NoSchedule}]', // 7
    '  - name: burst', //                       8
    '    instanceType: t3.large', //            9
    '    desiredCapacity: 3',
    '',
  ].join('\n');
  const app = deployment({ name: 'pay', replicas: 3 });
  const findings = findingsFor({ 'cluster.yaml': cluster, 'app.yaml': app, 'sgp.yaml': sgPolicy });
  assert.deepEqual(
    findings.map((f) => [f.rule, f.severity, f.file, ...at(f)]),
    [['branch-eni-unsupported', 'error', 'app.yaml', 6, 12, 13]],
  );
  assert.match(findings[0].detail!, /they can only land on t3\.large, which cannot host a trunk ENI: no pod will start/);
  assert.match(findings[0].detail!, /Its pods do not tolerate the taints of 'sg' \(dedicated=sg:NoSchedule\), so they cannot use that pool\./);
  assert.match(findings[0].detail!, /Nodes: 3 × t3\.large \(eksctl managed node group 'burst' in cluster\.yaml, desiredCapacity: 3\)\.$/);
  // With the toleration they may use both groups: 2 × 4 branch ENIs on r6g.medium carry 3 pods.
  const ok = findingsFor({ 'cluster.yaml': cluster, 'app.yaml': deployment({ name: 'pay', replicas: 3, podSpecExtra: TOLERATE_SG }), 'sgp.yaml': sgPolicy });
  assert.deepEqual(ok, []);
});

test('no-matching-pool: every pool refuses the pods (a taint not tolerated, a label not matched), with each reason', async () => {
  const app = deployment({ name: 'pay', replicas: 5, podSpecExtra: '      nodeSelector:\n        role: sg' });
  const findings = findingsFor({ 'cluster.yaml': CLUSTER, 'app.yaml': app });
  const { hoverAt } = await import('../../shared/explain/hover');
  const analysis = analyze(
    [
      { file: 'cluster.yaml', text: CLUSTER },
      { file: 'app.yaml', text: app },
    ],
    parseConfig('', 'c.yaml').config,
  );
  assert.match(
    hoverAt(analysis, 'app.yaml', { line: 3, character: 9 })!.markdown,
    /- Max pods: no node pool accepts its pods, they stay Pending \('sg-dedicated': taint dedicated=sg:NoSchedule is not tolerated; 'general': nodeSelector role=sg does not match \(its nodes have no label role\); 'gpu': taint nvidia\.com\/gpu=true:NoExecute is not tolerated, and nodeSelector role=sg does not match \(its nodes have no label role\)\)/,
  );
  assert.deepEqual(
    findings.map((f) => [f.rule, f.severity, f.file, ...at(f)]),
    [['no-matching-pool', 'warning', 'app.yaml', 6, 12, 13]],
  );
  const [f] = findings;
  assert.equal(f.message, 'No node pool accepts its 5 pods (a taint not tolerated, node labels not matched): all stay Pending');
  assert.equal(
    f.detail,
    "No node pool accepts this Deployment's pods, so all 5 pods (replicas: 5) stay Pending: " +
      "2 × r6g.large (eksctl managed node group 'sg-dedicated' in cluster.yaml, desiredCapacity: 2): taint dedicated=sg:NoSchedule is not tolerated; " +
      "2 × m5.xlarge (eksctl managed node group 'general' in cluster.yaml, desiredCapacity: 2): nodeSelector role=sg does not match (its nodes have no label role); " +
      "1 × g4dn.xlarge (eksctl node group 'gpu' in cluster.yaml, desiredCapacity: 1): taint nvidia.com/gpu=true:NoExecute is not tolerated, and nodeSelector role=sg does not match (its nodes have no label role). " +
      "Add a toleration with the taint's key, value and effect to the pod template to use a tainted pool.",
  );
  assert.deepEqual(
    f.related.map((r) => [r.file, ...spanOf(r.range), r.message]),
    [
      ['cluster.yaml', 11, 8, 13, 26, "taint dedicated=sg:NoSchedule of 'sg-dedicated'"],
      ['cluster.yaml', 14, 10, 14, 17, "node pool 'general': nodeSelector role=sg does not match (its nodes have no label role)"],
      ['cluster.yaml', 22, 6, 22, 38, "taint nvidia.com/gpu=true:NoExecute of 'gpu', and nodeSelector role=sg does not match (its nodes have no label role)"],
    ],
  );
  // The toleration lets them in; a label the declarations cannot tell (zone) is not judged.
  assert.deepEqual(
    findingsFor({ 'cluster.yaml': CLUSTER, 'app.yaml': deployment({ name: 'pay', replicas: 5, podSpecExtra: `      nodeSelector:\n        role: sg\n${TOLERATE_SG}` }) }),
    [],
  );
  const zone = deployment({ name: 'pay', replicas: 5, podSpecExtra: '      nodeSelector:\n        topology.kubernetes.io/zone: eu-west-1a' });
  assert.deepEqual(findingsFor({ 'cluster.yaml': CLUSTER, 'app.yaml': zone }), []);
  // Without any declared pool nothing is judged.
  assert.deepEqual(findingsFor({ 'app.yaml': deployment({ name: 'pay', replicas: 5, podSpecExtra: '      nodeSelector:\n        role: sg' }) }), []);
  // A DaemonSet that reaches no node runs no pod: nothing is Pending.
  const ds = [
    'apiVersion: apps/v1',
    'kind: DaemonSet',
    'metadata: {name: agent}',
    'spec:',
    '  template:',
    '    spec:',
    '      nodeSelector: {role: nowhere}',
    '      containers: [{name: a, image: x}]',
    '',
  ].join('\n');
  assert.deepEqual(findingsFor({ 'cluster.yaml': CLUSTER, 'ds.yaml': ds }), []);
});

test('no-matching-pool: a tainted pool whose labels refuse the pods too gets both reasons, and no toleration is advised or offered', () => {
  const app = deployment({ name: 'pay', replicas: 5, podSpecExtra: '      nodeSelector:\n        role: batch' });
  const findings = findingsFor({ 'cluster.yaml': CLUSTER, 'app.yaml': app });
  assert.deepEqual(
    findings.map((f) => [f.rule, ...at(f), f.message]),
    [['no-matching-pool', 6, 12, 13, 'No node pool accepts its 5 pods (a taint not tolerated, node labels not matched): all stay Pending']],
  );
  const [f] = findings;
  assert.equal(
    f.detail,
    "No node pool accepts this Deployment's pods, so all 5 pods (replicas: 5) stay Pending: " +
      "2 × r6g.large (eksctl managed node group 'sg-dedicated' in cluster.yaml, desiredCapacity: 2): taint dedicated=sg:NoSchedule is not tolerated, and nodeSelector role=batch does not match (its nodes have role=sg); " +
      "2 × m5.xlarge (eksctl managed node group 'general' in cluster.yaml, desiredCapacity: 2): nodeSelector role=batch does not match (its nodes have no label role); " +
      "1 × g4dn.xlarge (eksctl node group 'gpu' in cluster.yaml, desiredCapacity: 1): taint nvidia.com/gpu=true:NoExecute is not tolerated, and nodeSelector role=batch does not match (its nodes have no label role).",
  );
  assert.deepEqual(
    f.related.map((r) => [...spanOf(r.range), r.message]),
    [
      [11, 8, 13, 26, "taint dedicated=sg:NoSchedule of 'sg-dedicated', and nodeSelector role=batch does not match (its nodes have role=sg)"],
      [14, 10, 14, 17, "node pool 'general': nodeSelector role=batch does not match (its nodes have no label role)"],
      [22, 6, 22, 38, "taint nvidia.com/gpu=true:NoExecute of 'gpu', and nodeSelector role=batch does not match (its nodes have no label role)"],
    ],
  );
  assert.deepEqual(f.fixes, [], 'a toleration would not let the pods in');
});

test('taints: DaemonSets run only on the pools whose taints they tolerate (no automatic toleration of arbitrary taints)', () => {
  const ds = (name: string, tolerations = '') =>
    [
      'apiVersion: apps/v1',
      'kind: DaemonSet',
      'metadata:',
      `  name: ${name}`,
      '  namespace: default',
      'spec:',
      '  template:',
      '    metadata:',
      '      labels: {sg: "yes"}',
      '    spec:',
      ...(tolerations ? [tolerations] : []),
      '      containers: [{name: a, image: x}]',
      '',
    ].join('\n');
  // One r6g.medium group (4 branch ENIs) tainted, one m5.large group untainted.
  const cluster = [
    'apiVersion: eksctl.io/v1alpha5',
    'kind: ClusterConfig',
    'metadata: {name: c, region: us-east-1}',
    'managedNodeGroups:',
    '  - name: small',
    '    instanceType: r6g.medium',
    '    desiredCapacity: 1',
    '    taints: [{key: dedicated, value: other, effect: NoExecute}]',
    '  - name: big',
    '    instanceType: m5.large',
    '    desiredCapacity: 1',
    '',
  ].join('\n');
  const files = (tolerations: string) => {
    const out: Record<string, string> = { 'cluster.yaml': cluster, 's.yaml': policy({ name: 'p', podLabels: { sg: 'yes' } }) };
    for (let i = 0; i < 5; i++) out[`ds${i}.yaml`] = ds(`agent-${i}`, tolerations);
    return out;
  };
  // Untolerating: 5 DaemonSet pods only on the m5.large node (9 branch ENIs) — no false error for the tainted node.
  assert.deepEqual(findingsFor(files('')), []);
  // Tolerating everything (as many agents do), 5 pods on the r6g.medium node exceed its 4 branch ENIs.
  const tolerant = findingsFor(files('      tolerations: [{operator: Exists}]'));
  assert.deepEqual(
    tolerant.map((f) => [f.rule, f.file]),
    [0, 1, 2, 3, 4].map((i) => ['branch-eni-capacity', `ds${i}.yaml`]),
  );
  assert.match(tolerant[0].detail!, /5 needed, but the nodes they can reach hold 4 branch ENIs: 1 × r6g\.medium \(eksctl managed node group 'small'/);
});

test('taints: Karpenter spec.template.spec.taints keep untolerating pods off (startupTaints do not)', () => {
  const nodePool = (name: string, family: string, taints: string[]) =>
    [
      'apiVersion: karpenter.sh/v1',
      'kind: NodePool',
      'metadata:',
      `  name: ${name}`,
      'spec:',
      '  template:',
      '    spec:',
      '      requirements:',
      `        - {key: karpenter.k8s.aws/instance-family, operator: In, values: [${family}]}`,
      ...taints,
      '      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}',
      '',
    ].join('\n');
  const pools = {
    'np-sg.yaml': nodePool('sg', 'm5', ['      taints:', '        - key: sg', '          effect: NoSchedule']),
    'np-t3.yaml': nodePool('burst', 't3', ['      startupTaints:', '        - key: node.cilium.io/agent-not-ready', '          effect: NoExecute']),
  };
  const findings = findingsFor({ ...pools, 'app.yaml': deployment({ name: 'pay', replicas: 2 }), 'sgp.yaml': sgPolicy });
  const unsupported = ofRule(findings, 'branch-eni-unsupported');
  assert.deepEqual(
    unsupported.map((f) => [f.file, ...at(f)]),
    [['app.yaml', 6, 12, 13]],
  );
  assert.match(unsupported[0].detail!, /Its pods do not tolerate the taints of 'sg' \(sg:NoSchedule\)/);
  assert.match(unsupported[0].detail!, /Karpenter NodePool 'burst' in np-t3\.yaml/);
  const tolerated = deployment({ name: 'pay', replicas: 2, podSpecExtra: '      tolerations: [{key: sg, operator: Exists}]' });
  assert.deepEqual(ofRule(findingsFor({ ...pools, 'app.yaml': tolerated, 'sgp.yaml': sgPolicy }), 'branch-eni-unsupported'), []);
});

test('taints: .eni-lens.yaml pools take a taints list in the Kubernetes shape, validated like every key', () => {
  const config = [
    'nodePools:',
    '  - name: sg',
    '    instanceType: r6g.medium',
    '    nodes: 1',
    '    taints:',
    '      - {key: dedicated, value: sg, effect: NoSchedule}',
    '  - name: general',
    '    instanceType: m5.large',
    '    nodes: 1',
    '',
  ].join('\n');
  const app = deployment({ name: 'pay', replicas: 12 });
  const [f] = findingsFor({ 'app.yaml': app, 'sgp.yaml': sgPolicy }, config);
  assert.equal(f.rule, 'branch-eni-capacity');
  assert.match(f.detail!, /12 needed, but the nodes they can reach hold 9 branch ENIs: 1 × m5\.large \(node pool 'general' in \.eni-lens\.yaml\)/);
  assert.match(f.detail!, /do not tolerate the taints of 'sg' \(dedicated=sg:NoSchedule\)/);
  const tolerating = deployment({ name: 'pay', replicas: 10, podSpecExtra: TOLERATE_SG });
  assert.deepEqual(findingsFor({ 'app.yaml': tolerating, 'sgp.yaml': sgPolicy }, config), [], '4 + 9 = 13 ≥ 10 + 3 (maxSurge)');

  const broken = [
    'nodePools:',
    '  - name: sg',
    '    instanceType: r6g.medium',
    '    taints:',
    '      - {key: dedicated, effect: NoSchedul}', //     4
    '      - {value: x, effect: NoSchedule}', //          5
    '      - {key: a, effect: NoExecute, operator: Equal}', // 6
    '      - just-a-string', //                           7
    '  - name: b',
    '    instanceType: m5.large',
    '    taints: {key: a}',
    '',
  ].join('\n');
  const { config: parsed, errors } = parseConfig(broken, '.eni-lens.yaml');
  assert.deepEqual(
    errors.map((e) => [e.message.replace(/^\.eni-lens\.yaml:\d+: /, ''), ...at(e)]),
    [
      ["node pool 'sg': taint: effect must be NoSchedule, PreferNoSchedule, NoExecute", 4, 33, 42],
      ["node pool 'sg': taint: key is missing", 5, 8, 38],
      ["node pool 'sg': taint: unknown key 'operator'", 6, 36, 44],
      ["node pool 'sg': each taint must be a map with key, value (optional) and effect", 7, 8, 21],
      ["node pool 'b': taints must be a list of {key, value, effect}", 10, 12, 20],
    ],
  );
  assert.deepEqual(
    parsed.nodePools.map((p) => p.taints),
    [[], []],
  );
});

test('taints: the pool hover lists the taints; the workload hover names only the pools its pods tolerate', async () => {
  const { hoverAt } = await import('../../shared/explain/hover');
  const app = deployment({ name: 'pay', replicas: 40 });
  const analysis = analyze(
    [
      { file: 'cluster.yaml', text: CLUSTER },
      { file: 'app.yaml', text: app },
      { file: 'sgp.yaml', text: sgPolicy },
    ],
    parseConfig('', 'c.yaml').config,
  );
  const pool = hoverAt(analysis, 'cluster.yaml', { line: 6, character: 12 })!.markdown;
  assert.match(pool, /\| Taints \| `dedicated=sg:NoSchedule` \(pods without a matching toleration do not land here\) \|/);
  const gpu = hoverAt(analysis, 'cluster.yaml', { line: 18, character: 10 })!.markdown;
  assert.match(gpu, /`nvidia\.com\/gpu=true:NoExecute`, `spare:PreferNoSchedule` \(pods without a matching toleration do not land here; PreferNoSchedule only discourages\)/);
  const workload = hoverAt(analysis, 'app.yaml', { line: 3, character: 9 })!.markdown;
  assert.match(workload, /Branch ENIs: \*\*40 pod-eni needed · 2 × m5\.xlarge gives 36 · 4 short\*\*/);
  assert.match(workload, /Nodes: 2 × m5\.xlarge \(eksctl managed node group 'general' in cluster\.yaml, desiredCapacity: 2\)\.$/);
});

test('taints: the quick fix adds the toleration (a new tolerations list, or an item of the existing one), and then the pods fit', async () => {
  const { applyEdits } = await import('../lsp/edits');
  const cluster = DEDICATED_SG_CLUSTER;
  const run = (app: string) => findingsFor({ 'cluster.yaml': cluster, 'app.yaml': app, 'sgp.yaml': sgPolicy });
  const app = deployment({ name: 'pay', replicas: 3 });
  const [f] = run(app);
  assert.equal(f.rule, 'branch-eni-unsupported');
  assert.deepEqual(
    f.fixes.map((x) => [x.title, x.edits.map((e) => [e.file, ...at(e), e.newText])]),
    [
      [
        "Tolerate dedicated=sg:NoSchedule (lets the pods onto eksctl managed node group 'sg')",
        [['app.yaml', 12, 6, 6, 'tolerations:\n        - {key: "dedicated", operator: Equal, value: "sg", effect: NoSchedule}\n      ']],
      ],
    ],
  );
  const fixed = applyEdits(app, f.fixes[0].edits);
  assert.match(fixed, /    spec:\n      tolerations:\n        - \{key: "dedicated", operator: Equal, value: "sg", effect: NoSchedule\}\n      containers:/);
  assert.deepEqual(run(fixed), []);

  // An existing block list gets one more item; a toleration for something else stays.
  const other = deployment({ name: 'pay', replicas: 3, podSpecExtra: '      tolerations:\n        - key: CriticalAddonsOnly\n          operator: Exists' });
  const [g] = run(other);
  assert.deepEqual(
    g.fixes[0].edits.map((e) => [...at(e), e.newText]),
    [[14, 26, 26, '\n        - {key: "dedicated", operator: Equal, value: "sg", effect: NoSchedule}']],
  );
  assert.deepEqual(run(applyEdits(other, g.fixes[0].edits)), []);

  // no-matching-pool offers one fix per tainted pool that would then accept the pods; the label-refused pool gets none.
  const selecting = deployment({ name: 'pay', replicas: 5, podSpecExtra: '      nodeSelector:\n        role: sg' });
  const [n] = findingsFor({ 'cluster.yaml': CLUSTER, 'app.yaml': selecting });
  assert.deepEqual(
    n.fixes.map((x) => x.title),
    ["Tolerate dedicated=sg:NoSchedule (lets the pods onto eksctl managed node group 'sg-dedicated')"],
    "'gpu' lacks role=sg: no fix for it",
  );
  assert.deepEqual(findingsFor({ 'cluster.yaml': CLUSTER, 'app.yaml': applyEdits(selecting, n.fixes[0].edits) }), []);
});

test('taints: the capacity report places untolerating pods on the pools they can use only', async () => {
  const { buildCapacityReport } = await import('../../shared/report');
  const analysis = analyze(
    [
      { file: 'cluster.yaml', text: CLUSTER },
      { file: 'app.yaml', text: deployment({ name: 'pay', replicas: 40 }) },
      { file: 'sgp.yaml', text: sgPolicy },
    ],
    parseConfig('', 'c.yaml').config,
  );
  const [section] = buildCapacityReport([{ title: 't', analysis }]).sections;
  const pay = section.workloads.find((w) => w.name === 'pay')!;
  assert.deepEqual(pay.pools, ['general']);
  assert.deepEqual(
    section.pools.map((p) => p.name),
    ['sg-dedicated', 'general', 'gpu'],
  );
  const branch = section.bars.map((b) => b.bars?.branchEnis);
  assert.deepEqual(
    branch.map((b) => [b?.capacity, b?.demand, b?.over]),
    [
      [18, 0, 0],
      [36, 40, 4],
      [branch[2]?.capacity, 0, 0],
    ],
  );
});

test('no-matching-pool is not raised where the refusal is not certain: a label the declarations cannot tell, or a type the data lacks', () => {
  const config = 'nodePools:\n  - {name: new, instanceType: m9z.large, nodes: 1}\n';
  const arm = deployment({ name: 'pay', replicas: 2, podSpecExtra: '      nodeSelector:\n        kubernetes.io/arch: arm64' });
  assert.deepEqual(ofRule(findingsFor({ 'app.yaml': arm }, config), 'no-matching-pool'), [], 'm9z.large has no known architecture');
  const known = 'nodePools:\n  - {name: intel, instanceType: m5.large, nodes: 1}\n';
  const [f] = ofRule(findingsFor({ 'app.yaml': arm }, known), 'no-matching-pool');
  assert.match(f.detail!, /'intel' in \.eni-lens\.yaml\): nodeSelector kubernetes\.io\/arch=arm64 does not match \(its nodes have kubernetes\.io\/arch=amd64\)\.$/);
  const affinity = deployment({ name: 'pay', replicas: 2 }).replace(
    '      containers:',
    [
      '      affinity:',
      '        nodeAffinity:',
      '          requiredDuringSchedulingIgnoredDuringExecution:',
      '            nodeSelectorTerms:',
      '              - matchExpressions: [{key: karpenter.sh/capacity-type, operator: In, values: [spot]}]',
      '      containers:',
    ].join('\n'),
  );
  assert.deepEqual(findingsFor({ 'app.yaml': affinity }, known), [], 'capacity type is not in the declarations');
  const [g] = findingsFor({ 'app.yaml': affinity.replace('karpenter.sh/capacity-type', 'team').replace('[spot]', '[a]') }, known);
  assert.match(g.detail!, /'intel' in \.eni-lens\.yaml\): no required node-affinity term matches its nodes' labels\.$/);
});

test('no-matching-pool on a multi-type pool: each selector matches one type, none matches them all', () => {
  const config = 'nodePools:\n  - {name: mixed, instanceTypes: [m5.large, r6g.large], nodes: 2}\n';
  const app = deployment({ name: 'pay', replicas: 2, podSpecExtra: '      nodeSelector:\n        node.kubernetes.io/instance-type: m5.large\n        kubernetes.io/arch: arm64' });
  const [f] = findingsFor({ 'app.yaml': app }, config);
  assert.equal(f.rule, 'no-matching-pool');
  assert.match(f.detail!, /'mixed' in \.eni-lens\.yaml\): none of its instance types matches the whole nodeSelector\.$/);
});
