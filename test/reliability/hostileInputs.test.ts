// Hostile inputs (test/reliability/corpus/, the big ones generated here), each with the outcome it must have.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { analyze, defaultConfig, MAX_FILE_BYTES, parseConfig, type Finding, type Range } from '../../shared';
import { deployment, policy } from '../helpers/analyze';
import { CLI, REPO_ROOT } from '../helpers/paths';
import { rangeProblems } from './ranges';

const CORPUS = path.join(REPO_ROOT, 'test', 'reliability', 'corpus');
const SELECTS_WEB = { file: 'policy.yaml', text: policy({ name: 'web', podLabels: { app: 'web' } }) };

function corpus(name: string): string {
  return fs.readFileSync(path.join(CORPUS, name), 'utf8');
}

/** Analyses one file (with a policy selecting app=web) and checks every range lies inside it. */
function check(file: string, text: string, extra = [SELECTS_WEB]): Finding[] {
  const findings = analyze([{ file, text }, ...extra], defaultConfig()).findings;
  assert.deepEqual(rangeProblems(findings, new Map([[file, text.replace(/^\uFEFF/, '')], ...extra.map((e) => [e.file, e.text] as const)])), []);
  return findings;
}

function summary(findings: Finding[]): string[] {
  return findings.map((f) => `${f.file}:${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character} ${f.rule}`);
}

/** The text a range covers, lines split as LSP does. */
function textAt(text: string, r: Range): string {
  const lines = text.split(/\r\n|\r|\n/);
  if (r.start.line !== r.end.line) throw new Error('single-line ranges only');
  return lines[r.start.line].slice(r.start.character, r.end.character);
}

test('alias bombs are bounded: the billion-laughs document and self-referencing labels find nothing', () => {
  const findings = check('alias-bomb.yaml', corpus('alias-bomb.yaml'));
  assert.deepEqual(findings, []);
  const { model } = analyze([{ file: 'alias-bomb.yaml', text: corpus('alias-bomb.yaml') }], defaultConfig());
  assert.deepEqual(
    model.workloads.map((w) => [w.workload.object.name, w.pods]),
    [['bomb', 6]],
    'the Deployment is read; its recursive labels are not',
  );
});

