// eniLens/capacityReport over stdio: the report of the workspace the server holds, the eniLens/analysed
// notification for clients that ask for it, and a fresh report after an edit.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { CapacityReport } from '../../shared/report';
import { ANALYSED_NOTIFICATION, CAPACITY_REPORT_REQUEST } from '../../shared/report/protocol';
import { EXAMPLES } from '../helpers/paths';
import { LspClient } from './lspClient';

async function waitUntil(ok: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('the seed workspace: the report names the pool, its overflow and the workload at its client URI; an edit refreshes it', async (t) => {
  const c = await LspClient.start(path.join(EXAMPLES, 'seed'), { initializationOptions: { analysisNotifications: true } });
  t.after(() => c.stop());
  let analysed = 0;
  c.onNotification(ANALYSED_NOTIFICATION, () => analysed++);
  await c.waitFor('deployment.yaml', (d) => d.length === 1, 'the initial error');
  await waitUntil(() => analysed >= 1, 'the first eniLens/analysed');

  const report = await c.request<CapacityReport>(CAPACITY_REPORT_REQUEST, null);
  assert.deepEqual(
    report.sections.map((s) => [s.title, s.configFile]),
    [['.eni-lens.yaml', c.uri('.eni-lens.yaml')]],
  );
  const [s] = report.sections;
  const branch = s.bars[0].bars!.branchEnis;
  assert.deepEqual([s.pools[0].name, s.pools[0].type, branch.capacity, branch.demand, branch.over], ['sg-workers', 'r6g.medium', 4, 6, 2]);
  assert.deepEqual(
    [s.workloads[0].name, s.workloads[0].file, s.workloads[0].range],
    ['payments', c.uri('deployment.yaml'), { start: { line: 3, character: 8 }, end: { line: 3, character: 16 } }],
  );

  const before = analysed;
  c.open('deployment.yaml');
  c.change('deployment.yaml', c.read('deployment.yaml').replace('replicas: 6', 'replicas: 3'));
  await c.waitFor('deployment.yaml', (d) => d.length === 0, 'the error to go');
  await waitUntil(() => analysed > before, 'eniLens/analysed after the edit');
  const after = await c.request<CapacityReport>(CAPACITY_REPORT_REQUEST, null);
  const fresh = after.sections[0].bars[0].bars!.branchEnis;
  assert.deepEqual([fresh.capacity, fresh.demand, fresh.over], [4, 3, 0]);
});

test('clients that do not ask get no eniLens/analysed notification; the request works for them too', async (t) => {
  const c = await LspClient.start(path.join(EXAMPLES, 'multi-pool'));
  t.after(() => c.stop());
  let analysed = 0;
  c.onNotification(ANALYSED_NOTIFICATION, () => analysed++);
  await c.waitFor('workloads.yaml', (d) => d.length === 2, 'the two errors');
  const report = await c.request<CapacityReport>(CAPACITY_REPORT_REQUEST, null);
  assert.deepEqual(
    report.sections[0].bars.map((b) => [b.bars!.branchEnis.capacity, b.bars!.branchEnis.over]),
    [
      [18, 7],
      [18, 0],
    ],
  );
  await c.settle(300);
  assert.equal(analysed, 0);
});
