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
  assert.equal(lines[0], 'examples/seed/deployment.yaml:20:43 error branch-eni-capacity 6 pods need branch ENIs; pool sg-workers (1 × r6g.medium) holds 4: 2 stay Pending');
  assert.equal(lines[1], "  fix: use r6g.large (9 branch ENIs per node, needs 6) (also in node pool 'sg-workers')");
  assert.equal(lines[2], '2 files checked: 1 error, 0 warnings, 0 info');
});

test('--verbose: the detail indented under the finding, after its fix line, in lines of at most 100 characters', () => {
  const r = run(['check', 'examples/seed', '--verbose']);
  assert.equal(r.code, 1);
  assert.deepEqual(r.stdout.trimEnd().split('\n'), [
    'examples/seed/deployment.yaml:20:43 error branch-eni-capacity 6 pods need branch ENIs; pool sg-workers (1 × r6g.medium) holds 4: 2 stay Pending',
    "  fix: use r6g.large (9 branch ENIs per node, needs 6) (also in node pool 'sg-workers')",
    '    Pods needing a branch ENI (vpc.amazonaws.com/pod-eni): 6 needed, but the nodes they can reach hold 4',
    "    branch ENIs: 1 × r6g.medium (node pool 'sg-workers' in .eni-lens.yaml) with 4 branch ENIs each. This",
    '    Deployment runs 6 pods (replicas: 6). Its pods are selected by SecurityGroupPolicy',
    '    default/payments-sg. Prefix delegation is on: it raises the IP addresses (max pods) of a node, not',
    '    its branch ENIs. 2 will stay Pending with "Insufficient vpc.amazonaws.com/pod-eni".',
    '2 files checked: 1 error, 0 warnings, 0 info',
  ]);
  // Without --verbose, and in the github format, only the message.
  assert.doesNotMatch(run(['check', 'examples/seed']).stdout, /Prefix delegation is on/);
  assert.doesNotMatch(run(['check', 'examples/seed', '--format', 'github', '--verbose']).stdout, /Prefix delegation is on/);
});

test('JSON output follows the contract', () => {
  const r = run(['check', 'examples/seed', '--format', 'json']);
  assert.equal(r.code, 1);
  const out = JSON.parse(r.stdout);
  assert.equal(out.version, 1);
  assert.equal(out.findings.length, 1);
  const f = out.findings[0];
  assert.deepEqual(Object.keys(f), ['rule', 'severity', 'file', 'range', 'object', 'message', 'detail', 'related', 'fixes']);
  assert.equal(f.message, '6 pods need branch ENIs; pool sg-workers (1 × r6g.medium) holds 4: 2 stay Pending');
  assert.equal(
    f.detail,
    "Pods needing a branch ENI (vpc.amazonaws.com/pod-eni): 6 needed, but the nodes they can reach hold 4 branch ENIs: 1 × r6g.medium (node pool 'sg-workers' in .eni-lens.yaml) with 4 branch ENIs each. " +
      'This Deployment runs 6 pods (replicas: 6). Its pods are selected by SecurityGroupPolicy default/payments-sg. ' +
      'Prefix delegation is on: it raises the IP addresses (max pods) of a node, not its branch ENIs. 2 will stay Pending with "Insufficient vpc.amazonaws.com/pod-eni".',
  );
  assert.equal(f.file, 'examples/seed/deployment.yaml');
  assert.deepEqual(f.range, { start: { line: 19, character: 42 }, end: { line: 19, character: 52 } });
  assert.deepEqual(f.object, { kind: 'Deployment', namespace: 'default', name: 'payments' });
  assert.deepEqual(
    f.related.map((x: { file: string }) => x.file),
    ['examples/seed/security-group-policy.yaml', 'examples/seed/.eni-lens.yaml'],
  );
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
  assert.equal(result.message.text, '6 pods need branch ENIs; pool sg-workers (1 × r6g.medium) holds 4: 2 stay Pending', 'code scanning shows the short message');
  assert.equal(
    result.message.markdown,
    '6 pods need branch ENIs; pool sg-workers (1 × r6g.medium) holds 4: 2 stay Pending\n\n' +
      "Pods needing a branch ENI (vpc.amazonaws.com/pod-eni): 6 needed, but the nodes they can reach hold 4 branch ENIs: 1 × r6g.medium (node pool 'sg-workers' in .eni-lens.yaml) with 4 branch ENIs each. " +
      'This Deployment runs 6 pods (replicas: 6). Its pods are selected by SecurityGroupPolicy default/payments-sg. ' +
      'Prefix delegation is on: it raises the IP addresses (max pods) of a node, not its branch ENIs. 2 will stay Pending with "Insufficient vpc.amazonaws.com/pod-eni".',
  );
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
  const rules = r.stdout
    .trimEnd()
    .split('\n')
    .slice(0, -1)
    .filter((l) => !l.startsWith('  fix: '))
    .map((l) => l.split(' ').slice(0, 3).join(' '));
  assert.deepEqual(rules, [
    'examples/dedicated-pool/workloads.yaml:35:13 error branch-eni-unsupported',
    'examples/dedicated-pool/workloads.yaml:52:13 warning no-matching-pool',
    'examples/eksctl/workloads.yaml:18:13 error branch-eni-capacity',
    'examples/eksctl/workloads.yaml:37:13 warning ip-capacity',
    'examples/helm-chart/templates/deployment.yaml:4:9 info template-skipped',
    'examples/kustomize/base/deployment.yaml:6:13 error branch-eni-capacity',
    'examples/kustomize/overlays/prod/replicas.yaml:6:13 error branch-eni-capacity',
    'examples/multi-pool/workloads.yaml:43:16 error branch-eni-capacity',
    'examples/multi-pool/workloads.yaml:51:9 error branch-eni-capacity',
    'examples/no-trunking/manifests.yaml:26:43 error branch-eni-unsupported',
    'examples/rollout/deployment.yaml:16:43 warning rollout-surge',
    'examples/seed/deployment.yaml:20:43 error branch-eni-capacity',
  ]);
});

