// Every finding's message is one sentence of at most 120 characters, its explanation in `detail`: on the
// examples, on the reliability corpus and on the shared fixture workspaces (inline fixtures analysed through
// findingsFor are held to it there). Names count as at most 20 characters: long names may push a message
// past the limit, the wording never.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import test from 'node:test';
import { analyze, compareFindings, defaultConfig, parseConfig, type Finding } from '../../shared';
import { analyzePaths } from '../../cli/analyzePaths';
import { DEDICATED_SG_CLUSTER } from '../helpers/clusters';
import { overcommitAnalysis } from '../explain/overcommitWorkspace';
import { MESSAGE_LIMIT, measuredLength, namesOf, overLimit } from '../helpers/messageLength';
import { EXAMPLES, REPO_ROOT } from '../helpers/paths';
import { BROKEN, CATALOG, CATALOG_PATCHED, PLATFORM, SG_POOL_CONFIG, THREE_COPIES } from '../kustomize/fixtures';
import { deployment, policy } from '../helpers/analyze';

const silent = { stdout: new Writable({ write: (_c, _e, cb) => cb() }), stderr: new Writable({ write: (_c, _e, cb) => cb() }) };

async function exampleFindings(): Promise<{ findings: Finding[]; over: string[] }> {
  const groups = await analyzePaths([EXAMPLES], undefined, silent);
  assert.notEqual(groups, 2, 'the examples analyse');
  const findings: Finding[] = [];
  const over: string[] = [];
  for (const g of groups as Exclude<typeof groups, 2>) {
    findings.push(...g.analysis.findings);
    over.push(
      ...overLimit(
        g.analysis.findings,
        namesOf(
          g.analysis,
          g.sources.map((s) => s.file),
        ),
      ),
    );
  }
  return { findings: findings.sort(compareFindings), over };
}

test('messages: every finding on examples/ is one sentence of at most 120 characters, with a detail', async () => {
  const { findings, over } = await exampleFindings();
  assert.ok(findings.length >= 12, `the examples hold their findings (${findings.length})`);
  assert.deepEqual(over, []);
  // The examples' names are short: there the limit holds for the plain length too.
  assert.deepEqual(
    findings.filter((f) => f.message.length > MESSAGE_LIMIT).map((f) => f.message),
    [],
  );
  assert.deepEqual(
    findings.filter((f) => !f.detail).map((f) => f.rule),
    [],
    'each example finding explains itself in detail',
  );
});

test('messages: the examples read as one verdict each, with its numbers', async () => {
  const { findings } = await exampleFindings();
  assert.deepEqual(
    findings.map((f) => [f.rule, path.relative(EXAMPLES, f.file).split(path.sep).join('/'), f.message]),
    [
      ['branch-eni-unsupported', 'dedicated-pool/workloads.yaml', '4 pods need branch ENIs, but t3.large cannot host a trunk ENI: none will start'],
      ['no-matching-pool', 'dedicated-pool/workloads.yaml', 'No node pool accepts its 2 pods (a taint not tolerated, node labels not matched): all stay Pending'],
      ['branch-eni-capacity', 'eksctl/workloads.yaml', '10 pods need branch ENIs; pool payments (2 × r6g.medium) holds 8: 2 stay Pending'],
      ['ip-capacity', 'eksctl/workloads.yaml', '40 pods need node IPs; pool general (2 × m5.large/m5a.large) has 36: 4 stay in ContainerCreating'],
      ['template-skipped', 'helm-chart/templates/deployment.yaml', "Skipped document 1: it holds template syntax ('{{'), a Helm chart template"],
      ['branch-eni-capacity', 'kustomize/base/deployment.yaml', '22 pods need branch ENIs; pool sg-workers (2 × m5.large) holds 18: 4 stay Pending (via overlays/dev)'],
      ['branch-eni-capacity', 'kustomize/overlays/prod/replicas.yaml', '22 pods need branch ENIs; pool sg-workers (2 × m5.large) holds 18: 4 stay Pending (via overlays/prod)'],
      ['branch-eni-capacity', 'multi-pool/workloads.yaml', '43 pods need branch ENIs; pools sg-arm, general (3 nodes) hold 36: 7 stay Pending'],
      ['branch-eni-capacity', 'multi-pool/workloads.yaml', '43 pods need branch ENIs; pools sg-arm, general (3 nodes) hold 36: 7 stay Pending'],
      ['branch-eni-unsupported', 'no-trunking/manifests.yaml', '2 pods need branch ENIs, but t3.large cannot host a trunk ENI: none will start'],
      ['rollout-surge', 'rollout/deployment.yaml', 'Rolling update: 8 + 2 pods need 10 branch ENIs; 1 × m5.large (assumed) holds 9: it stalls'],
      ['branch-eni-capacity', 'seed/deployment.yaml', '6 pods need branch ENIs; pool sg-workers (1 × r6g.medium) holds 4: 2 stay Pending'],
    ],
  );
  // What the messages leave out is in the detail: the assumption behind the implicit m5.large node, the taint, the cooldown.
  const detailOf = (rule: string, file: string) => findings.find((f) => f.rule === rule && f.file.includes(file))!.detail!;
  assert.match(detailOf('rollout-surge', 'rollout/'), /\(assumed: no node pool declares m5\.large, so assumeNodes: 1 is used\).*cooldown \(60 s by default\)/);
  assert.match(detailOf('branch-eni-unsupported', 'dedicated-pool/'), /do not tolerate the taints of 'sg-pods' \(dedicated=sg-pods:NoSchedule\)/);
  assert.match(detailOf('template-skipped', 'helm-chart/'), /^Run ENI Lens on the rendered chart: `helm template examples\/helm-chart \| eni-lens check -`\.$/);
});

