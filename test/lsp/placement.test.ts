// The language server follows placement edits: a toleration added by the quick fix, a taint and a Fargate
// profile changed in the eksctl file, each re-publishing the Deployment's diagnostics.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { CodeAction } from 'vscode-languageserver-protocol';
import { deployment, policy } from '../helpers/analyze';
import { DEDICATED_SG_CLUSTER as CLUSTER } from '../helpers/clusters';
import { applyEdits } from './edits';
import { LspClient } from './lspClient';

test('placement in the editor: the toleration quick fix clears branch-eni-unsupported; taint and Fargate profile edits in the eksctl file re-judge', async (t) => {
  const source = fs.mkdtempSync(path.join(os.tmpdir(), 'eni-lens-placement-'));
  fs.writeFileSync(path.join(source, 'cluster.yaml'), CLUSTER);
  fs.writeFileSync(path.join(source, 'app.yaml'), deployment({ name: 'pay', replicas: 3 }));
  fs.writeFileSync(path.join(source, 'sgp.yaml'), policy({ name: 'pay', podLabels: { app: 'pay' } }));
  const c = await LspClient.start(source);
  t.after(() => c.stop());
  const first = await c.waitFor('app.yaml', (d) => d.length === 1, 'branch-eni-unsupported');
  const [diagnostic] = first.diagnostics;
  assert.deepEqual([diagnostic.code, diagnostic.range.start.line, diagnostic.range.start.character], ['branch-eni-unsupported', 6, 12]);

  const actions = await c.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri: c.uri('app.yaml') },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic] },
  });
  const fix = actions.find((a) => a.title.startsWith('Tolerate '))!;
  assert.equal(fix.title, "Tolerate dedicated=sg:NoSchedule (lets the pods onto eksctl managed node group 'sg')");
  const app = c.read('app.yaml');
  c.open('app.yaml', app);
  const tolerating = applyEdits(app, fix.edit!.changes![c.uri('app.yaml')]);
  c.change('app.yaml', tolerating);
  await c.waitFor('app.yaml', (d) => d.length === 0, 'the error to go once the pods tolerate the sg group');

  // The group's taint changes value: the toleration no longer matches.
  c.open('cluster.yaml', CLUSTER);
  c.change('cluster.yaml', CLUSTER.replace('value: sg', 'value: payments'));
  await c.waitFor('app.yaml', (d) => d.length === 1 && d[0].code === 'branch-eni-unsupported', 'the error to come back with another taint value');

  // A Fargate profile for the namespace takes the pods off the node groups.
  c.change('cluster.yaml', `${CLUSTER}fargateProfiles:\n  - name: fp\n    selectors:\n      - namespace: default\n`);
  await c.waitFor('app.yaml', (d) => d.length === 0, 'no finding once the pods run on Fargate');
  c.change('cluster.yaml', CLUSTER);
  await c.waitFor('app.yaml', (d) => d.length === 0, 'the toleration matches again');
  c.change('app.yaml', app);
  await c.waitFor('app.yaml', (d) => d.length === 1, 'untolerating again: the error is back');
});
