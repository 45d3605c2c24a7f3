import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { analyzeParsed, parseConfig, parseSource, type ConfigResult, type Finding, type ParsedSource } from '../../shared';
import { IncrementalAnalyzer } from '../../shared/incremental/incrementalAnalyzer';
import { collectManifestFiles } from '../../shared/node/files';
import { CONFIG_PATH, deployment, policy } from '../helpers/analyze';
import { EXAMPLES } from '../helpers/paths';

/** A workspace whose files are re-parsed only when edited, as the server's parse cache does. */
class Workspace {
  private parsed = new Map<string, ParsedSource>();
  readonly incremental = new IncrementalAnalyzer();

  constructor(
    private config: ConfigResult,
    files: Record<string, string>,
  ) {
    for (const [file, text] of Object.entries(files)) this.write(file, text);
  }

  write(file: string, text: string): void {
    this.parsed.set(file, parseSource({ file, text }));
  }

  /** Typing, as the server parses it: the unchanged documents keep their trees and facts. */
  type(file: string, text: string): void {
    this.parsed.set(file, parseSource({ file, text }, this.parsed.get(file)));
  }

  remove(file: string): void {
    this.parsed.delete(file);
  }

  setConfig(text: string): void {
    this.config = parseConfig(text, CONFIG_PATH);
  }

  /** Incremental findings, checked against a from-scratch analysis of the same sources. */
  check(): Finding[] {
    const sources = [...this.parsed.values()];
    const incremental = this.incremental.analyze(sources, this.config.config).findings;
    assert.deepEqual(incremental, analyzeParsed(sources, this.config.config).findings);
    return incremental;
  }
}

const CONFIG = `nodePools:
  - name: sg
    instanceType: r6g.medium
    nodes: 1
    labels: {role: sg}
  - name: general
    instanceType: m5.large
    nodes: 2
    labels: {role: general}
rules:
  rollout-surge: off
`;
const ON_SG = '      nodeSelector:\n        role: sg';

function serviceAccount(name: string, labels: string): string {
  return `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n  namespace: shop\n  labels: {${labels}}\n`;
}

function hpa(target: string, maxReplicas: number): string {
  return [
    'apiVersion: autoscaling/v2',
    'kind: HorizontalPodAutoscaler',
    'metadata:',
    `  name: ${target}`,
    '  namespace: shop',
    'spec:',
    '  scaleTargetRef:',
    '    apiVersion: apps/v1',
    '    kind: Deployment',
    `    name: ${target}`,
    `  maxReplicas: ${maxReplicas}`,
    '',
  ].join('\n');
}

const summary = (findings: Finding[]) => findings.map((f) => `${f.rule} ${f.file} ${f.object?.name ?? ''}`);

