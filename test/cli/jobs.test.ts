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
import { parseInWorkers, readInWorkers } from '../../shared/node/parsePool';
import { readSourceFile } from '../../shared/node/sourceFile';
import { mkfifo } from '../reliability/specialFileHelpers';
import { runCli as run, tempDir } from '../helpers/cli';
import { deployment, poolWorkspace } from '../helpers/poolWorkspace';
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

test('check --jobs N on a generated workspace: byte-identical JSON and SARIF whatever N', () => {
  const dir = tempDir(poolWorkspace(), 'eni-lens-jobs-');
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

test('the pool with keep: the same workers serve the next call, warmed up, and do not keep the process alive', async () => {
  const files = Array.from({ length: 200 }, (_, i) => ({ file: `k${i}.yaml`, text: deployment(`k${i}`, (i % 5) + 1) }));
  const first = await parseInWorkers(files, { jobs: 2, workerFile: WORKER, keep: true });
  const again = await parseInWorkers(files, { jobs: 2, workerFile: WORKER, keep: true });
  assert.equal(again.filter((p) => p !== undefined).length, 200);
  assert.deepEqual(
    again.map((p) => factsOf(p!).workloads.map((w) => [w.object.name, w.replicas.value])),
    first.map((p) => factsOf(p!).workloads.map((w) => [w.object.name, w.replicas.value])),
  );
  // (This test file's process ends after it: the kept workers are unref'd.)
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

/** The pool's workspace plus the files a worker must not open: each is one finding naming what it is, as in one thread. */
function hostileWorkspace(): { dir: string; outside: string } {
  const dir = tempDir(poolWorkspace(), 'eni-lens-jobs-hostile-');
  const outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'eni-lens-jobs-outside-')));
  fs.writeFileSync(path.join(outside, 'secret.yaml'), deployment('TOP-SECRET-VALUE', 1));
  mkfifo(path.join(dir, 'teams', 'fifo.yaml'));
  fs.symlinkSync('/dev/zero', path.join(dir, 'teams', 'zero.yaml'));
  fs.symlinkSync(path.join(dir, 'gone.yaml'), path.join(dir, 'teams', 'dangling.yaml'));
  fs.symlinkSync(path.join(outside, 'secret.yaml'), path.join(dir, 'teams', 'leak.yaml'));
  fs.writeFileSync(path.join(dir, 'teams', 'huge.yaml'), `# ${'x'.repeat(4 * 1024 * 1024)}\n`);
  return { dir, outside };
}

test('check --jobs 2 reads in worker threads: FIFOs, /dev/zero, dangling and outside symlinks, a file over 4 MB give the findings one thread gives', () => {
  const { dir, outside } = hostileWorkspace();
  const skipped = (stdout: string) =>
    (JSON.parse(stdout).findings as Array<{ file: string; rule: string; message: string }>)
      .filter((f) => f.file.startsWith('teams/') && f.rule === 'template-skipped')
      .map((f) => `${f.file} ${f.message}`);
  const pooled = run(['check', '.', '--format', 'json', '--jobs', '2'], { cwd: dir });
  const one = run(['check', '.', '--format', 'json', '--jobs', '1'], { cwd: dir });
  assert.deepEqual([pooled.code, pooled.stderr], [1, '']);
  assert.equal(pooled.stdout, one.stdout);
  assert.doesNotMatch(pooled.stdout, /TOP-SECRET-VALUE/);
  assert.deepEqual(skipped(pooled.stdout), [
    'teams/dangling.yaml Skipped: the file is a dangling symbolic link, so it is not read.',
    'teams/fifo.yaml Skipped: the file is a FIFO (named pipe), not a regular file, so it is not read.',
    "teams/huge.yaml Skipped: the file is 4.0 MB, above ENI Lens's 4 MB limit for manifests.",
    'teams/leak.yaml Skipped: the file is a symbolic link to a file outside the folder checked, so it is not read.',
    'teams/zero.yaml Skipped: the file is a character device, not a regular file, so it is not read.',
  ]);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

test('the pool reading files: each as readSourceFile reads it here; files flagged skipped (before the gate opens, or before a worker reaches them) are left to the caller; a worker that dies leaves its files unread', async () => {
  const { dir, outside } = hostileWorkspace();
  const names = fs.readdirSync(path.join(dir, 'teams')).sort();
  const reads = names.map((n) => ({ path: path.join(dir, 'teams', n), file: `teams/${n}`, within: dir }));
  const run1 = readInWorkers(reads, { jobs: 2, workerFile: WORKER });
  const results = await run1.results;
  reads.forEach((r, i) => {
    const here = readSourceFile(r.path, r.file, r.within);
    assert.deepEqual(results[i]!.source, here, r.file);
    assert.deepEqual(results[i]!.parsed?.findings, parseSource(here).findings, r.file);
  });
  // Skipped before any worker reached them: the caller reads those.
  const skipping = readInWorkers(reads, { jobs: 2, workerFile: WORKER });
  for (let i = 0; i < reads.length; i += 2) skipping.skip(i);
  assert.deepEqual(
    (await skipping.results).map((r) => r !== undefined),
    reads.map((_, i) => i % 2 === 1),
  );
  // Files from the gate on wait for open(): those flagged before it are never read, however long that takes.
  const gate = 32;
  const gated = readInWorkers(reads, { jobs: 2, workerFile: WORKER }, gate);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  for (let i = gate + 1; i < reads.length; i++) gated.skip(i);
  gated.open();
  assert.deepEqual(
    (await gated.results).map((r) => r !== undefined),
    reads.map((_, i) => i <= gate),
  );
  // A worker that exits after its first batch: that batch comes back, the rest is not lost but left undefined.
  const dying = path.join(outside, 'dies.js');
  fs.writeFileSync(
    dying,
    `const { parentPort } = require('node:worker_threads');\nconst post = parentPort.postMessage.bind(parentPort);\nparentPort.postMessage = (m) => { post(m); process.exit(3); };\nrequire(${JSON.stringify(WORKER)});\n`,
  );
  const logged: string[] = [];
  const partial = await readInWorkers(reads, { jobs: 1, workerFile: dying, log: (m) => logged.push(m) }).results;
  const read = partial.filter((p) => p !== undefined).length;
  assert.ok(read === 64, `${read} read`);
  assert.deepEqual(await readInWorkers(reads, { jobs: 2, workerFile: path.join(outside, 'missing.js') }).results, Array(reads.length).fill(undefined));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});