test('--nodes FILE and nodes: in the config: the output of kubectl get nodes -o json is the cluster', () => {
  const nodes = JSON.stringify(
    {
      apiVersion: 'v1',
      kind: 'List',
      metadata: { resourceVersion: '' },
      items: [1, 2].map((i) => ({
        apiVersion: 'v1',
        kind: 'Node',
        metadata: {
          name: `ip-10-0-0-${i}.ec2.internal`,
          labels: { 'eks.amazonaws.com/nodegroup': 'sg', 'node.kubernetes.io/instance-type': 'r6g.medium', 'kubernetes.io/os': 'linux' },
        },
        spec: { providerID: `aws:///us-east-1a/i-0${i}` },
        status: { allocatable: { cpu: '940m', pods: '8', 'vpc.amazonaws.com/pod-eni': '4' } },
      })),
    },
    null,
    2,
  );
  const app = fs.readFileSync(path.join(REPO_ROOT, 'examples/seed/deployment.yaml'), 'utf8').replace(/\n\s*nodeSelector:\n\s*node\.kubernetes\.io\/instance-type: r6g\.medium/, '');
  const dir = tempDir({
    'live/nodes.json': nodes,
    'app/deployment.yaml': app.replace('replicas: 6', 'replicas: 9'),
    'app/sgp.yaml': fs.readFileSync(path.join(REPO_ROOT, 'examples/seed/security-group-policy.yaml'), 'utf8'),
  });
  const r = run(['check', path.join(dir, 'app'), '--nodes', path.join(dir, 'live/nodes.json'), '--format', 'json']);
  assert.equal(r.code, 1, r.stderr);
  const [f] = JSON.parse(r.stdout).findings;
  assert.equal(f.rule, 'branch-eni-capacity');
  assert.equal(f.message, '9 pods need branch ENIs; pool sg (2 × r6g.medium) holds 8: 1 stays Pending');
  assert.match(
    f.detail,
    /9 needed, but the nodes they can reach hold 8 branch ENIs: 2 × r6g\.medium \(node group from the node list 'sg' in nodes\.json, 2 Nodes in the node list/,
  );
  fs.writeFileSync(path.join(dir, 'app/.eni-lens.yaml'), 'nodes: ../live/nodes.json\n');
  const viaConfig = run(['check', path.join(dir, 'app'), '--format', 'json']);
  assert.equal(viaConfig.code, 1, viaConfig.stderr);
  assert.deepEqual(
    JSON.parse(viaConfig.stdout).findings.map((x: { message: string }) => x.message),
    [f.message],
  );
  fs.writeFileSync(path.join(dir, 'app/.eni-lens.yaml'), 'nodes: ../live/missing.json\n');
  const missing = run(['check', path.join(dir, 'app')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /config error: .*\.eni-lens\.yaml: nodes: \.\.\/live\/missing\.json: no such file/);
  assert.equal(run(['check', path.join(dir, 'app'), '--nodes', path.join(dir, 'nope.json')]).code, 2);
});

test("kustomize: a file named above its kustomization's folder, or reached by a symbolic link leading out of it, is not read (kustomize refuses it)", () => {
  const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: secret-name\nspec:\n  replicas: 1\n';
  const dir = tempDir({
    'elsewhere/leak.yaml': deployment,
    'repo/base/kustomization.yaml': 'resources:\n  - linked.yaml\n',
    'repo/overlays/prod/kustomization.yaml': 'resources:\n  - ../../base\n  - ../../../elsewhere/leak.yaml\n',
  });
  fs.symlinkSync(path.join(dir, 'elsewhere/leak.yaml'), path.join(dir, 'repo/base/linked.yaml'));
  const r = run(['check', path.join(dir, 'repo/overlays/prod'), '--format', 'json']);
  const findings = JSON.parse(r.stdout).findings as Array<{ rule: string; file: string; range: { start: { line: number } }; message: string }>;
  assert.deepEqual(
    findings.map((f) => [f.rule, path.relative(dir, f.file), f.range.start.line, f.message]),
    [
      ['kustomize-invalid', 'repo/base/kustomization.yaml', 1, "resources: 'linked.yaml' is not among the analysed files; kustomize build fails on it"],
      [
        'kustomize-invalid',
        'repo/overlays/prod/kustomization.yaml',
        2,
        "resources: '../../../elsewhere/leak.yaml' is a file above this kustomization's folder: kustomize build fails on it",
      ],
    ],
  );
  assert.equal(r.stdout.includes('secret-name'), false);
  assert.match(run(['check', path.join(dir, 'repo/overlays/prod')]).stdout, /2 files checked/);
});

test('kustomize: the overlay given as PATH reads the base outside it; --no-kustomize analyses the files as they lie', () => {
  const prod = run(['check', 'examples/kustomize/overlays/prod', '--format', 'json']);
  assert.equal(prod.code, 1);
  const findings = JSON.parse(prod.stdout).findings as Array<{
    rule: string;
    file: string;
    range: { start: { line: number; character: number } };
    message: string;
    detail: string;
  }>;
  assert.deepEqual(
    findings.map((f) => [f.rule, f.file, f.range.start.line, f.range.start.character]),
    [['branch-eni-capacity', 'examples/kustomize/overlays/prod/replicas.yaml', 5, 12]],
  );
  assert.equal(findings[0].message, '20 pods need branch ENIs; pool sg-workers (2 × m5.large) holds 18: 2 stay Pending (via overlays/prod)');
  assert.match(
    findings[0].detail,
    /20 needed, but the nodes they can reach hold 18 branch ENIs.*SecurityGroupPolicy orders-prod\/orders-db-access.*\(Rendered through overlays\/prod\/kustomization\.yaml\.\)$/,
  );
  assert.equal(prod.stdout.includes('kustomize-invalid'), false, 'the base is found');

  const asTheyLie = run(['check', 'examples/kustomize', '--no-kustomize']);
  assert.equal(asTheyLie.code, 0);
  assert.equal(asTheyLie.stdout, '6 files checked: 0 errors, 0 warnings, 0 info\n');
  const configOff = tempDir({ '.eni-lens.yaml': 'kustomize: false\nnodePools: [{name: sg, instanceType: m5.large, nodes: 2}]\n' });
  fs.cpSync(path.join(REPO_ROOT, 'examples/kustomize/base'), path.join(configOff, 'base'), { recursive: true });
  fs.cpSync(path.join(REPO_ROOT, 'examples/kustomize/overlays'), path.join(configOff, 'overlays'), { recursive: true });
  assert.equal(run(['check', '.'], { cwd: configOff }).stdout, '6 files checked: 0 errors, 0 warnings, 0 info\n');
});