test('messages: the reliability corpus (hostile and broken files) stays within the limit', () => {
  const dir = path.join(REPO_ROOT, 'test', 'reliability', 'corpus');
  const files: { file: string; text: string }[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else files.push({ file: path.relative(REPO_ROOT, full).split(path.sep).join('/'), text: fs.readFileSync(full, 'latin1') });
    }
  };
  walk(dir);
  assert.ok(files.length >= 10, `the corpus has files (${files.length})`);
  const over: string[] = [];
  for (const f of files) {
    if (f.file.endsWith('.eni-lens.yaml')) {
      const { errors } = parseConfig(f.text, f.file);
      over.push(...overLimit(errors, [f.file, ...f.file.split('/')]));
      continue;
    }
    const analysis = analyze([f], defaultConfig());
    over.push(...overLimit(analysis.findings, namesOf(analysis, [f.file])));
  }
  assert.deepEqual(over, []);
});

test('messages: the shared fixture workspaces (kustomize trees, eksctl cluster, generated overcommit) stay within the limit', () => {
  const over: string[] = [];
  const check = (files: Record<string, string>, configText = '') => {
    const { config } = parseConfig(configText, 'cluster/.eni-lens.yaml');
    const analysis = analyze(
      Object.entries(files).map(([file, text]) => ({ file, text })),
      config,
    );
    assert.ok(analysis.findings.length > 0, `a fixture with findings: ${Object.keys(files).join(', ')}`);
    over.push(...overLimit(analysis.findings, namesOf(analysis, Object.keys(files))));
  };
  check(CATALOG, SG_POOL_CONFIG);
  check(CATALOG_PATCHED, SG_POOL_CONFIG);
  check(PLATFORM);
  check(THREE_COPIES);
  check(BROKEN);
  check({
    'cluster.yaml': DEDICATED_SG_CLUSTER,
    'app.yaml': [deployment({ name: 'payments', replicas: 8, labels: { app: 'payments' } }), policy({ name: 'payments', podLabels: { app: 'payments' } })].join('---\n'),
  });
  const generated = overcommitAnalysis(40);
  over.push(...overLimit(generated.findings, namesOf(generated)));
  assert.deepEqual(over, []);
});

test('messages: a long name is counted as 20 characters, the wording at its length', () => {
  const name = 'a-very-long-deployment-name-that-goes-on-and-on';
  const names = [name, 'payments'];
  const base = `Deployment ${name} needs 6 branch ENIs`;
  assert.equal(measuredLength(base, names), base.length - name.length + 20);
  assert.equal(measuredLength("unknown key 'a-quoted-value-of-thirty-chars-x'", []), "unknown key ''".length + 20, 'a quoted value is a name');
  assert.equal(measuredLength('payments', names), 'payments'.length, 'a short name counts as it is');
  const wordy = { rule: 'max-pods', message: `${'pods '.repeat(25)}stay Pending` } as Finding;
  assert.deepEqual(overLimit([wordy], names), [`max-pods (137): ${wordy.message}`], 'wording past the limit fails');
  const twoLines = { rule: 'max-pods', message: 'one\ntwo' } as Finding;
  assert.equal(overLimit([twoLines], names).length, 1, 'a message is one line');
});
