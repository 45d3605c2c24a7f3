import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, parseConfig } from '../../shared';
import { hoverAt } from '../../shared/explain/hover';
import { at, CONFIG_PATH, deployment, findingsFor, ofRule, policy } from '../helpers/analyze';

interface NodeSpec {
  name: string;
  zone: string;
  type: string;
  arch: string;
  group: ['eks.amazonaws.com/nodegroup' | 'karpenter.sh/nodepool', string];
  pods: number;
  podEni?: number;
  taint?: string;
}

// The shape of `kubectl get nodes -o yaml` on EKS: a v1 List of Node with their labels, taints and status.
const node = (n: NodeSpec) =>
  [
    '- apiVersion: v1',
    '  kind: Node',
    '  metadata:',
    '    annotations: {alpha.kubernetes.io/provided-node-ip: 10.0.1.10, node.alpha.kubernetes.io/ttl: "0"}',
    '    labels:',
    `      beta.kubernetes.io/arch: ${n.arch}`,
    `      beta.kubernetes.io/instance-type: ${n.type}`,
    '      beta.kubernetes.io/os: linux',
    '      eks.amazonaws.com/capacityType: ON_DEMAND',
    `      ${n.group[0]}: ${n.group[1]}`,
    `      kubernetes.io/arch: ${n.arch}`,
    `      kubernetes.io/hostname: ${n.name}`,
    '      kubernetes.io/os: linux',
    `      node.kubernetes.io/instance-type: ${n.type}`,
    '      topology.kubernetes.io/region: eu-west-1',
    `      topology.kubernetes.io/zone: ${n.zone}`,
    `    name: ${n.name}`,
    '    resourceVersion: "123456"',
    '  spec:',
    `    providerID: aws:///${n.zone}/i-0${n.name.length}abcdef`,
    ...(n.taint ? ['    taints:', `    - {effect: NoSchedule, key: dedicated, value: ${n.taint}}`] : []),
    '  status:',
    '    allocatable:',
    '      cpu: 940m',
    '      ephemeral-storage: "18242267924"',
    '      memory: 7291884Ki',
    `      pods: "${n.pods}"`,
    ...(n.podEni !== undefined ? [`      vpc.amazonaws.com/pod-eni: "${n.podEni}"`] : []),
    '    capacity: {cpu: "1", pods: "8"}',
    '    nodeInfo: {kubeletVersion: v1.31.4-eks-aeac579, architecture: amd64}',
  ].join('\n');

const NODES: NodeSpec[] = [
  {
    name: 'ip-10-0-1-10.eu-west-1.compute.internal',
    zone: 'eu-west-1a',
    type: 'r6g.medium',
    arch: 'arm64',
    group: ['eks.amazonaws.com/nodegroup', 'payments'],
    pods: 8,
    podEni: 4,
    taint: 'payments',
  },
  {
    name: 'ip-10-0-2-11.eu-west-1.compute.internal',
    zone: 'eu-west-1b',
    type: 'r6g.medium',
    arch: 'arm64',
    group: ['eks.amazonaws.com/nodegroup', 'payments'],
    pods: 8,
    podEni: 4,
    taint: 'payments',
  },
  { name: 'ip-10-0-1-12.eu-west-1.compute.internal', zone: 'eu-west-1a', type: 'm5.large', arch: 'amd64', group: ['eks.amazonaws.com/nodegroup', 'general'], pods: 29 },
  { name: 'ip-10-0-3-13.eu-west-1.compute.internal', zone: 'eu-west-1c', type: 'c6i.large', arch: 'amd64', group: ['karpenter.sh/nodepool', 'default'], pods: 29, podEni: 9 },
];
const NODE_LIST = ['apiVersion: v1', 'items:', ...NODES.map(node), 'kind: List', 'metadata:', '  resourceVersion: ""', ''].join('\n');

const onGroup = (name: string, replicas: number, group: string) =>
  deployment({
    name,
    replicas,
    podSpecExtra: `      nodeSelector:\n        eks.amazonaws.com/nodegroup: ${group}\n      tolerations: [{key: dedicated, operator: Equal, value: ${group}, effect: NoSchedule}]`,
  });

test("node list: pools by node group or NodePool, with the nodes' labels, taints and allocatable capacity", () => {
  const { config } = parseConfig('', CONFIG_PATH);
  const { model } = analyze([{ file: 'nodes.yaml', text: NODE_LIST }], config);
  assert.deepEqual(
    model.pools.map((p) => [p.origin, p.name, p.nodes, p.instanceTypes.join(), model.capacity.get(p)!.maxPods, model.capacity.get(p)!.branchEnis]),
    [
      ['nodes', 'payments', 2, 'r6g.medium', 8, 4],
      ['nodes', 'general', 1, 'm5.large', 29, 0],
      ['nodes', 'default', 1, 'c6i.large', 29, 9],
    ],
  );
  assert.deepEqual(model.pools[0].taints, [{ key: 'dedicated', value: 'payments', effect: 'NoSchedule' }]);
  assert.equal(model.pools[1].taints, undefined);
  assert.equal(model.pools[0].labels.get('kubernetes.io/hostname'), undefined);
  assert.equal(model.pools[2].elastic, undefined, 'a listed Karpenter node is one node, not an elastic pool');
});

