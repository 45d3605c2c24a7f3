// What the engine judges in kustomize trees: the entry points' rendered objects, each value located where
// it is written, duplicates judged once, broken kustomizations reported at the offending entry.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, parseConfig } from '../../shared';
import { at, CONFIG_PATH, findingsFor } from '../helpers/analyze';
import { BROKEN, CATALOG, CATALOG_PATCHED, PLATFORM, SG_POOL_CONFIG, THREE_COPIES } from './fixtures';
import { built } from './helpers';

function modelOf(files: Record<string, string>, configText = '') {
  const { config } = parseConfig(configText, CONFIG_PATH);
  return analyze(
    Object.entries(files).map(([file, text]) => ({ file, text })),
    config,
  ).model;
}

const summary = (files: Record<string, string>, configText = '') =>
  modelOf(files, configText).workloads.map((w) => ({
    workload: `${w.workload.kind} ${w.workload.object.namespace}/${w.workload.object.name}`,
    via: w.workload.object.via,
    pods: w.pods,
    podsSource: w.podsSource,
    branchEni: w.branchEni.needed,
  }));

test('the entry points dev and prod are judged, the base and the patch files are not judged on their own', () => {
  assert.deepEqual(summary(CATALOG, SG_POOL_CONFIG), [
    {
      workload: 'Deployment catalog/dev-catalog',
      via: 'apps/catalog/overlays/dev/kustomization.yaml',
      pods: 2,
      podsSource: 'HorizontalPodAutoscaler dev-catalog maxReplicas: 2',
      branchEni: false,
    },
    { workload: 'Deployment catalog/dev-catalog-debug', via: 'apps/catalog/overlays/dev/kustomization.yaml', pods: 1, podsSource: 'default 1', branchEni: false },
    { workload: 'Deployment catalog/prod-catalog', via: 'apps/catalog/overlays/prod/kustomization.yaml', pods: 12, podsSource: 'replicas: 12', branchEni: true },
  ]);
});

test('the overcommit prod causes is found at the replicas: entry of its kustomization, naming the kustomization', () => {
  const findings = findingsFor(CATALOG, SG_POOL_CONFIG);
  assert.deepEqual(
    findings.map((f) => [f.rule, f.file, ...at(f)]),
    [['branch-eni-capacity', 'apps/catalog/overlays/prod/kustomization.yaml', 14, 11, 13]],
  );
  const [f] = findings;
  assert.equal(f.message, '12 pods need branch ENIs; pool sg (1 × m5.large) holds 9: 3 stay Pending (via overlays/prod)');
  assert.equal(
    f.detail,
    "Pods needing a branch ENI (vpc.amazonaws.com/pod-eni): 12 needed, but the nodes they can reach hold 9 branch ENIs: 1 × m5.large (node pool 'sg' in .eni-lens.yaml) with 9 branch ENIs each. " +
      'This Deployment runs 12 pods (replicas: 12). Its pods are selected by SecurityGroupPolicy catalog/prod-catalog-pods. 3 will stay Pending with "Insufficient vpc.amazonaws.com/pod-eni". ' +
      '(Rendered through overlays/prod/kustomization.yaml.)',
  );
  assert.deepEqual(f.object, { kind: 'Deployment', namespace: 'catalog', name: 'prod-catalog' });
  // The policy is rendered too: its related location is its name in its own file.
  assert.deepEqual(
    f.related.map((r) => [r.file, r.range.start.line, r.message]),
    [
      ['apps/catalog/overlays/prod/security-group-policy.yaml', 3, 'SecurityGroupPolicy catalog/prod-catalog-pods selects these pods, so each needs a branch ENI'],
      ['cluster/.eni-lens.yaml', 2, "node pool: 1 × m5.large (node pool 'sg' in .eni-lens.yaml)"],
      ['apps/catalog/overlays/prod/kustomization.yaml', 0, 'kustomization this Deployment is rendered through'],
    ],
  );
});

test('replicas raised by a strategic merge patch are found in the patch file', () => {
  const findings = findingsFor(CATALOG_PATCHED, SG_POOL_CONFIG);
  assert.deepEqual(
    findings.map((f) => [f.rule, f.file, ...at(f), f.object?.name]),
    [
      // The debug Deployment shares the pool and has no replicas of its own: its name, in the base.
      ['branch-eni-capacity', 'apps/catalog/base/deployment.yaml', 22, 8, 21, 'prod-catalog-debug'],
      ['branch-eni-capacity', 'apps/catalog/overlays/prod/replicas.yaml', 5, 12, 14, 'prod-catalog'],
    ],
  );
});

