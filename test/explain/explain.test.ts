// The pure content builders the server wraps: instance-type slots, suppression edits, instance-type Markdown.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, defaultConfig, parseConfig, type Finding } from '../../shared';
import { instanceTypeSlotAt, rankInstanceTypes } from '../../shared/explain/completion';
import { instanceTypeMarkdown } from '../../shared/explain/instanceType';
import { hoverAt } from '../../shared/explain/hover';
import { ignoreForLineEdit, ignoreForObjectEdit } from '../../shared/edits/suppress';
import { lookupInstanceType } from '../../shared/instances';

const AFFINITY = `spec:
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
          - matchExpressions:
              - key: node.kubernetes.io/instance-type
                operator: In
                values:
                  - r6g.medium
                  - m5.
              - key: topology.kubernetes.io/zone
                operator: In
                values:
                  - eu-west-1a
`;

test('instance-type slots: nodeSelector values, affinity values lists, config instanceTypes, half-typed values', () => {
  assert.deepEqual(instanceTypeSlotAt('      node.kubernetes.io/instance-type: r6g.me', { line: 0, character: 46 }), {
    range: { start: { line: 0, character: 40 }, end: { line: 0, character: 46 } },
    value: 'r6g.me',
  });
  assert.deepEqual(instanceTypeSlotAt('    instanceType: "m5.large"', { line: 0, character: 20 })?.value, 'm5.large');
  assert.equal(instanceTypeSlotAt('      node.kubernetes.io/instance-type: r6g', { line: 0, character: 10 }), undefined, 'on the key, not the value');
  assert.equal(instanceTypeSlotAt(AFFINITY, { line: 10, character: 22 })?.value, 'm5.');
  assert.equal(instanceTypeSlotAt(AFFINITY, { line: 9, character: 22 })?.value, 'r6g.medium');
  assert.equal(instanceTypeSlotAt(AFFINITY, { line: 14, character: 22 }), undefined, 'values of the zone expression');
  const config = 'nodePools:\n  - name: a\n    instanceTypes:\n      - m5.large\n      - \n';
  assert.deepEqual(instanceTypeSlotAt(config, { line: 4, character: 8 })?.range, { start: { line: 4, character: 8 }, end: { line: 4, character: 8 } });
});

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  annotations: ANNOTATIONS
spec:
  replicas: 20
  selector: {matchLabels: {app: api}}
  template:
    metadata:
      labels: {app: api}
    spec:
      nodeSelector:
        node.kubernetes.io/instance-type: m5.large
      containers:
        - name: c
          resources:
            limits:
              vpc.amazonaws.com/pod-eni: "1"
