// Hover, code actions, completion, code lens and the server's lifecycle, over stdio against the bundle.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import type { CodeAction, CodeLens, CompletionItem, CompletionList, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { EXAMPLES, SERVER } from '../helpers/paths';
import { applyEdits } from './edits';
import { LspClient } from './lspClient';
import { SERVER_NODE_FLAGS } from '../../server/src/nodeFlags';

const SEED = path.join(EXAMPLES, 'seed');
const VALUE_RANGE = { start: { line: 19, character: 42 }, end: { line: 19, character: 52 } };

async function started(t: { after: (fn: () => unknown) => void }, settings?: Record<string, unknown>): Promise<LspClient> {
  const c = await LspClient.start(SEED, { settings });
  t.after(() => c.stop());
  await c.waitFor('deployment.yaml', (d) => d.length === 1, 'the initial error');
  return c;
}

async function hoverText(c: LspClient, file: string, line: number, character: number): Promise<string | undefined> {
  const h = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri: c.uri(file) }, position: { line, character } });
  return h ? (h.contents as MarkupContent).value : undefined;
}

test('hover on the instance type: demand against budget, the limits table, prefix delegation, data date', async (t) => {
  const c = await started(t);
  const h = await c.request<Hover>('textDocument/hover', { textDocument: { uri: c.uri('deployment.yaml') }, position: { line: 19, character: 45 } });
  assert.deepEqual(h.range, VALUE_RANGE);
  const text = (h.contents as MarkupContent).value;
  assert.equal((h.contents as MarkupContent).kind, 'markdown');
  for (const expected of [
    '6 pod-eni needed · 1 × r6g.medium gives 4 · 2 short',
    '**r6g.medium**',
    '| ENIs (default card / all cards) | 2 / 2 |',
    '| IPv4 per ENI | 4 |',
    '| Max pods, secondary IP | 8 |',
    '| Max pods, prefix delegation | 98 ← this cluster |',
    '| IPs for ordinary pods with the trunk ENI | 3 (48 with prefix delegation) |',
    '| Branch ENIs (`vpc.amazonaws.com/pod-eni`) | 4 |',
    '| Hypervisor | Nitro |',
    'max pods goes up',
    "prefix delegation doesn't change it",
    'generated 2026-08-06',
  ])
    assert.ok(text.includes(expected), `missing ${JSON.stringify(expected)} in:\n${text}`);
});

test("hover on the finding's range: the hover's summary first, the finding's detail after it; the diagnostic carries the short message", async (t) => {
  const c = await started(t);
  const text = (await hoverText(c, 'deployment.yaml', 19, 45))!;
  assert.equal(text.split('\n')[0], '**Deployment default/payments** · 6 pods (replicas: 6)');
  const message = '6 pods need branch ENIs; pool sg-workers (1 × r6g.medium) holds 4: 2 stay Pending';
  const detail =
    "Pods needing a branch ENI (vpc.amazonaws.com/pod-eni): 6 needed, but the nodes they can reach hold 4 branch ENIs: 1 × r6g.medium (node pool 'sg-workers' in .eni-lens.yaml) with 4 branch ENIs each. " +
    'This Deployment runs 6 pods (replicas: 6). Its pods are selected by SecurityGroupPolicy default/payments-sg. ' +
    'Prefix delegation is on: it raises the IP addresses (max pods) of a node, not its branch ENIs. 2 will stay Pending with "Insufficient vpc.amazonaws.com/pod-eni".';
  assert.ok(text.endsWith(`\n\n---\n\n**${message}**\n\n${detail}`), text);
  const [diagnostic] = c.last('deployment.yaml')!.diagnostics;
  assert.equal(diagnostic.message, message);
  assert.deepEqual(
    diagnostic.relatedInformation?.map((r) => r.message),
    ['SecurityGroupPolicy default/payments-sg selects these pods, so each needs a branch ENI', "node pool: 1 × r6g.medium (node pool 'sg-workers' in .eni-lens.yaml)"],
    'the detail is in the hover, not above it',
  );
});

test('hover on the policy, the replicas and the config pool; nothing elsewhere', async (t) => {
  const c = await started(t);
  const policy = await hoverText(c, 'security-group-policy.yaml', 3, 10);
  assert.match(policy ?? '', /Matches 1 workload: \*\*6 branch ENIs \(pod-eni\) needed\*\*/);
  assert.match(policy ?? '', /- Deployment default\/payments: 6 \(replicas: 6\)/);
  const replicas = await hoverText(c, 'deployment.yaml', 8, 12);
  assert.match(replicas ?? '', /Branch ENIs: \*\*6 pod-eni needed · 1 × r6g\.medium gives 4 · 2 short\*\*/);
  const pool = await hoverText(c, '.eni-lens.yaml', 4, 20);
  assert.match(pool ?? '', /Branch ENIs: the pool gives 4; workloads that can land here want 6/);
  assert.match(pool ?? '', /\| Branch ENIs \(`vpc.amazonaws.com\/pod-eni`\) \| 4 \|/);
  assert.equal(await hoverText(c, 'deployment.yaml', 0, 3), undefined);
});

