// A .eni-lens.yaml above the workspace (a shared temp folder, a CI home) must not switch rules off for it:
// the server looks no higher than the workspace folder, the CLI no higher than the repository root (else the
// working directory, else the PATH itself), unless --config names a file.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { deployment, policy } from '../helpers/analyze';
import { CLI } from '../helpers/paths';
import { LspClient } from '../lsp/lspClient';
import { tempDir } from './specialFileHelpers';

const WEB = `${deployment({ name: 'web', replicas: 6, instanceType: 'r6g.medium' })}---\n${policy({ name: 'web', podLabels: { app: 'web' } })}`;
const RULES_OFF = 'rules:\n  branch-eni-capacity: off\n  max-pods: off\n';

function cli(args: string[], cwd: string): string {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 30_000 });
  return `${r.status} ${r.stdout.trim().split('\n').pop()}`;
}

test('CLI: a config above the repository root, or above the working directory outside a repository, is not used', (t) => {
  const shared = tempDir(t);
  fs.writeFileSync(path.join(shared, '.eni-lens.yaml'), RULES_OFF);
  const repo = path.join(shared, 'repo');
  fs.mkdirSync(path.join(repo, '.git'), { recursive: true });
  fs.mkdirSync(path.join(repo, 'deploy'));
  fs.writeFileSync(path.join(repo, 'deploy', 'web.yaml'), WEB);
  const plain = path.join(shared, 'plain');
  fs.mkdirSync(plain);
  fs.writeFileSync(path.join(plain, 'web.yaml'), WEB);
  const judged = '1 1 file checked: 1 error, 0 warnings, 0 info';
  assert.equal(cli(['check', '.'], repo), judged, 'in a repository');
  assert.equal(cli(['check', 'deploy'], repo), judged, 'a PATH below the repository root');
  assert.equal(cli(['check', path.join(repo, 'deploy')], plain), judged, 'a repository named from outside');
  assert.equal(cli(['check', '.'], plain), judged, 'outside a repository: not above the working directory');
  assert.equal(cli(['check', plain], repo), judged, 'outside a repository and the working directory: not above the PATH');
  assert.equal(cli(['check', '.', '--config', '../.eni-lens.yaml'], repo), '0 1 file checked: 0 errors, 0 warnings, 0 info', '--config still names any file');
  assert.equal(cli(['check', 'plain'], shared), '0 1 file checked: 0 errors, 0 warnings, 0 info', "the working directory's own config applies");
});

test('CLI: a config inside the repository above the PATH is still found', (t) => {
  const repo = tempDir(t);
  fs.mkdirSync(path.join(repo, '.git'));
  fs.writeFileSync(path.join(repo, '.eni-lens.yaml'), RULES_OFF);
  fs.mkdirSync(path.join(repo, 'a', 'b'), { recursive: true });
  fs.writeFileSync(path.join(repo, 'a', 'b', 'web.yaml'), WEB);
  assert.equal(cli(['check', 'b'], path.join(repo, 'a')), '0 1 file checked: 0 errors, 0 warnings, 0 info');
});

test('server: a config above the workspace folder is not used (trusted or not)', async (t) => {
  const shared = tempDir(t);
  fs.writeFileSync(path.join(shared, '.eni-lens.yaml'), RULES_OFF);
  const source = tempDir(t);
  fs.writeFileSync(path.join(source, 'web.yaml'), WEB);
  for (const trusted of [true, false]) {
    const c = await LspClient.start(source, { parent: shared, initializationOptions: { trusted } });
    t.after(() => c.stop());
    const d = await c.waitFor('web.yaml', (x) => x.length > 0, 'the web error, judged with the defaults');
    assert.deepEqual(
      d.diagnostics.map((x) => x.code),
      ['branch-eni-capacity'],
    );
    await c.stop();
  }
});
