// `kustomize build` as data: for each fixture tree, the objects Kustomize prints (written by hand from its
// documentation: transformer order, field specs, patch semantics) and the findings of broken trees. Objects
// are listed in the order they are accumulated; `kustomize build` prints them sorted by kind, which changes
// nothing the analysis reads.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { built, yaml } from './helpers';
import { CATALOG } from './fixtures';

const containers = [{ name: 'catalog', image: 'public.ecr.aws/aws-containers/retail-store-sample-catalog:1.0.0' }];

test('dev overlay: the base namespace, the prefix on every name and on the HPA target and service account, labels on metadata and templates only', () => {
  const { objects, findings } = built(CATALOG, 'apps/catalog/overlays/dev/kustomization.yaml');
  assert.deepEqual(findings, []);
  assert.deepEqual(objects, [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'dev-catalog', namespace: 'catalog', labels: { env: 'dev' } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'catalog' } },
        template: { metadata: { labels: { app: 'catalog', env: 'dev' } }, spec: { serviceAccountName: 'dev-catalog', containers } },
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'dev-catalog-debug', namespace: 'catalog', labels: { env: 'dev' } },
      spec: { template: { metadata: { labels: { app: 'catalog-debug', env: 'dev' } }, spec: { containers: [{ name: 'shell', image: 'busybox' }] } } },
    },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'dev-catalog', namespace: 'catalog', labels: { env: 'dev' } } },
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'dev-catalog', namespace: 'catalog', labels: { env: 'dev' } },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'dev-catalog' }, minReplicas: 1, maxReplicas: 2 },
    },
  ]);
});

test('prod overlay: $patch: delete drops a Deployment, commonLabels reach selectors, the replicas field wins over the earlier patch', () => {
  const { objects, findings } = built(CATALOG, 'apps/catalog/overlays/prod/kustomization.yaml');
  assert.deepEqual(findings, []);
  assert.deepEqual(objects, [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'prod-catalog', namespace: 'catalog', labels: { tier: 'sg' } },
      spec: {
        replicas: 12,
        selector: { matchLabels: { app: 'catalog', tier: 'sg' } },
        template: { metadata: { labels: { app: 'catalog', tier: 'sg' } }, spec: { serviceAccountName: 'prod-catalog', containers } },
      },
    },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'prod-catalog', namespace: 'catalog', labels: { tier: 'sg' } } },
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'prod-catalog', namespace: 'catalog', labels: { tier: 'sg' } },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'prod-catalog' }, minReplicas: 1, maxReplicas: 2 },
    },
    {
      apiVersion: 'vpcresources.k8s.aws/v1beta1',
      kind: 'SecurityGroupPolicy',
      metadata: { name: 'prod-catalog-pods', namespace: 'catalog', labels: { tier: 'sg' } },
      spec: { podSelector: { matchLabels: { tier: 'sg' } }, securityGroups: { groupIds: ['sg-0123456789abcdef0'] } },
    },
  ]);
});