test('the quick fix edits the Deployment and the pool to r6g.large, and applying it clears the error', async (t) => {
  const c = await started(t);
  const diagnostic = c.last('deployment.yaml')!.diagnostics[0];
  const actions = await c.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri: c.uri('deployment.yaml') },
    range: { start: { line: 19, character: 45 }, end: { line: 19, character: 45 } },
    context: { diagnostics: [diagnostic] },
  });
  assert.deepEqual(
    actions.map((a) => [a.title, a.isPreferred === true]),
    [
      ["Use r6g.large (9 branch ENIs per node, needs 6) (also in node pool 'sg-workers')", true],
      ["Use x2gd.medium (10 branch ENIs per node, needs 6) (also in node pool 'sg-workers')", false],
      ['Ignore branch-eni-capacity for this object', false],
      ['Ignore branch-eni-capacity for this line', false],
    ],
  );
  const fix = actions[0];
  assert.equal(fix.kind, 'quickfix');
  assert.equal(fix.diagnostics?.[0].code, 'branch-eni-capacity');
  assert.deepEqual(fix.edit, {
    changes: {
      [c.uri('deployment.yaml')]: [{ range: VALUE_RANGE, newText: 'r6g.large' }],
      [c.uri('.eni-lens.yaml')]: [{ range: { start: { line: 4, character: 18 }, end: { line: 4, character: 28 } }, newText: 'r6g.large' }],
    },
  });
  for (const [file, edits] of [
    ['deployment.yaml', fix.edit!.changes![c.uri('deployment.yaml')]],
    ['.eni-lens.yaml', fix.edit!.changes![c.uri('.eni-lens.yaml')]],
  ] as const) {
    c.writeOnDisk(file, applyEdits(c.read(file), edits));
  }
  await c.waitFor('deployment.yaml', (d) => d.length === 0, 'the error to go after the fix');
});

test('"ignore for this object" adds the annotation, "for this line" the comment; each silences the finding', async (t) => {
  const c = await started(t);
  const diagnostic = c.last('deployment.yaml')!.diagnostics[0];
  const actions = await c.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri: c.uri('deployment.yaml') },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic] },
  });
  const byObject = actions.find((a) => a.title === 'Ignore branch-eni-capacity for this object')!;
  const byLine = actions.find((a) => a.title === 'Ignore branch-eni-capacity for this line')!;
  const at = (line: number, character: number) => ({ start: { line, character }, end: { line, character } });
  assert.deepEqual(byObject.edit?.changes?.[c.uri('deployment.yaml')], [{ range: at(3, 2), newText: 'annotations:\n    eni-lens.io/ignore: branch-eni-capacity\n  ' }]);
  assert.deepEqual(byLine.edit?.changes?.[c.uri('deployment.yaml')], [{ range: at(19, 0), newText: '        # eni-lens-disable-next-line branch-eni-capacity\n' }]);

  const original = c.read('deployment.yaml');
  c.open('deployment.yaml', original);
  c.change('deployment.yaml', applyEdits(original, byObject.edit!.changes![c.uri('deployment.yaml')]));
  await c.waitFor('deployment.yaml', (d) => d.length === 0, 'the annotation to silence the error');
  c.change('deployment.yaml', original);
  await c.waitFor('deployment.yaml', (d) => d.length === 1, 'the error back');
  c.change('deployment.yaml', applyEdits(original, byLine.edit!.changes![c.uri('deployment.yaml')]));
  await c.waitFor('deployment.yaml', (d) => d.length === 0, 'the comment to silence the error');

  // An existing annotation is merged into, not duplicated.
  const annotated = original.replace('  name: payments\n', '  annotations:\n    eni-lens.io/ignore: max-pods\n  name: payments\n');
  c.change('deployment.yaml', annotated);
  const d = await c.waitFor('deployment.yaml', (x) => x.length === 1, 'the error with another rule ignored');
  const merged = await c.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri: c.uri('deployment.yaml') },
    range: d.diagnostics[0].range,
    context: { diagnostics: d.diagnostics },
  });
  assert.deepEqual(merged.find((a) => a.title.endsWith('for this object'))?.edit?.changes?.[c.uri('deployment.yaml')], [
    { range: { start: { line: 4, character: 24 }, end: { line: 4, character: 32 } }, newText: 'max-pods,branch-eni-capacity' },
  ]);
});

