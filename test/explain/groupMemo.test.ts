// Findings, code lenses and hovers of big overcommitted groups: computed once per group (and per catalog
// for resize candidates), equal to the straightforward per-workload computation kept here as reference.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { analyze, type Analysis } from '../../shared';
import { budgetOf, groupBudgetOf, type Budget } from '../../shared/model/budget';
import { workloadLenses } from '../../shared/explain/codeLens';
import { hoverAt } from '../../shared/explain/hover';
import { compareBySize, lookupInstanceType, type InstanceType } from '../../shared/instances';
import { DEFAULT_CATALOG, type InstanceCatalog } from '../../shared/instances/catalog';
import { shownPath } from '../../shared/kustomize/paths';
import { describeObject } from '../../shared/k8s/objects';
import type { Resource, ResourceVerdict } from '../../shared/model/capacity';
import type { WorkloadModel } from '../../shared/model/cluster';
import type { Overcommit } from '../../shared/model/placement';
import type { Pool } from '../../shared/model/pools';
import { collectManifestFiles, loadConfigFile } from '../../shared/node/files';
import { describeContributors, describeDemand } from '../../shared/rules/capacityMessage';
import { candidatesFor } from '../../shared/rules/resizeFixes';
import { EXAMPLES } from '../helpers/paths';
import { overcommitAnalysis } from './overcommitWorkspace';

/** budgetOf as it was: every call walks the workload's whole group. */
function referenceBudget(analysis: Analysis, w: WorkloadModel, resource: Resource): Budget | undefined {
  const verdict: ResourceVerdict = resource === 'branchEnis' ? analysis.branchEniVerdict : analysis.podSlotVerdict;
  const component = verdict.componentOf.get(w);
  if (!component) return undefined;
  const overcommit = verdict.overcommitOf.get(w);
  const demands = overcommit ? component.filter((d) => overcommit.demandIds.includes(d.id)) : component;
  const pools = overcommit ? overcommit.pools : [...new Set(component.flatMap((d) => d.pools))];
  const byWorkload = new Map<WorkloadModel, number>();
  for (const d of demands) {
    const owner = verdict.workloadOf.get(d.id)!;
    byWorkload.set(owner, (byWorkload.get(owner) ?? 0) + d.pods);
  }
  const demand = demands.reduce((n, d) => n + d.pods, 0);
  const capacity = pools.reduce((n, p) => n + verdict.capacityOf(p), 0);
  return {
    resource,
    demand,
    own: byWorkload.get(w) ?? 0,
    sharing: [...byWorkload].filter(([o]) => o !== w).map(([o, pods]) => ({ name: describeObject(o.workload.object), pods })),
    pools,
    capacity,
    short: Math.max(0, demand - capacity),
  };
}

/** describeContributors as it was. */
function referenceContributors(w: WorkloadModel, verdict: Pick<ResourceVerdict, 'workloadOf'>, overcommit: Overcommit<Pool>): string {
  const others = new Set<WorkloadModel>();
  for (const id of overcommit.demandIds) {
    const o = verdict.workloadOf.get(id)!;
    if (o !== w) others.add(o);
  }
  let text = `This ${w.workload.kind} runs ${describeDemand(w)}`;
  if (others.size > 0) {
    const named = [...others].slice(0, 5).map((o) => `${describeObject(o.workload.object)} ${describeDemand(o)}`);
    const rest = others.size - named.length;
    text += `; sharing those nodes: ${named.join(', ')}${rest > 0 ? ` and ${rest} more workloads` : ''}`;
  }
  return `${text}.`;
}

/** The lens title as it was, from the reference budget. */
function referenceLensTitle(analysis: Analysis, w: WorkloadModel): string | undefined {
  const b = referenceBudget(analysis, w, 'branchEnis');
  if (!b) return undefined; // not judged: the reason comes from the same code before and after
  const pools = b.pools
    .map(
      (p) =>
        `${p.origin === 'implicit' ? `${p.instanceTypes.join('/')} (assumed nodes)` : `pool ${p.name}`} (${p.elastic ? `${p.instanceTypes.join('/')} nodes` : `${p.nodes} × ${p.instanceTypes.length <= 3 ? p.instanceTypes.join('/') : `${p.instanceTypes.length} types`}`})`,
    )
    .join(' + ');
  const elastic = b.pools.some((p) => p.elastic);
  const others = b.sharing.length > 0 ? ` (${b.own} here, ${b.demand - b.own} from ${b.sharing.length} other${b.sharing.length === 1 ? '' : 's'})` : '';
  const verdict = b.short > 0 ? `${b.short} short` : elastic ? 'fits' : `fits, ${b.capacity - b.demand} spare`;
  return `${b.demand} pod-eni${others} · ${pools}: ${elastic ? 'as many as needed' : b.capacity} · ${verdict}`;
}