test('a component and an overlay of an overlay: namespace, template labels, inline JSON 6902 and a label-selected inline patch', () => {
  assert.deepEqual(built(PLATFORM, 'platform/overlays/staging-eu/kustomization.yaml').objects, [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'eu', labels: { app: 'web', security: 'pods' } },
      spec: {
        replicas: 10,
        template: {
          metadata: { labels: { app: 'web', security: 'pods' } },
          spec: { containers: [{ name: 'web', image: 'nginx' }], nodeSelector: { 'node.kubernetes.io/instance-type': 'm5.large' } },
        },
      },
    },
    {
      apiVersion: 'vpcresources.k8s.aws/v1beta1',
      kind: 'SecurityGroupPolicy',
      metadata: { name: 'web-pods', namespace: 'eu', labels: { security: 'pods' } },
      spec: { podSelector: { matchLabels: { security: 'pods' } }, securityGroups: { groupIds: ['sg-0123456789abcdef0'] } },
    },
  ]);
  // staging is included by staging-eu, so only staging-eu is an entry point.
  assert.deepEqual(summary(PLATFORM), [
    { workload: 'Deployment eu/web', via: 'platform/overlays/staging-eu/kustomization.yaml', pods: 10, podsSource: 'replicas: 10', branchEni: true },
  ]);
  const findings = findingsFor(PLATFORM);
  // The instance type is set by the inline patch: the finding and its quick fix point into the inline block.
  assert.deepEqual(
    findings.map((f) => [f.rule, f.file, ...at(f)]),
    [['branch-eni-capacity', 'platform/overlays/staging-eu/kustomization.yaml', 22, 48, 56]],
  );
  assert.deepEqual(
    findings[0].fixes[0].edits.map((e) => [e.file, ...at(e), e.newText]),
    [['platform/overlays/staging-eu/kustomization.yaml', 22, 48, 56, 'm5.xlarge']],
  );
  // The inline JSON patch's value: the replicas are located at `value: 10`.
  const web = modelOf(PLATFORM).workloads[0];
  assert.deepEqual([web.podsFile, web.podsRange && at({ range: web.podsRange })], ['platform/overlays/staging-eu/kustomization.yaml', [10, 15, 17]]);
});

test('one app kept three times (plain, kustomize overlay, release bundle) is judged once, from the copy with the most pods', () => {
  assert.deepEqual(summary(THREE_COPIES, SG_POOL_CONFIG), [
    { workload: 'Deployment default/cartservice', via: 'kustomize/overlays/prod/kustomization.yaml', pods: 12, podsSource: 'replicas: 12', branchEni: false },
  ]);
  const findings = findingsFor(THREE_COPIES, SG_POOL_CONFIG);
  assert.deepEqual(
    findings.map((f) => [f.rule, f.severity, f.file, ...at(f)]),
    [
      ['duplicate-object', 'info', 'kubernetes-manifests/cartservice.yaml', 3, 8, 19],
      ['duplicate-object', 'info', 'release/kubernetes-manifests.yaml', 3, 8, 19],
    ],
  );
  assert.equal(findings[0].message, 'This Deployment is defined 3 times: judged from kustomize/overlays/prod, not from this copy (kubernetes-manifests/cartservice.yaml)');
  assert.equal(
    findings[0].detail,
    'Deployment default/cartservice is defined 3 times (kubernetes-manifests/cartservice.yaml; kustomize/base/cartservice.yaml through kustomize/overlays/prod/kustomization.yaml; release/kubernetes-manifests.yaml). ' +
      'The cluster holds it once, so it is judged once, from the copy with the most pods (replicas: 12) in kustomize/base/cartservice.yaml through kustomize/overlays/prod/kustomization.yaml; ' +
      'this copy (kubernetes-manifests/cartservice.yaml) is not counted.',
  );
  assert.deepEqual(
    findings[0].related.map((r) => [r.file, r.range.start.line, r.message]),
    [
      ['kustomize/base/cartservice.yaml', 3, 'judged copy: kustomize/base/cartservice.yaml through kustomize/overlays/prod/kustomization.yaml'],
      ['release/kubernetes-manifests.yaml', 3, 'another copy: release/kubernetes-manifests.yaml'],
    ],
  );
  // Summed, 10 + 12 + 10 pods would overrun m5.large's 29 max pods.
  assert.equal(
    findings.some((f) => f.rule === 'max-pods'),
    false,
  );
});

