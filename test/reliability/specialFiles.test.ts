// Special files where a regular file is expected (a symlink to /dev/zero, a FIFO, a dangling symlink, a
// folder): the CLI and the server never open them for reading, never block on them and never run out of
// memory: each is a finding (or a config error, or a refusal) naming what was skipped.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { Finding } from '../../shared';
import { deployment, policy } from '../helpers/analyze';
import { CLI, FIXTURES } from '../helpers/paths';
import { mkfifo, tempDir } from './specialFileHelpers';

const WEB = `${deployment({ name: 'web', replicas: 6, instanceType: 'r6g.medium' })}---\n${policy({ name: 'web', podLabels: { app: 'web' } })}`;
/** A hang or a memory blow-up before the fix: the processes must be done well within this. */
const TIMEOUT_MS = 8_000;

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, ['--max-old-space-size=512', CLI, ...args], { cwd, encoding: 'utf8', timeout: TIMEOUT_MS, maxBuffer: 1 << 24 });
  assert.equal(r.error, undefined, `eni-lens ${args.join(' ')} finished (${String(r.error)})`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function findingsOf(stdout: string): string[] {
  return (JSON.parse(stdout).findings as Finding[]).map((f) => `${f.file} ${f.rule} ${f.severity} ${f.message}`);
}

const JUDGED_WEB = 'web.yaml branch-eni-capacity error';

test('CLI: a .eni-lens.yaml that is a symlink to /dev/zero or a FIFO is a config error naming it, not a hang', (t) => {
  for (const [kind, make] of [
    ['a character device', (p: string) => fs.symlinkSync('/dev/zero', p)],
    ['a FIFO (named pipe)', mkfifo],
    ['a folder', (p: string) => fs.mkdirSync(p)],
  ] as const) {
    const dir = tempDir(t);
    fs.writeFileSync(path.join(dir, 'web.yaml'), WEB);
    make(path.join(dir, '.eni-lens.yaml'));
    const r = cli(['check', '.'], dir);
    assert.equal(r.code, 2, kind);
    assert.equal(r.stderr, `eni-lens: config error: .eni-lens.yaml:1: not read: it is ${kind}, not a regular file\n`);
  }
});

test('CLI: a config above 4 MB is a config error, not read (as the server reports it)', (t) => {
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, 'web.yaml'), WEB);
  fs.writeFileSync(path.join(dir, '.eni-lens.yaml'), `# ${'x'.repeat(5 * 1024 * 1024)}\nprefixDelegation: true\n`);
  const r = cli(['check', '.'], dir);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, "eni-lens: config error: .eni-lens.yaml:1: not read: the file is 5.0 MB, above ENI Lens's 4 MB limit\n");
});

test('CLI: check /dev/zero, and a folder holding a FIFO, a symlink to /dev/zero and a dangling symlink: one finding each, the rest judged', (t) => {
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, 'web.yaml'), WEB);
  mkfifo(path.join(dir, 'fifo.yaml'));
  fs.symlinkSync('/dev/zero', path.join(dir, 'zero.yaml'));
  fs.symlinkSync(path.join(dir, 'gone.yaml'), path.join(dir, 'dangling.yaml'));
  fs.writeFileSync(
    path.join(dir, 'api.txt'),
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec: {template: {spec: {nodeSelector: {node.kubernetes.io/instance-type: m9z.huge}}}}\n',
  );
  fs.symlinkSync(path.join(dir, 'api.txt'), path.join(dir, 'linked.yml'));
  const r = cli(['check', '.', '/dev/zero', '--format', 'json'], dir);
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(
    findingsOf(r.stdout).map((f) => f.replace(/ (\d+ pods need|Unknown instance type).*/, '')),
    [
      '/dev/zero template-skipped info Skipped: the file is a character device, not a regular file, so it is not read.',
      'dangling.yaml template-skipped info Skipped: the file is a dangling symbolic link, so it is not read.',
      'fifo.yaml template-skipped info Skipped: the file is a FIFO (named pipe), not a regular file, so it is not read.',
      'linked.yml unknown-instance-type warning', // a symlink to a regular file is read
      JUDGED_WEB,
      'zero.yaml template-skipped info Skipped: the file is a character device, not a regular file, so it is not read.',
    ],
  );
});