test('completion of the instance type lists types that carry 6 pod-eni first, smallest of the family on top', async (t) => {
  const c = await started(t);
  const list = await c.request<CompletionList>('textDocument/completion', { textDocument: { uri: c.uri('deployment.yaml') }, position: { line: 19, character: 45 } });
  const items = [...list.items].sort((a, b) => (a.sortText! < b.sortText! ? -1 : 1));
  assert.deepEqual(
    items.slice(0, 3).map((i) => i.label),
    ['r6g.large', 'r6g.xlarge', 'r6g.2xlarge'],
  );
  assert.deepEqual(list.itemDefaults?.editRange, VALUE_RANGE, 'the edit range is sent once');
  assert.equal(items[0].textEdit, undefined);
  assert.equal(items[0].detail, '✓ fits · 9 branch ENIs · max pods 110 (prefix delegation), 108 for your pods · 2 vCPU · arm64');
  const firstMisfit = items.findIndex((i) => i.detail!.startsWith('✗'));
  assert.ok(firstMisfit > 0);
  assert.ok(
    items.slice(firstMisfit).every((i) => i.detail!.startsWith('✗')),
    'every fitting type comes before every misfit',
  );
  const byName = new Map(items.map((i) => [i.label, i]));
  assert.match(byName.get('r6g.medium')!.detail!, /^✗ too small · 4 branch ENIs/);
  assert.match(byName.get('t3.large')!.detail!, /^✗ too small · no branch ENIs \(no trunking\)/);
  assert.ok(items.length > 1000);

  const resolved = await c.request<CompletionItem>('completionItem/resolve', items[0]);
  assert.match((resolved.documentation as MarkupContent).value, /\| Branch ENIs \(`vpc.amazonaws.com\/pod-eni`\) \| 9 \|/);
  const plain = await LspClient.start(SEED, { completionItemDefaults: false });
  t.after(() => plain.stop());
  await plain.waitFor('deployment.yaml', (d) => d.length === 1, 'the initial error');
  const old = await plain.request<CompletionList>('textDocument/completion', { textDocument: { uri: plain.uri('deployment.yaml') }, position: { line: 19, character: 45 } });
  assert.equal(old.itemDefaults?.editRange, undefined);
  assert.deepEqual(old.items.find((i) => i.label === 'r6g.large')?.textEdit, { range: VALUE_RANGE, newText: 'r6g.large' }, 'clients without itemDefaults get the range per item');

  const none = await c.request<CompletionList | null>('textDocument/completion', { textDocument: { uri: c.uri('deployment.yaml') }, position: { line: 8, character: 12 } });
  assert.equal(none, null, 'no instance types offered for replicas');
});

test("code lens on the Deployment's metadata.name opens the report at its pool; eniLens.codeLens: false turns it off", async (t) => {
  const c = await started(t);
  const lenses = await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: c.uri('deployment.yaml') } });
  assert.deepEqual(lenses, [
    {
      range: { start: { line: 3, character: 8 }, end: { line: 3, character: 16 } },
      command: {
        title: '6 pod-eni · pool sg-workers (1 × r6g.medium): 4 · 2 short',
        command: 'eniLens.showCapacityReport',
        arguments: [{ configFile: c.uri('.eni-lens.yaml'), pool: 'sg-workers' }],
      },
    },
  ]);
  assert.deepEqual(await c.request('textDocument/codeLens', { textDocument: { uri: c.uri('security-group-policy.yaml') } }), []);
  const off = await started(t, { eniLens: { codeLens: false } });
  assert.deepEqual(await off.request('textDocument/codeLens', { textDocument: { uri: off.uri('deployment.yaml') } }), []);
});

test('the server exits with 0 after shutdown and exit', async () => {
  const c = await LspClient.start(SEED);
  await c.waitFor('deployment.yaml', (d) => d.length === 1, 'the initial error');
  assert.equal(await c.stop(), 0);
});

test('the server exits with 1 on exit without shutdown, and does not hang when stdin closes', async () => {
  const proc = spawn(process.execPath, [...SERVER_NODE_FLAGS, SERVER, '--stdio'], { stdio: ['pipe', 'ignore', 'ignore'] });
  const body = JSON.stringify({ jsonrpc: '2.0', method: 'exit' });
  proc.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  const code = await new Promise<number | null>((resolve) => proc.once('exit', resolve));
  assert.equal(code, 1);

  const orphan = spawn(process.execPath, [...SERVER_NODE_FLAGS, SERVER, '--stdio'], { stdio: ['pipe', 'ignore', 'ignore'] });
  orphan.stdin.end();
  const timer = setTimeout(() => orphan.kill(), 5_000);
  const signal = await new Promise<NodeJS.Signals | null>((resolve) => orphan.once('exit', (_code, s) => resolve(s)));
  clearTimeout(timer);
  assert.equal(signal, null, 'the server was killed instead of exiting on its own');
});
