// The language server over stdio with special files in the workspace (a symlink to /dev/zero, FIFOs, a
// config above the size limit) and malformed notifications: it never blocks, never runs out of memory,
// never exits, and every later change is still analysed.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { deployment, policy } from '../helpers/analyze';
import { LspClient } from '../lsp/lspClient';
import { mkfifo, tempDir } from './specialFileHelpers';

const WEB = `${deployment({ name: 'web', replicas: 6, instanceType: 'r6g.medium' })}---\n${policy({ name: 'web', podLabels: { app: 'web' } })}`;
const FITS = WEB.replace('replicas: 6', 'replicas: 1');
const CONFIG_DIAGNOSTIC_TIMEOUT = 8_000;

function source(t: { after: (fn: () => void) => void }, files: Record<string, string> = { 'web.yaml': WEB }): string {
  const dir = tempDir(t, 'eni-lens-server-src-');
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const messages = (c: LspClient, rel: string) => c.last(rel)?.diagnostics.map((d) => `${d.code} ${d.message}`) ?? [];

async function hoverStillAnswers(c: LspClient): Promise<void> {
  const hover = await c.request<unknown>('textDocument/hover', { textDocument: { uri: c.uri('web.yaml') }, position: { line: 0, character: 0 } });
  assert.ok(hover === null || typeof hover === 'object');
}

for (const trusted of [true, false]) {
  for (const [kind, make] of [
    ['a character device', (p: string) => fs.symlinkSync('/dev/zero', p)],
    ['a FIFO (named pipe)', mkfifo],
  ] as const) {
    test(`server (${trusted ? 'trusted' : 'untrusted'}): a .eni-lens.yaml that is ${kind} is a config error on it, and the server keeps answering`, async (t) => {
      const c = await LspClient.start(source(t), { setup: (root) => make(path.join(root, '.eni-lens.yaml')), initializationOptions: { trusted } });
      t.after(() => c.stop());
      await c.waitFor('.eni-lens.yaml', (d) => d.length > 0, 'the config error', CONFIG_DIAGNOSTIC_TIMEOUT);
      assert.deepEqual(messages(c, '.eni-lens.yaml'), [`config not read: it is ${kind}, not a regular file`]);
      await hoverStillAnswers(c);
      assert.ok(c.alive);
    });
  }
}

test('server: a config above 4 MB is a config error on it (as the CLI reports it), not silently the defaults', async (t) => {
  const c = await LspClient.start(source(t, { 'web.yaml': WEB, '.eni-lens.yaml': `# ${'x'.repeat(5 * 1024 * 1024)}\nprefixDelegation: true\n` }));
  t.after(() => c.stop());
  await c.waitFor('.eni-lens.yaml', (d) => d.length > 0, 'the config error', CONFIG_DIAGNOSTIC_TIMEOUT);
  assert.deepEqual(messages(c, '.eni-lens.yaml'), ["config not read: the file is 5.0 MB, above ENI Lens's 4 MB limit"]);
});

test('server: FIFOs and a symlink to /dev/zero in watched-file batches are skipped with a finding each; the real change in the batch and later ones are seen', async (t) => {
  const c = await LspClient.start(source(t));
  t.after(() => c.stop());
  await c.waitFor('web.yaml', (d) => d.length > 0, 'the web error');
  const event = (rel: string, type: 1 | 2) => ({ uri: c.uri(rel), type });
  // More FIFO events than libuv has threads (4): none of them may hold one.
  for (let i = 0; i < 6; i++) mkfifo(path.join(c.root, `fifo${i}.yaml`));
  fs.symlinkSync('/dev/zero', path.join(c.root, 'zero.yaml'));
  fs.writeFileSync(path.join(c.root, 'web.yaml'), FITS);
  c.sendNotification('workspace/didChangeWatchedFiles', { changes: [...[0, 1, 2].map((i) => event(`fifo${i}.yaml`, 1)), event('zero.yaml', 1), event('web.yaml', 2)] });
  await c.waitFor('web.yaml', (d) => d.length === 0, 'the real change in the same batch');
  c.sendNotification('workspace/didChangeWatchedFiles', { changes: [3, 4, 5].map((i) => event(`fifo${i}.yaml`, 1)) });
  c.writeOnDisk('web.yaml', WEB);
  await c.waitFor('web.yaml', (d) => d.length > 0, 'a later change');
  await c.waitFor('fifo5.yaml', (d) => d.length > 0, 'the last FIFO named');
  assert.deepEqual(messages(c, 'fifo0.yaml'), ['template-skipped Skipped: the file is a FIFO (named pipe), not a regular file, so it is not read.']);
  assert.deepEqual(messages(c, 'zero.yaml'), ['template-skipped Skipped: the file is a character device, not a regular file, so it is not read.']);
  assert.ok(c.alive);
});

test('server: a FIFO, a symlink to /dev/zero, a dangling symlink and a name that is not UTF-8 present at the first scan are named, not read', async (t) => {
  const c = await LspClient.start(source(t), {
    setup: (root) => {
      mkfifo(path.join(root, 'pipe.yaml'));
      fs.symlinkSync('/dev/zero', path.join(root, 'zero.yml'));
      fs.symlinkSync(path.join(root, 'gone.yaml'), path.join(root, 'dangling.yaml'));
      fs.writeFileSync(Buffer.concat([Buffer.from(`${root}/`), Buffer.from([0x66, 0xff]), Buffer.from('.yaml')]), WEB);
    },
  });
  t.after(() => c.stop());
  await c.waitFor('zero.yml', (d) => d.length > 0, 'the device named');
  assert.deepEqual(messages(c, 'dangling.yaml'), ['template-skipped Skipped: the file is a dangling symbolic link, so it is not read.']);
  assert.deepEqual(messages(c, 'f\uFFFD.yaml'), ['template-skipped Skipped: the file has a name that is not valid UTF-8, so it is not read.']);
  assert.deepEqual(messages(c, 'pipe.yaml'), ['template-skipped Skipped: the file is a FIFO (named pipe), not a regular file, so it is not read.']);
  assert.deepEqual(messages(c, 'zero.yml'), ['template-skipped Skipped: the file is a character device, not a regular file, so it is not read.']);
});

test('server: malformed didChangeWatchedFiles, didOpen and didChange params neither kill it nor poison later analyses', async (t) => {
  const c = await LspClient.start(source(t));
  t.after(() => c.stop());
  await c.waitFor('web.yaml', (d) => d.length > 0, 'the web error');
  for (const params of [
    null,
    {},
    { changes: null },
    { changes: [null] },
    { changes: [{ uri: 5, type: 'x' }] },
    { changes: [{ uri: c.uri('web.yaml') }] },
    { changes: 'web.yaml' },
  ]) {
    c.sendNotification('workspace/didChangeWatchedFiles', params);
  }
  const open = (rel: string, text: unknown) => c.sendNotification('textDocument/didOpen', { textDocument: { uri: c.uri(rel), languageId: 'yaml', version: 1, text } });
  open('number.yaml', 42);
  open('null.yaml', null);
  open('object.yaml', { a: 1 });
  open('array.yaml', ['kind: Deployment']);
  c.sendNotification('textDocument/didChange', { textDocument: { uri: c.uri('number.yaml'), version: 2 }, contentChanges: [{ text: 7 }] });
  c.sendNotification('textDocument/didChange', { textDocument: { uri: c.uri('number.yaml'), version: 3 }, contentChanges: null });
  c.sendNotification('textDocument/didChange', { textDocument: { uri: c.uri('number.yaml'), version: 4 }, contentChanges: [null] });
  await new Promise((r) => setTimeout(r, 300));
  assert.ok(c.alive, 'the server is still running');
  c.writeOnDisk('web.yaml', FITS);
  await c.waitFor('web.yaml', (d) => d.length === 0, 'the change after the malformed notifications');
  c.open('web.yaml', WEB);
  await c.waitFor('web.yaml', (d) => d.length > 0, 'an edit in an open document');
  assert.ok(c.alive);
});

test('server: a symlink leading out of the workspace folder is not read', async (t) => {
  const outside = tempDir(t);
  fs.writeFileSync(
    path.join(outside, 'secret.yaml'),
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec: {template: {spec: {nodeSelector: {node.kubernetes.io/instance-type: TOP-SECRET-VALUE}}}}\n',
  );
  const c = await LspClient.start(source(t), { setup: (root) => fs.symlinkSync(path.join(outside, 'secret.yaml'), path.join(root, 'leak.yaml')) });
  t.after(() => c.stop());
  await c.waitFor('leak.yaml', (d) => d.length > 0, 'the link named');
  assert.deepEqual(messages(c, 'leak.yaml'), ['template-skipped Skipped: the file is a symbolic link to a file outside the folder checked, so it is not read.']);
  assert.ok(!JSON.stringify(c.publishes).includes('TOP-SECRET-VALUE'));
});

test('server: a folder whose name is not valid UTF-8 is a finding naming it, as the CLI reports it; the rest is analysed', async (t) => {
  const c = await LspClient.start(source(t), { setup: (root) => fs.mkdirSync(Buffer.concat([Buffer.from(`${root}/`), Buffer.from([0xc3, 0x28])])) });
  t.after(() => c.stop());
  await c.waitFor('web.yaml', (d) => d.length > 0, 'the web error');
  await c.settle(300);
  // (URI libraries differ in which characters of such a name they percent-encode: matched decoded.)
  const folder = c.publishes.filter((p) => decodeURIComponent(p.uri).endsWith('/\uFFFD('));
  assert.deepEqual(
    folder.at(-1)?.diagnostics.map((d) => `${d.code} ${d.message}`),
    ['template-skipped Skipped: the folder has a name that is not valid UTF-8, so it is not read.'],
  );
});

test(
  'server: an unreadable file and an unreadable folder are a finding each, as the CLI reports them (not dropped, not only a log line)',
  {
    skip:
      process.getuid?.() === 0 && 'running as root: chmod 000 does not make a file or folder unreadable (the folder with a name that is not UTF-8, above, is the case root meets)',
  },
  async (t) => {
    const c = await LspClient.start(source(t), {
      setup: (root) => {
        fs.mkdirSync(path.join(root, 'locked'));
        fs.writeFileSync(path.join(root, 'locked', 'app.yaml'), WEB);
        fs.chmodSync(path.join(root, 'locked'), 0o000);
        fs.writeFileSync(path.join(root, 'secret.yaml'), WEB);
        fs.chmodSync(path.join(root, 'secret.yaml'), 0o000);
      },
    });
    t.after(() => {
      fs.chmodSync(path.join(c.root, 'locked'), 0o700); // so the copy can be removed
      return c.stop();
    });
    await c.waitFor('locked', (d) => d.length > 0, 'the folder finding');
    assert.deepEqual(messages(c, 'locked'), ['template-skipped Skipped: the folder cannot be read: permission denied (EACCES).']);
    await c.waitFor('secret.yaml', (d) => d.length > 0, 'the file finding');
    assert.deepEqual(messages(c, 'secret.yaml'), ['template-skipped Skipped: the file cannot be read: permission denied (EACCES).']);
  },
);
