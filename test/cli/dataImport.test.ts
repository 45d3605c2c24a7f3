// `eni-lens data import` and `instanceData`, as a user runs them: real processes over a realistic
// describe-instance-types output (one type the table knows, two it does not), then `check` with the overlay.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { main } from '../../cli/main';
import { CLI, FIXTURES } from '../helpers/paths';

const DESCRIBED = path.join(FIXTURES, 'describe-instance-types.json');

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function workspace(files: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eni-lens-data-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const APP = `apiVersion: vpcresources.k8s.aws/v1beta1
kind: SecurityGroupPolicy
metadata:
  name: payments-sg
spec:
  podSelector:
    matchLabels: {app: payments}
  securityGroups:
    groupIds: [sg-0123456789abcdef0]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: payments
spec:
  replicas: 12
  template:
    metadata:
      labels: {app: payments}
    spec:
      nodeSelector:
        node.kubernetes.io/instance-type: m9z.large
      containers:
        - name: app
          image: nginx
`;
const POOL = 'nodePools:\n  - name: sg-workers\n    instanceType: m9z.large\n    nodes: 1\n';

test('data import writes the overlay: network facts from AWS, branch ENIs from the table, --branch-enis, or none with a warning', () => {
  const dir = workspace();
  const r = run(['data', 'import', DESCRIBED, '--branch-enis', 'm9z.large=9'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, "instance-types.json: 3 instance types imported (3 added, 0 updated; 2 not in ENI Lens's table: m9z.large, m9z.metal), 3 in the file.\n");
  assert.equal(
    r.stderr,
    "eni-lens: warning: m9z.metal is not in ENI Lens's table and no --branch-enis m9z.metal=N was given: imported without trunking (0 branch ENIs), so security groups for pods are judged unsupported on it\n",
  );
  const written = JSON.parse(fs.readFileSync(path.join(dir, 'instance-types.json'), 'utf8'));
  assert.deepEqual(written, {
    version: 1,
    generatedBy: 'eni-lens data import',
    instanceTypes: {
      'm5.large': { vcpus: 2, enisPerCard: [3], ipv4PerEni: 10, branchEnis: 9, trunking: true, hypervisor: 'nitro', bareMetal: false },
      'm9z.large': { vcpus: 2, enisPerCard: [3], ipv4PerEni: 12, branchEnis: 9, trunking: true, hypervisor: 'nitro', bareMetal: false },
      'm9z.metal': { vcpus: 192, enisPerCard: [8, 8], ipv4PerEni: 50, branchEnis: 0, trunking: false, hypervisor: null, bareMetal: true },
    },
  });

  // Importing again merges: the branch ENIs given before are kept, and nothing is duplicated.
  const again = run(['data', 'import', DESCRIBED, '--branch-enis', 'm9z.metal=107'], dir);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stderr, '');
  assert.match(again.stdout, /3 instance types imported \(0 added, 3 updated;/);
  const merged = JSON.parse(fs.readFileSync(path.join(dir, 'instance-types.json'), 'utf8')).instanceTypes;
  assert.deepEqual([merged['m9z.large'].branchEnis, merged['m9z.metal'].branchEnis, merged['m9z.metal'].trunking], [9, 107, true]);
});

test('check with instanceData judges a type the table lacks; without it the type is unknown and says how to add it', () => {
  const dir = workspace({ 'app.yaml': APP, '.eni-lens.yaml': POOL });
  const before = run(['check', '.', '--format', 'json'], dir);
  assert.equal(before.code, 0);
  const unknown = JSON.parse(before.stdout).findings;
  assert.deepEqual(
    unknown.map((f: { rule: string; file: string; range: { start: { line: number } } }) => [f.rule, f.file, f.range.start.line]),
    [
      ['unknown-instance-type', '.eni-lens.yaml', 2],
      ['unknown-instance-type', 'app.yaml', 21],
    ],
  );
  assert.equal(unknown[0].message, "Unknown instance type 'm9z.large': capacity not judged; did you mean m9g.large, c9g.large?");
  assert.equal(
    unknown[0].detail,
    "'m9z.large' is not in ENI Lens's EC2 data (1401 types, generated 2026-08-06), so its capacity is not judged. " +
      'Did you mean m9g.large, c9g.large, m1.large? If it is a new type, add it: run `eni-lens data import` on the output of ' +
      "`aws ec2 describe-instance-types --instance-types m9z.large --output json` (with `--branch-enis m9z.large=N`, N from the VPC resource controller's limits) " +
      'and set `instanceData: ./instance-types.json` in .eni-lens.yaml. The VPC resource controller may not support security groups for pods on a new type yet.',
  );

  assert.equal(run(['data', 'import', DESCRIBED, '--branch-enis', 'm9z.large=9', '--output', 'instance-types.json'], dir).code, 0);
  fs.writeFileSync(path.join(dir, '.eni-lens.yaml'), `instanceData: ./instance-types.json\n${POOL}`);
  const after = run(['check', '.'], dir);
  assert.equal(after.code, 1, after.stderr);
  assert.equal(
    after.stdout,
    'app.yaml:22:43 error branch-eni-capacity 12 pods need branch ENIs; pool sg-workers (1 × m9z.large) holds 9: 3 stay Pending\n' +
      "  fix: use c8a.xlarge (18 branch ENIs per node, needs 12) (also in node pool 'sg-workers')\n" +
      '1 file checked: 1 error, 0 warnings, 0 info\n',
  );
});

test('a bad overlay is a config error naming the file, the line and the entry (exit 2)', () => {
  const overlay = [
    '{',
    '  "version": 1,',
    '  "instanceTypes": {',
    '    "m9z.large": {"vcpus": 2, "enisPerCard": [3], "ipv4PerEni": 0, "branchEnis": 9, "trunking": true, "hypervisor": "nitro", "bareMetal": false},',
    '    "m9z.xlarge": {"vcpus": 4, "enisPerCard": [4], "ipv4PerEni": 15, "branchEnis": 18, "trunking": true, "hypervisor": "nitro", "bareMetal": false, "branchENIs": 3},',
    '    "Not A Type": {}',
    '  }',
    '}',
  ].join('\n');
  const dir = workspace({ 'app.yaml': APP, '.eni-lens.yaml': `instanceData: ./types.json\n${POOL}`, 'types.json': overlay });
  const r = run(['check', '.'], dir);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.equal(
    r.stderr,
    [
      'eni-lens: config error: types.json:4: instance type m9z.large: ipv4PerEni must be a whole number from 1 to 1000',
      'eni-lens: config error: types.json:5: instance type m9z.xlarge: unknown key "branchENIs"',
      '  Known keys: vcpus, enisPerCard, ipv4PerEni, branchEnis, trunking, hypervisor, bareMetal.',
      'eni-lens: config error: types.json:6: "Not A Type" is not an instance type name such as m7i.large',
      '',
    ].join('\n'),
  );

  fs.writeFileSync(path.join(dir, 'types.json'), '{"instanceTypes": {"m9z.large": {"vcpus": 2,,}}}');
  assert.match(run(['check', '.'], dir).stderr, /^eni-lens: config error: types\.json:1: not valid JSON: /);
  fs.rmSync(path.join(dir, 'types.json'));
  assert.equal(
    run(['check', '.'], dir).stderr,
    'eni-lens: config error: .eni-lens.yaml:1: instanceData: cannot read ./types.json: no such file\n  Create it with eni-lens data import.\n',
  );
  fs.writeFileSync(path.join(dir, '.eni-lens.yaml'), `instanceData: [a]\n${POOL}`);
  assert.equal(
    run(['check', '.'], dir).stderr,
    'eni-lens: config error: .eni-lens.yaml:1: instanceData must be the path of an instance data file, relative to this config\n  eni-lens data import writes one.\n',
  );
});

test('data import on bad input: entries it cannot read are skipped (exit 1), unreadable input and usage errors exit 2', async () => {
  const described = JSON.parse(fs.readFileSync(DESCRIBED, 'utf8'));
  described.InstanceTypes[1].NetworkInfo.Ipv4AddressesPerInterface = -3;
  described.InstanceTypes[2].NetworkInfo.DefaultNetworkCardIndex = 5;
  described.InstanceTypes.push('not an entry');
  const dir = workspace({ 'bad.json': JSON.stringify(described), 'text.json': 'InstanceTypes: []', 'empty.json': '{"Reservations": []}' });
  const r = run(['data', 'import', 'bad.json'], dir);
  assert.equal(r.code, 1);
  assert.equal(
    r.stderr,
    [
      'eni-lens: skipped bad.json: InstanceTypes[1] (m9z.large): NetworkInfo.Ipv4AddressesPerInterface must be a whole number from 1 to 1000',
      'eni-lens: skipped bad.json: InstanceTypes[2] (m9z.metal): NetworkInfo.DefaultNetworkCardIndex names no card of NetworkCards',
      'eni-lens: skipped bad.json: InstanceTypes[3]: not an object',
      '',
    ].join('\n'),
  );
  assert.deepEqual(Object.keys(JSON.parse(fs.readFileSync(path.join(dir, 'instance-types.json'), 'utf8')).instanceTypes), ['m5.large']);

  // The refusals, in-process (same entry point as the binary): nothing is written and the exit code is 2.
  const inProcess = async (...args: string[]) => {
    let stderr = '';
    const sink = new Writable({ write: (chunk, _enc, done) => ((stderr += String(chunk)), done()) });
    const code = await main(['data', 'import', ...args], { stdout: sink, stderr: sink });
    return { code, stderr };
  };
  const file = (name: string) => path.join(dir, name);
  const notJson = await inProcess(file('text.json'), '--output', file('out.json'));
  assert.equal(notJson.code, 2);
  assert.match(notJson.stderr, /^eni-lens: .*text\.json is not valid JSON \(.*\); pass the output of 'aws ec2 describe-instance-types --output json'\n$/);
  assert.deepEqual(await inProcess(file('empty.json'), '--output', file('out.json')), {
    code: 2,
    stderr: `eni-lens: ${file('empty.json')} has no "InstanceTypes" list; pass the output of 'aws ec2 describe-instance-types --output json'\n`,
  });
  assert.equal((await inProcess(file('missing.json'), '--output', file('out.json'))).code, 2);
  assert.deepEqual(await inProcess(DESCRIBED, '--output', file('out.json'), '--branch-enis', 'm9z.large'), {
    code: 2,
    stderr: "eni-lens: --branch-enis takes TYPE=N, such as m9z.large=9 (got 'm9z.large')\n",
  });
  assert.equal(fs.existsSync(file('out.json')), false);
  assert.equal(await main(['data', 'export'], { stdout: new Writable({ write: (_c, _e, done) => done() }), stderr: new Writable({ write: (_c, _e, done) => done() }) }), 2);

  // A file that is not an overlay is never overwritten.
  fs.writeFileSync(file('instance-types.json'), '{"something": "else"}');
  const clobber = await inProcess(DESCRIBED, '--output', file('instance-types.json'));
  assert.equal(clobber.code, 2);
  assert.match(clobber.stderr, /^eni-lens: .*instance-types\.json is not an instance data file ENI Lens can merge into; fix or remove it:/);
  assert.equal(fs.readFileSync(file('instance-types.json'), 'utf8'), '{"something": "else"}');
});