function exampleAnalyses(): [string, Analysis][] {
  return fs.readdirSync(EXAMPLES).map((name) => {
    const dir = path.join(EXAMPLES, name);
    const configPath = path.join(dir, '.eni-lens.yaml');
    const { config } = loadConfigFile(fs.existsSync(configPath) ? configPath : undefined);
    const sources = collectManifestFiles([dir]).map((file) => ({ file: path.relative(EXAMPLES, file), text: fs.readFileSync(file, 'utf8') }));
    return [name, analyze(sources, config)];
  });
}

function assertSameAsReference(label: string, analysis: Analysis): void {
  for (const w of analysis.model.workloads) {
    for (const resource of ['branchEnis', 'pods'] as Resource[]) {
      const expected = referenceBudget(analysis, w, resource);
      const actual = budgetOf(analysis, w, resource);
      if (expected) assert.deepEqual(actual, expected, `${label}: budget of ${describeObject(w.workload.object)} (${resource})`);
      else assert.ok('reason' in actual, `${label}: ${describeObject(w.workload.object)} is not judged (${resource})`);
    }
  }
  const files = [...new Set(analysis.model.workloads.map((w) => w.workload.object.file))];
  for (const file of files) {
    // One lens per workload needing branch ENIs, in model order (a base rendered by two overlays has two on one line), on its name.
    const needing = analysis.model.workloads.filter((m) => m.workload.object.file === file && m.branchEni.needed);
    workloadLenses(analysis, file).forEach((lens, i) => {
      const w = needing[i];
      assert.equal(lens.range.start.line, w.workload.object.nameRange.start.line);
      const reference = referenceLensTitle(analysis, w);
      const via = w.workload.object.via ? `${shownPath(w.workload.object.via, file)}: ` : '';
      if (reference) assert.equal(lens.title, `${via}${reference}`, `${label}: lens of ${describeObject(w.workload.object)}`);
    });
  }
  for (const verdict of [analysis.branchEniVerdict, analysis.podSlotVerdict]) {
    for (const [w, overcommit] of verdict.overcommitOf) {
      assert.equal(describeContributors(w, verdict, overcommit), referenceContributors(w, verdict, overcommit), `${label}: contributors of ${describeObject(w.workload.object)}`);
    }
  }
}

test('budgets, lens titles and contributor lists equal the per-workload computation on every example', () => {
  const analyses = exampleAnalyses();
  assert.ok(analyses.length >= 6);
  assert.ok(
    analyses.some(([, a]) => a.branchEniVerdict.overcommitOf.size > 0),
    'some example is overcommitted',
  );
  for (const [name, analysis] of analyses) assertSameAsReference(name, analysis);
});

test('budgets, lens titles and contributor lists equal the per-workload computation on a generated overcommitted workspace', () => {
  const analysis = overcommitAnalysis(60, 40);
  assert.equal(analysis.branchEniVerdict.overcommitOf.size, 60);
  assertSameAsReference('generated', analysis);
  const first = workloadLenses(analysis, 'over/f0000.yaml');
  assert.equal(first.length, 39);
  assert.deepEqual(first[0], {
    range: { start: { line: 9, character: 17 }, end: { line: 9, character: 23 } },
    pool: 'sg-workers',
    title: '120 pod-eni (1 here, 119 from 59 others) · pool sg-workers (1 × r6g.medium): 4 · 116 short',
  });
  const hover = hoverAt(analysis, 'over/f0000.yaml', { line: 9, character: 18 })!.markdown;
  assert.ok(
    hover.startsWith(
      '**Deployment team/w00000** · 1 pods (replicas: 1)\n\n- Branch ENIs: **120 pod-eni needed · 1 × r6g.medium gives 4 · 116 short** (with Deployment team/w00001: 2, Deployment team/w00002: 3,',
    ),
    hover,
  );
});