test('a broken kustomization is a finding at each offending entry, and the rest of the tree is analysed', () => {
  const findings = findingsFor(BROKEN);
  assert.deepEqual(
    findings.map((f) => [f.rule, f.severity, f.file, ...at(f)]),
    [
      ['yaml-syntax', 'info', 'broken/bad.yaml', 4, 0, 0],
      ['kustomize-invalid', 'warning', 'broken/kustomization.yaml', 2, 4, 16],
      ['kustomize-remote', 'info', 'broken/kustomization.yaml', 3, 4, 54],
      ['kustomize-invalid', 'warning', 'broken/kustomization.yaml', 4, 4, 12],
      ['kustomize-invalid', 'warning', 'broken/kustomization.yaml', 6, 10, 20],
      ['kustomize-invalid', 'warning', 'broken/kustomization.yaml', 8, 10, 16],
      ['kustomize-invalid', 'warning', 'loops/b/kustomization.yaml', 1, 4, 8],
    ],
  );
  assert.deepEqual(
    findings.slice(1).map((f) => [f.message, f.detail]),
    [
      [
        "resources: 'missing.yaml' is not among the analysed files; kustomize build fails on it",
        'An entry names a manifest, or a folder with a kustomization.yaml. The rest is analysed without it.',
      ],
      ["Remote resource 'https://github.com/example/shop//deploy?ref=v1.2.0' is not fetched: what it deploys is not analysed", 'ENI Lens reads only local files.'],
      ["'bad.yaml' is not valid YAML: kustomize build fails on it", 'See its own finding. Its readable documents are analysed.'],
      ['The patch matches no resource of this kustomization (Deployment api); kustomize build fails on it.', undefined],
      [
        "replicas: no workload named 'worker' in this kustomization; kustomize build fails on it",
        'replicas: sets the count of a Deployment, StatefulSet, ReplicaSet or ReplicationController of the kustomization.',
      ],
      ["'../a' includes a kustomization that includes this one: kustomize build fails", 'The cycle: a/kustomization.yaml → b/kustomization.yaml → a/kustomization.yaml.'],
    ],
  );
  // The patch file is not a workload; web still is.
  assert.deepEqual(
    summary(BROKEN).map((w) => [w.workload, w.pods]),
    [['Deployment default/web', 2]],
  );
});

test('kustomize: false in .eni-lens.yaml analyses the files as they lie', () => {
  const config = `${SG_POOL_CONFIG}kustomize: false\n`;
  assert.deepEqual(
    summary(CATALOG, config).map((w) => [w.workload, w.via, w.pods]),
    [
      ['Deployment default/catalog', undefined, 2],
      ['Deployment default/catalog-debug', undefined, 1],
    ],
  );
  assert.deepEqual(findingsFor(CATALOG, config), []);
  assert.deepEqual(
    parseConfig('kustomize: maybe\n', 'c.yaml').errors.map((e) => [e.message, e.detail]),
    [['c.yaml:1: kustomize must be true or false', 'true renders kustomizations (the default); false analyses files as they lie.']],
  );
});

test("an overlay's commonAnnotations eni-lens.io/ignore silences its objects' findings, not the other overlay's", () => {
  const files = {
    ...CATALOG_PATCHED,
    'apps/catalog/overlays/prod/kustomization.yaml': `${CATALOG_PATCHED['apps/catalog/overlays/prod/kustomization.yaml']}commonAnnotations:\n  eni-lens.io/ignore: branch-eni-capacity\n`,
  };
  assert.deepEqual(findingsFor(files, SG_POOL_CONFIG), []);
  // The same annotation in dev (whose pods need no branch ENIs) leaves prod's findings alone.
  const dev = {
    ...CATALOG_PATCHED,
    'apps/catalog/overlays/dev/kustomization.yaml': `${CATALOG_PATCHED['apps/catalog/overlays/dev/kustomization.yaml']}commonAnnotations:\n  eni-lens.io/ignore: all\n`,
  };
  assert.deepEqual(
    findingsFor(dev, SG_POOL_CONFIG).map((f) => f.object?.name),
    ['prod-catalog-debug', 'prod-catalog'],
  );
});