test('CLI: instanceData naming /dev/zero or a FIFO is a config error, not a hang', (t) => {
  for (const [kind, make] of [
    ['a character device', (p: string) => fs.symlinkSync('/dev/zero', p)],
    ['a FIFO (named pipe)', mkfifo],
  ] as const) {
    const dir = tempDir(t);
    fs.writeFileSync(path.join(dir, 'web.yaml'), WEB);
    fs.writeFileSync(path.join(dir, '.eni-lens.yaml'), 'instanceData: ./types.json\n');
    make(path.join(dir, 'types.json'));
    const r = cli(['check', '.'], dir);
    assert.equal(r.code, 2, kind);
    assert.equal(r.stderr, `eni-lens: config error: .eni-lens.yaml:1: instanceData: cannot read ./types.json: it is ${kind}, not a regular file\n`);
  }
});

test('CLI: data import refuses /dev/zero and a FIFO as input, a FIFO and a dangling symlink as output', (t) => {
  const dir = tempDir(t);
  mkfifo(path.join(dir, 'fifo'));
  fs.symlinkSync('/dev/zero', path.join(dir, 'zero.json'));
  fs.symlinkSync(path.join(dir, 'elsewhere.json'), path.join(dir, 'dangling.json'));
  const described = path.join(FIXTURES, 'describe-instance-types.json');
  const outcomes = [['zero.json'], ['/dev/zero'], ['fifo'], [described, '--output', 'fifo'], [described, '--output', 'dangling.json']].map((args) => {
    const r = cli(['data', 'import', ...args], dir);
    return `${r.code} ${r.stderr.trim()}`;
  });
  assert.deepEqual(outcomes, [
    '2 eni-lens: cannot read zero.json: it is a character device, not a regular file',
    '2 eni-lens: cannot read /dev/zero: it is a character device, not a regular file',
    '2 eni-lens: cannot read fifo: it is a FIFO (named pipe), not a regular file',
    '2 eni-lens: cannot write fifo: it is a FIFO (named pipe), not a regular file',
    '2 eni-lens: cannot write dangling.json: it is a dangling symbolic link',
  ]);
  assert.ok(!fs.existsSync(path.join(dir, 'elsewhere.json')), 'nothing was written through the dangling symlink');
});

test('CLI: check --output and report --output refuse a FIFO instead of blocking', (t) => {
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, 'web.yaml'), WEB);
  mkfifo(path.join(dir, 'out'));
  for (const command of ['check', 'report']) {
    const r = cli([command, 'web.yaml', '--output', 'out'], dir);
    assert.equal(`${r.code} ${r.stderr.trim()}`, '2 eni-lens: cannot write out: it is a FIFO (named pipe), not a regular file', command);
  }
  // The null device is the one special file written to: scripts discard output with it.
  const discarded = cli(['check', 'web.yaml', '--format', 'json', '--output', os.devNull], dir);
  assert.equal(discarded.stderr, '');
  assert.notEqual(discarded.code, 2);
});

test('CLI: --output naming an input manifest or the config (also through a symlink) is refused; nothing is overwritten', (t) => {
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, 'web.yaml'), WEB);
  fs.writeFileSync(path.join(dir, '.eni-lens.yaml'), 'prefixDelegation: false\n');
  fs.symlinkSync(path.join(dir, 'web.yaml'), path.join(dir, 'link.txt'));
  const outcomes = [
    ['check', 'web.yaml', '--output', 'web.yaml'],
    ['check', '.', '--format', 'json', '--output', 'link.txt'],
    ['report', '.', '--output', '.eni-lens.yaml'],
    ['check', 'web.yaml', '--config', '.eni-lens.yaml', '--output', './.eni-lens.yaml'],
  ].map((args) => {
    const r = cli(args, dir);
    return `${r.code} ${r.stderr.trim()}`;
  });
  assert.deepEqual(outcomes, [
    '2 eni-lens: cannot write web.yaml: it is one of the files checked (web.yaml)',
    '2 eni-lens: cannot write link.txt: it is one of the files checked (web.yaml)',
    '2 eni-lens: cannot write .eni-lens.yaml: it is one of the files checked (.eni-lens.yaml)',
    '2 eni-lens: cannot write ./.eni-lens.yaml: it is one of the files checked (.eni-lens.yaml)',
  ]);
  assert.equal(fs.readFileSync(path.join(dir, 'web.yaml'), 'utf8'), WEB);
  assert.equal(fs.readFileSync(path.join(dir, '.eni-lens.yaml'), 'utf8'), 'prefixDelegation: false\n');
});

