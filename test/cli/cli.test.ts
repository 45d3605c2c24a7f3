import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runCli as run, tempDir } from '../helpers/cli';
import { REPO_ROOT } from '../helpers/paths';

test('text output on the seed example: file:line:col severity rule message, the fix under it, exit 1', () => {
  const r = run(['check', 'examples/seed']);
  assert.equal(r.code, 1);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 3);
  assert.match(lines[0], /^examples\/seed\/deployment\.yaml:20:43 error branch-eni-capacity Pods needing a branch ENI \(vpc\.amazonaws\.com\/pod-eni\): 6 needed, but the nodes they can reach hold 4 branch ENIs/);
  assert.equal(lines[1], "  fix: use r6g.large (9 branch ENIs per node, needs 6) (also in node pool 'sg-workers')");
  assert.equal(lines[2], '2 files checked: 1 error, 0 warnings, 0 info');
});

test('JSON output follows the contract', () => {
  const r = run(['check', 'examples/seed', '--format', 'json']);
  assert.equal(r.code, 1);
  const out = JSON.parse(r.stdout);
  assert.equal(out.version, 1);
  assert.equal(out.findings.length, 1);
  const f = out.findings[0];
  assert.deepEqual(Object.keys(f), ['rule', 'severity', 'file', 'range', 'object', 'message', 'related', 'fixes']);
  assert.equal(f.file, 'examples/seed/deployment.yaml');
  assert.deepEqual(f.range, { start: { line: 19, character: 42 }, end: { line: 19, character: 52 } });
  assert.deepEqual(f.object, { kind: 'Deployment', namespace: 'default', name: 'payments' });
  assert.deepEqual(f.related.map((x: { file: string }) => x.file), ['examples/seed/security-group-policy.yaml', 'examples/seed/.eni-lens.yaml']);
  assert.deepEqual(f.fixes[0].edits, [
    { file: 'examples/seed/deployment.yaml', range: f.range, newText: 'r6g.large' },
    { file: 'examples/seed/.eni-lens.yaml', range: { start: { line: 4, character: 18 }, end: { line: 4, character: 28 } }, newText: 'r6g.large' },
  ]);
});

test('SARIF output is 2.1.0 with rules, 1-based regions and fixes', () => {
  const r = run(['check', 'examples/seed', '--format', 'sarif']);
  assert.equal(r.code, 1);
  const log = JSON.parse(r.stdout);
  assert.equal(log.version, '2.1.0');
  const run0 = log.runs[0];
  assert.equal(run0.tool.driver.name, 'eni-lens');
  const ruleIds = run0.tool.driver.rules.map((x: { id: string }) => x.id);
  assert.ok(ruleIds.includes('branch-eni-capacity') && ruleIds.includes('rollout-surge'));
  for (const rule of run0.tool.driver.rules) assert.ok(rule.help.text.length > 20, `${rule.id} has help text`);
  const [result] = run0.results;
  assert.equal(result.ruleId, 'branch-eni-capacity');
  assert.equal(run0.tool.driver.rules[result.ruleIndex].id, 'branch-eni-capacity');
  assert.equal(result.level, 'error');
  assert.deepEqual(result.locations[0].physicalLocation, {
    artifactLocation: { uri: 'examples/seed/deployment.yaml' },
    region: { startLine: 20, startColumn: 43, endLine: 20, endColumn: 53 },
  });
  assert.equal(result.fixes[0].artifactChanges.length, 2);
  assert.equal(result.fixes[0].artifactChanges[0].replacements[0].insertedContent.text, 'r6g.large');
});

test('exit 0 without error findings; warnings alone do not fail', () => {
  const r = run(['check', 'examples/rollout']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /warning rollout-surge/);
  const clean = tempDir({ 'a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n' });
  assert.deepEqual(run(['check', clean]), { code: 0, stdout: '1 file checked: 0 errors, 0 warnings, 0 info\n', stderr: '' });
});

test('exit 2 on usage errors', () => {
  assert.equal(run([]).code, 2);
  assert.equal(run(['lint']).code, 2);
  assert.equal(run(['check', '--format', 'xml']).code, 2);
  const missing = run(['check', 'no/such/folder']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no such file or folder: no\/such\/folder/);
});

test('exit 2 on a broken config, naming the key and line, without a stack trace', () => {
  const dir = tempDir({ '.eni-lens.yaml': 'prefixDelegation: true\nnodePools:\n  - name: a\n    instanceType: m5.large\n    nodes: lots\n', 'a.yaml': 'kind: X\n' });
  const r = run(['check', dir]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /config error: .*\.eni-lens\.yaml:5: node pool 'a': nodes must be a whole number/);
  assert.doesNotMatch(r.stderr, /at .*\.js:\d+/);
});

test('--config, stdin and --output', () => {
  const dir = tempDir({ 'cfg.yaml': 'nodePools:\n  - {name: big, instanceType: r6g.large, nodes: 1}\n' });
  const seedManifests = ['examples/seed/deployment.yaml', 'examples/seed/security-group-policy.yaml'];
  // With a declared r6g.large pool the pinned r6g.medium is an implicit one-node pool: still 6 > 4.
  assert.equal(run(['check', ...seedManifests, '--config', path.join(dir, 'cfg.yaml')]).code, 1);
  const input = fs.readFileSync(path.join(REPO_ROOT, 'examples/seed/deployment.yaml'), 'utf8').replace('replicas: 6', 'replicas: 3');
  const viaStdin = run(['check', '-', 'examples/seed/security-group-policy.yaml', '--format', 'json'], { input });
  assert.equal(viaStdin.code, 0);
  assert.deepEqual(JSON.parse(viaStdin.stdout).findings, []);
  const out = path.join(dir, 'report.sarif');
  const written = run(['check', 'examples/seed', '--format', 'sarif', '--output', out]);
  assert.equal(written.code, 1);
  assert.equal(written.stdout, '');
  assert.equal(JSON.parse(fs.readFileSync(out, 'utf8')).version, '2.1.0');
});

test('npm start runs over every bundled example, each against its own config', () => {
  const r = run(['check', 'examples']);
  assert.equal(r.code, 1);
  const rules = r.stdout.trimEnd().split('\n').slice(0, -1).filter((l) => !l.startsWith('  fix: ')).map((l) => l.split(' ').slice(0, 3).join(' '));
  assert.deepEqual(rules, [
    'examples/eksctl/workloads.yaml:18:13 error branch-eni-capacity',
    'examples/eksctl/workloads.yaml:37:13 warning ip-capacity',
    'examples/helm-chart/templates/deployment.yaml:4:9 info template-skipped',
    'examples/multi-pool/workloads.yaml:43:16 error branch-eni-capacity',
    'examples/multi-pool/workloads.yaml:51:9 error branch-eni-capacity',
    'examples/no-trunking/manifests.yaml:26:43 error branch-eni-unsupported',
    'examples/rollout/deployment.yaml:16:43 warning rollout-surge',
    'examples/seed/deployment.yaml:20:43 error branch-eni-capacity',
  ]);
});