`;

function findingOf(text: string): { finding: Finding; analysis: ReturnType<typeof analyze> } {
  const analysis = analyze([{ file: 'd.yaml', text }], defaultConfig());
  const finding = analysis.findings.find((f) => f.rule === 'branch-eni-capacity');
  assert.ok(finding, JSON.stringify(analysis.findings.map((f) => f.rule)));
  return { finding, analysis };
}

test('ignore for this object: flow, empty and missing annotations; an existing value is merged', () => {
  const cases: [string, { line: number; character: number }, { line: number; character: number }, string][] = [
    ['{team: a}', { line: 4, character: 23 }, { line: 4, character: 23 }, ', eni-lens.io/ignore: branch-eni-capacity'],
    ['{}', { line: 4, character: 16 }, { line: 4, character: 16 }, ' eni-lens.io/ignore: branch-eni-capacity '],
    ['', { line: 4, character: 14 }, { line: 4, character: 14 }, '\n    eni-lens.io/ignore: branch-eni-capacity'],
    ['{eni-lens.io/ignore: "max-pods "}', { line: 4, character: 36 }, { line: 4, character: 47 }, '"max-pods,branch-eni-capacity"'],
  ];
  for (const [annotations, start, end, newText] of cases) {
    const text = DEPLOYMENT.replace(' ANNOTATIONS', annotations ? ` ${annotations}` : '');
    const { finding, analysis } = findingOf(text);
    const edit = ignoreForObjectEdit(analysis, finding, text);
    assert.deepEqual(edit, { file: 'd.yaml', range: { start, end }, newText }, annotations);
    const fixed = analyze([{ file: 'd.yaml', text: apply(text, edit!) }], defaultConfig());
    assert.equal(fixed.findings.filter((f) => f.rule === 'branch-eni-capacity').length, 0, `${annotations}: still reported after\n${apply(text, edit!)}`);
  }
});

test("ignore for this line: a new comment with the line's indentation, or the rule added to one already there", () => {
  const text = DEPLOYMENT.replace(' ANNOTATIONS', ' {}');
  const { finding } = findingOf(text);
  assert.deepEqual(ignoreForLineEdit(finding, text).newText, '        # eni-lens-disable-next-line branch-eni-capacity\n');
  const commented = text.replace('        node.kubernetes.io', '        # eni-lens-disable-next-line max-pods -- reviewed\n        node.kubernetes.io');
  const { finding: again, analysis } = findingOf(commented);
  const edit = ignoreForLineEdit(again, commented);
  assert.deepEqual(edit.range.start, { line: 13, character: 45 });
  const fixed = apply(commented, edit);
  assert.match(fixed, /# eni-lens-disable-next-line max-pods branch-eni-capacity -- reviewed\n/);
  assert.ok(analysis.findings.length > 0);
  assert.equal(analyze([{ file: 'd.yaml', text: fixed }], defaultConfig()).findings.filter((f) => f.rule === 'branch-eni-capacity').length, 0);
});

test('instance-type Markdown: Xen types have no trunk, big types are capped, unknown types get suggestions', () => {
  const m4 = instanceTypeMarkdown('m4.large', false);
  assert.match(m4, /\| Trunking \(security groups for pods\) \| no \|/);
  assert.match(m4, /\| IPs for ordinary pods with the trunk ENI \| no trunk ENI on this type \|/);
  assert.match(m4, /\| Max pods, prefix delegation \| 20 \(no prefix delegation off Nitro\) \|/);
  assert.match(m4, /\| Hypervisor \| Xen \|/);
  assert.match(instanceTypeMarkdown('c5.18xlarge', true), /\| Max pods, prefix delegation \| 250 \(11762 capped at 250\) ← this cluster \|/);
  assert.match(instanceTypeMarkdown('p5.48xlarge', false), /\| ENIs \(default card \/ all cards\) \| 2 \/ 64 \(32 cards\) \|/);
  assert.match(instanceTypeMarkdown('r6g.mediun', false), /not in ENI Lens's EC2 data.*\n\nDid you mean `r6g.medium`/);
});

test('hover works in a config pool and a Karpenter-free workload with an explicit pod-eni request', () => {
  const config = parseConfig('nodePools:\n  - name: p\n    instanceType: m5.large\n    nodes: 1\n', 'c.yaml');
  const text = DEPLOYMENT.replace(' ANNOTATIONS', ' {}');
  const analysis = analyze([{ file: 'd.yaml', text }], config.config);
  assert.match(hoverAt(analysis, 'd.yaml', { line: 6, character: 13 })!.markdown, /20 pod-eni needed · 1 × m5\.large gives 9 · 11 short/);
  assert.match(hoverAt(analysis, 'd.yaml', { line: 6, character: 13 })!.markdown, /it requests `vpc.amazonaws.com\/pod-eni` itself/);
  assert.match(hoverAt(analysis, 'c.yaml', { line: 1, character: 11 })!.markdown, /Branch ENIs: the pool gives 9; workloads that can land here want 20/);
});

test('ranking without branch ENIs: max pods decides, the current family first', () => {
  const ranked = rankInstanceTypes({ podsPerNode: 30, like: lookupInstanceType('m5.large') }, false);
  assert.equal(ranked[0].name, 'm5.xlarge');
  assert.ok(ranked.find((r) => r.name === 'm5.large')!.detail.startsWith('✗'), 'm5.large holds 29 pods');
  assert.ok(ranked.find((r) => r.name === 't3.large')!.detail.startsWith('✓'), 't3.large holds 35 pods and needs no trunk here');
});

function apply(text: string, edit: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return text.slice(0, offset(edit.range.start)) + edit.newText + text.slice(offset(edit.range.end));
}

test("hover on a finding's range: the hover's own summary first, then the finding's message and its detail, escaped", () => {
  const { config } = parseConfig('nodePools:\n  - name: sg\n    instanceType: r6g.medium\n    nodes: 1\n', 'c/.eni-lens.yaml');
  const deployment = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: pay, namespace: default}',
    'spec:',
    '  replicas: 6',
    '  template:',
    '    metadata: {labels: {app: pay}}',
    '    spec:',
    '      nodeSelector: {node.kubernetes.io/instance-type: r6g.medium}',
    '      containers: [{name: app, image: nginx}]',
    '',
  ].join('\n');
  const policy =
    'apiVersion: vpcresources.k8s.aws/v1beta1\nkind: SecurityGroupPolicy\nmetadata: {name: pay, namespace: default}\nspec:\n  podSelector: {matchLabels: {app: pay}}\n  securityGroups: {groupIds: [sg-1]}\n';
  // A remote resource whose URL carries Markdown: the hover shows it as text.
  const kustomization = 'resources:\n  - https://example.com/[x](http://evil)/**deploy**\n';
  const analysis = analyze(
    [
      { file: 'c/app.yaml', text: deployment },
      { file: 'c/sgp.yaml', text: policy },
      { file: 'k/kustomization.yaml', text: kustomization },
    ],
    config,
  );
  const [finding] = analysis.findings.filter((f) => f.rule === 'branch-eni-capacity');
  assert.equal(finding.message, '6 pods need branch ENIs; pool sg (1 × r6g.medium) holds 4: 2 stay Pending');
  const hover = hoverAt(analysis, 'c/app.yaml', { line: 8, character: 57 })!;
  assert.deepEqual(hover.range, finding.range, 'the pinned type: the instance-type hover and the finding share it');
  const [summary] = hover.markdown.split('\n');
  assert.equal(summary, '**Deployment default/pay** · 6 pods (replicas: 6)', 'the summary line comes first');
  assert.ok(hover.markdown.endsWith(`\n\n---\n\n**${finding.message}**\n\n${finding.detail}`), `the finding's message, then its detail, after the summary:\n${hover.markdown}`);
  assert.match(finding.detail!, /^Pods needing a branch ENI \(vpc\.amazonaws\.com\/pod-eni\): 6 needed, but the nodes they can reach hold 4 branch ENIs/);
  // Elsewhere in the Deployment (its kind): no target, no finding, no hover.
  assert.equal(hoverAt(analysis, 'c/app.yaml', { line: 1, character: 3 }), undefined);

  // A finding where ENI Lens has no hover of its own: the finding alone, its user text escaped.
  const remote = analysis.findings.find((f) => f.rule === 'kustomize-remote')!;
  const alone = hoverAt(analysis, 'k/kustomization.yaml', { line: 1, character: 10 })!;
  assert.deepEqual(alone.range, remote.range);
  assert.equal(
    alone.markdown,
    "**Remote resource 'https://example.com/\\[x\\](http://evil)/\\*\\*deploy\\*\\*' is not fetched: what it deploys is not analysed**\n\nENI Lens reads only local files.",
  );
});