test('CLI: a file whose name is not valid UTF-8 is one finding naming it; the rest is checked', (t) => {
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, 'web.yaml'), WEB);
  fs.mkdirSync(path.join(dir, 'sub'));
  fs.writeFileSync(Buffer.concat([Buffer.from(`${dir}/sub/`), Buffer.from([0x66, 0xff, 0xfe]), Buffer.from('.yaml')]), WEB);
  fs.mkdirSync(Buffer.concat([Buffer.from(`${dir}/`), Buffer.from([0xc3, 0x28])]));
  const r = cli(['check', '.', '--format', 'json'], dir);
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(
    findingsOf(r.stdout).map((f) => f.replace(/ \d+ pods need.*/, '')),
    [
      'sub/f\uFFFD\uFFFD.yaml template-skipped info Skipped: the file has a name that is not valid UTF-8, so it is not read.',
      JUDGED_WEB,
      '\uFFFD( template-skipped info Skipped: the folder has a name that is not valid UTF-8, so it is not read.',
    ],
  );
});

test(
  'CLI: an unreadable file and an unreadable folder are findings, not an internal error or "0 files checked"',
  { skip: process.getuid?.() === 0 && 'running as root: chmod 000 does not make a file unreadable (FIFOs, devices and dangling symlinks, tested above, are the cases root meets)' },
  (t) => {
    const dir = tempDir(t);
    fs.writeFileSync(path.join(dir, 'web.yaml'), WEB);
    fs.writeFileSync(path.join(dir, 'secret.yaml'), WEB);
    fs.mkdirSync(path.join(dir, 'locked'));
    fs.chmodSync(path.join(dir, 'secret.yaml'), 0o000);
    fs.chmodSync(path.join(dir, 'locked'), 0o000);
    const r = cli(['check', '.', '--format', 'json'], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(
      findingsOf(r.stdout).map((f) => f.replace(/ \d+ pods need.*/, '')),
      [
        'locked template-skipped info Skipped: the folder cannot be read: permission denied (EACCES).',
        'secret.yaml template-skipped info Skipped: the file cannot be read: permission denied (EACCES).',
        JUDGED_WEB,
      ],
    );
  },
);

test('CLI: a symlink in a checked folder that leads out of it is not read (a hostile change cannot make CI print files from elsewhere)', (t) => {
  const outside = tempDir(t);
  fs.writeFileSync(
    path.join(outside, 'secret.yaml'),
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec: {template: {spec: {nodeSelector: {node.kubernetes.io/instance-type: TOP-SECRET-VALUE}}}}\n',
  );
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, 'web.yaml'), WEB);
  fs.symlinkSync(path.join(outside, 'secret.yaml'), path.join(dir, 'leak.yaml'));
  const r = cli(['check', '.', '--format', 'json'], dir);
  assert.equal(r.code, 1, r.stderr);
  assert.doesNotMatch(r.stdout, /TOP-SECRET-VALUE/);
  assert.deepEqual(
    findingsOf(r.stdout).map((f) => f.replace(/ \d+ pods need.*/, '')),
    ['leak.yaml template-skipped info Skipped: the file is a symbolic link to a file outside the folder checked, so it is not read.', JUDGED_WEB],
  );
  const named = cli(['check', 'leak.yaml', '--format', 'json'], dir);
  assert.match(named.stdout, /TOP-SECRET-VALUE/, 'a PATH named on the command line is read wherever it leads: the user chose it');
});