test('node list: judged by allocatable, the messages cite the node list; nothing is assumed for a type it lacks', () => {
  const sg = (n: number) => ({ 'nodes.yaml': NODE_LIST, 'pay.yaml': onGroup('pay', n, 'payments'), 's.yaml': policy({ name: 'p', podLabels: { app: 'pay' } }) });
  assert.deepEqual(ofRule(findingsFor(sg(8)), 'branch-eni-capacity'), []);
  const findings = findingsFor(sg(9));
  const [f] = ofRule(findings, 'branch-eni-capacity');
  assert.deepEqual(at(f), [6, 12, 13]);
  assert.match(
    f.detail!,
    /^Pods needing a branch ENI \(vpc\.amazonaws\.com\/pod-eni\): 9 needed, but the nodes they can reach hold 8 branch ENIs: 2 × r6g\.medium \(node group from the node list 'payments' in nodes\.yaml, 2 Nodes in the node list \(ip-10-0-1-10\.eu-west-1\.compute\.internal, ip-10-0-2-11\.eu-west-1\.compute\.internal\)\) with 4 branch ENIs each\./,
  );
  assert.deepEqual(
    f.related.map((r) => [r.file, ...at(r)]),
    [
      ['s.yaml', 3, 8, 9],
      ['nodes.yaml', 18, 10, 49],
    ],
  );
  assert.deepEqual(f.fixes, [], 'the nodes run: no file to edit');
  const pods = ofRule(findingsFor({ 'nodes.yaml': NODE_LIST, 'web.yaml': onGroup('web', 28, 'general') }), 'max-pods');
  assert.match(
    pods[0].detail!,
    /hold 27 pod slots: .* with 27 pod slots each \(max pods 29: status\.allocatable of 1 Node in nodes\.yaml: pods 29, vpc\.amazonaws\.com\/pod-eni absent \(0\); 2 taken by aws-node and kube-proxy/,
  );
  // No pod-eni on the general nodes (no trunk attached): security-group pods cannot start there.
  const noEni = ofRule(
    findingsFor({ 'nodes.yaml': NODE_LIST, 'pay.yaml': onGroup('pay', 1, 'general'), 's.yaml': policy({ name: 'p', podLabels: { app: 'pay' } }) }),
    'branch-eni-unsupported',
  );
  assert.deepEqual(
    noEni.map((x) => [x.file, ...at(x)]),
    [['pay.yaml', 6, 12, 13]],
  );
  // A pinned type no node runs: no implicit pool (the node list is the cluster), so no node takes the pods.
  const pinned = findingsFor({ 'nodes.yaml': NODE_LIST, 'x.yaml': deployment({ name: 'x', replicas: 500, instanceType: 't3.large' }) });
  assert.deepEqual(
    pinned.map((x) => [x.rule, x.file, ...at(x)]),
    [['no-matching-pool', 'x.yaml', 13, 42, 50]],
  );
  assert.match(
    pinned[0].detail!,
    /'general' in nodes\.yaml, 1 Node in the node list \(ip-10-0-1-12\.eu-west-1\.compute\.internal\)\): nodeSelector node\.kubernetes\.io\/instance-type=t3\.large does not match \(its nodes are m5\.large\)/,
  );
});

test('node list: `kubectl get nodes -o json` and single Node documents read alike; the pool hover states the allocatable', () => {
  const json = JSON.stringify(
    {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        {
          apiVersion: 'v1',
          kind: 'Node',
          metadata: { name: 'ip-1', labels: { 'node.kubernetes.io/instance-type': 'm9z.large', 'kubernetes.io/os': 'linux' } },
          status: { allocatable: { pods: '58', 'vpc.amazonaws.com/pod-eni': '18' } },
        },
      ],
    },
    null,
    2,
  );
  const { config } = parseConfig('', CONFIG_PATH);
  const analysis = analyze(
    [
      { file: 'nodes.json', text: json },
      { file: 'w.yaml', text: deployment({ name: 'w', replicas: 57, instanceType: 'm9z.large' }) },
    ],
    config,
  );
  assert.deepEqual(
    analysis.model.pools.map((p) => [p.name, p.declaredAs, analysis.model.capacity.get(p)!.podSlots]),
    [['m9z.large', 'nodes of instance type from the node list', 56]],
  );
  assert.deepEqual(
    analysis.findings.map((f) => [f.rule, f.file, ...at(f)]),
    [['max-pods', 'w.yaml', 13, 42, 51]],
    'a type the data lacks is known by its allocatable: no unknown-instance-type',
  );
  const docs = NODES.map(node)
    .map((n) => n.replace(/^- /, '').replace(/^  /gm, ''))
    .join('\n---\n');
  const { model } = analyze([{ file: 'nodes.yaml', text: docs }], config);
  assert.deepEqual(
    model.pools.map((p) => [p.name, p.nodes]),
    [
      ['payments', 2],
      ['general', 1],
      ['default', 1],
    ],
  );
  const hover = hoverAt(analyze([{ file: 'nodes.yaml', text: NODE_LIST }], config), 'nodes.yaml', { line: 18, character: 12 })!.markdown;
  assert.match(hover, /\| Max pods per node \| 8 \(status\.allocatable of 2 Nodes in nodes\.yaml: pods 8, vpc\.amazonaws\.com\/pod-eni 4\) \|/);
});
