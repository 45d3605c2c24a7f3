// The language server and the CLI run with a hook that blocks and records network access, child processes
// and file writes: over the examples, driven through every feature, they must do none of it (the CLI writes
// its --output file and nothing else).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { CLI, EXAMPLES } from '../helpers/paths';
import { LspClient } from '../lsp/lspClient';
import { SANDBOX_HOOK } from './sandboxHook';

function sandbox(t: { after: (fn: () => void) => void }): { hook: string; log: string; lines: () => string[] } {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'eni-lens-sandbox-')));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const hook = path.join(dir, 'hook.cjs');
  fs.writeFileSync(hook, SANDBOX_HOOK);
  const log = path.join(dir, 'hook.log');
  return { hook, log, lines: () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : []) };
}

test('the sandbox hook itself catches a DNS lookup, a child process and a socket (so the tests below can fail)', (t) => {
  const s = sandbox(t);
  const probe =
    "for (const f of [() => require('dns').lookup('example.com', () => {}), () => require('child_process').execSync('true'), () => require('net').connect(80, '127.0.0.1'), () => require('https').get('https://example.com')]) { try { f(); } catch {} }";
  const r = spawnSync(process.execPath, ['--require', s.hook, '-e', probe], { env: { ...process.env, ENI_LENS_HOOK_LOG: s.log }, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(
    s.lines().map((l) => l.split(' ').slice(0, 2).join(' ')),
    ['loaded', 'VIOLATION dns.lookup', 'VIOLATION child_process.execSync', 'VIOLATION net.Socket.connect', 'VIOLATION https.get'],
  );
});

test('the language server opens no socket, runs no program and writes no file while serving the examples', async (t) => {
  const s = sandbox(t);
  process.env.ENI_LENS_HOOK_LOG = s.log; // inherited by the server process
  const c = await LspClient.start(EXAMPLES, { execArgv: ['--require', s.hook] });
  t.after(() => c.stop());
  const seed = 'seed/deployment.yaml';
  c.open(seed);
  await c.waitFor(seed, (d) => d.length === 1, 'the seed error');
  const at = { textDocument: { uri: c.uri(seed) }, position: { line: 19, character: 45 } };
  await c.request('textDocument/hover', at);
  await c.request('textDocument/completion', at);
  await c.request('textDocument/codeAction', { ...at, range: { start: at.position, end: at.position }, context: { diagnostics: c.last(seed)!.diagnostics } });
  await c.request('textDocument/codeLens', { textDocument: at.textDocument });
  c.change(seed, c.read(seed).replace('replicas: 6', 'replicas: 2'));
  c.writeOnDisk('seed/new.yaml', 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: x}\n', 1);
  c.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  await c.waitFor(seed, (d) => d.length === 0, 'the fixed seed');
  assert.equal(await c.stop(), 0);
  assert.deepEqual(s.lines(), ['loaded']);
});

test('the CLI writes its --output file and nothing else, and reaches no network', (t) => {
  const s = sandbox(t);
  const work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'eni-lens-cli-')));
  t.after(() => fs.rmSync(work, { recursive: true, force: true }));
  fs.cpSync(EXAMPLES, path.join(work, 'examples'), { recursive: true });
  for (const format of ['text', 'json', 'sarif']) {
    const output = path.join(work, `out.${format}`);
    const r = spawnSync(process.execPath, ['--require', s.hook, CLI, 'check', 'examples', '--format', format, '--output', output], {
      cwd: work,
      env: { ...process.env, ENI_LENS_HOOK_LOG: s.log },
      encoding: 'utf8',
    });
    assert.equal(r.status, 1, r.stderr);
    assert.ok(fs.statSync(output).size > 0);
  }
  assert.deepEqual(
    s.lines().filter((l) => l !== 'loaded'),
    ['text', 'json', 'sarif'].map((f) => `WRITE writeFileSync ${path.join(work, `out.${f}`)}`),
  );
  assert.equal(s.lines().filter((l) => l === 'loaded').length, 3);
});
