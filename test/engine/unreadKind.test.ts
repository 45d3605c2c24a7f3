// Documents of kinds the analysis does not read are not parsed: which ones the text decides, exactly, and
// what that changes (their syntax errors and templates are not reported; kustomize inputs are read whole).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, defaultConfig, parseSource } from '../../shared';
import { READ_KINDS } from '../../shared/k8s/readKinds';
import { factsOfObjects } from '../../shared/model/fileFacts';
import { kubeObjects } from '../../shared/k8s/objects';
import { unreadKindOf } from '../../shared/yaml/unreadKind';

const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n';

test('plain apiVersion and kind lines of a block mapping at column 0 decide the kind', () => {
  assert.deepEqual(unreadKindOf(CONFIG_MAP), { apiVersion: 'v1', kind: 'ConfigMap' });
  assert.deepEqual(unreadKindOf(`---\n${CONFIG_MAP}`), { apiVersion: 'v1', kind: 'ConfigMap' });
  assert.deepEqual(unreadKindOf(CONFIG_MAP.replace(/\n/g, '\r\n')), { apiVersion: 'v1', kind: 'ConfigMap' });
  assert.deepEqual(unreadKindOf('# a comment\napiVersion: "v1" # core\nkind: \'Secret\'\nmetadata: {}\n'), { apiVersion: 'v1', kind: 'Secret' });
  // A block sequence at column 0, a block scalar holding `kind:` lines: values of the keys above.
  assert.deepEqual(
    unreadKindOf('apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nsubjects:\n- kind: ServiceAccount\n  name: web\nroleRef:\n  kind: Role\n  name: r\n'),
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding' },
  );
  assert.deepEqual(unreadKindOf('apiVersion: v1\nkind: ConfigMap\ndata:\n  run.sh: |\n    kind: Deployment\n\n    echo\n'), { apiVersion: 'v1', kind: 'ConfigMap' });
});

test('the kinds the analysis reads, and anything unclear, are parsed', () => {
  for (const kind of READ_KINDS) assert.equal(unreadKindOf(`apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: x\n`), undefined, kind);
  const unclear = [
    'apiVersion: v1\nkind: Config\n  Map\n', // a plain scalar continued: "Config Map"
    'apiVersion: v1\nkind: ConfigMap\nkind: Deployment\n', // two kind keys
    'apiVersion: v1\nkind: ConfigMap\n"kind": Deployment\n',
    'apiVersion: v1\nkind : ConfigMap\n',
    '{apiVersion: v1, kind: ConfigMap}\n',
    '{"apiVersion": "v1", "kind": "ConfigMap"}\n',
    '--- !!map\napiVersion: v1\nkind: ConfigMap\n',
    '--- # starts here\napiVersion: v1\nkind: ConfigMap\n',
    '%YAML 1.2\n---\napiVersion: v1\nkind: ConfigMap\n',
    'apiVersion: v1\nkind: ConfigMap\nbase: &b\n  x: 1\n',
    'apiVersion: v1\n<<: {kind: Deployment}\nkind: ConfigMap\n',
    'apiVersion: v1\nkind: *k\n',
    'apiVersion: v1\nkind: !!str ConfigMap\n',
    'apiVersion: v1\nkind: Null\n',
    'apiVersion: v1\nnote: "open\nkind: ConfigMap\n',
    '  apiVersion: v1\n  kind: ConfigMap\n',
    'apiVersion: v1\n\tkind: ConfigMap\n',
    'apiVersion: v1\rkind: ConfigMap\n',
    'apiVersion: v1\nkind: ConfigMap\n...\napiVersion: apps/v1\nkind: Deployment\n',
    'apiVersion: v1\nkind: ConfigMap\n---\napiVersion: apps/v1\nkind: Deployment\n',
    'kind: ConfigMap\nmetadata: {}\n', // no apiVersion: not an object, nothing to skip
    '- apiVersion: v1\n  kind: ConfigMap\n',
  ];
  for (const text of unclear) assert.equal(unreadKindOf(text), undefined, JSON.stringify(text));
});

