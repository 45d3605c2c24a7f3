// Watched-file events as editors deliver them, which must not leave diagnostics stale: a folder renamed
// (Deleted old folder, Created new folder), files under `..`-prefixed folders (Kubernetes' `..data`), an
// instanceData overlay re-imported, a new .eni-lens.yaml reported as Changed.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { serializeOverlay, type OverlayEntry } from '../../shared/instances/overlay';
import { deployment, policy } from '../helpers/analyze';
import { LspClient } from '../lsp/lspClient';
import { tempDir } from './specialFileHelpers';

const web = (replicas: number, type = 'r6g.medium') => `${deployment({ name: 'web', replicas, instanceType: type })}---\n${policy({ name: 'web', podLabels: { app: 'web' } })}`;
const CREATED = 1;
const CHANGED = 2;
const DELETED = 3;

function source(t: { after: (fn: () => void) => void }, files: Record<string, string>): string {
  const dir = tempDir(t, 'eni-lens-events-');
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function events(c: LspClient, list: [string, number][]): void {
  c.sendNotification('workspace/didChangeWatchedFiles', { changes: list.map(([rel, type]) => ({ uri: c.uri(rel), type })) });
}

const needed = (n: number) => (d: { message: string }[]) => d.some((x) => x.message.startsWith(`${n} pods need`));

test('server: a folder renamed, delivered as folder events (Deleted old, Created new), keeps its files', async (t) => {
  const c = await LspClient.start(source(t, { 'team/web.yaml': web(6), 'team/sub/api.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: api}\n' }));
  t.after(() => c.stop());
  await c.waitFor('team/web.yaml', needed(6), 'the web error');
  fs.renameSync(path.join(c.root, 'team'), path.join(c.root, 'squad'));
  events(c, [
    ['team', DELETED],
    ['squad', CREATED],
  ]);
  await c.waitFor('team/web.yaml', (d) => d.length === 0, 'the old path cleared');
  const moved = await c.waitFor('squad/web.yaml', needed(6), 'the moved file judged at its new path');
  assert.deepEqual(
    moved.diagnostics.map((d) => d.code),
    ['branch-eni-capacity'],
  );
});

test('server: files under ..-prefixed folders (..data, ..policies) are in the workspace: an edit on disk updates them', async (t) => {
  const c = await LspClient.start(source(t, { '..data/web.yaml': web(6), '..policies/x.yaml': 'a: [\n' }));
  t.after(() => c.stop());
  await c.waitFor('..data/web.yaml', needed(6), 'the web error');
  c.writeOnDisk('..data/web.yaml', web(9));
  await c.waitFor('..data/web.yaml', needed(9), 'the edit on disk');
  c.writeOnDisk('..policies/x.yaml', 'a: [\nb: ]\n');
  await c.settle(400);
  assert.deepEqual(
    c.last('..policies/x.yaml')?.diagnostics.map((d) => d.code),
    ['yaml-syntax'],
    'the syntax error stays',
  );
});

const OVERLAY_TYPE: OverlayEntry = { vcpus: 2, enisPerCard: [3], ipv4PerEni: 10, branchEnis: 4, trunking: true, hypervisor: 'nitro', bareMetal: false };

test('server: an instanceData overlay changed on disk (data import re-run) is read again', async (t) => {
  const overlay = (branchEnis: number) => serializeOverlay(new Map([['m9z.large', { ...OVERLAY_TYPE, branchEnis }]]));
  const c = await LspClient.start(source(t, { '.eni-lens.yaml': 'instanceData: ./types.json\n', 'types.json': overlay(4), 'web.yaml': web(6, 'm9z.large') }));
  t.after(() => c.stop());
  const first = await c.waitFor('web.yaml', needed(6), 'the web error against 4 branch ENIs');
  assert.equal(first.diagnostics[0].message, '6 pods need branch ENIs; 1 × m9z.large (assumed) holds 4: 2 stay Pending');
  c.writeOnDisk('types.json', overlay(16));
  await c.waitFor('web.yaml', (d) => d.length === 0, 'the web error gone with 16 branch ENIs');
});

test('server: a new .eni-lens.yaml reported as Changed (not Created) governs its folder', async (t) => {
  const c = await LspClient.start(source(t, { '.eni-lens.yaml': 'prefixDelegation: false\n', 'team/web.yaml': web(6) }));
  t.after(() => c.stop());
  await c.waitFor('team/web.yaml', needed(6), 'the web error');
  c.writeOnDisk('team/.eni-lens.yaml', 'rules:\n  branch-eni-capacity: off\n', CHANGED);
  await c.waitFor('team/web.yaml', (d) => d.length === 0, 'the nearer config in use');
  assert.equal(CREATED, 1);
});