test('resize fixes of a generated group: the titles the per-finding search gave, the same for every workload of the group', () => {
  // Captured from the code before the candidate lists were memoised.
  const analysis = overcommitAnalysis(30, 10);
  const titles = (rule: string) => [...new Set(analysis.findings.filter((f) => f.rule === rule).map((f) => f.fixes.map((x) => x.title).join(' | ')))];
  assert.equal(analysis.findings.length, 60);
  assert.deepEqual(titles('branch-eni-capacity'), [
    "Use r6g.16xlarge (107 branch ENIs per node, needs 60) (also in node pool 'sg-workers') | Use hpc7g.4xlarge (118 branch ENIs per node, needs 60) (also in node pool 'sg-workers')",
  ]);
  assert.deepEqual(titles('max-pods'), [
    "Use r6g.4xlarge (232 pod slots per node, needs 60; max pods 234) (also in node pool 'sg-workers') | Use c9g.xlarge (116 pod slots per node, needs 60; max pods 118) (also in node pool 'sg-workers')",
  ]);
  const needing120 = overcommitAnalysis(60, 20);
  assert.deepEqual(
    [...new Set(needing120.findings.filter((f) => f.rule === 'max-pods').map((f) => f.fixes.map((x) => x.title).join(' | ')))],
    [
      "Use r6g.4xlarge (232 pod slots per node, needs 120; max pods 234) (also in node pool 'sg-workers') | Use i8ge.3xlarge (174 pod slots per node, needs 120; max pods 176) (also in node pool 'sg-workers')",
    ],
    'a different need in the same family gets its own answer',
  );
  assert.ok(
    needing120.findings.filter((f) => f.rule === 'branch-eni-capacity').every((f) => f.fixes.length === 0),
    'no type holds 120 branch ENIs',
  );
});

test('resize candidates: sorted once per catalog and family, in the order of a fresh filter and sort', () => {
  let allCalls = 0;
  const catalog: InstanceCatalog = { ...DEFAULT_CATALOG, all: () => (allCalls++, DEFAULT_CATALOG.all()) };
  const medium = lookupInstanceType('r6g.medium')!;
  const large = lookupInstanceType('r6g.large')!;
  const first = candidatesFor(catalog, medium);
  assert.equal(candidatesFor(catalog, large), first, 'one entry for the family');
  assert.equal(allCalls, 1);
  const generation = (t: InstanceType) => Number(/\d+/.exec(t.family)?.[0] ?? 0);
  for (const name of ['r6g.medium', 'm5.large', 'c5.metal', 't3.micro', 'm7g.large']) {
    const current = lookupInstanceType(name)!;
    const all = DEFAULT_CATALOG.all().filter((t) => t.vcpus !== null && (current.bareMetal || !t.bareMetal));
    const { sameFamily, sameArch } = candidatesFor(catalog, current);
    assert.deepEqual(
      sameFamily.map((t) => t.name),
      all
        .filter((t) => t.family === current.family)
        .sort(compareBySize)
        .map((t) => t.name),
      name,
    );
    assert.deepEqual(
      sameArch.map((t) => t.name),
      all
        .filter((t) => t.architecture === current.architecture && t.family !== current.family)
        .sort((a, b) => a.vcpus! - b.vcpus! || generation(b) - generation(a) || a.name.localeCompare(b.name))
        .map((t) => t.name),
      name,
    );
    assert.ok(sameFamily.length > 0 && sameArch.length > 0, name);
  }
  assert.equal(allCalls, 5, 'one listing per distinct family');
});

test('lenses of a file of one big group read the group once, not once per workload', () => {
  const fresh = overcommitAnalysis(200, 201);
  void fresh.branchEniVerdict.componentOf; // the per-demand views are built once, outside what is counted
  let lookups = 0;
  const get = fresh.branchEniVerdict.workloadOf.get;
  fresh.branchEniVerdict.workloadOf.get = (id) => (lookups++, get(id));
  const lenses = workloadLenses(fresh, 'over/f0000.yaml');
  assert.equal(lenses.length, 200);
  assert.equal(lookups, 200, 'one lookup per demand of the group');
  lookups = 0;
  assert.equal(workloadLenses(fresh, 'over/f0000.yaml').length, 200);
  assert.equal(lookups, 0, 'the group is judged once per verdict');
  const [first, last] = [fresh.model.workloads[0], fresh.model.workloads[199]];
  assert.equal(groupBudgetOf(fresh, first, 'branchEnis'), groupBudgetOf(fresh, last, 'branchEnis'), 'one shared object per group');
});

test('contributor lists of one overcommit read its demands once', () => {
  const analysis = overcommitAnalysis(200, 50);
  let lookups = 0;
  const verdict = { workloadOf: { get: (id: string) => (lookups++, analysis.podSlotVerdict.workloadOf.get(id)) } };
  const overcommits = [...analysis.podSlotVerdict.overcommitOf];
  assert.equal(overcommits.length, 200);
  for (const [w, overcommit] of overcommits) assert.equal(describeContributors(w, verdict, overcommit), referenceContributors(w, analysis.podSlotVerdict, overcommit));
  assert.equal(lookups, 200);
});
