// Kustomizations of every wrong shape: each is a finding (or read past), never a throw, never a hang.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { at, findingsFor } from '../helpers/analyze';
import { yaml } from './helpers';

const web = yaml(['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', 'spec:', '  replicas: 2', '  template:', '    spec:', '      containers: [{name: web}]']);

test('wrong shapes in a kustomization are findings at their line, and the resources that can be read still are', () => {
  const kustomization = yaml([
    'resources: web.yaml', // 0: not a list
    'components: [42]',
    'namespace: {a: b}', // 2
    'commonLabels: [x]',
    'labels: [notamap]', // 4
    'replicas: [{name: web}]',
    'patches: [{target: {kind: Deployment}}]', // 6
    'patchesJson6902: [{path: ops.yaml}]',
  ]);
  const findings = findingsFor({ 'k/kustomization.yaml': kustomization, 'k/web.yaml': web, 'k/ops.yaml': '- op: replace\n  path: /spec/replicas\n  value: 3\n' });
  assert.deepEqual(
    findings.map((f) => [f.rule, ...at(f)]),
    [
      ['kustomize-invalid', 0, 11, 19],
      ['kustomize-invalid', 1, 13, 15],
      ['kustomize-invalid', 2, 11, 17],
      ['kustomize-invalid', 3, 14, 17],
      ['kustomize-invalid', 4, 9, 16],
      ['kustomize-invalid', 5, 11, 22],
      ['kustomize-invalid', 6, 10, 38],
      ['kustomize-invalid', 7, 25, 33],
    ],
  );
  // web.yaml is not a resource (resources was not a list), so it is a plain file: judged on its own.
});

test('patches that cannot apply: a JSON patch on a missing path, an invalid regex target, an inline patch that is not YAML, an alias bomb', () => {
  const bomb = [
    'a: &a [x, x, x, x, x, x, x, x, x, x]',
    ...Array.from(
      { length: 8 },
      (_, i) =>
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`,
    ),
  ];
  const kustomization = yaml([
    'resources:',
    '  - web.yaml',
    '  - bomb.yaml', // 2
    'patches:',
    '  - target: {kind: Deployment, name: web}',
    '    patch: |-', // 5
    '      - op: remove',
    '        path: /spec/strategy',
    '  - target: {name: "web["}',
    '    patch: "[{op: add}]"', // 9
    '  - patch: "{unclosed"', // 10
  ]);
  const files = {
    'k/kustomization.yaml': kustomization,
    'k/web.yaml': web,
    'k/bomb.yaml': yaml(['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: bomb', 'data:', ...bomb.map((l) => `  ${l}`)]),
  };
  const findings = findingsFor(files);
  assert.deepEqual(
    findings.map((f) => [f.rule, ...at(f), f.message]),
    [
      ['kustomize-invalid', 2, 4, 13, "A document of 'bomb.yaml' is too large to render (aliases expanding past 200000 nodes); it is left out."],
      ['kustomize-invalid', 5, 4, 9, 'The patch is not applied: remove: /spec/strategy does not exist in the object; kustomize build fails on it.'],
      ['kustomize-invalid', 9, 4, 9, "The patch is not applied: 'web[' is not a valid regular expression; kustomize build fails on it."],
      ['kustomize-invalid', 10, 11, 22, 'The inline patch is not valid YAML (Flow map must end with a }); it is not applied.'],
    ],
  );
});

test('helmCharts are not inflated: an info finding at the chart name, the resources are still rendered', () => {
  const kustomization = yaml([
    'resources:',
    '  - web.yaml',
    'helmCharts:',
    '  - name: ingress-nginx',
    '    repo: https://kubernetes.github.io/ingress-nginx',
    '    version: 4.10.0',
  ]);
  const findings = findingsFor({ 'k/kustomization.yaml': kustomization, 'k/web.yaml': web });
  assert.deepEqual(
    findings.map((f) => [f.rule, f.severity, ...at(f), f.message, f.detail]),
    [
      [
        'kustomize-remote',
        'info',
        3,
        10,
        23,
        "The Helm chart 'ingress-nginx' is not inflated: what it deploys is not analysed",
        'kustomize build --enable-helm would inflate it. Pipe the full output in instead: `kubectl kustomize --enable-helm DIR | eni-lens check -`.',
      ],
    ],
  );
});

test('a chain of 3,000 overlays, each on the one before: rendered or reported, never a crash', () => {
  const files: Record<string, string> = { 'k0/kustomization.yaml': 'resources:\n  - web.yaml\n', 'k0/web.yaml': web };
  for (let i = 1; i < 3000; i++) files[`k${i}/kustomization.yaml`] = `resources:\n  - ../k${i - 1}\n`;
  const findings = findingsFor(files);
  assert.ok(
    findings.every((f) => f.rule === 'kustomize-invalid'),
    findings.map((f) => f.message).join('\n'),
  );
});
