// A base used by several overlays: hovers and code lenses show each overlay's copy, and a quick fix that
// edits the base says it changes every overlay.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, parseConfig } from '../../shared';
import { workloadLenses } from '../../shared/explain/codeLens';
import { hoverAt } from '../../shared/explain/hover';
import { CONFIG_PATH } from '../helpers/analyze';
import { CATALOG, SG_POOL_CONFIG } from './fixtures';
import { yaml } from './helpers';

const SHARED_PIN: Record<string, string> = {
  'shop/base/kustomization.yaml': yaml(['resources:', '  - deployment.yaml', '  - policy.yaml']),
  'shop/base/deployment.yaml': yaml([
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: payments',
    'spec:',
    '  replicas: 2',
    '  template:',
    '    metadata:',
    '      labels:',
    '        app: payments',
    '    spec:',
    '      nodeSelector:',
    '        node.kubernetes.io/instance-type: r6g.medium', // 12
    '      containers:',
    '        - name: payments',
    '          image: payments',
  ]),
  'shop/base/policy.yaml': yaml([
    'apiVersion: vpcresources.k8s.aws/v1beta1',
    'kind: SecurityGroupPolicy',
    'metadata:',
    '  name: payments',
    'spec:',
    '  podSelector:',
    '    matchLabels:',
    '      app: payments',
    '  securityGroups:',
    '    groupIds: [sg-0123456789abcdef0]',
  ]),
  'shop/overlays/dev/kustomization.yaml': yaml(['namespace: dev', 'resources:', '  - ../../base']),
  'shop/overlays/prod/kustomization.yaml': yaml(['namespace: prod', 'resources:', '  - ../../base', 'replicas:', '  - name: payments', '    count: 3']),
};

function analysisOf(files: Record<string, string>, configText = '') {
  return analyze(
    Object.entries(files).map(([file, text]) => ({ file, text })),
    parseConfig(configText, CONFIG_PATH).config,
  );
}

test('a fix that edits the instance type in a base used by two overlays says so in its title', () => {
  const { findings } = analysisOf(SHARED_PIN);
  assert.deepEqual(
    findings.map((f) => [f.rule, f.file, f.range.start.line, f.object?.namespace]),
    [
      ['branch-eni-capacity', 'shop/base/deployment.yaml', 12, 'dev'],
      ['branch-eni-capacity', 'shop/base/deployment.yaml', 12, 'prod'],
    ],
  );
  assert.deepEqual(
    findings[0].fixes.map((f) => f.title),
    [
      'Use r6g.large (9 branch ENIs per node, needs 5) — edits base/deployment.yaml, shared by 2 kustomizations (overlays/dev/kustomization.yaml, overlays/prod/kustomization.yaml)',
      'Use x2gd.medium (10 branch ENIs per node, needs 5) — edits base/deployment.yaml, shared by 2 kustomizations (overlays/dev/kustomization.yaml, overlays/prod/kustomization.yaml)',
    ],
  );
  assert.deepEqual(
    findings[0].fixes[0].edits.map((e) => [e.file, e.range.start.line, e.range.start.character, e.newText]),
    [['shop/base/deployment.yaml', 12, 42, 'r6g.large']],
  );
});

test("hovering a base workload's name shows each overlay's copy; each copy gets its own code lens", () => {
  const analysis = analysisOf(CATALOG, SG_POOL_CONFIG);
  const hover = hoverAt(analysis, 'apps/catalog/base/deployment.yaml', { line: 3, character: 10 });
  assert.ok(hover);
  const sections = hover.markdown.split('\n\n---\n\n');
  assert.deepEqual(
    sections.map((s) => s.split('\n')[0]),
    ['_Through overlays/dev/kustomization.yaml:_', '_Through overlays/prod/kustomization.yaml:_'],
  );
  assert.match(sections[0], /\*\*Deployment catalog\/dev-catalog\*\* · 2 pods \(HorizontalPodAutoscaler dev-catalog maxReplicas: 2\)/);
  assert.match(sections[1], /\*\*Deployment catalog\/prod-catalog\*\* · 12 pods \(replicas: 12\)/);
  assert.deepEqual(hover.range, { start: { line: 3, character: 8 }, end: { line: 3, character: 15 } });
  // Only prod's pods need branch ENIs: one lens, on the base's metadata.name, naming prod.
  assert.deepEqual(
    workloadLenses(analysis, 'apps/catalog/base/deployment.yaml').map((l) => [l.range.start.line, l.title]),
    [[3, 'overlays/prod/kustomization.yaml: 12 pod-eni · pool sg (1 × m5.large): 9 · 3 short']],
  );
});
