// `{{` is template syntax only where a template engine would read it: text inside a string of a valid
// document is analysed; Helm actions are skipped with the render-first advice; kinds whose own syntax is
// `{{ }}` (Argo CD ApplicationSets, Kyverno policies) get no finding at all.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { at, findingsFor, policy } from '../helpers/analyze';

const withSed = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: frontend',
  'spec:',
  '  replicas: 6',
  '  template:',
  '    metadata:',
  '      labels:',
  '        app: web',
  '    spec:',
  '      initContainers:',
  '        - name: config',
  '          image: busybox',
  '          command: ["sh", "-c", "sed \\"s/{{PROJECT_ID}}/$PROJECT_ID/\\" /in/app.conf > /out/app.conf"]',
  '          args:',
  '            - |',
  '              echo {{not a template here}}',
  '      nodeSelector:',
  '        node.kubernetes.io/instance-type: r6g.medium', // 19
  '      containers:',
  '        - name: web',
  '          image: nginx',
  '',
].join('\n');

test('a valid Deployment with {{ }} inside quoted and block strings is analysed, not skipped', () => {
  const findings = findingsFor({ 'frontend.yaml': withSed, 'sgp.yaml': policy({ name: 'p', podLabels: { app: 'web' } }) });
  assert.deepEqual(
    findings.map((f) => [f.rule, f.file, ...at(f)]),
    [['branch-eni-capacity', 'frontend.yaml', 19, 42, 52]],
  );
});

test('Helm actions stay template syntax even inside a quoted string', () => {
  const helm = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: web',
    '          image: "{{ .Values.image }}"',
    '',
  ].join('\n');
  const findings = findingsFor({ 'chart/templates/web.yaml': helm });
  assert.deepEqual(
    findings.map((f) => [f.rule, ...at(f)]),
    [['template-skipped', 9, 18, 20]],
  );
  // No Chart.yaml among the files and the YAML parses: the render-first advice, not Helm's.
  assert.match(findings[0].message, /so its values are not known until it is rendered/);
});

test('Argo CD ApplicationSets and Kyverno policies use {{ }} themselves: no finding at all', () => {
  const appSet = [
    'apiVersion: argoproj.io/v1alpha1',
    'kind: ApplicationSet',
    'metadata:',
    '  name: apps',
    'spec:',
    '  template:',
    '    metadata:',
    '      name: {{path.basename}}',
    '    spec:',
    "      project: '{{project}}'",
    '',
  ].join('\n');
  const kyverno = [
    'apiVersion: kyverno.io/v1',
    'kind: ClusterPolicy',
    'metadata:',
    '  name: add-labels',
    'spec:',
    '  rules:',
    '    - name: add',
    '      mutate:',
    '        patchStrategicMerge:',
    '          metadata:',
    '            labels:',
    '              owner: {{request.userInfo.username}}',
    '',
  ].join('\n');
  assert.deepEqual(findingsFor({ 'argocd/appset.yaml': appSet, 'policies/labels.yaml': kyverno }), []);
});

test('the helm template advice names the chart when a Chart.yaml is above; template syntax that parses gets the render-first advice', () => {
  const templated = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: {{ .Values.name }}', 'spec:', '  replicas: 2', ''].join('\n');
  const inChart = findingsFor({ 'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n', 'charts/web/templates/deployment.yaml': templated });
  assert.deepEqual(
    inChart.map((f) => [f.rule, f.file, ...at(f), f.message, f.detail]),
    [
      [
        'template-skipped',
        'charts/web/templates/deployment.yaml',
        3,
        8,
        10,
        "Skipped document 1: it holds template syntax ('{{'), a Helm chart template",
        'Run ENI Lens on the rendered chart: `helm template charts/web | eni-lens check -`.',
      ],
    ],
  );
  const loose = findingsFor({ 'deploy/web.yaml': templated });
  assert.deepEqual(
    loose.map((f) => [f.message, f.detail]),
    [["Skipped document 1: it holds template syntax ('{{'), so its values are not known until it is rendered", 'Run ENI Lens on the rendered output (`… | eni-lens check -`).']],
  );
  const broken = findingsFor({ 'deploy/web.yaml': templated.replace('  replicas: 2', '{{- if .Values.replicas }}\n  replicas: {{ .Values.replicas }}\n{{- end }}') });
  assert.deepEqual(
    [broken[0].message, broken[0].detail],
    ["Skipped document 1: it holds template syntax ('{{'), so it is not YAML yet", 'Run ENI Lens on the rendered output (e.g. `helm template … | eni-lens check -`).'],
  );
});
