// The editor and the CLI must never disagree: the server's diagnostics for every example equal `eni-lens check`'s findings.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { MAX_FILE_BYTES, type Finding } from '../../shared';
import { CLI, EXAMPLES } from '../helpers/paths';
import { LspClient } from './lspClient';

const SEVERITY = ['', 'error', 'warning', 'info'];

test('the server publishes exactly what the CLI reports for examples/ (several configs, eksctl, no config)', async (t) => {
  const c = await LspClient.start(EXAMPLES);
  t.after(() => c.stop());
  await c.waitFor('seed/deployment.yaml', (d) => d.length === 1, 'the seed error');
  await c.settle();
  const cli = spawnSync(process.execPath, [CLI, 'check', '.', '--format', 'json'], { cwd: c.root, encoding: 'utf8' });
  assert.equal(cli.status, 1, cli.stderr);
  const fromCli = (JSON.parse(cli.stdout).findings as Finding[]).map((f) => line(f.file, f.range.start, f.rule, f.severity, f.message)).sort();

  const latest = new Map(c.publishes.map((p) => [p.uri, p]));
  const fromServer = [...latest.values()]
    .flatMap((p) => {
      const file = path.relative(c.root, fileURLToPath(p.uri)).split(path.sep).join('/');
      return p.diagnostics.map((d) => line(file, d.range.start, String(d.code), SEVERITY[d.severity!], d.message));
    })
    .sort();
  assert.ok(fromCli.length >= 5, `the examples should have findings: ${fromCli.length}`);
  assert.deepEqual(fromServer, fromCli);
});

function line(file: string, at: { line: number; character: number }, rule: string, severity: string, message: string): string {
  return `${file}:${at.line}:${at.character} ${severity} ${rule} ${message}`;
}

test('a file above the size limit is reported skipped by the server exactly as by the CLI, without being read', async (t) => {
  const source = fs.mkdtempSync(path.join(os.tmpdir(), 'eni-lens-big-'));
  fs.writeFileSync(path.join(source, 'big.yaml'), `# ${'x'.repeat(MAX_FILE_BYTES + 10)}\n`);
  const c = await LspClient.start(source);
  t.after(() => c.stop());
  const published = await c.waitFor('big.yaml', (d) => d.length === 1, 'the size finding');
  const cli = spawnSync(process.execPath, [CLI, 'check', '.', '--format', 'json'], { cwd: c.root, encoding: 'utf8' });
  const [f] = JSON.parse(cli.stdout).findings as Finding[];
  assert.equal(f.rule, 'template-skipped');
  assert.match(f.message, /^Skipped: the file is 4\.0 MB, above ENI Lens's 4 MB limit for manifests\.$/);
  assert.deepEqual(
    published.diagnostics.map((d) => [d.code, SEVERITY[d.severity!], d.message]),
    [[f.rule, f.severity, f.message]],
  );
});