test('replacements run last: a replica count and a nodeSelector value copied from a ConfigMap, pointing back at it', () => {
  const files = {
    'app/kustomization.yaml': yaml([
      'resources:', // 0
      '  - deployment.yaml',
      '  - settings.yaml',
      'replicas:',
      '  - name: web',
      '    count: 2', // 5: overwritten by the replacement, which runs after the replicas field
      'replacements:',
      '  - source:',
      '      kind: ConfigMap',
      '      name: capacity',
      '      fieldPath: data.instanceType', // 10
      '    targets:',
      '      - select:',
      '          kind: Deployment',
      '        fieldPaths:',
      '          - spec.template.spec.nodeSelector.[node.kubernetes.io/instance-type]', // 15
      '        options:',
      '          create: true',
      '  - path: replicas-from-settings.yaml',
      '  - source:',
      '      kind: ConfigMap', // 20
      '      name: generated-by-a-generator',
      '    targets: []',
    ]),
    'app/replicas-from-settings.yaml': yaml([
      'source:',
      '  kind: Deployment',
      '  name: api',
      '  fieldPath: spec.replicas',
      'targets:',
      '  - select: {kind: Deployment, name: web}',
      '    fieldPaths: [spec.replicas]',
    ]),
    'app/deployment.yaml': yaml([
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      'spec:',
      '  replicas: 1',
      '  template:',
      '    spec:',
      '      containers: [{name: web}]',
    ]),
    'app/settings.yaml': yaml([
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: capacity',
      'data:',
      '  instanceType: r6g.medium',
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: api',
      'spec:',
      '  replicas: 7',
    ]),
  };
  const { objects, findings, build } = built(files, 'app/kustomization.yaml');
  assert.deepEqual(objects, [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { replicas: 7, template: { spec: { containers: [{ name: 'web' }], nodeSelector: { 'node.kubernetes.io/instance-type': 'r6g.medium' } } } },
    },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'capacity' }, data: { instanceType: 'r6g.medium' } },
    // The replicas: field names web only; the first replacement selects every Deployment, so api gets the nodeSelector too.
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api' },
      spec: { replicas: 7, template: { spec: { nodeSelector: { 'node.kubernetes.io/instance-type': 'r6g.medium' } } } },
    },
  ]);
  assert.deepEqual(
    findings.map((f) => [f.rule, f.severity, f.range.start.line, f.message, f.detail]),
    [
      [
        'kustomize-remote',
        'info',
        19,
        "The replacement's source (ConfigMap generated-by-a-generator) is not rendered: what it writes is not analysed",
        'The source is not among the rendered resources (ENI Lens does not run generators).',
      ],
    ],
  );
  const web = build.objects[0];
  const replicas = web.reader.at(web.root, 'spec', 'replicas');
  assert.deepEqual([web.reader.fileOf(replicas), web.reader.writtenRange(replicas)?.start], ['app/settings.yaml', { line: 12, character: 12 }]);
  const pin = web.reader.at(web.root, 'spec', 'template', 'spec', 'nodeSelector', 'node.kubernetes.io/instance-type');
  assert.deepEqual([web.reader.fileOf(pin), web.reader.writtenRange(pin)?.start], ['app/settings.yaml', { line: 5, character: 16 }]);
});

test('strategic merge semantics: containers merge by name, null deletes, $patch: replace and list-item delete; suffix, plain labels, annotations; targets by regex and annotation', () => {
  const files = {
    'svc/kustomization.yaml': yaml([
      'resources:',
      '  - workloads.yaml',
      'nameSuffix: -v2',
      'labels:',
      '  - pairs: {team: checkout}', // metadata only: no includeSelectors, no includeTemplates
      'commonAnnotations:',
      '  owner: checkout-team',
      'patchesStrategicMerge:',
      '  - |-',
      '    apiVersion: apps/v1',
      '    kind: Deployment',
      '    metadata:',
      '      name: web',
      '    spec:',
      '      strategy: null',
      '      template:',
      '        spec:',
      '          containers:',
      '            - name: web',
      '              resources:',
      '                requests: {vpc.amazonaws.com/pod-eni: "1"}',
      '            - name: sidecar',
      '              $patch: delete',
      '          nodeSelector:',
      '            $patch: replace',
      '            node.kubernetes.io/instance-type: m5.large',
      'patches:',
      '  - target:',
      '      kind: Deploy.*',
      '      annotationSelector: tier=batch',
      '    patch: |-',
      '      - op: add',
      '        path: /spec/template/spec/tolerations',
      '        value: [{key: batch, operator: Exists}]',
    ]),
    'svc/workloads.yaml': yaml([
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      'spec:',
      '  strategy: {type: Recreate}',
      '  template:',
      '    metadata:',
      '      labels: {app: web}',
      '    spec:',
      '      nodeSelector: {role: general, node.kubernetes.io/instance-type: m5.xlarge}',
      '      containers:',
      '        - name: web',
      '          image: web:1',
      '        - name: sidecar',
      '          image: envoy',
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: worker',
      '  annotations: {tier: batch}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers: [{name: worker, image: worker:1}]',
    ]),
  };
  const { objects, findings } = built(files, 'svc/kustomization.yaml');
  assert.deepEqual(findings, []);
  assert.deepEqual(objects, [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web-v2', labels: { team: 'checkout' }, annotations: { owner: 'checkout-team' } },
      spec: {
        template: {
          metadata: { labels: { app: 'web' }, annotations: { owner: 'checkout-team' } },
          spec: {
            nodeSelector: { 'node.kubernetes.io/instance-type': 'm5.large' },
            containers: [{ name: 'web', image: 'web:1', resources: { requests: { 'vpc.amazonaws.com/pod-eni': '1' } } }],
          },
        },
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'worker-v2', annotations: { tier: 'batch', owner: 'checkout-team' }, labels: { team: 'checkout' } },
      spec: {
        template: {
          spec: { containers: [{ name: 'worker', image: 'worker:1' }], tolerations: [{ key: 'batch', operator: 'Exists' }] },
          metadata: { annotations: { owner: 'checkout-team' } },
        },
      },
    },
  ]);
});
