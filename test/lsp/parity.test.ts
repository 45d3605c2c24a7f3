// The editor and the CLI must never disagree: the server's diagnostics for every example equal `eni-lens check`'s findings.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Finding } from '../../shared';
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
  const fromServer = [...latest.values()].flatMap((p) => {
    const file = path.relative(c.root, fileURLToPath(p.uri)).split(path.sep).join('/');
    return p.diagnostics.map((d) => line(file, d.range.start, String(d.code), SEVERITY[d.severity!], d.message));
  }).sort();
  assert.ok(fromCli.length >= 5, `the examples should have findings: ${fromCli.length}`);
  assert.deepEqual(fromServer, fromCli);
});

function line(file: string, at: { line: number; character: number }, rule: string, severity: string, message: string): string {
  return `${file}:${at.line}:${at.character} ${severity} ${rule} ${message}`;
}
