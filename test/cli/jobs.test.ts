// `check --jobs N`: files parsed in worker threads give byte-identical output to one thread, and a worker
// that fails leaves its files to the main thread, never lost.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { parseSource } from '../../shared';
import { KubeObject } from '../../shared/k8s/objects';
import { factsOf } from '../../shared/model/fileFacts';
import { parseInWorkers } from '../../shared/node/parsePool';
import { runCli as run, tempDir } from '../helpers/cli';
import { REPO_ROOT } from '../helpers/paths';

const WORKER = path.join(REPO_ROOT, 'dist', 'parseWorker.js');

test('check --jobs 2 and --jobs 3 print byte-identical JSON to --jobs 1 on the examples', () => {
  const one = run(['check', 'examples', '--format', 'json', '--jobs', '1']);
  assert.equal(one.code, 1);
  assert.ok(JSON.parse(one.stdout).findings.length > 5);
  for (const jobs of ['2', '3']) {
    const many = run(['check', 'examples', '--format', 'json', '--jobs', jobs]);
    assert.deepEqual([many.code, many.stderr], [1, '']);
    assert.equal(many.stdout, one.stdout, `--jobs ${jobs}`);
  }
});

/** A workspace of the shapes the pool must carry across: cluster-wide files, kustomize, bad input, BOM, CRLF, Lists. */
function generatedWorkspace(): string {
  const files: Record<string, string> = {
    '.eni-lens.yaml': 'nodePools:\n  - name: sg-workers\n    instanceType: r6g.medium\n    nodes: 2\n    labels: {role: sg}\n',
    'cluster/eksctl.yaml':
      'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: prod, region: eu-west-1}\nmanagedNodeGroups:\n  - name: general\n    instanceType: m5.large\n    desiredCapacity: 3\n    labels: {role: general}\n',
    'cluster/aws-node.yaml':
      'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: aws-node, namespace: kube-system}\nspec:\n  template:\n    spec:\n      containers:\n        - name: aws-node\n          env:\n            - {name: ENABLE_POD_ENI, value: "true"}\n',
    'app/base/kustomization.yaml': 'resources:\n  - deployment.yaml\n  - settings.yaml\n',
    'app/base/deployment.yaml': deployment('kustomized', 3),
    'app/base/settings.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata:\n  mode: [unclosed\n',
    'app/overlay/kustomization.yaml': 'resources:\n  - ../base\nreplicas:\n  - name: kustomized\n    count: 9\n',
    'broken/syntax.yaml': `${deployment('broken', 2)}  extra: [unclosed\n`,
    'broken/template.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Values.name }}\n',
    'broken/unread.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Values.name }}\n',
    'odd/bom.yaml': `\uFEFF${deployment('bom', 4)}`,
    'odd/crlf.yaml': deployment('crlf', 5).replace(/\n/g, '\r\n'),
    'odd/list.yaml': `apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ServiceAccount\n    metadata: {name: sa, namespace: team, labels: {sg: "on"}}\n`,
    'policy.yaml':
      'apiVersion: vpcresources.k8s.aws/v1beta1\nkind: SecurityGroupPolicy\nmetadata: {name: sg, namespace: team}\nspec:\n  podSelector: {matchLabels: {sg: "on"}}\n  securityGroups: {groupIds: [sg-1]}\n',
  };
  for (let i = 0; i < 60; i++) {
    const docs = [deployment(`app-${i}`, (i % 7) + 1), `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c-${i}, namespace: team}\ndata: {k: v}\n`];
    if (i % 5 === 0)
      docs.push(
        `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: app-${i}, namespace: team}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: app-${i}}\n  maxReplicas: 12\n`,
      );
    files[`teams/f${String(i).padStart(2, '0')}.yaml`] = docs.join('---\n');
  }
  return tempDir(files, 'eni-lens-jobs-');
}

