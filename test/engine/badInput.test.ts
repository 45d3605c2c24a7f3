import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, defaultConfig, parseConfig } from '../../shared';
import { at, deployment, findingsFor, policy } from '../helpers/analyze';

test('Helm templates are skipped with an info finding at the template syntax', () => {
  const helm = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  replicas: {{ .Values.replicas }}\n';
  const findings = findingsFor({ 'chart/templates/d.yaml': helm });
  assert.deepEqual(
    findings.map((f) => [f.rule, f.severity, ...at(f)]),
    [['template-skipped', 'info', 3, 8, 10]],
  );
  assert.match(findings[0].message, /template syntax/);
});

test('templated files that are not Kubernetes manifests (a GitHub workflow) are ignored silently', () => {
  const workflow = 'name: ci\non: push\njobs:\n  test:\n    runs-on: ${{ matrix.os }}\n    steps:\n      - run: echo ${{ github.sha }}\n';
  assert.deepEqual(findingsFor({ '.github/workflows/ci.yml': workflow }), []);
});

test('only the templated document of a multi-document file is skipped', () => {
  const text = `${deployment({ name: 'web', replicas: 6, instanceType: 'r6g.medium' })}---\nkind: ConfigMap\nmetadata:\n  name: {{ x }}\n`;
  const findings = findingsFor({ 'a.yaml': text, 's.yaml': policy({ name: 'p', podLabels: { app: 'web' } }) });
  assert.deepEqual(
    findings.map((f) => f.rule),
    ['branch-eni-capacity', 'template-skipped'],
  );
});

test('malformed YAML is reported once and the other documents still count', () => {
  const text = `key: [unclosed\n---\n${deployment({ name: 'web', replicas: 6, instanceType: 'r6g.medium' })}`;
  const findings = findingsFor({ 'a.yaml': text, 's.yaml': policy({ name: 'p', podLabels: { app: 'web' } }) });
  assert.deepEqual(
    findings.map((f) => [f.rule, f.severity]),
    [
      ['yaml-syntax', 'info'],
      ['branch-eni-capacity', 'error'],
    ],
  );
});

test('wrong types and missing fields never throw', () => {
  const weird = [
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec: 5\n',
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: b}\nspec:\n  replicas: "many"\n  template: {spec: {nodeSelector: [1, 2], containers: 7}}\n',
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: c}\nspec:\n  replicas: -3\n  template: {spec: {affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: "x"}}}}}\n',
    'apiVersion: vpcresources.k8s.aws/v1beta1\nkind: SecurityGroupPolicy\nmetadata: {name: p}\nspec: {podSelector: [a], securityGroups: {groupIds: "sg-1"}}\n',
    '- just\n- a list\n',
    'kind: Deployment\n',
    '',
    '# only a comment\n',
    'a: &x [*x]\n',
  ];
  const findings = findingsFor(Object.fromEntries(weird.map((t, i) => [`f${i}.yaml`, t])));
  assert.deepEqual(
    findings.map((f) => [f.file, f.rule]),
    [['f3.yaml', 'sgp-invalid']],
  );
});

test('an alias bomb is bounded: analysis finishes and finds nothing', () => {
  const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 10; i++)
    lines.push(
      `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
        .fill(`*${String.fromCharCode(96 + i)}`)
        .join(',')}]`,
    );
  const findings = analyze([{ file: 'bomb.yaml', text: `${lines.join('\n')}\n` }], defaultConfig()).findings;
  assert.deepEqual(findings, []);
});

test('config mistakes name the key and the line', () => {
  const { errors, config } = parseConfig('prefixDelegation: maybe\nnodepools: []\nassumeNodes: 0\nrules:\n  no-such-rule: off\n  max-pods: loud\n', 'c.yaml');
  assert.deepEqual(
    errors.map((e) => e.message),
    [
      'c.yaml:1: prefixDelegation must be true or false',
      "c.yaml:2: unknown key 'nodepools' (did you mean 'nodePools'?)",
      'c.yaml:3: assumeNodes must be a whole number from 1 to 100000',
      "c.yaml:5: rules: unknown rule 'no-such-rule'",
      'c.yaml:6: rules: max-pods must be error, warning, info or off',
    ],
  );
  assert.equal(
    errors[3].detail,
    'Known keys: branch-eni-capacity, branch-eni-unsupported, max-pods, ip-capacity, security-groups-per-eni, unknown-instance-type, sgp-invalid, rollout-surge, no-matching-pool, security-groups-for-pods-disabled, duplicate-object, kustomize-invalid, kustomize-remote, template-skipped, yaml-syntax, config.',
    'without a "did you mean", the detail lists the keys there are',
  );
  assert.equal(errors[1].detail, undefined);
  assert.equal(config.prefixDelegation, false, 'defaults stand in for broken settings');
  const pool = parseConfig('nodePools:\n  - name: x\n    nodes: two\n', 'c.yaml');
  assert.deepEqual(
    pool.errors.map((e) => e.message),
    ["c.yaml:3: node pool 'x': nodes must be a whole number from 0 to 100000", "c.yaml:2: node pool 'x': instanceType (or instanceTypes) is missing"],
  );
});
