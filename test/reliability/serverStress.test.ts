// The language server under load and abuse, over stdio as an editor drives it: floods of didChange, cancelled
// requests, malformed input, and files moving on disk while it indexes. `npm run test:stress` runs the large
// variants (ENI_LENS_STRESS=1).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import type { Finding } from '../../shared';
import { deployment, policy } from '../helpers/analyze';
import { CLI, EXAMPLES } from '../helpers/paths';
import { LspClient } from '../lsp/lspClient';

const STRESS = process.env.ENI_LENS_STRESS === '1';
const SEED = 'seed/deployment.yaml';
const REQUEST_CANCELLED = -32800;

function withReplicas(text: string, replicas: number): string {
  return text.replace(/replicas: \d+/, `replicas: ${replicas}`);
}

test(`${STRESS ? '20,000' : '500'} didChange notifications sent without waiting: the last diagnostics belong to the last version`, async (t) => {
  const c = await LspClient.start(EXAMPLES);
  t.after(() => c.stop());
  const original = c.read(SEED);
  c.open(SEED);
  await c.waitFor(SEED, (d) => d.length === 1, 'the seed error');
  const before = c.publishes.length;
  const changes = STRESS ? 20_000 : 500;
  let last = 0;
  for (let i = 0; i < changes; i++) last = c.change(SEED, withReplicas(original, i === changes - 1 ? 9 : (i % 4) + 1)); // 1–4 fit, 9 does not
  const final = await c.waitFor(SEED, (d) => d.some((x) => x.message.startsWith('9 pods need')), 'the last version (9 replicas)', 30_000);
  await c.settle(800);
  const seedPublishes = c.publishes.slice(before).filter((p) => p.uri === c.uri(SEED));
  assert.equal(final.version, last);
  assert.deepEqual(c.last(SEED), final, 'nothing older arrives after the last version');
  for (const p of seedPublishes) assert.ok(p.version !== undefined && p.version <= last);
  assert.ok(seedPublishes.length < changes / 10, `debounced: ${seedPublishes.length} publishes for ${changes} changes`);
  t.diagnostic(`${changes} changes → ${seedPublishes.length} diagnostics notifications for the file`);
});

test('$/cancelRequest is honoured for hover, completion and code actions', async (t) => {
  const c = await LspClient.start(EXAMPLES);
  t.after(() => c.stop());
  c.open(SEED);
  await c.waitFor(SEED, (d) => d.length === 1, 'the seed error');
  const at = { textDocument: { uri: c.uri(SEED) }, position: { line: 19, character: 45 } };
  const requests: [string, unknown][] = [
    ['textDocument/hover', at],
    ['textDocument/completion', at],
    ['textDocument/codeAction', { textDocument: at.textDocument, range: { start: at.position, end: at.position }, context: { diagnostics: c.last(SEED)!.diagnostics } }],
  ];
  for (const [method, params] of requests) {
    const answered = await c.request<unknown>(method, params);
    assert.ok(answered, `${method} answers when not cancelled`);
    // A settings change makes the server re-scan the workspace; requests wait for the scan, and the cancel
    // arrives meanwhile (as when the user moves on while a large workspace is being indexed).
    c.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const source = new CancellationTokenSource();
    const pending = c.request<unknown>(method, params, source.token);
    source.cancel();
    await assert.rejects(pending, (err: { code?: number }) => err.code === REQUEST_CANCELLED, `${method} answers RequestCancelled`);
  }
});

test('the server never exits on bad input, and still answers afterwards', async (t) => {
  const c = await LspClient.start(EXAMPLES);
  t.after(() => c.stop());
  const open = (name: string, text: string) => c.sendNotification('textDocument/didOpen', { textDocument: { uri: c.uri(name), languageId: 'yaml', version: 1, text } });
  open('binary.yaml', '\u0000\u0001\uFFFF\uD800garbage');
  open('deep.yaml', `a: ${'['.repeat(10_000)}`);
  open(
    'bomb.yaml',
    `a: &a [${'x,'.repeat(50)}x]\n${Array.from(
      { length: 12 },
      (_, i) =>
        `l${i}: &l${i} [${Array(10)
          .fill(i === 0 ? '*a' : `*l${i - 1}`)
          .join(',')}]`,
    ).join('\n')}\n`,
  );
  c.sendNotification('textDocument/didChange', { textDocument: { uri: c.uri('never-opened.yaml'), version: 3 }, contentChanges: [{ text: 'x' }] });
  c.sendNotification('textDocument/didChange', {
    textDocument: { uri: c.uri('deep.yaml') },
    contentChanges: [{ range: { start: { line: 999, character: -4 }, end: { line: -1, character: 0 } }, text: 'kind: Deployment' }],
  });
  c.sendNotification('textDocument/didOpen', { textDocument: { uri: 'not a uri at all', languageId: 'yaml', version: 1, text: 'a: 1' } });
  c.sendNotification('textDocument/didOpen', {});
  c.sendNotification('workspace/didChangeWatchedFiles', {
    changes: [
      { uri: c.uri('../../../etc/passwd.yaml'), type: 2 },
      { uri: 'file:///', type: 3 },
    ],
  });
  c.sendNotification('workspace/didChangeConfiguration', { settings: { eniLens: { exclude: [42, null, '**/['] } } });
  const badRequests: [string, unknown][] = [
    ['textDocument/hover', { textDocument: { uri: c.uri('nope.yaml') }, position: { line: -1, character: 1e9 } }],
    ['textDocument/hover', { textDocument: { uri: c.uri('deep.yaml') }, position: { line: 0, character: 5 } }],
    ['textDocument/completion', { textDocument: { uri: c.uri('binary.yaml') }, position: { line: 0, character: 3 } }],
    ['textDocument/codeAction', { textDocument: { uri: c.uri(SEED) }, range: null, context: null }],
    ['textDocument/codeLens', { textDocument: { uri: c.uri('bomb.yaml') } }],
    ['completionItem/resolve', { label: 'x', data: { nonsense: true } }],
    ['eni-lens/no-such-method', {}],
  ];
  const outcomes = await Promise.allSettled(badRequests.map(([m, p]) => c.request(m, p)));
  t.diagnostic(outcomes.map((o, i) => `${badRequests[i][0]}: ${o.status}`).join('; '));
  c.open(SEED);
  await c.waitFor(SEED, (d) => d.length === 1, 'the seed error after the abuse');
  const hover = await c.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: c.uri(SEED) }, position: { line: 19, character: 45 } });
  assert.match(hover!.contents.value, /r6g\.medium/);
  assert.ok(c.alive, 'the server process is still running');
  assert.equal(await c.stop(), 0, 'and exits cleanly on shutdown');
});

