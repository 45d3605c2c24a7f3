// The cold start parses in worker threads (ENI_LENS_JOBS forces the pool on a small workspace): the server
// publishes what it publishes parsing in one thread, hovers and edits on those files work, shutdown answers.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { poolWorkspace } from '../helpers/poolWorkspace';
import { mkfifo } from '../reliability/specialFileHelpers';
import { LspClient } from './lspClient';

function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eni-lens-cold-'));
  for (const [name, text] of Object.entries(poolWorkspace())) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** Every file's last diagnostics, as comparable lines. */
async function diagnostics(c: LspClient): Promise<string[]> {
  await c.waitFor('teams/f00.yaml', (d) => d.length > 0, 'the first diagnostics', 30_000);
  await c.settle();
  const latest = new Map(c.publishes.map((p) => [p.uri, p]));
  // Each client copies the workspace into its own temporary folder: related locations name it.
  const root = new URL(`file://${c.root}/`).href;
  return [...latest.values()].flatMap((p) => p.diagnostics.map((d) => `${path.relative(c.root, new URL(p.uri).pathname)} ${JSON.stringify(d).split(root).join('<root>/')}`)).sort();
}

test('cold start in worker threads: the same diagnostics as one thread; hover and edits on a file parsed there', async (t) => {
  const source = workspace();
  t.after(() => fs.rmSync(source, { recursive: true, force: true }));
  const one = await LspClient.start(source, { env: { ENI_LENS_JOBS: '1' } });
  t.after(() => one.alive && one.stop());
  const single = await diagnostics(one);
  assert.ok(!one.logs.some((l) => / files in worker threads/.test(l)), 'ENI_LENS_JOBS=1 reads and parses in the server thread');
  await one.stop();

  const c = await LspClient.start(source, { env: { ENI_LENS_JOBS: '2' } });
  t.after(() => c.stop());
  assert.deepEqual(await diagnostics(c), single);
  assert.ok(single.length > 10);
  assert.ok(
    c.logs.some((l) => /^parsed \d+ files in worker threads/.test(l)),
    c.logs.join('\n'),
  );
  // The scan read every file but the kustomizations (read first, to know what they name) in the workers.
  const kustomizations = Object.keys(poolWorkspace()).filter((f) => f.endsWith('kustomization.yaml')).length;
  assert.ok(
    c.logs.some((l) => l.startsWith(`read ${Object.keys(poolWorkspace()).length - kustomizations} files in worker threads`)),
    c.logs.join('\n'),
  );

  // A hover reads the tree of a file parsed in a worker: read again from its text on demand.
  const hover = await c.request<{ contents: { value: string } } | null>('textDocument/hover', {
    textDocument: { uri: c.uri('teams/f03.yaml') },
    position: { line: 6, character: 13 },
  });
  assert.match(hover?.contents.value ?? '', /Deployment team\/app-3/);
  // An edit in such a file: its diagnostics follow (replicas 4 → 40: the finding on the two-digit value).
  const text = c.read('teams/f03.yaml');
  c.open('teams/f03.yaml', text);
  c.change('teams/f03.yaml', text.replace('replicas: 4', 'replicas: 40'));
  const after = await c.waitFor(
    'teams/f03.yaml',
    (d) => d.some((x) => x.code === 'branch-eni-capacity' && x.range.start.line === 6 && x.range.end.character === x.range.start.character + 2),
    'the edited replica count',
  );
  assert.ok(after.diagnostics.length > 0);
});

test('a cold start reading in worker threads: a FIFO, a symlink to /dev/zero, a dangling and an outside symlink give what one thread gives', async (t) => {
  const source = workspace();
  const outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'eni-lens-cold-outside-')));
  t.after(() => {
    fs.rmSync(source, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });
  fs.writeFileSync(path.join(outside, 'secret.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: TOP-SECRET-VALUE}\n');
  const setup = (root: string) => {
    mkfifo(path.join(root, 'teams', 'fifo.yaml'));
    fs.symlinkSync('/dev/zero', path.join(root, 'teams', 'zero.yaml'));
    fs.symlinkSync(path.join(root, 'gone.yaml'), path.join(root, 'teams', 'dangling.yaml'));
    fs.symlinkSync(path.join(outside, 'secret.yaml'), path.join(root, 'teams', 'leak.yaml'));
  };
  const skipped = (lines: string[]) =>
    lines.filter((l) => /^teams\/(fifo|zero|dangling|leak)\.yaml /.test(l)).map((l) => `${l.split(' ')[0]} ${JSON.parse(l.slice(l.indexOf(' ') + 1)).message}`);
  const one = await LspClient.start(source, { env: { ENI_LENS_JOBS: '1' }, setup });
  t.after(() => one.alive && one.stop());
  const single = await diagnostics(one);
  await one.stop();
  const c = await LspClient.start(source, { env: { ENI_LENS_JOBS: '2' }, setup });
  t.after(() => c.alive && c.stop());
  const pooled = await diagnostics(c);
  assert.ok(
    c.logs.some((l) => /^read \d+ files in worker threads/.test(l)),
    c.logs.join('\n'),
  );
  await c.stop();
  assert.deepEqual(pooled, single);
  assert.doesNotMatch(pooled.join('\n'), /TOP-SECRET-VALUE/);
  assert.deepEqual(skipped(pooled), [
    'teams/dangling.yaml Skipped: the file is a dangling symbolic link, so it is not read.',
    'teams/fifo.yaml Skipped: the file is a FIFO (named pipe), not a regular file, so it is not read.',
    'teams/leak.yaml Skipped: the file is a symbolic link to a file outside the folder checked, so it is not read.',
    'teams/zero.yaml Skipped: the file is a character device, not a regular file, so it is not read.',
  ]);
});

test('shutdown during a cold start in worker threads is answered, and the server exits', async () => {
  const source = workspace();
  const many: Record<string, string> = {};
  const big = Object.values(poolWorkspace()).join('\n---\n');
  for (let i = 0; i < 40; i++) many[`more/f${i}.yaml`] = big;
  for (const [name, text] of Object.entries(many)) {
    fs.mkdirSync(path.dirname(path.join(source, name)), { recursive: true });
    fs.writeFileSync(path.join(source, name), text);
  }
  const c = await LspClient.start(source, { env: { ENI_LENS_JOBS: '2' } });
  const started = Date.now();
  assert.equal(await c.stop(10_000), 0);
  assert.ok(Date.now() - started < 10_000);
  fs.rmSync(source, { recursive: true, force: true });
});