test('nesting 10,000 deep (flow sequences, flow maps, block sequences) is one yaml-syntax info each, no crash', () => {
  const texts = {
    'flow-seq.yaml': `apiVersion: apps/v1\nkind: Deployment\nspec: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
    'flow-map.yaml': `a: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`,
    'block-seq.yaml': `${'- '.repeat(10_000)}x\n`,
  };
  for (const [file, text] of Object.entries(texts)) {
    const findings = check(file, text, []);
    assert.deepEqual(
      findings.map((f) => [f.rule, f.severity]),
      [['yaml-syntax', 'info']],
      file,
    );
    assert.match(findings[0].message, /^Skipped document 1: /);
  }
  assert.equal(parseConfig(texts['flow-map.yaml'], 'c.yaml').errors.length, 1, 'a deep config is one config error');
});

test('binary files are skipped with one info finding naming the NUL byte', () => {
  assert.deepEqual(
    check('binary.yaml', corpus('binary.yaml')).map((f) => `${f.rule} ${f.severity} ${f.message}`),
    ['yaml-syntax info Skipped: the file is binary (a NUL character at offset 810), not YAML text.'],
  );
  assert.deepEqual(
    check('image.yml', corpus('image.yml')).map((f) => f.message),
    ['Skipped: the file is binary (a NUL character at offset 8), not YAML text.'],
  );
});

test('invalid UTF-8 decodes to U+FFFD in a label value and the Deployment is still judged', () => {
  const text = corpus('invalid-utf8.yaml');
  assert.ok(text.includes('\uFFFD'));
  const findings = check('invalid-utf8.yaml', text);
  assert.deepEqual(summary(findings), ['invalid-utf8.yaml:11:42-11:52 branch-eni-capacity']);
});

test('BOM and CRLF: ranges are exact (the BOM is not counted, as editors do not show it)', () => {
  const text = corpus('bom-crlf.yaml');
  assert.ok(text.startsWith('\uFEFF') && text.includes('\r\n'));
  const findings = check('bom-crlf.yaml', text);
  const plain = check('bom-crlf.yaml', text.slice(1).replace(/\r\n/g, '\n'));
  assert.deepEqual(summary(findings), ['bom-crlf.yaml:11:42-11:52 branch-eni-capacity']);
  assert.deepEqual(
    findings.map((f) => f.range),
    plain.map((f) => f.range),
  );
  assert.equal(textAt(text.slice(1), findings[0].range), 'r6g.medium');
  assert.equal(textAt(text.slice(1), findings[0].fixes[0].edits[0].range), 'r6g.medium', 'the quick fix replaces exactly the value');
});

test('tabs: as indentation a yaml-syntax info at the tab; as separators the manifest is read', () => {
  assert.deepEqual(
    check('tab-indented.yaml', corpus('tab-indented.yaml')).map((f) => `${summary([f])[0]} ${f.message}`),
    ['tab-indented.yaml:5:0-5:1 yaml-syntax Skipped document 1: Tabs are not allowed as indentation'],
  );
  const text = corpus('tab-separated.yaml');
  const findings = check('tab-separated.yaml', text);
  assert.deepEqual(
    findings.map((f) => [f.rule, textAt(text, f.range)]),
    [['branch-eni-capacity', 'r6g.medium']],
  );
});

test('duplicate keys: the first occurrence counts (Kubernetes rejects the manifest anyway)', () => {
  const findings = check('duplicate-keys.yaml', corpus('duplicate-keys.yaml'));
  assert.deepEqual(
    findings.map((f) => f.rule),
    ['branch-eni-capacity'],
  );
  assert.match(findings[0].detail!, /6 needed.*runs 6 pods \(replicas: 6\)/);
});

test('replicas of every wrong shape: only whole numbers count; the rest read as the default 1', () => {
  const outcomes = Object.fromEntries(
    ['1e12', '-3', '2.5', '"6"', '1152921504606846976', '0', '0x10', '6.0', '~', '[6]', '{a: 1}'].map((value) => {
      const text = deployment({ name: 'web', instanceType: 'r6g.medium', specExtra: `  replicas: ${value}` });
      const findings = check('d.yaml', text);
      return [value, findings.map((f) => `${f.rule}: ${/(\d+) needed/.exec(f.detail!)?.[1]}`).join(', ')];
    }),
  );
  assert.deepEqual(outcomes, {
    '1e12': 'branch-eni-capacity: 1000000000000, max-pods: 1000000000000',
    '-3': '',
    '2.5': '',
    '"6"': '',
    '1152921504606846976': '', // not a safe integer
    '0': '',
    '0x10': 'branch-eni-capacity: 16, max-pods: 16',
    '6.0': 'branch-eni-capacity: 6',
    '~': '',
    '[6]': '',
    '{a: 1}': '',
  });
});

test('templates: Helm and Jinja manifests are skipped at the template mark; a templated CI workflow is ignored', () => {
  assert.deepEqual(summary(check('helm-template.yaml', corpus('helm-template.yaml'))), ['helm-template.yaml:3:8-3:10 template-skipped']);
  assert.deepEqual(summary(check('jinja-template.yaml', corpus('jinja-template.yaml'))), ['jinja-template.yaml:0:0-0:2 template-skipped']);
  assert.deepEqual(check('github-workflow.yml', corpus('github-workflow.yml')), []);
});

test('JSON in a .yaml file is read as YAML, with exact ranges', () => {
  const text = corpus('json-in-yaml.yaml');
  const findings = check('json-in-yaml.yaml', text);
  assert.deepEqual(
    findings.map((f) => [f.rule, textAt(text, f.range)]),
    [['branch-eni-capacity', '"r6g.medium"']],
  );
});

test('a file above the size limit is skipped with an info finding that counts bytes, not characters', () => {
  const euro = `a: ${'€'.repeat(1_500_000)}\n`; // 1.5 M characters, 4.5 MB of UTF-8
  assert.ok(euro.length < MAX_FILE_BYTES);
  assert.deepEqual(
    check('euro.yaml', euro, []).map((f) => `${f.rule} ${f.severity} ${f.message}`),
    ["template-skipped info Skipped: the file is 4.3 MB, above ENI Lens's 4 MB limit for manifests."],
  );
});

test('the CLI skips a 50 MB file without reading it and still checks the others', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eni-lens-big-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const line = `- ${'x'.repeat(1021)}\n`; // 1 KiB
  const fd = fs.openSync(path.join(dir, 'big.yaml'), 'w');
  for (let i = 0; i < 50; i++) fs.writeSync(fd, line.repeat(1024)); // 50 MiB
  fs.closeSync(fd);
  fs.writeFileSync(path.join(dir, 'web.yaml'), `${deployment({ name: 'web', replicas: 6, instanceType: 'r6g.medium' })}---\n${SELECTS_WEB.text}`);
  const cli = spawnSync(process.execPath, [CLI, 'check', '.', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
  assert.equal(cli.status, 1, cli.stderr);
  assert.deepEqual(
    (JSON.parse(cli.stdout).findings as Finding[]).map((f) => `${f.file} ${f.rule} ${f.severity} ${f.message.slice(0, 60)}`),
    [
      "big.yaml template-skipped info Skipped: the file is 50.0 MB, above ENI Lens's 4 MB limit fo",
      'web.yaml branch-eni-capacity error 6 pods need branch ENIs; 1 × r6g.medium (assumed) holds 4: 2',
    ],
  );
});

const CONFIG_ERRORS = [
  '.eni-lens.yaml:2: prefixDelegation must be true or false',
  '.eni-lens.yaml:3: securityGroupsForPods must be true or false',
  '.eni-lens.yaml:4: securityGroupsPerEni must be a whole number from 1 to 100000',
  '.eni-lens.yaml:5: assumeNodes must be a whole number from 1 to 100000',
  ".eni-lens.yaml:6: unknown key 'nodepools' (did you mean 'nodePools'?)",
  ".eni-lens.yaml:8: rules: unknown rule 'no-such-rule'",
  '.eni-lens.yaml:9: rules: max-pods must be error, warning, info or off',
  '.eni-lens.yaml:11: nodePools entry 1 must be a map with name, instanceType and nodes',
  '.eni-lens.yaml:12: nodePools entry 2: name is missing',
  ".eni-lens.yaml:14: node pool 'typed': instanceType must be an instance type name such as r6g.large",
  ".eni-lens.yaml:15: node pool 'typed': nodes must be a whole number from 0 to 100000",
  ".eni-lens.yaml:16: node pool 'typed': maxPods must be a whole number from 1 to 100000",
  ".eni-lens.yaml:17: node pool 'typed': labels must be a map of label keys to values",
  ".eni-lens.yaml:18: node pool 'typed': unknown key 'instancetype' (did you mean 'instanceType'?)",
  ".eni-lens.yaml:13: node pool 'typed': instanceType (or instanceTypes) is missing",
  ".eni-lens.yaml:20: node pool 'listless': instanceTypes must be a list",
  ".eni-lens.yaml:19: node pool 'listless': instanceType (or instanceTypes) is missing",
];

test('a .eni-lens.yaml with every kind of mistake: each error names its key and line; defaults stand in', () => {
  const { errors, config } = parseConfig(corpus('bad-config/.eni-lens.yaml'), '.eni-lens.yaml');
  assert.deepEqual(
    errors.map((e) => e.message),
    CONFIG_ERRORS,
  );
  for (const e of errors)
    assert.equal(e.range.start.line + 1, Number(/^\.eni-lens\.yaml:(\d+):/.exec(e.message)![1]), `the squiggle sits on the line the message names: ${e.message}`);
  assert.deepEqual([config.prefixDelegation, config.securityGroupsPerEni, config.assumeNodes], [false, 5, 1]);
  assert.deepEqual(
    config.nodePools.map((p) => [p.name, p.instanceTypes.map((t) => t.value)]),
    [['pool-2', ['r6g.medium']]],
    'only the pool with a type is kept',
  );
});

test('the CLI exits 2 on that config and prints every error', () => {
  const cli = spawnSync(process.execPath, [CLI, 'check', '.'], { cwd: path.join(CORPUS, 'bad-config'), encoding: 'utf8' });
  assert.equal(cli.status, 2);
  assert.equal(cli.stdout, '');
  const rulesKnown =
    '  Known keys: branch-eni-capacity, branch-eni-unsupported, max-pods, ip-capacity, security-groups-per-eni, unknown-instance-type, sgp-invalid, rollout-surge, no-matching-pool, security-groups-for-pods-disabled, duplicate-object, kustomize-invalid, kustomize-remote, template-skipped, yaml-syntax, config.';
  assert.deepEqual(
    cli.stderr.trim().split('\n'),
    CONFIG_ERRORS.flatMap((m) => [`eni-lens: config error: ${m}`, ...(m.includes('no-such-rule') ? [rulesKnown] : [])]),
    'a detail (the keys there are) is printed under its error',
  );
});
