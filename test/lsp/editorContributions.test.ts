// What the extension contributes beyond the server: the config schema (same keys as the config reader),
// the problem matcher (read against real CLI output), the task type, the status item's text, the output
// channel's lines, the icon and the changelog.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import zlib from 'node:zlib';
import { RULE_IDS } from '../../shared';
import { POOL_KEYS, SETTINGS, TOP_LEVEL_KEYS } from '../../shared/config/config';
import { clientLogLine, versionBanner } from '../../client/src/restartPolicy';
import { statusView } from '../../client/src/statusView';
import { taskArgs } from '../../client/src/taskArgs';
import { runCli } from '../helpers/cli';
import { REPO_ROOT } from '../helpers/paths';

const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const read = (relative: string) => fs.readFileSync(path.join(REPO_ROOT, relative));

test('the .eni-lens.yaml schema is contributed from inside the extension and names exactly the keys the config reader knows', () => {
  assert.deepEqual(pkg.contributes.yamlValidation, [{ fileMatch: '.eni-lens.yaml', url: './schemas/eni-lens.schema.json' }]);
  assert.ok(pkg.files.includes('schemas/'), 'the schema is packaged');
  const schema = JSON.parse(read('schemas/eni-lens.schema.json').toString('utf8'));
  assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  assert.equal(schema.additionalProperties, false);
  assert.deepEqual(Object.keys(schema.properties), TOP_LEVEL_KEYS);
  const pool = schema.properties.nodePools.items;
  assert.deepEqual(Object.keys(pool.properties), POOL_KEYS);
  assert.equal(pool.additionalProperties, false);
  assert.deepEqual(Object.keys(schema.properties.rules.properties), [...RULE_IDS]);
  // `off` may also be written as a YAML 1.1 boolean, which the reader takes as off.
  assert.deepEqual(schema.definitions.setting.enum, [...SETTINGS, false]);
  for (const key of TOP_LEVEL_KEYS) assert.ok(schema.properties[key].description, `${key} has a description for hovers`);
  // The reader's bounds.
  assert.deepEqual(
    [schema.properties.assumeNodes.minimum, schema.properties.assumeNodes.maximum, pool.properties.nodes.minimum, pool.properties.maxPods.minimum],
    [1, 100000, 0, 1],
  );
});

test('the $eni-lens problem matcher reads the CLI text output: one problem per finding, not the fix or summary lines', () => {
  const [matcher] = pkg.contributes.problemMatchers;
  assert.equal(matcher.name, 'eni-lens');
  assert.deepEqual(matcher.fileLocation, ['relative', '${workspaceFolder}']);
  const re = new RegExp(matcher.pattern.regexp);
  const out = runCli(['check', 'examples', '--no-color']).stdout.trimEnd().split('\n');
  const field = (m: RegExpExecArray, name: string) => m[matcher.pattern[name]];
  const problems = out.flatMap((line) => {
    const m = re.exec(line);
    return m ? [[field(m, 'file'), field(m, 'line'), field(m, 'column'), field(m, 'severity'), field(m, 'code')].join(' ')] : [];
  });
  assert.deepEqual(problems, [
    'examples/dedicated-pool/workloads.yaml 35 13 error branch-eni-unsupported',
    'examples/dedicated-pool/workloads.yaml 52 13 warning no-matching-pool',
    'examples/eksctl/workloads.yaml 18 13 error branch-eni-capacity',
    'examples/eksctl/workloads.yaml 37 13 warning ip-capacity',
    'examples/helm-chart/templates/deployment.yaml 4 9 info template-skipped',
    'examples/kustomize/base/deployment.yaml 6 13 error branch-eni-capacity',
    'examples/kustomize/overlays/prod/replicas.yaml 6 13 error branch-eni-capacity',
    'examples/multi-pool/workloads.yaml 43 16 error branch-eni-capacity',
    'examples/multi-pool/workloads.yaml 51 9 error branch-eni-capacity',
    'examples/no-trunking/manifests.yaml 26 43 error branch-eni-unsupported',
    'examples/rollout/deployment.yaml 16 43 warning rollout-surge',
    'examples/seed/deployment.yaml 20 43 error branch-eni-capacity',
  ]);
  const seed = re.exec(out.find((l) => l.startsWith('examples/seed/'))!)!;
  assert.equal(field(seed, 'message'), '6 pods need branch ENIs; pool sg-workers (1 × r6g.medium) holds 4: 2 stay Pending');
});

