// LSP lifecycle and protocol edges over stdio: requests before `initialize` (-32002), a second `initialize`,
// requests after `shutdown`, `$/cancelRequest` while the workspace is scanned, instanceData errors shown on the
// config, `.eni-lens.yml`, and the file system root added as a workspace folder.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { deployment, policy } from '../helpers/analyze';
import { CLI, SERVER } from '../helpers/paths';
import { LspClient } from '../lsp/lspClient';
import { tempDir } from './specialFileHelpers';
import { SERVER_NODE_FLAGS } from '../../server/src/nodeFlags';

const SERVER_NOT_INITIALIZED = -32002;
const INVALID_REQUEST = -32600;
const REQUEST_CANCELLED = -32800;
const WEB = `${deployment({ name: 'web', replicas: 6, instanceType: 'r6g.medium' })}---\n${policy({ name: 'web', podLabels: { app: 'web' } })}`;

function rawServer(t: { after: (fn: () => void) => void }): MessageConnection {
  const proc = spawn(process.execPath, [...SERVER_NODE_FLAGS, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  conn.onRequest('client/registerCapability', () => null);
  conn.listen();
  t.after(() => {
    conn.dispose();
    proc.kill();
  });
  return conn;
}

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'answered',
    (err: { code?: number }) => err.code,
  );

test('requests before initialize answer -32002; a second initialize is an error; requests after shutdown are refused', async (t) => {
  const conn = rawServer(t);
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, 'web.yaml'), WEB);
  const hover = { textDocument: { uri: pathToFileURL(path.join(dir, 'web.yaml')).href }, position: { line: 0, character: 0 } };
  assert.equal(await codeOf(conn.sendRequest('textDocument/hover', hover)), SERVER_NOT_INITIALIZED);
  assert.equal(await codeOf(conn.sendRequest('eniLens/capacityReport', {})), SERVER_NOT_INITIALIZED);
  const init = { processId: null, rootUri: pathToFileURL(dir).href, capabilities: {} };
  await conn.sendRequest('initialize', init);
  assert.equal(await codeOf(conn.sendRequest('initialize', init)), INVALID_REQUEST);
  await conn.sendNotification('initialized', {});
  assert.equal(await codeOf(conn.sendRequest('textDocument/hover', hover)), 'answered');
  await conn.sendRequest('shutdown');
  assert.equal(await codeOf(conn.sendRequest('textDocument/hover', hover)), INVALID_REQUEST);
  assert.equal(await codeOf(conn.sendRequest('textDocument/codeLens', { textDocument: hover.textDocument })), INVALID_REQUEST);
});

test('$/cancelRequest while the workspace scan is still running answers RequestCancelled at once, not when the scan ends', async (t) => {
  const source = tempDir(t);
  fs.writeFileSync(path.join(source, 'web.yaml'), WEB);
  let release = () => {};
  // The scan starts by asking for the settings: held back here, it cannot finish until released.
  const c = await LspClient.start(source, { configurationGate: new Promise<void>((r) => (release = r)) });
  t.after(() => c.stop());
  t.after(release);
  const tokens = new CancellationTokenSource();
  const pending = c.request('textDocument/hover', { textDocument: { uri: c.uri('web.yaml') }, position: { line: 0, character: 0 } }, tokens.token);
  await new Promise((r) => setTimeout(r, 300)); // the request is waiting for the scan now
  tokens.cancel();
  const outcome = await Promise.race([codeOf(pending), new Promise((r) => setTimeout(() => r('still waiting after 5 s'), 5_000))]);
  assert.equal(outcome, REQUEST_CANCELLED);
  assert.deepEqual(
    c.logs.filter((l) => l.startsWith('indexed ')),
    [],
    'the scan had not finished',
  );
  release();
  await c.waitFor('web.yaml', (d) => d.length > 0, 'the scan finishing afterwards');
});

test('server: an instanceData error is published on the config (at instanceData), not on the data file', async (t) => {
  const source = tempDir(t);
  fs.writeFileSync(path.join(source, '.eni-lens.yaml'), 'prefixDelegation: false\ninstanceData: ./types.json\n');
  fs.writeFileSync(path.join(source, 'types.json'), '{"version": 1, "instanceTypes": {"m9z.large": {"vcpus": "two"}}}\n');
  fs.writeFileSync(path.join(source, 'web.yaml'), WEB);
  const c = await LspClient.start(source);
  t.after(() => c.stop());
  const published = await c.waitFor('.eni-lens.yaml', (d) => d.length > 0, 'the overlay error on the config');
  assert.ok(
    published.diagnostics.every((d) => d.range.start.line === 1),
    JSON.stringify(published.diagnostics),
  );
  assert.match(published.diagnostics[0].message, /^instanceData: .*types\.json:1: /);
  assert.equal(c.last('types.json'), undefined, 'nothing is published on the data file');
});

test('.eni-lens.yml is named as not read (CLI and server): ENI Lens reads .eni-lens.yaml', async (t) => {
  const source = tempDir(t);
  fs.writeFileSync(path.join(source, '.eni-lens.yml'), 'rules:\n  branch-eni-capacity: off\n');
  fs.writeFileSync(path.join(source, 'web.yaml'), WEB);
  const message = 'ENI Lens reads its settings from .eni-lens.yaml only: this .eni-lens.yml is not read. Rename it to .eni-lens.yaml.';
  const r = spawnSync(process.execPath, [CLI, 'check', '.'], { cwd: source, encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.ok(r.stdout.startsWith(`.eni-lens.yml:1:1 warning config ${message}\n`), r.stdout);
  const c = await LspClient.start(source);
  t.after(() => c.stop());
  const d = await c.waitFor('.eni-lens.yml', (x) => x.length > 0, 'the warning on .eni-lens.yml');
  assert.deepEqual(
    d.diagnostics.map((x) => [x.code, x.message]),
    [['config', message]],
  );
});

test('the file system root added as a workspace folder is not scanned (a folder scan is bounded); the server keeps answering', { timeout: 60_000 }, async (t) => {
  const source = tempDir(t);
  fs.writeFileSync(path.join(source, 'web.yaml'), WEB);
  const c = await LspClient.start(source);
  t.after(() => c.stop());
  await c.waitFor('web.yaml', (d) => d.length > 0, 'the web error');
  c.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: 'file:///', name: 'root' }], removed: [] } });
  const hover = await c.request<unknown>('textDocument/hover', { textDocument: { uri: c.uri('web.yaml') }, position: { line: 13, character: 45 } });
  assert.ok(hover, 'hover answers');
  assert.ok(
    c.logs.some((l) => l.startsWith('not scanning file:///: it is the file system root')),
    c.logs.slice(-5).join('\n'),
  );
  c.change('web.yaml', WEB.replace('replicas: 6', 'replicas: 1')); // the workspace's own files are still analysed
  c.open('web.yaml', WEB.replace('replicas: 6', 'replicas: 1'));
  await c.waitFor('web.yaml', (d) => d.length === 0, 'an edit after the root was added');
  assert.ok(c.alive);
});