test('incremental analysis equals a from-scratch analysis after policy, service-account, HPA, config and file edits', () => {
  const ws = new Workspace(parseConfig(CONFIG, CONFIG_PATH), {
    'apps/payments.yaml': deployment({ name: 'payments', namespace: 'shop', replicas: 1, serviceAccount: 'payments', podSpecExtra: ON_SG }),
    'apps/orders.yaml': deployment({ name: 'orders', namespace: 'shop', replicas: 2, serviceAccount: 'orders', podSpecExtra: ON_SG }),
    'apps/other.yaml': deployment({ name: 'other', namespace: 'misc', replicas: 2, podSpecExtra: '      nodeSelector:\n        role: general' }),
    'policies/by-pod.yaml': policy({ name: 'payments-sg', namespace: 'shop', podLabels: { app: 'payments' } }),
    'policies/by-account.yaml': policy({ name: 'db-access', namespace: 'shop', saLabels: { tier: 'db' }, groups: ['sg-0aaaaaaaaaaaaaaa1'] }),
    'accounts.yaml': serviceAccount('orders', 'tier: web'),
    'hpa.yaml': hpa('payments', 3),
  });
  // payments: 3 pods (HPA) need branch ENIs on one r6g.medium (4): they fit.
  assert.deepEqual(summary(ws.check()), []);
  assert.equal(ws.incremental.stats.full, true);

  // Service-account label edit: orders (2 pods) is now selected too; 5 > 4, in orders' file and on the HPA's
  // maxReplicas, which sets payments' demand.
  ws.write('accounts.yaml', serviceAccount('orders', 'tier: db'));
  assert.deepEqual(summary(ws.check()), ['branch-eni-capacity apps/orders.yaml orders', 'branch-eni-capacity hpa.yaml payments']);
  assert.deepEqual(
    { ...ws.incremental.stats },
    { full: false, changedFiles: 2, reusedWorkloads: 2, rebuiltWorkloads: 1, visitedUnits: 3, splicedModels: false, patchedVerdicts: 0 },
  );

  // HPA edit: payments may scale to 2 only; 2 + 2 fit.
  ws.write('hpa.yaml', hpa('payments', 2));
  assert.deepEqual(summary(ws.check()), []);
  assert.deepEqual(
    { ...ws.incremental.stats },
    { full: false, changedFiles: 2, reusedWorkloads: 2, rebuiltWorkloads: 1, visitedUnits: 3, splicedModels: false, patchedVerdicts: 0 },
  );

  // A workload edit that nothing else reads: only its unit is visited, the other models are the previous list's.
  // The branch-ENI sums are patched; the pod-slot ones gathered again: other is the first (the only) workload
  // on the general pool, and the order of pool arrays follows the first workload holding each.
  ws.write('apps/other.yaml', deployment({ name: 'other', namespace: 'misc', replicas: 3, podSpecExtra: '      nodeSelector:\n        role: general' }));
  assert.deepEqual(summary(ws.check()), []);
  assert.deepEqual(
    { ...ws.incremental.stats },
    { full: false, changedFiles: 2, reusedWorkloads: 2, rebuiltWorkloads: 1, visitedUnits: 1, splicedModels: true, patchedVerdicts: 1 },
  );

  // Payments back to 3 replicas (over 5 again): both verdicts patched (orders, first on the sg pool, is before it).
  ws.write('apps/payments.yaml', deployment({ name: 'payments', namespace: 'shop', replicas: 3, serviceAccount: 'payments', podSpecExtra: ON_SG }));
  assert.deepEqual(summary(ws.check()), ['branch-eni-capacity apps/orders.yaml orders', 'branch-eni-capacity apps/payments.yaml payments']);
  assert.deepEqual(
    { ...ws.incremental.stats },
    { full: false, changedFiles: 2, reusedWorkloads: 2, rebuiltWorkloads: 1, visitedUnits: 1, splicedModels: true, patchedVerdicts: 2 },
  );

  // A policy edit: its selector no longer matches payments.
  ws.write('policies/by-pod.yaml', policy({ name: 'payments-sg', namespace: 'shop', podLabels: { app: 'paymentz' } }));
  assert.deepEqual(summary(ws.check()), []);
  assert.deepEqual(
    { ...ws.incremental.stats },
    { full: false, changedFiles: 2, reusedWorkloads: 1, rebuiltWorkloads: 2, visitedUnits: 3, splicedModels: false, patchedVerdicts: 0 },
  );

  // Config edit: the sg pool becomes a type without trunking; everything is rebuilt.
  ws.setConfig(CONFIG.replace('r6g.medium', 't3.medium'));
  assert.deepEqual(summary(ws.check()), ['branch-eni-unsupported apps/orders.yaml orders']);
  assert.equal(ws.incremental.stats.full, true);

  // A new file pinning an undeclared type (a new implicit pool), then removing the service account.
  ws.write('apps/pinned.yaml', deployment({ name: 'pinned', namespace: 'shop', replicas: 5, labels: { app: 'paymentz' }, instanceType: 'c6g.medium' }));
  assert.deepEqual(summary(ws.check()), ['branch-eni-unsupported apps/orders.yaml orders', 'branch-eni-capacity apps/pinned.yaml pinned']);
  assert.equal(ws.incremental.stats.full, true);
  ws.remove('accounts.yaml');
  assert.deepEqual(summary(ws.check()), ['branch-eni-capacity apps/pinned.yaml pinned']);
  assert.deepEqual(
    { ...ws.incremental.stats },
    { full: false, changedFiles: 1, reusedWorkloads: 3, rebuiltWorkloads: 1, visitedUnits: 4, splicedModels: false, patchedVerdicts: 0 },
  );
});

test('typing in one document of a file of many workloads visits and judges that document only', () => {
  const GENERAL = '      nodeSelector:\n        role: general';
  const many = (edited: number) =>
    Array.from({ length: 40 }, (_, i) =>
      deployment({ name: `app-${i}`, namespace: 'shop', replicas: i === 21 ? edited : i === 1 ? 1 : i % 2 ? 0 : 2, podSpecExtra: i % 2 ? ON_SG : GENERAL }),
    ).join('---\n');
  const ws = new Workspace(parseConfig(CONFIG, CONFIG_PATH), { 'apps/many.yaml': many(2), 'apps/z.yaml': deployment({ name: 'last', namespace: 'misc', replicas: 1 }) });
  assert.deepEqual(summary(ws.check()), []);
  // app-21 and app-1 (the first on the sg pool, one r6g.medium) ask for more pods than it holds.
  ws.type('apps/many.yaml', many(12));
  const found = summary(ws.check());
  assert.ok(found.includes('max-pods apps/many.yaml app-21'), found.join('\n'));
  // The other 40 models are the previous list's (not looked up), and both verdicts patched their sums.
  assert.deepEqual(
    { ...ws.incremental.stats },
    { full: false, changedFiles: 2, reusedWorkloads: 40, rebuiltWorkloads: 1, visitedUnits: 1, splicedModels: true, patchedVerdicts: 2 },
  );
});

test('incremental analysis equals a from-scratch analysis while every example file is edited in turn', () => {
  const files = collectManifestFiles([EXAMPLES]).filter((f) => !f.includes('helm-chart'));
  const ws = new Workspace(parseConfig('nodePools: [{name: any, instanceType: r6g.medium, nodes: 1}]\n', CONFIG_PATH), {});
  const texts = new Map(files.map((f) => [f, fs.readFileSync(f, 'utf8')]));
  for (const [file, text] of texts) ws.write(file, text);
  const before = ws.check();
  let edits = 0;
  for (const [file, text] of texts) {
    const raised = text.replace(/replicas: (\d+)/g, (_, n) => `replicas: ${Number(n) + 3}`).replace(/maxReplicas: (\d+)/g, (_, n) => `maxReplicas: ${Number(n) + 5}`);
    if (raised === text) continue;
    ws.write(file, raised);
    ws.check();
    edits++;
  }
  assert.ok(edits >= 4, `edited ${edits} example files`);
  assert.notDeepEqual(ws.check(), before, 'the edits change the findings');
  assert.ok(
    files.some((f) => path.basename(f) === 'cluster.yaml'),
    'the eksctl example (cluster-wide objects) is among them',
  );
});