test('the eni-lens task type: its properties are what the task command line reads', () => {
  const [definition] = pkg.contributes.taskDefinitions;
  assert.equal(definition.type, 'eni-lens');
  assert.deepEqual(Object.keys(definition.properties), ['paths', 'config', 'failOn']);
  assert.deepEqual(definition.properties.failOn.enum, ['error', 'warning', 'info', 'never']);
  assert.deepEqual(taskArgs({ type: 'eni-lens' }), ['check', '.', '--format', 'text', '--no-color']);
  assert.deepEqual(taskArgs({ type: 'eni-lens', paths: ['deploy', 'charts/out'], config: 'ops/.eni-lens.yaml', failOn: 'warning' }), [
    'check',
    'deploy',
    'charts/out',
    '--config',
    'ops/.eni-lens.yaml',
    '--fail-on',
    'warning',
    '--format',
    'text',
    '--no-color',
  ]);
  // The task runs the CLI the extension ships.
  assert.ok(pkg.files.includes('bin/eni-lens.js'));
  const r = runCli(taskArgs({ type: 'eni-lens', paths: ['examples/rollout'], failOn: 'warning' }));
  assert.equal(r.code, 1);
  assert.ok(!r.stdout.includes('\u001b'), 'no colour for the problem matcher');
});

test('the status item: findings, the config in use and the data date; severity follows the worst finding', () => {
  const relative = (uri: string) => uri.replace('file:///ws/', '');
  const base = { errors: 0, warnings: 0, infos: 0, files: 2, configFiles: ['file:///ws/.eni-lens.yaml'], defaults: false, dataDate: '2026-08-06' };
  assert.deepEqual(statusView({ ...base, errors: 5, warnings: 2, infos: 1, files: 10 }, relative), {
    text: 'ENI Lens: 5 errors, 2 warnings, 1 info',
    detail: '10 files · config .eni-lens.yaml · EC2 data 2026-08-06',
    severity: 'error',
  });
  assert.deepEqual(statusView({ ...base, warnings: 1 }, relative), {
    text: 'ENI Lens: 1 warning',
    detail: '2 files · config .eni-lens.yaml · EC2 data 2026-08-06',
    severity: 'warning',
  });
  assert.deepEqual(statusView({ ...base, configFiles: [], defaults: true, files: 1 }, relative), {
    text: 'ENI Lens: no findings',
    detail: '1 file · config defaults (no .eni-lens.yaml) · EC2 data 2026-08-06',
    severity: 'information',
  });
  assert.equal(
    statusView({ ...base, configFiles: ['file:///ws/a/.eni-lens.yaml', 'file:///ws/b/.eni-lens.yaml'], defaults: true }, relative).detail,
    '2 files · config a/.eni-lens.yaml, b/.eni-lens.yaml, defaults elsewhere · EC2 data 2026-08-06',
  );
});

test('the output channel: a version banner, and a clean server exit is not logged as an error', () => {
  assert.equal(versionBanner('0.1.0', '1.99.0', 'v20.18.0'), 'ENI Lens 0.1.0 (VS Code 1.99.0, Node v20.18.0)');
  assert.equal(clientLogLine('[Error - 10:02:03] Server process exited with code 0.'), '[Info  - 10:02:03] The language server stopped cleanly (exit code 0).');
  // A crash stays an error; other lines pass unchanged.
  assert.equal(clientLogLine('[Error - 10:02:03] Server process exited with code 1.'), '[Error - 10:02:03] Server process exited with code 1.');
  assert.equal(clientLogLine('[Error - 10:02:03] Server process exited with signal SIGKILL.'), '[Error - 10:02:03] Server process exited with signal SIGKILL.');
  assert.equal(clientLogLine('indexed 10 YAML files'), 'indexed 10 YAML files');
});

test('the icon is a 128×128 PNG in the package, and the changelog has the current version', () => {
  assert.equal(pkg.icon, 'images/icon.png');
  assert.ok(pkg.files.includes(pkg.icon));
  const png = read(pkg.icon);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.equal(png.toString('ascii', 12, 16), 'IHDR');
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]], [128, 128, 8, 6]);
  const idat = png.indexOf('IDAT');
  const raw = zlib.inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4)));
  assert.equal(raw.length, 128 * (1 + 128 * 4));
  assert.ok(pkg.files.includes('CHANGELOG.md'));
  assert.match(read('CHANGELOG.md').toString('utf8'), new RegExp(`^## ${pkg.version.replace(/\./g, '\\.')}$`, 'm'));
});