test('a policy the controller ignores, rendered by an overlay, is reported in its base naming the overlay', () => {
  const files = {
    'base/kustomization.yaml': 'resources:\n  - policy.yaml\n',
    'base/policy.yaml': 'apiVersion: vpcresources.k8s.aws/v1beta1\nkind: SecurityGroupPolicy\nmetadata:\n  name: web\nspec:\n  podSelector: {matchLabels: {app: web}}\n',
    'overlays/eu/kustomization.yaml': 'namespace: eu\nresources:\n  - ../../base\n',
  };
  const findings = findingsFor(files);
  assert.deepEqual(
    findings.map((f) => [f.rule, f.file, ...at(f), f.object?.namespace]),
    [['sgp-invalid', 'base/policy.yaml', 3, 8, 11, 'eu']],
  );
  assert.match(findings[0].detail!, /\(Rendered through overlays\/eu\/kustomization\.yaml\.\)$/);
});

test("files above a kustomization's folder are refused as kustomize's load restrictor refuses them; a folder with its own kustomization is not", () => {
  const deployment = (name: string, replicas: number) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  replicas: ${replicas}\n  template:\n    metadata:\n      labels:\n        app: ${name}\n    spec:\n      containers:\n        - name: ${name}\n          image: ${name}:1\n`;
  const files = {
    'apps/base/kustomization.yaml': 'resources:\n  - api.yaml\n',
    'apps/base/api.yaml': deployment('api', 2),
    'apps/shared/worker.yaml': deployment('worker', 3),
    'apps/shared/api-replicas.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 9\n',
    'apps/overlays/prod/kustomization.yaml': [
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      'namespace: prod',
      'resources:',
      '  - ../../base', // 4: a base: allowed
      '  - ../../shared/worker.yaml', // 5: a file above: refused
      '  - ./local/../cron.yaml', // 6: folds back below: allowed
      'patches:',
      '  - path: ../../shared/api-replicas.yaml', // 8: refused
      '',
    ].join('\n'),
    'apps/overlays/prod/cron.yaml': deployment('cron', 1),
  };
  const findings = findingsFor(files);
  assert.deepEqual(
    findings.map((f) => [f.rule, f.severity, f.file, ...at(f), f.message]),
    [
      [
        'kustomize-invalid',
        'warning',
        'apps/overlays/prod/kustomization.yaml',
        5,
        4,
        28,
        "resources: '../../shared/worker.yaml' is a file above this kustomization's folder: kustomize build fails on it",
      ],
      [
        'kustomize-invalid',
        'warning',
        'apps/overlays/prod/kustomization.yaml',
        8,
        10,
        40,
        "The patch '../../shared/api-replicas.yaml' is a file above this kustomization's folder: kustomize build fails on it",
      ],
    ],
  );
  assert.match(findings[0].detail ?? '', /in or below the folder of the kustomization that names it/);
  // The refused files are not read through the overlay, nor judged as they lie (the overlay names them).
  assert.deepEqual(
    summary(files).map((w) => [w.workload, w.pods, w.via]),
    [
      ['Deployment prod/api', 2, 'apps/overlays/prod/kustomization.yaml'],
      ['Deployment prod/cron', 1, 'apps/overlays/prod/kustomization.yaml'],
    ],
  );
});

test('a base at or above the overlay it is reached through is refused as kustomize refuses it, though that one does not include the overlay', () => {
  const files = {
    'apps/base/kustomization.yaml': 'resources:\n  - api.yaml\n',
    'apps/base/api.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 2\n',
    'apps/overlays/kustomization.yaml': 'resources:\n  - ../base\n',
    'apps/overlays/prod/kustomization.yaml': 'namespace: prod\nresources:\n  - ..\ncomponents:\n  - ../..\n',
  };
  const { findings, objects } = built(files, 'apps/overlays/prod/kustomization.yaml');
  assert.deepEqual(
    findings.map((f) => [f.file, ...at(f), f.message, f.detail]),
    [
      [
        'apps/overlays/prod/kustomization.yaml',
        2,
        4,
        6,
        "'..' is a folder at or above this kustomization's own: kustomize build fails on it",
        "Kustomize takes a base or component only from beside or below the kustomizations it comes through ('../base'), not from '..' or above: '..' holds prod/kustomization.yaml.",
      ],
      [
        'apps/overlays/prod/kustomization.yaml',
        4,
        4,
        9,
        "components: '../..' is no analysed folder with a kustomization.yaml: kustomize build fails",
        'A components: entry names a folder with a kustomization.yaml of kind Component.',
      ],
    ],
  );
  assert.deepEqual(objects, []);
  // Beside it is a base as usual.
  assert.deepEqual(built(files, 'apps/overlays/kustomization.yaml').findings, []);
});
