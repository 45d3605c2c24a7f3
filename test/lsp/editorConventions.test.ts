// The editor conventions over LSP against the bundle: the config's "did you mean" quick fix, the status
// notification behind the status item.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { CodeAction, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import type { StatusParams } from '../../shared/report/protocol';
import { EXAMPLES } from '../helpers/paths';
import { applyEdits } from './edits';
import { LspClient } from './lspClient';

const SEED = path.join(EXAMPLES, 'seed');

test('a "did you mean" in .eni-lens.yaml has a quick fix renaming the key; applied, the config error goes', async (t) => {
  const c = await LspClient.start(SEED);
  t.after(() => c.stop());
  await c.waitFor('deployment.yaml', (d) => d.length === 1, 'the initial error');
  const typo = c.read('.eni-lens.yaml').replace('prefixDelegation: true', 'prefixDelegaton: true').replace('    nodes: 1', '    node: 1');
  c.open('.eni-lens.yaml', typo);
  const published = await c.waitFor('.eni-lens.yaml', (d) => d.length === 2, 'the two config errors');
  const [top, pool] = published.diagnostics;
  assert.deepEqual(top.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 15 } });
  assert.match(top.message, /unknown key 'prefixDelegaton' \(did you mean 'prefixDelegation'\?\)$/);
  assert.deepEqual(pool.range, { start: { line: 5, character: 4 }, end: { line: 5, character: 8 } });

  const actionsAt = (range: typeof top.range) =>
    c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: c.uri('.eni-lens.yaml') }, range, context: { diagnostics: [] } });
  const [rename] = await actionsAt(top.range);
  assert.equal(rename.title, "Rename 'prefixDelegaton' to 'prefixDelegation'");
  assert.equal(rename.isPreferred, true);
  const edits = rename.edit!.changes![c.uri('.eni-lens.yaml')];
  assert.deepEqual(edits, [{ range: top.range, newText: 'prefixDelegation' }]);
  const [renamePool] = await actionsAt(pool.range);
  assert.equal(renamePool.title, "Rename 'node' to 'nodes'");
  const fixed = applyEdits(applyEdits(typo, edits), renamePool.edit!.changes![c.uri('.eni-lens.yaml')]);
  assert.equal(fixed, c.read('.eni-lens.yaml'));
  c.change('.eni-lens.yaml', fixed);
  await c.waitFor('.eni-lens.yaml', (d) => d.length === 0, 'the config errors gone');
  await c.waitFor('deployment.yaml', (d) => d.length === 1 && d[0].code === 'branch-eni-capacity', 'the seed finding back');
});

test("a config error's detail (the keys there are) shows in the hover on it, the diagnostic keeps the short message", async (t) => {
  const c = await LspClient.start(SEED);
  t.after(() => c.stop());
  await c.waitFor('deployment.yaml', (d) => d.length === 1, 'the initial error');
  c.open('.eni-lens.yaml', `${c.read('.eni-lens.yaml')}rules:\n  no-such-rule: off\n`);
  const published = await c.waitFor('.eni-lens.yaml', (d) => d.length === 1, 'the config error');
  const [error] = published.diagnostics;
  assert.equal(error.message, "rules: unknown rule 'no-such-rule'");
  const hover = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri: c.uri('.eni-lens.yaml') }, position: error.range.start });
  assert.deepEqual(hover?.range, error.range);
  assert.equal(
    (hover?.contents as MarkupContent).value,
    "**rules: unknown rule 'no-such-rule'**\n\nKnown keys: branch-eni-capacity, branch-eni-unsupported, max-pods, ip-capacity, security-groups-per-eni, unknown-instance-type, sgp-invalid, rollout-surge, no-matching-pool, security-groups-for-pods-disabled, duplicate-object, kustomize-invalid, kustomize-remote, template-skipped, yaml-syntax, config.",
  );
});

test('eniLens/status after every analysis: counts, the config in use and the data date', async (t) => {
  const c = await LspClient.start(SEED, { initializationOptions: { analysisNotifications: true } });
  t.after(() => c.stop());
  const statuses: StatusParams[] = [];
  c.onNotification('eniLens/status', (p) => statuses.push(p as StatusParams));
  await c.waitFor('deployment.yaml', (d) => d.length === 1, 'the initial error');
  await c.settle(300);
  assert.deepEqual(statuses.at(-1), { errors: 1, warnings: 0, infos: 0, files: 2, configFiles: [c.uri('.eni-lens.yaml')], defaults: false, dataDate: '2026-08-06' });
  // Fixed (3 replicas fit), the status follows.
  c.open('deployment.yaml');
  c.change('deployment.yaml', c.read('deployment.yaml').replace('replicas: 6', 'replicas: 3'));
  await c.waitFor('deployment.yaml', (d) => d.length === 0, 'the error gone');
  await c.settle(300);
  assert.deepEqual(statuses.at(-1), { errors: 0, warnings: 0, infos: 0, files: 2, configFiles: [c.uri('.eni-lens.yaml')], defaults: false, dataDate: '2026-08-06' });
});

test('no eniLens/status for clients that did not ask for analysis notifications', async (t) => {
  const c = await LspClient.start(SEED);
  t.after(() => c.stop());
  let statuses = 0;
  c.onNotification('eniLens/status', () => statuses++);
  await c.waitFor('deployment.yaml', (d) => d.length === 1, 'the initial error');
  await c.settle(300);
  assert.equal(statuses, 0);
});

test('an HPA-anchored finding over LSP: on maxReplicas, the Deployment related, the resize quick fix edits the config', async (t) => {
  const c = await LspClient.start(path.join(EXAMPLES, 'multi-pool'));
  t.after(() => c.stop());
  const published = await c.waitFor('workloads.yaml', (d) => d.length === 2, 'the two findings');
  const onHpa = published.diagnostics.find((d) => d.range.start.line === 42)!;
  assert.deepEqual(onHpa.range, { start: { line: 42, character: 15 }, end: { line: 42, character: 17 } });
  assert.equal(c.read('workloads.yaml').split('\n')[42], '  maxReplicas: 40');
  assert.deepEqual(onHpa.relatedInformation?.[0], {
    location: { uri: c.uri('workloads.yaml'), range: { start: { line: 14, character: 12 }, end: { line: 14, character: 13 } } },
    message: 'Deployment shop/orders runs these pods (HorizontalPodAutoscaler orders maxReplicas: 40)',
  });
  const actions = await c.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri: c.uri('workloads.yaml') },
    range: onHpa.range,
    context: { diagnostics: [onHpa] },
  });
  const resize = actions.find((a) => a.isPreferred)!;
  assert.equal(resize.title, "Use r6g.xlarge (18 branch ENIs per node, needs 13) (also in node pool 'sg-arm')");
  const edits = resize.edit!.changes![c.uri('.eni-lens.yaml')];
  assert.deepEqual(
    edits.map((e) => e.newText),
    ['r6g.xlarge'],
  );
  const config = c.read('.eni-lens.yaml');
  c.open('.eni-lens.yaml', config);
  c.change('.eni-lens.yaml', applyEdits(config, edits));
  await c.waitFor('workloads.yaml', (d) => d.length === 0, 'both findings gone with 2 × r6g.xlarge');
});
