// The language server on cluster facts: the hover on an eksctl node group's name, and the instanceData
// overlay read at the edge so a type newer than the bundled table is judged in the editor too.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { EXAMPLES } from '../helpers/paths';
import { LspClient } from './lspClient';

async function hover(c: LspClient, file: string, line: number, character: number): Promise<Hover | null> {
  return c.request<Hover | null>('textDocument/hover', { textDocument: { uri: c.uri(file) }, position: { line, character } });
}

test('hover on an eksctl node group name: nodes × type, per-node branch ENIs, max pods, IPs with the trunk, CNI source, demand', async (t) => {
  const c = await LspClient.start(path.join(EXAMPLES, 'eksctl'));
  t.after(() => c.stop());
  await c.waitFor('workloads.yaml', (d) => d.length === 2, 'the branch-eni-capacity and ip-capacity findings');
  const h = await hover(c, 'cluster.yaml', 10, 12); // `  - name: payments`
  assert.ok(h);
  assert.deepEqual(h.range, { start: { line: 10, character: 10 }, end: { line: 10, character: 18 } });
  assert.equal(
    (h.contents as MarkupContent).value,
    [
      "**eksctl managed node group 'payments'** · cluster.yaml",
      '',
      '| | |',
      '|---|---|',
      '| Nodes | 2 × r6g.medium (desiredCapacity: 2); up to 4 at maxSize |',
      '| Branch ENIs per node | 4 |',
      '| Max pods per node | 8 (2 ENIs × (4 − 1) IPs + 2) |',
      '| Pod slots per node for the repository | 6 (2 taken by aws-node and kube-proxy, which every node runs) |',
      '| IPs for ordinary pods per node | 3 (r6g.medium: (2 − 1) ENIs × (4 − 1) IPs = 3; the trunk ENI takes an ENI slot) |',
      '| Whole pool | 8 branch ENIs · 12 pod slots · 6 IPs for ordinary pods |',
      '',
      "VPC CNI: security groups for pods is on (ENABLE\\_POD\\_ENI in the vpc-cni add-on of eksctl ClusterConfig shop); prefix delegation is off (the VPC CNI's default); custom networking is off (the VPC CNI's default).",
      '',
      'Branch ENIs: the pool gives 8; workloads that can land here want 10 (overcommitted):',
      '- Deployment shop/payments',
      '',
      'Pod slots: the pool gives 12; workloads that can land here want 10:',
      '- Deployment shop/payments',
    ].join('\n'),
  );
  const general = (await hover(c, 'cluster.yaml', 17, 14))?.contents as MarkupContent;
  assert.match(general.value, /\| Branch ENIs per node \| 9 \(m5\.large, the fewest of its types\) \|/);
  assert.match(general.value, /IPs for ordinary pods: the pool gives 36; workloads that can land here want 40 \(overcommitted\):\n- Deployment shop\/catalog/);
});

const OVERLAY = {
  version: 1,
  generatedBy: 'eni-lens data import',
  instanceTypes: { 'm9z.large': { vcpus: 2, enisPerCard: [3], ipv4PerEni: 12, branchEnis: 9, trunking: true, hypervisor: 'nitro', bareMetal: false } },
};

const PINNED = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: payments
spec:
  replicas: 12
  template:
    metadata:
      labels: {app: payments}
    spec:
      nodeSelector:
        node.kubernetes.io/instance-type: m9z.large
      containers:
        - name: app
          image: nginx
          resources:
            limits:
              vpc.amazonaws.com/pod-eni: "1"
`;

/** A workspace whose config names the overlay, with PINNED in app.yaml. */
function overlayWorkspace(prefix: string): string {
  const source = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.writeFileSync(path.join(source, '.eni-lens.yaml'), 'instanceData: ./data/instance-types.json\n');
  fs.mkdirSync(path.join(source, 'data'));
  fs.writeFileSync(path.join(source, 'data', 'instance-types.json'), JSON.stringify(OVERLAY, null, 2));
  fs.writeFileSync(path.join(source, 'app.yaml'), PINNED);
  return source;
}

test('the server reads instanceData: a type only the overlay knows is judged and explained', async (t) => {
  const source = overlayWorkspace('eni-lens-overlay-');
  const c = await LspClient.start(source);
  t.after(() => c.stop());
  const published = await c.waitFor('app.yaml', (d) => d.length === 1, 'one finding');
  assert.deepEqual(
    published.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]),
    [['branch-eni-capacity', 11, 42]],
  );
  assert.equal(published.diagnostics[0].message, '12 pods need branch ENIs; 1 × m9z.large (assumed) holds 9: 3 stay Pending');
  const text = ((await hover(c, 'app.yaml', 11, 46))?.contents as MarkupContent).value;
  assert.ok(text.includes('| Max pods, secondary IP | 35 ← this cluster |'), text);
  assert.ok(text.includes(`instance data overlay: ${c.uri('data/instance-types.json')}`), text);
});

test('in an untrusted workspace (initializationOptions.trusted: false) the instanceData file is not read', async (t) => {
  const source = overlayWorkspace('eni-lens-untrusted-');
  const c = await LspClient.start(source, { initializationOptions: { trusted: false } });
  t.after(() => c.stop());
  const published = await c.waitFor('app.yaml', (d) => d.length === 1, 'one finding');
  assert.deepEqual(
    published.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]),
    [['unknown-instance-type', 11, 42]],
  );
  assert.match(published.diagnostics[0].message, /Unknown instance type 'm9z\.large'/);
});

test('the server reads the node list a config names with nodes: and judges the files by its nodes', async (t) => {
  // kubectl get nodes -o json > live/nodes.json: not a .yaml file, so only the config brings it in.
  const source = fs.mkdtempSync(path.join(os.tmpdir(), 'eni-lens-nodes-'));
  const liveDir = path.join(source, 'live');
  fs.mkdirSync(liveDir);
  fs.writeFileSync(path.join(source, '.eni-lens.yaml'), 'nodes: ./live/nodes.json\n');
  const nodeList = {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'ip-10-0-0-1.ec2.internal', labels: { 'eks.amazonaws.com/nodegroup': 'sg', 'node.kubernetes.io/instance-type': 'm9z.large' } },
        status: { allocatable: { pods: '35', 'vpc.amazonaws.com/pod-eni': '9' } },
      },
    ],
  };
  fs.writeFileSync(path.join(liveDir, 'nodes.json'), JSON.stringify(nodeList, null, 2));
  fs.writeFileSync(path.join(source, 'app.yaml'), PINNED);
  const c = await LspClient.start(source);
  t.after(() => c.stop());
  const published = await c.waitFor('app.yaml', (d) => d.length === 1, 'one finding');
  assert.deepEqual(
    published.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]),
    [['branch-eni-capacity', 11, 42]],
  );
  assert.equal(published.diagnostics[0].message, '12 pods need branch ENIs; pool sg (1 × m9z.large) holds 9: 3 stay Pending');
});