function deployment(name: string, replicas: number): string {
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: team\nspec:\n  replicas: ${replicas}\n  template:\n    metadata:\n      labels: {sg: "on"}\n    spec:\n      nodeSelector: {role: sg}\n      containers:\n        - name: app\n`;
}

test('check --jobs N on a generated workspace: byte-identical JSON and SARIF whatever N', () => {
  const dir = generatedWorkspace();
  const one = run(['check', '.', '--format', 'json', '--jobs', '1'], { cwd: dir });
  const findings = JSON.parse(one.stdout).findings as Array<{ rule: string }>;
  const rules = new Set(findings.map((f) => f.rule));
  for (const rule of ['branch-eni-capacity', 'yaml-syntax', 'template-skipped']) assert.ok(rules.has(rule), `no ${rule} among ${[...rules].join(', ')}`);
  for (const jobs of ['2', '4']) {
    assert.equal(run(['check', '.', '--format', 'json', '--jobs', jobs], { cwd: dir }).stdout, one.stdout, `--jobs ${jobs}`);
  }
  const sarif = (jobs: string) => run(['check', '.', '--format', 'sarif', '--jobs', jobs], { cwd: dir }).stdout;
  assert.equal(sarif('2'), sarif('1'));
  fs.rmSync(dir, { recursive: true, force: true });
});

test('--jobs takes a whole number from 1 to 8', () => {
  for (const bad of ['0', '9', '1.5', 'two', '-1']) {
    const r = run(['check', 'examples/seed', `--jobs=${bad}`]);
    assert.deepEqual([r.code, r.stderr], [2, 'eni-lens: --jobs must be a whole number from 1 to 8 (1 parses in one thread)\n'], bad);
  }
});

test('the pool: what a worker parses is what this thread would, its objects KubeObjects whose trees are read again on demand', async () => {
  const files = [
    { file: 'a.yaml', text: `${deployment('web', 3)}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\n${deployment('api', 2)}` },
    { file: 'b.yaml', text: '\uFEFFapiVersion: v1\nkind: ServiceAccount\nmetadata: {name: sa, labels: {sg: "on"}}\n' },
    { file: 'c.yaml', text: 'key: [unclosed\n' },
  ];
  const adopted = await parseInWorkers(files, { jobs: 2, workerFile: WORKER });
  files.forEach((f, i) => {
    const here = parseSource(f);
    const there = adopted[i]!;
    assert.ok(there, f.file);
    assert.deepEqual(
      [there.file, there.text, there.findings, there.disabledLines, there.unreadDocuments],
      [here.file, here.text, here.findings, here.disabledLines, here.unreadDocuments],
    );
    const mine = factsOf(here);
    const theirs = factsOf(there);
    assert.deepEqual(
      theirs.objects.map((o) => [o.kind, o.name, o.namespace, o.place, o.nameRange, [...o.labels]]),
      mine.objects.map((o) => [o.kind, o.name, o.namespace, o.place, o.nameRange, [...o.labels]]),
    );
    for (const o of theirs.objects) {
      assert.ok(o instanceof KubeObject);
      assert.deepEqual(o.reader.range(o.root), mine.objects.find((m) => m.name === o.name)!.reader.range(mine.objects.find((m) => m.name === o.name)!.root));
    }
    // Workloads refer to the same objects the file lists (identity survives the crossing).
    for (const w of theirs.workloads) assert.ok(theirs.objects.includes(w.object));
    assert.deepEqual(
      theirs.workloads.map((w) => [w.object.name, w.replicas]),
      mine.workloads.map((w) => [w.object.name, w.replicas]),
    );
  });
});

test('the pool: a worker that cannot start, or dies on a batch, leaves those files to the caller', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eni-lens-pool-'));
  const files = Array.from({ length: 300 }, (_, i) => ({ file: `f${i}.yaml`, text: deployment(`w${i}`, 1) }));
  const throwing = path.join(dir, 'throws.js');
  fs.writeFileSync(throwing, "throw new Error('no worker today');\n");
  const logged: string[] = [];
  assert.deepEqual(await parseInWorkers(files, { jobs: 2, workerFile: throwing, log: (m) => logged.push(m) }), Array(300).fill(undefined));
  assert.ok(logged.some((m) => m.includes('no worker today')));
  // Dies on its second batch: the first batch's files are parsed, the rest are not lost but left undefined.
  const dying = path.join(dir, 'dies.js');
  fs.writeFileSync(
    dying,
    `const { parentPort } = require('node:worker_threads');\nconst real = require(${JSON.stringify(WORKER)});\nlet n = 0;\nparentPort.on('message', () => { if (++n === 2) process.exit(3); });\n`,
  );
  const partial = await parseInWorkers(files, { jobs: 1, workerFile: dying });
  assert.equal(partial.length, 300);
  const parsed = partial.filter((p) => p !== undefined).length;
  assert.ok(parsed >= 128 && parsed < 300, `${parsed} parsed`);
  assert.deepEqual(await parseInWorkers(files, { jobs: 2, workerFile: path.join(dir, 'missing.js') }), Array(300).fill(undefined));
  fs.rmSync(dir, { recursive: true, force: true });
});
