// The CLI and the language server must agree on generated workspaces too, not just on the examples: a handful
// of fast-check workspaces (one cluster per folder, each with its own .eni-lens.yaml) checked both ways.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import type { Finding } from '../../shared';
import { CLI } from '../helpers/paths';
import { LspClient } from '../lsp/lspClient';
import { manifestFile, validConfig } from './arbitraries';

const SEVERITY = ['', 'error', 'warning', 'info'];
const STRESS = process.env.ENI_LENS_STRESS === '1';

test('CLI and server report the same findings for generated workspaces', async (t) => {
  const clusters = fc.sample(fc.record({ files: fc.array(manifestFile, { minLength: 1, maxLength: 4 }), config: validConfig }), {
    seed: STRESS ? Date.now() : 4242,
    numRuns: STRESS ? 40 : 8,
  });
  const source = fs.mkdtempSync(path.join(os.tmpdir(), 'eni-lens-gen-'));
  t.after(() => fs.rmSync(source, { recursive: true, force: true }));
  clusters.forEach(({ files, config }, i) => {
    fs.mkdirSync(path.join(source, `cluster${i}`, 'apps'), { recursive: true });
    fs.writeFileSync(path.join(source, `cluster${i}`, '.eni-lens.yaml'), config);
    files.forEach((text, j) => fs.writeFileSync(path.join(source, `cluster${i}`, j % 2 ? 'apps' : '', `m${j}.yaml`), text));
  });

  const c = await LspClient.start(source);
  t.after(() => c.stop());
  await waitUntil(
    () => c.logs.some((l) => /^analysed \d+ files/.test(l)),
    () => `no analysis logged:\n${c.logs.join('\n')}`,
  );
  await c.settle(400);

  const cli = spawnSync(process.execPath, [CLI, 'check', '.', '--format', 'json'], { cwd: c.root, encoding: 'utf8' });
  assert.ok(cli.status === 0 || cli.status === 1, cli.stderr);
  const fromCli = (JSON.parse(cli.stdout).findings as Finding[])
    .map((f) =>
      line(
        f.file,
        f.range,
        f.rule,
        f.severity,
        f.message,
        f.related.map((r) => `${r.file}:${r.range.start.line}`),
      ),
    )
    .sort();
  const latest = new Map(c.publishes.map((p) => [p.uri, p]));
  const fromServer = [...latest.values()]
    .flatMap((p) =>
      p.diagnostics.map((d) =>
        line(
          relative(c.root, p.uri),
          d.range,
          String(d.code),
          SEVERITY[d.severity!],
          d.message,
          (d.relatedInformation ?? []).map((r) => `${relative(c.root, r.location.uri)}:${r.location.range.start.line}`),
        ),
      ),
    )
    .sort();
  assert.ok(
    fromCli.some((l) => l.includes(' error ')),
    `generated workspaces should hold an error finding: ${fromCli.join('\n')}`,
  );
  assert.deepEqual(fromServer, fromCli);
});

function relative(root: string, uri: string): string {
  return path.relative(root, fileURLToPath(uri)).split(path.sep).join('/');
}

function line(
  file: string,
  r: { start: { line: number; character: number }; end: { line: number; character: number } },
  rule: string,
  severity: string,
  message: string,
  related: string[],
): string {
  return `${file}:${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character} ${severity} ${rule} ${message} [${related.join(', ')}]`;
}

async function waitUntil(ok: () => boolean, what: () => string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(what());
    await new Promise((r) => setTimeout(r, 50));
  }
}
