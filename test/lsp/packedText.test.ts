// Closed files' texts are kept deflated once analysed: the text read back is the same, and hovers on a closed
// file (its tree read again from the packed text), opening, editing and changing it on disk work as before.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { holdPacked, isPacked, PackedText, unpack } from '../../server/src/packedText';
import { deployment, poolWorkspace } from '../helpers/poolWorkspace';
import { LspClient } from './lspClient';

test('PackedText: the same text back (multi-byte, CRLF, a BOM); none for short texts or a lone surrogate', () => {
  const text = `\uFEFF${deployment('ünïcode-€-😀', 3).replace(/\n/g, '\r\n').repeat(4)}`;
  const packed = PackedText.of(text)!;
  assert.equal(packed.text(), text);
  assert.ok(packed.bytes.length < text.length / 2, `${packed.bytes.length} of ${text.length}`);
  assert.equal(PackedText.of('kind: Pod\n'), undefined, 'too short to pay');
  assert.equal(PackedText.of(`${'a: b\n'.repeat(200)}\uD800`), undefined, 'UTF-8 cannot carry it');

  const holder = { text, other: 1 };
  assert.equal(isPacked(holder), false);
  holdPacked(holder, packed);
  assert.equal(isPacked(holder), true);
  assert.equal(holder.text, text);
  assert.deepEqual(Object.keys(holder), ['text', 'other']);
  unpack(holder); // a string again, read once
  assert.equal(isPacked(holder), false);
  assert.equal(holder.text, text);
});

function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eni-lens-packed-'));
  const files = poolWorkspace();
  for (let i = 0; i < 10; i++) files[`big/b${i}.yaml`] = [4, 1, 1, 1].map((replicas, k) => deployment(k === 0 ? `big-${i}` : `big-${i}-${k}`, replicas)).join('---\n');
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

test('closed files packed after the first analysis: hover on one, open and edit one, change one on disk', async (t) => {
  const source = workspace();
  t.after(() => fs.rmSync(source, { recursive: true, force: true }));
  const c = await LspClient.start(source);
  t.after(() => c.stop());
  await c.waitFor('teams/f03.yaml', (d) => d.length > 0, 'the first diagnostics', 30_000);
  for (let i = 0; i < 100 && !c.logs.some((l) => /^packed the texts of \d+ closed files/.test(l)); i++) await new Promise((r) => setTimeout(r, 100));
  const packedLine = c.logs.find((l) => /^packed the texts of \d+ closed files/.test(l));
  assert.ok(packedLine, c.logs.join('\n'));
  // The big/ files and a few others are long enough to pay; configs and kustomize inputs are not packed.
  assert.ok(Number(/of (\d+)/.exec(packedLine)![1]) >= 10, packedLine);

  // A hover on a closed file reads its tree again from the packed text.
  const hover = await c.request<{ contents: { value: string } } | null>('textDocument/hover', {
    textDocument: { uri: c.uri('big/b3.yaml') },
    position: { line: 6, character: 13 },
  });
  assert.match(hover?.contents.value ?? '', /Deployment team\/big-3/);

  // Opening it with the text on disk keeps its parse; an edit then moves the finding to the new value.
  const text = c.read('big/b3.yaml');
  c.open('big/b3.yaml', text);
  c.change('big/b3.yaml', text.replace('replicas: 4', 'replicas: 40'));
  await c.waitFor(
    'big/b3.yaml',
    (d) => d.some((x) => x.code === 'branch-eni-capacity' && x.range.start.line === 6 && x.range.end.character === x.range.start.character + 2),
    'the edited replica count',
  );

  // A packed closed file changed on disk: read again, analysed again.
  c.writeOnDisk('big/b5.yaml', c.read('big/b5.yaml').replace('replicas: 4', 'replicas: 70'));
  await c.waitFor('big/b5.yaml', (d) => d.some((x) => x.code === 'branch-eni-capacity' && x.range.end.character === x.range.start.character + 2), 'the changed file');
});
