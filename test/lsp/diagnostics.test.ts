// The bundled server over stdio: diagnostics for the seed, cross-file updates, config errors, exclusions,
// and no stale diagnostics after rapid edits.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { EXAMPLES } from '../helpers/paths';
import { LspClient } from './lspClient';

const SEED = path.join(EXAMPLES, 'seed');
const VALUE_RANGE = { start: { line: 19, character: 42 }, end: { line: 19, character: 52 } };

test('the seed Deployment gets one branch-eni-capacity error on its r6g.medium nodeSelector value', async (t) => {
  const c = await LspClient.start(SEED);
  t.after(() => c.stop());
  const p = await c.waitFor('deployment.yaml', (d) => d.length > 0, 'the branch-eni-capacity error');
  assert.equal(p.diagnostics.length, 1);
  const d = p.diagnostics[0];
  assert.deepEqual(d.range, VALUE_RANGE);
  assert.equal(d.code, 'branch-eni-capacity');
  assert.equal(d.codeDescription?.href, 'https://github.com/eni-lens/eni-lens#rule-branch-eni-capacity');
  assert.equal(d.source, 'eni-lens');
  assert.equal(d.severity, 1);
  assert.equal(d.message, '6 pods need branch ENIs; pool sg-workers (1 × r6g.medium) holds 4: 2 stay Pending');
  assert.deepEqual(
    d.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line]),
    [
      [c.uri('security-group-policy.yaml'), 3],
      [c.uri('.eni-lens.yaml'), 4],
    ],
  );
  assert.equal(p.version, undefined, 'the file is not open, so no version');
  await c.settle(300);
  assert.equal(c.last('security-group-policy.yaml'), undefined, 'nothing to report in the policy');
  assert.equal(c.last('.eni-lens.yaml'), undefined, 'nothing to report in the config');
});

test('editing the SecurityGroupPolicy updates the unopened Deployment, both ways', async (t) => {
  const c = await LspClient.start(SEED);
  t.after(() => c.stop());
  await c.waitFor('deployment.yaml', (d) => d.length === 1, 'the initial error');
  const policy = c.read('security-group-policy.yaml');
  c.open('security-group-policy.yaml', policy);
  c.change('security-group-policy.yaml', policy.replace('app: payments', 'app: billing'));
  await c.waitFor('deployment.yaml', (d) => d.length === 0, 'the error to go once the policy no longer matches');
  c.change('security-group-policy.yaml', policy);
  const back = await c.waitFor('deployment.yaml', (d) => d.length === 1, 'the error to come back');
  assert.deepEqual(back.diagnostics[0].range, VALUE_RANGE);
});

test('a policy changed on disk (file watcher) updates the Deployment too', async (t) => {
  const c = await LspClient.start(SEED);
  t.after(() => c.stop());
  await c.waitFor('deployment.yaml', (d) => d.length === 1, 'the initial error');
  const policy = c.read('security-group-policy.yaml');
  c.writeOnDisk('security-group-policy.yaml', policy.replace('app: payments', 'app: billing'));
  await c.waitFor('deployment.yaml', (d) => d.length === 0, 'the error to go after the disk change');
  c.writeOnDisk('security-group-policy.yaml', policy);
  await c.waitFor('deployment.yaml', (d) => d.length === 1, 'the error to come back after the disk change');
});

test('.eni-lens.yaml: more nodes clear the error; a config error shows in the config file and nowhere else', async (t) => {
  const c = await LspClient.start(SEED);
  t.after(() => c.stop());
  await c.waitFor('deployment.yaml', (d) => d.length === 1, 'the initial error');
  const config = c.read('.eni-lens.yaml');
  c.open('.eni-lens.yaml', config);
  c.change('.eni-lens.yaml', config.replace('nodes: 1', 'nodes: 2'));
  await c.waitFor('deployment.yaml', (d) => d.length === 0, 'the error to go with 2 nodes (8 branch ENIs)');

  c.change('.eni-lens.yaml', config.replace('nodes: 1', 'nodes: lots'));
  const bad = await c.waitFor('.eni-lens.yaml', (d) => d.length === 1, 'the config error');
  assert.equal(bad.diagnostics[0].code, 'config');
  assert.equal(bad.diagnostics[0].range.start.line, 5);
  assert.equal(bad.diagnostics[0].message, "node pool 'sg-workers': nodes must be a whole number from 0 to 100000");
  assert.equal(c.last('deployment.yaml')?.diagnostics.length, 0, 'as in the CLI, a broken config analyses nothing');

  c.change('.eni-lens.yaml', config);
  await c.waitFor('.eni-lens.yaml', (d) => d.length === 0, 'the config error to clear');
  await c.waitFor('deployment.yaml', (d) => d.length === 1, 'the error to come back');
});

test('eniLens.exclude and files.exclude keep files out of the analysis', async (t) => {
  for (const settings of [{ eniLens: { exclude: ['deployment.yaml'] } }, { 'files.exclude': { '**/deployment.*': true } }]) {
    const c = await LspClient.start(SEED, { settings });
    t.after(() => c.stop());
    await c.settle(800);
    assert.ok(
      c.logs.some((l) => l.startsWith('indexed 2 YAML files')),
      `${JSON.stringify(settings)}: ${c.logs.join('\n')}`,
    );
    assert.equal(c.last('deployment.yaml'), undefined, JSON.stringify(settings));
  }
});

test('30 rapid edits: few publications, versions never go back, the last one matches the last text', async (t) => {
  const c = await LspClient.start(SEED);
  t.after(() => c.stop());
  await c.waitFor('deployment.yaml', (d) => d.length === 1, 'the initial error');
  const original = c.read('deployment.yaml');
  const before = c.publishes.length;
  c.open('deployment.yaml', original);
  let lastVersion = 1;
  for (let k = 1; k <= 30; k++) {
    const header = '# edit\n'.repeat(k % 4);
    lastVersion = c.change('deployment.yaml', header + original.replace('replicas: 6', `replicas: ${6 + k}`));
  }
  const last = await c.waitFor('deployment.yaml', (d) => d.some((x) => x.message.startsWith('36 pods need')), 'the diagnostic of the last edit');
  await c.settle();
  const mine = c.publishes.slice(before).filter((p) => p.uri === c.uri('deployment.yaml'));
  assert.equal(c.last('deployment.yaml'), last, 'nothing was published after the final state');
  assert.equal(last.version, lastVersion);
  assert.deepEqual(last.diagnostics[0].range, { start: { line: 19 + (30 % 4), character: 42 }, end: { line: 19 + (30 % 4), character: 52 } });
  const versions = mine.map((p) => p.version ?? 0);
  assert.deepEqual(
    versions,
    [...versions].sort((a, b) => a - b),
    `versions went back: ${versions}`,
  );
  assert.ok(mine.length <= 5, `debounced: ${mine.length} publications for 31 versions`);
});