test("files deleted, renamed and re-created while 5,000 files are indexed, while typing: the end state equals the CLI's", { skip: !STRESS && 'npm run test:stress' }, async (t) => {
  const count = 5_000;
  const source = fs.mkdtempSync(path.join(os.tmpdir(), 'eni-lens-churn-'));
  t.after(() => fs.rmSync(source, { recursive: true, force: true }));
  fs.writeFileSync(path.join(source, '.eni-lens.yaml'), 'nodePools:\n  - name: sg\n    instanceType: r6g.large\n    nodes: 1\n');
  for (let i = 0; i < count; i++) {
    const dir = path.join(source, `team${i % 20}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, `app${i}.yaml`),
      `${deployment({ name: `app${i}`, replicas: 1, labels: { app: `app${i}` } })}---\n${policy({ name: `app${i}`, podLabels: { app: `app${i}` } })}`,
    );
  }
  const c = await LspClient.start(source);
  t.after(() => c.stop());
  const file = (i: number) => `team${i % 20}/app${i}.yaml`;
  const abs = (rel: string) => path.join(c.root, rel);
  const watched = (changes: { rel: string; type: 1 | 2 | 3 }[]) =>
    c.sendNotification('workspace/didChangeWatchedFiles', { changes: changes.map(({ rel, type }) => ({ uri: c.uri(rel), type })) });
  // While the initial scan runs: type into one file, delete, rename and re-create others.
  c.open(file(0));
  for (let i = 0; i < 200; i++) c.change(file(0), withReplicas(c.read(file(0)), i % 3));
  for (let i = 1; i < count; i += 7) {
    fs.rmSync(abs(file(i)));
    watched([{ rel: file(i), type: 3 }]);
  }
  for (let i = 2; i < count; i += 7) {
    const renamed = file(i).replace('.yaml', '-renamed.yaml');
    fs.renameSync(abs(file(i)), abs(renamed));
    watched([
      { rel: file(i), type: 3 },
      { rel: renamed, type: 1 },
    ]);
  }
  for (let i = 3; i < count; i += 7) {
    fs.rmSync(abs(file(i)));
    watched([{ rel: file(i), type: 3 }]);
    fs.writeFileSync(
      abs(file(i)),
      withReplicas(`${deployment({ name: `app${i}`, replicas: 1, labels: { app: `app${i}` } })}---\n${policy({ name: `app${i}`, podLabels: { app: `app${i}` } })}`, 10),
    );
    watched([{ rel: file(i), type: 1 }]);
  }
  c.change(file(0), c.read(file(0))); // typing ends: the editor holds what is on disk again
  // Every re-created file (10 replicas > 9 branch ENIs of r6g.large... shared with the rest) makes the pool overflow.
  await c.waitFor(file(3), (d) => d.length > 0, 'findings for a re-created file', 60_000);
  await c.settle(1_000);
  assert.ok(c.alive);

  const cli = spawnSync(process.execPath, [CLI, 'check', '.', '--format', 'json'], { cwd: c.root, encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.ok(cli.status === 0 || cli.status === 1, cli.stderr);
  const key = (file: string, line: number, rule: string) => `${file}:${line} ${rule}`;
  const fromCli = (JSON.parse(cli.stdout).findings as Finding[]).map((f) => key(f.file, f.range.start.line, f.rule)).sort();
  const latest = new Map(c.publishes.map((p) => [p.uri, p]));
  const fromServer = [...latest.values()]
    .flatMap((p) => p.diagnostics.map((d) => key(path.relative(c.root, fileURLToPath(p.uri)).split(path.sep).join('/'), d.range.start.line, String(d.code))))
    .sort();
  assert.ok(fromCli.length > 0);
  assert.deepEqual({ onlyServer: fromServer.filter((x) => !fromCli.includes(x)), onlyCli: fromCli.filter((x) => !fromServer.includes(x)) }, { onlyServer: [], onlyCli: [] });
  assert.deepEqual(fromServer, fromCli);
  t.diagnostic(`${count} files, ${fromCli.length} findings after the churn`);
});