test('READ_KINDS: an object of a kind outside it gives the model nothing', () => {
  const others = [
    'ConfigMap',
    'Secret',
    'Service',
    'Ingress',
    'Role',
    'RoleBinding',
    'ClusterRole',
    'CustomResourceDefinition',
    'Namespace',
    'PodDisruptionBudget',
    'NetworkPolicy',
    'Kustomization',
  ];
  for (const kind of others) {
    const text = `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: aws-node\n  namespace: kube-system\nspec:\n  template:\n    spec:\n      containers: [{name: c}]\n`;
    const facts = factsOfObjects(kubeObjects(parseSource({ file: 'f.yaml', text }, undefined, { allKinds: true })));
    assert.equal(facts.objects.length, 1, kind);
    assert.deepEqual([facts.workloads, facts.policies, facts.accountLabels, facts.autoscalerTargets, facts.clusterWide], [[], [], [], [], false], kind);
  }
});

const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers: [{name: app}]\n';

test('a file: unread documents are not parsed, keep their place in the numbering, and report nothing', () => {
  const text = `${CONFIG_MAP.replace('name: settings', 'name: {{ .Values.name }}')}---\n${CONFIG_MAP.replace('mode: fast', 'mode: [open')}---\n${DEPLOYMENT}`;
  const lazy = parseSource({ file: 'f.yaml', text });
  assert.equal(lazy.unreadDocuments, 2);
  assert.deepEqual(lazy.findings, []);
  assert.deepEqual(
    kubeObjects(lazy).map((o) => [o.kind, o.place.document]),
    [['Deployment', 2]],
  );
  // Read whole (as kustomize inputs are): the template and the syntax error are reported.
  const whole = parseSource({ file: 'f.yaml', text }, undefined, { allKinds: true });
  assert.equal(whole.unreadDocuments, undefined);
  assert.deepEqual(
    whole.findings.map((f) => [f.rule, f.range.start.line, f.range.start.character]),
    [
      ['template-skipped', 3, 8],
      ['yaml-syntax', 13, 0],
    ],
  );
  assert.deepEqual(
    kubeObjects(whole).map((o) => [o.kind, o.place.document]),
    [['Deployment', 2]],
  );
});

test('kustomize reads its inputs whole: a replacement takes a ConfigMap field, a broken ConfigMap is still reported', () => {
  const files = [
    {
      file: 'app/kustomization.yaml',
      text: 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - config.yaml\n  - web.yaml\nreplacements:\n  - source: {kind: ConfigMap, name: settings, fieldPath: data.replicas}\n    targets:\n      - select: {kind: Deployment, name: web}\n        fieldPaths: [spec.replicas]\n',
    },
    { file: 'app/config.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  replicas: 7\n' },
    { file: 'app/web.yaml', text: DEPLOYMENT },
    { file: 'plain/broken.yaml', text: CONFIG_MAP.replace('mode: fast', 'mode: [open') },
  ];
  const analysis = analyze(files, defaultConfig());
  assert.deepEqual(
    analysis.model.workloads.map((w) => [w.workload.object.name, w.pods]),
    [['web', 7]],
  );
  const broken = [{ ...files[3], file: 'app/broken.yaml' }];
  const withBroken = analyze([{ ...files[0], text: files[0].text.replace('  - web.yaml\n', '  - web.yaml\n  - broken.yaml\n') }, ...files.slice(1, 3), ...broken], defaultConfig());
  assert.deepEqual(
    withBroken.findings.filter((f) => f.rule === 'yaml-syntax').map((f) => f.file),
    ['app/broken.yaml'],
  );
  // Outside a kustomization the same file is a ConfigMap the analysis does not read: nothing to report.
  assert.deepEqual(analyze(files.slice(3), defaultConfig()).findings, []);
});
