// The XL-mix generator (bench/mix.mjs) at a small scale: documents mixed as the issue asks (about three
// other documents per workload, large CRDs, Helm templates, workflows, kustomize overlays, node pools),
// counted here from the files themselves, and the same bytes on every run.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { REPO_ROOT } from '../helpers/paths';

interface Mix {
  files: Map<string, string>;
  kinds: Record<string, number>;
}
const SCALE = 0.05;
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);
const OTHERS = new Set(['Service', 'ConfigMap', 'Secret', 'ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'Ingress', 'PodDisruptionBudget']);

async function mixFiles(scale: number): Promise<Mix> {
  // The bench is plain ES modules: import it as Node runs it, not through the test bundle.
  const mod = (await import(pathToFileURL(path.join(REPO_ROOT, 'bench', 'mix.mjs')).href)) as { mixFiles: (s: number) => Mix };
  return mod.mixFiles(scale);
}

const isTemplate = (file: string) => /^charts\/[^/]+\/templates\//.test(file);
const isOverlayOrPatch = (file: string) => file.startsWith('kustomize/') && file.includes('/overlays/');

/** Documents by kind, read with the `yaml` package from every YAML file that is not a Helm template or a patch. */
function kindsOf(files: Map<string, string>): Record<string, number> {
  const kinds: Record<string, number> = {};
  for (const [file, text] of files) {
    if (!/\.ya?ml$/.test(file) || isTemplate(file) || (isOverlayOrPatch(file) && !file.endsWith('kustomization.yaml'))) continue;
    for (const doc of parseAllDocuments(text)) {
      assert.deepEqual(doc.errors, [], `${file} parses`);
      const kind = doc.get('kind');
      if (typeof kind === 'string') kinds[kind] = (kinds[kind] ?? 0) + 1;
    }
  }
  return kinds;
}

test('XL-mix at scale 0.05: about three other documents per workload, large CRDs, charts, workflows, overlays; counted from the files', async () => {
  const { files, kinds } = await mixFiles(SCALE);
  const yamlFiles = [...files.keys()].filter((f) => /\.ya?ml$/.test(f));
  assert.ok(yamlFiles.length >= 230 && yamlFiles.length <= 270, `${yamlFiles.length} YAML files for a 250-file scale`);

  const counted = kindsOf(files);
  const workloads = Object.entries(counted)
    .filter(([k]) => WORKLOADS.has(k))
    .reduce((n, [, c]) => n + c, 0);
  const others = Object.entries(counted)
    .filter(([k]) => OTHERS.has(k))
    .reduce((n, [, c]) => n + c, 0);
  assert.ok(workloads >= 40, `${workloads} workloads`);
  assert.ok(others / workloads >= 2.5 && others / workloads <= 4, `${others} other documents for ${workloads} workloads`);
  for (const k of [
    'Service',
    'ConfigMap',
    'Secret',
    'ServiceAccount',
    'Role',
    'RoleBinding',
    'ClusterRole',
    'Ingress',
    'PodDisruptionBudget',
    'SecurityGroupPolicy',
    'HorizontalPodAutoscaler',
  ]) {
    assert.ok((counted[k] ?? 0) > 0, `some ${k}`);
  }
  // The generator's own tally agrees with what the files hold.
  for (const k of [...WORKLOADS, ...OTHERS, 'CustomResourceDefinition']) assert.equal(kinds[k] ?? 0, counted[k] ?? 0, k);

  const crds = [...files].filter(([f]) => f.startsWith('platform/crds/'));
  assert.equal(crds.length, 3, 'at least three CRDs at any scale');
  assert.equal(counted.CustomResourceDefinition, 3);
  const largest = Math.max(...crds.map(([, t]) => Buffer.byteLength(t)));
  assert.ok(largest > 100 * 1024, `largest CRD ${largest} bytes`);
  const crd = parseAllDocuments(crds[0][1])[0].toJS();
  assert.equal(crd.apiVersion, 'apiextensions.k8s.io/v1');
  assert.equal(crd.spec.versions[0].schema.openAPIV3Schema.type, 'object');
  assert.ok(Object.keys(crd.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties).length > 1);

  const templates = [...files].filter(([f]) => isTemplate(f) && f.endsWith('.yaml'));
  assert.ok(templates.length >= 8, `${templates.length} chart templates`);
  assert.ok(
    templates.every(([, t]) => t.includes('{{')),
    'every template holds {{ }}',
  );
  const charts = new Set(templates.map(([f]) => f.split('/')[1]));
  for (const chart of charts) {
    assert.ok(files.has(`charts/${chart}/Chart.yaml`), `${chart}/Chart.yaml`);
    assert.ok(files.has(`charts/${chart}/values.yaml`), `${chart}/values.yaml`);
  }
  const workflows = [...files.keys()].filter((f) => f.startsWith('.github/workflows/') && f.endsWith('.yml'));
  assert.ok(workflows.length >= 2, `${workflows.length} workflows`);
  assert.match(files.get(workflows[0])!, /\$\{\{ /);
  const overlays = [...files.keys()].filter((f) => /^kustomize\/[^/]+\/overlays\/(dev|staging|prod)\/kustomization\.yaml$/.test(f));
  assert.ok(overlays.length >= 9 && overlays.length % 3 === 0, `${overlays.length} overlays`);
  assert.match(files.get(overlays[0])!, /- \.\.\/\.\.\/base/);
  assert.match(files.get('.eni-lens.yaml')!, /nodePools:\n {2}- name: general/);
});

test('XL-mix generates the same bytes twice', async () => {
  const a = await mixFiles(SCALE);
  const b = await mixFiles(SCALE);
  assert.deepEqual([...a.files.keys()], [...b.files.keys()]);
  for (const [file, text] of a.files) assert.ok(b.files.get(file) === text, `${file} is the same`);
  assert.deepEqual(a.kinds, b.kinds);
});
