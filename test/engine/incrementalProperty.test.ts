// Property: after any sequence of edits to a small workspace, the incremental analysis gives what a
// from-scratch `analyzeParsed` of the same texts parsed anew gives (findings, per workload its pods,
// branch-ENI need and placement, and every object's ranges: the documents whose trees and facts a re-parse
// kept must be where they are now). Workspaces mix workloads (Argo Rollouts too, some taking a Deployment's template by
// workloadRef; some tolerating the tainted pool), SecurityGroupPolicies, ServiceAccounts (names repeat across
// files), HPAs and KEDA ScaledObjects (sometimes two on one target) and ConfigMaps, with names drawn from small
// pools so objects refer to each other; edits regenerate documents, change replicas, flip labels, toggle
// tolerations, move objects between namespaces, put a comment line above a file's documents (each moves a
// line), put a line into (or take one from) one document of a file (each document below it moves, a
// pure line shift early in a multi-document file) or swap two documents, add, remove or rename files, batch two edits into one
// analysis, or pass the same sources again. Some configs taint the sg pool.
// Kustomizations take some of the files as resources (one may include the other, as an overlay its base)
// and set a namespace, a name prefix, a label, a replica count or an inline patch; edits rewrite them, and
// edits to the files they use (or their removal) change what every entry point renders.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { analyzeParsed, parseConfig, parseSource, type Analysis, type EniLensConfig, type ParsedSource } from '../../shared';
import { IncrementalAnalyzer } from '../../shared/incremental/incrementalAnalyzer';
import { CONFIG_PATH } from '../helpers/analyze';

/** Fixed seed: a failure reproduces; fast-check prints the seed and the shrunk counterexample. */
const SEED = 20260806;
/** ENI_LENS_STRESS=1: ten times as many cases, from a random seed (SEED=n replays a reported one). */
const STRESS = process.env.ENI_LENS_STRESS === '1';
const RUNS = STRESS ? 2000 : 200;

const NAMESPACES = ['shop', 'misc', 'ops'];
const NAMES = ['web', 'api', 'db'];
const TIERS = ['web', 'db'];
const ACCOUNTS = ['web', 'db'];
/** Declared by some generated configs; the others create implicit pools when pinned (t3.small has no trunking). */
const PINNABLE = ['r6g.medium', 'm5.large', 'c6g.large', 'c6g.medium', 't3.small'];
const POOL_CHOICES = [
  { name: 'sg', instanceType: 'r6g.medium', nodes: 1 },
  { name: 'general', instanceType: 'm5.large', nodes: 2 },
  { name: 'compute', instanceType: 'c6g.large', nodes: 1 },
];

type Placement = { kind: 'none' } | { kind: 'pool'; pool: number } | { kind: 'pinned'; instanceType: string };

type Doc =
  | {
      kind: 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job' | 'Rollout';
      name: string;
      ns: number;
      replicas: number;
      app: string;
      tier?: string;
      account?: string;
      placement: Placement;
      hostNetwork: boolean;
      maxSurge?: string;
      ignore?: string;
      disableNextLine: boolean;
      /** A toleration: of the sg pool's taint, of every taint, or one with the wrong effect. */
      tolerate?: 'sg' | 'all' | 'wrongEffect';
      /** A Rollout's workloadRef to the Deployment of that name, instead of its own template. */
      ref?: string;
    }
  | { kind: 'SecurityGroupPolicy'; name: string; ns: number; selector: 'pod' | 'account'; value: string }
  | { kind: 'ServiceAccount'; name: string; ns: number; tier: string }
  | { kind: 'HorizontalPodAutoscaler'; name: string; ns: number; targetKind: 'Deployment' | 'StatefulSet' | 'Rollout'; target: string; maxReplicas: number; keda: boolean }
  | { kind: 'ConfigMap'; name: string; ns: number; value: number };

const ns = fc.nat({ max: 2 });
/** One time in eight. */
const rarely = fc.nat({ max: 7 }).map((n) => n === 0);
const placement: fc.Arbitrary<Placement> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 4, arbitrary: fc.constantFrom(0, 0, 1, 2).map((pool) => ({ kind: 'pool' as const, pool })) },
  { weight: 2, arbitrary: fc.constantFrom(...PINNABLE).map((instanceType) => ({ kind: 'pinned' as const, instanceType })) },
);
const workload: fc.Arbitrary<Doc> = fc
  .record(
    {
      kind: fc.constantFrom('Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'Rollout'),
      name: fc.constantFrom(...NAMES),
      ns,
      replicas: fc.nat({ max: 6 }),
      app: fc.constantFrom(...NAMES),
      tier: fc.constantFrom(...TIERS),
      account: fc.constantFrom(...ACCOUNTS),
      placement,
      hostNetwork: rarely,
      maxSurge: fc.constantFrom('1', '3', '50%'),
      ignore: fc.option(fc.constantFrom('branch-eni-capacity', 'all'), { freq: 8, nil: undefined }),
      disableNextLine: rarely,
      tolerate: fc.constantFrom('sg' as const, 'all' as const, 'wrongEffect' as const),
      ref: fc.constantFrom(...NAMES),
    },
    { requiredKeys: ['kind', 'name', 'ns', 'replicas', 'app', 'placement', 'hostNetwork', 'ignore', 'disableNextLine'] },
  )
  .map((w) => w as Doc);
const policy: fc.Arbitrary<Doc> = fc.record({
  kind: fc.constant('SecurityGroupPolicy' as const),
  name: fc.constantFrom('sgp-a', 'sgp-b'),
  ns,
  selector: fc.constantFrom('pod' as const, 'account' as const),
  value: fc.constantFrom(...NAMES, ...TIERS),
});
const serviceAccount: fc.Arbitrary<Doc> = fc.record({
  kind: fc.constant('ServiceAccount' as const),
  name: fc.constantFrom(...ACCOUNTS),
  ns,
  tier: fc.constantFrom(...TIERS),
});
const autoscaler: fc.Arbitrary<Doc> = fc.record({
  kind: fc.constant('HorizontalPodAutoscaler' as const),
  name: fc.constantFrom('hpa-a', 'hpa-b'),
  ns,
  targetKind: fc.constantFrom('Deployment' as const, 'StatefulSet' as const, 'Rollout' as const),
  target: fc.constantFrom(...NAMES),
  maxReplicas: fc.integer({ min: 1, max: 8 }),
  keda: rarely,
});
const configMap: fc.Arbitrary<Doc> = fc.record({ kind: fc.constant('ConfigMap' as const), name: fc.constantFrom('settings'), ns, value: fc.nat({ max: 9 }) });
const doc = fc.oneof(
  { weight: 5, arbitrary: workload },
  { weight: 3, arbitrary: policy },
  { weight: 2, arbitrary: serviceAccount },
  { weight: 2, arbitrary: autoscaler },
  { weight: 1, arbitrary: configMap },
);
const fileDocs = fc.array(doc, { minLength: 1, maxLength: 3 });
/** Where a new file sorts among the others matters (last ServiceAccount/HPA wins, policy order). */
const fileName = fc.constantFrom('a', 'h', 'p', 'z');

/** A kustomization over some of the files (`picks` index them in file order when it is written). */
interface Overlay {
  picks: number[];
  includesPrevious: boolean;
  ns?: number;
  prefix?: string;
  tier?: string;
  replicas?: { name: string; count: number };
  patch?: { name: string; replicas: number };
}
const overlay: fc.Arbitrary<Overlay> = fc.record(
  {
    picks: fc.array(fc.nat({ max: 7 }), { minLength: 1, maxLength: 2 }),
    includesPrevious: fc.boolean(),
    ns,
    prefix: fc.constantFrom('x-', 'y-'),
    tier: fc.constantFrom(...TIERS),
    replicas: fc.record({ name: fc.constantFrom(...NAMES), count: fc.nat({ max: 9 }) }),
    patch: fc.record({ name: fc.constantFrom(...NAMES), replicas: fc.nat({ max: 9 }) }),
  },
  { requiredKeys: ['picks', 'includesPrevious'] },
);

type Edit =
  | { op: 'regenerate'; file: number; doc: number; next: Doc }
  | { op: 'overlay'; overlay: number; next: Overlay }
  | { op: 'replicas'; file: number; doc: number; replicas: number }
  | { op: 'flipLabel'; file: number; doc: number }
  | { op: 'toleration'; file: number; doc: number; tolerate?: 'sg' | 'all' | 'wrongEffect' }
  | { op: 'move'; file: number; doc: number; ns: number }
  | { op: 'add'; prefix: string; docs: Doc[] }
  | { op: 'remove'; file: number }
  /** Removed and added in one step (a rename, a checkout): what leaves and what comes are compared together. */
  | { op: 'rename'; file: number; prefix: string }
  | { op: 'same'; reversed: boolean }
  /** A comment line put above (or taken from) a file's documents: each moves a line, its text unchanged. */
  | { op: 'comment'; file: number }
  /** A line put into (or taken from) one document, after its first line: the documents below it move. */
  | { op: 'enter'; file: number; doc: number }
  /** Two documents of a file trade places: both keep their text (and parsed trees), at other lines. */
  | { op: 'swap'; file: number; doc: number }
  /** Two edits, then one analysis (a save-all, a checkout): several files change at once. */
  | { op: 'batch'; edits: [Edit, Edit] };

const at = { file: fc.nat({ max: 7 }), doc: fc.nat({ max: 2 }) };
const singleEdit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('regenerate' as const), ...at, next: doc }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('replicas' as const), ...at, replicas: fc.nat({ max: 8 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('flipLabel' as const), ...at }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('toleration' as const),
      ...at,
      tolerate: fc.option(fc.constantFrom('sg' as const, 'all' as const, 'wrongEffect' as const), { nil: undefined }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('move' as const), ...at, ns }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('add' as const), prefix: fileName, docs: fileDocs }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('remove' as const), file: at.file }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('rename' as const), file: at.file, prefix: fileName }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('same' as const), reversed: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('comment' as const), file: at.file }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('swap' as const), ...at }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('enter' as const), ...at }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('overlay' as const), overlay: fc.nat({ max: 1 }), next: overlay }) },
);
const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 6, arbitrary: singleEdit },
  { weight: 1, arbitrary: fc.tuple(singleEdit, singleEdit).map((edits): Edit => ({ op: 'batch', edits })) },
);

const scenario = fc.record({
  namespaces: fc.integer({ min: 2, max: 3 }),
  /** Pool 0 is always the small-branch-ENI sg pool, so policies give findings. */
  pools: fc.integer({ min: 2, max: 3 }),
  /** The sg pool carries dedicated=sg:NoSchedule: pods without the toleration land elsewhere, or nowhere. */
  taintSg: fc.boolean(),
  files: fc.array(fc.record({ prefix: fileName, docs: fileDocs }), { minLength: 3, maxLength: 8 }),
  overlays: fc.array(overlay, { maxLength: 2 }),
  edits: fc.array(edit, { minLength: 1, maxLength: 12 }),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function configText(pools: number, taintSg: boolean): string {
  const lines = ['nodePools:'];
  for (const p of POOL_CHOICES.slice(0, pools)) {
    lines.push(`  - name: ${p.name}`, `    instanceType: ${p.instanceType}`, `    nodes: ${p.nodes}`, `    labels: {pool: ${p.name}}`);
    if (taintSg && p.name === 'sg') lines.push('    taints:', '      - {key: dedicated, value: sg, effect: NoSchedule}');
  }
  return `${lines.join('\n')}\n`;
}

function render(d: Doc, namespaces: number): string {
  const meta = ['metadata:', `  name: ${d.name}`, `  namespace: ${NAMESPACES[d.ns % namespaces]}`];
  switch (d.kind) {
    case 'SecurityGroupPolicy': {
      const selector =
        d.selector === 'pod' ? ['  podSelector:', '    matchLabels:', `      app: ${d.value}`] : ['  serviceAccountSelector:', '    matchLabels:', `      tier: ${d.value}`];
      return [
        'apiVersion: vpcresources.k8s.aws/v1beta1',
        'kind: SecurityGroupPolicy',
        ...meta,
        'spec:',
        ...selector,
        '  securityGroups:',
        '    groupIds:',
        '      - sg-0123456789abcdef0',
      ].join('\n');
    }
    case 'ServiceAccount':
      return ['apiVersion: v1', 'kind: ServiceAccount', ...meta, '  labels:', `    tier: ${d.tier}`].join('\n');
    case 'HorizontalPodAutoscaler':
      if (d.keda)
        return [
          'apiVersion: keda.sh/v1alpha1',
          'kind: ScaledObject',
          ...meta,
          'spec:',
          '  scaleTargetRef:',
          `    kind: ${d.targetKind}`,
          `    name: ${d.target}`,
          `  maxReplicaCount: ${d.maxReplicas}`,
        ].join('\n');
      return [
        'apiVersion: autoscaling/v2',
        'kind: HorizontalPodAutoscaler',
        ...meta,
        'spec:',
        '  scaleTargetRef:',
        '    apiVersion: apps/v1',
        `    kind: ${d.targetKind}`,
        `    name: ${d.target}`,
        `  maxReplicas: ${d.maxReplicas}`,
      ].join('\n');
    case 'ConfigMap':
      return ['apiVersion: v1', 'kind: ConfigMap', ...meta, 'data:', `  value: "${d.value}"`].join('\n');
    default: {
      const disable = d.disableNextLine ? ['  # eni-lens-disable-next-line'] : [];
      const apiVersion = d.kind === 'Job' ? 'batch/v1' : d.kind === 'Rollout' ? 'argoproj.io/v1alpha1' : 'apps/v1';
      const lines = [`apiVersion: ${apiVersion}`, `kind: ${d.kind}`, ...meta];
      if (d.ignore) lines.push('  annotations:', `    eni-lens.io/ignore: ${d.ignore}`);
      lines.push('spec:');
      if (d.kind === 'Deployment' || d.kind === 'StatefulSet' || d.kind === 'Rollout') lines.push(...disable, `  replicas: ${d.replicas}`);
      if (d.kind === 'Rollout')
        lines.push('  strategy:', d.maxSurge === '3' ? '    blueGreen: {activeService: a}' : `    canary: {maxSurge: ${JSON.stringify(d.maxSurge ?? '25%')}}`);
      if (d.kind === 'Rollout' && d.ref) {
        lines.push('  workloadRef:', '    apiVersion: apps/v1', '    kind: Deployment', `    name: ${d.ref}`);
        return lines.join('\n');
      }
      if (d.kind === 'Job') lines.push(...disable, `  parallelism: ${d.replicas}`);
      if (d.kind === 'Deployment' && d.maxSurge) lines.push('  strategy:', '    type: RollingUpdate', '    rollingUpdate:', `      maxSurge: ${JSON.stringify(d.maxSurge)}`);
      lines.push('  template:', '    metadata:', '      labels:', `        app: ${d.app}`);
      if (d.tier) lines.push(`        tier: ${d.tier}`);
      lines.push('    spec:');
      if (d.account) lines.push(`      serviceAccountName: ${d.account}`);
      if (d.hostNetwork) lines.push('      hostNetwork: true');
      if (d.tolerate === 'sg') lines.push('      tolerations:', '        - {key: dedicated, operator: Equal, value: sg, effect: NoSchedule}');
      if (d.tolerate === 'all') lines.push('      tolerations: [{operator: Exists}]');
      if (d.tolerate === 'wrongEffect') lines.push('      tolerations: [{key: dedicated, operator: Exists, effect: NoExecute}]');
      if (d.placement.kind === 'pool') lines.push('      nodeSelector:', `        pool: ${POOL_CHOICES[d.placement.pool].name}`);
      if (d.placement.kind === 'pinned')
        lines.push('      nodeSelector:', ...disable.map((l) => `      ${l}`), `        node.kubernetes.io/instance-type: ${d.placement.instanceType}`);
      if (d.kind === 'Job') lines.push('      restartPolicy: Never');
      lines.push('      containers: [{name: app}]');
      return lines.join('\n');
    }
  }
}

const next = <T>(list: readonly T[], value: T): T => list[(list.indexOf(value) + 1) % list.length];

/** The document after a label flip: the label that policies, ServiceAccounts or HPAs match on takes the next value. */
function flipped(d: Doc): Doc {
  switch (d.kind) {
    case 'SecurityGroupPolicy':
      return { ...d, value: next([...NAMES, ...TIERS], d.value) };
    case 'ServiceAccount':
      return { ...d, tier: next(TIERS, d.tier) };
    case 'HorizontalPodAutoscaler':
      return { ...d, target: next(NAMES, d.target) };
    case 'ConfigMap':
      return { ...d, value: d.value + 1 };
    default:
      return d.tier && d.app === 'db' ? { ...d, tier: next(TIERS, d.tier) } : { ...d, app: next(NAMES, d.app) };
  }
}

/** The files as documents, re-rendered and re-parsed only when edited (as the server's parse cache does). */
class Workspace {
  readonly docs = new Map<string, Doc[]>();
  readonly parsed = new Map<string, ParsedSource>();
  /** Files with a comment line above their documents. */
  private commented = new Set<string>();
  /** Per file, the documents with a line put in after their first line. */
  private entered = new Map<string, Set<number>>();
  private created = 0;
  private overlays: Overlay[] = [];

  constructor(private s: Scenario) {
    for (const f of s.files) this.add(f.prefix, f.docs);
    s.overlays.forEach((o, i) => this.writeOverlay(i, o));
  }

  writeOverlay(i: number, o: Overlay): void {
    this.overlays[i] = o;
    const files = [...this.docs.keys()].sort();
    // With every file removed, the kustomization names one that is gone (a missing resource).
    // The first kustomization is cluster/'s own, the second the repository's (kustomize reads files only in or
    // below a kustomization's folder): it names the files from above, and the first one's folder.
    const from = i === 0 ? 'cluster/' : '';
    const resources = [...new Set(o.picks.map((n) => (files.length > 0 ? files[n % files.length] : 'cluster/gone.yaml').slice(from.length)))];
    if (o.includesPrevious && i > 0) resources.push('cluster');
    const lines = ['resources:', ...resources.map((r) => `  - ${r}`)];
    if (o.ns !== undefined) lines.push(`namespace: ${NAMESPACES[o.ns % this.s.namespaces]}`);
    if (o.prefix) lines.push(`namePrefix: ${o.prefix}`);
    if (o.tier) lines.push('commonLabels:', `  tier: ${o.tier}`);
    if (o.replicas) lines.push('replicas:', `  - name: ${o.replicas.name}`, `    count: ${o.replicas.count}`);
    if (o.patch)
      lines.push(
        'patches:',
        '  - target:',
        '      kind: Deployment',
        `      name: ${o.patch.name}`,
        '    patch: |-',
        '      kind: Deployment',
        '      metadata:',
        '        name: any',
        '      spec:',
        `        replicas: ${o.patch.replicas}`,
      );
    const file = `${from}kustomization.yaml`;
    this.parsed.set(file, parseSource({ file, text: `${lines.join('\n')}\n` }, this.parsed.get(file)));
  }

  add(prefix: string, docs: Doc[]): void {
    this.write(`cluster/${prefix}${this.created++}.yaml`, docs);
  }

  write(file: string, docs: Doc[]): void {
    this.docs.set(file, docs);
    const entered = this.entered.get(file);
    const rendered = docs.map((d, i) => (entered?.has(i) ? render(d, this.s.namespaces).replace('\n', '\n# entered\n') : render(d, this.s.namespaces)));
    const text = `${this.commented.has(file) ? '# edited\n' : ''}${rendered.join('\n---\n')}`;
    // As the server does: a new parse that reuses the trees of the documents whose text is unchanged.
    this.parsed.set(file, parseSource({ file, text: `${text}\n` }, this.parsed.get(file)));
  }

  remove(file: string): void {
    this.docs.delete(file);
    this.commented.delete(file);
    this.entered.delete(file);
    this.parsed.delete(file);
  }

  /** The n-th file (modulo the count) in file order, with its documents. */
  fileAt(n: number): [string, Doc[]] | undefined {
    const files = [...this.docs.keys()].sort();
    if (files.length === 0) return undefined;
    const file = files[n % files.length];
    return [file, this.docs.get(file)!];
  }

  apply(e: Edit): void {
    if (e.op === 'add') return this.add(e.prefix, e.docs);
    if (e.op === 'same') return;
    if (e.op === 'batch') return e.edits.forEach((x) => this.apply(x));
    if (e.op === 'overlay') return this.overlays.length > 0 ? this.writeOverlay(e.overlay % this.overlays.length, e.next) : undefined;
    const target = this.fileAt(e.file);
    if (!target) return;
    const [file, docs] = target;
    if (e.op === 'remove') return this.remove(file);
    if (e.op === 'comment') {
      if (!this.commented.delete(file)) this.commented.add(file);
      return this.write(file, docs);
    }
    if (e.op === 'enter') {
      const i = e.doc % docs.length;
      const entered = this.entered.get(file) ?? new Set<number>();
      if (!entered.delete(i)) entered.add(i);
      this.entered.set(file, entered);
      return this.write(file, docs);
    }
    if (e.op === 'swap') {
      const i = e.doc % docs.length;
      const j = (i + 1) % docs.length;
      const swapped = [...docs];
      [swapped[i], swapped[j]] = [docs[j], docs[i]];
      return this.write(file, swapped);
    }
    if (e.op === 'rename') {
      this.remove(file);
      return this.add(e.prefix, docs);
    }
    const i = e.doc % docs.length;
    const d = docs[i];
    let changed: Doc;
    if (e.op === 'regenerate') changed = e.next;
    else if (e.op === 'flipLabel') changed = flipped(d);
    else if (e.op === 'toleration') changed = 'placement' in d ? { ...d, tolerate: e.tolerate } : flipped(d);
    else if (e.op === 'move') changed = { ...d, ns: e.ns };
    else if ('replicas' in d) changed = { ...d, replicas: e.replicas };
    else if (d.kind === 'HorizontalPodAutoscaler') changed = { ...d, maxReplicas: Math.max(1, e.replicas) };
    else changed = flipped(d);
    this.write(
      file,
      docs.map((x, j) => (j === i ? changed : x)),
    );
  }

  sources(reversed: boolean): ParsedSource[] {
    const list = [...this.parsed.values()];
    return reversed ? list.reverse() : list;
  }
}

/** Every object with where it is: a document whose facts were kept must say where it is now. */
const objectSummary = (a: Analysis) => a.model.objects.map((o) => [o.file, o.kind, o.namespace, o.name, o.nameRange, o.place, o.reader.range(o.root)]);

/** The same texts parsed anew, reusing nothing: what the incremental analysis must equal. */
const fresh = (sources: ParsedSource[]) => sources.map((s) => parseSource({ file: s.file, text: s.text }));

const workloadSummary = (a: Analysis) =>
  a.model.workloads.map((w) => [
    w.workload.object.name,
    w.workload.object.namespace,
    w.pods,
    w.branchEni.needed,
    w.placement.kind,
    w.placement.kind === 'pools' ? w.placement.pools.map((p) => p.name) : [],
  ]);

/** What the generated cases exercise, so the generator is checked to reach the interesting paths. */
interface Coverage {
  cases: number;
  withFindings: number;
  steps: number;
  reusingSteps: number;
  /** Steps judging workloads rendered from a kustomization. */
  renderedSteps: number;
  rules: Set<string>;
}

function runScenario(s: Scenario, config: EniLensConfig, coverage: Coverage): void {
  const ws = new Workspace(s);
  const incremental = new IncrementalAnalyzer();
  let sawFindings = false;
  const steps: Array<Edit | 'initial'> = ['initial', ...s.edits];
  steps.forEach((step, n) => {
    if (step !== 'initial') ws.apply(step);
    const sources = ws.sources(step !== 'initial' && step.op === 'same' && step.reversed);
    const got = incremental.analyze(sources, config);
    const want = analyzeParsed(fresh(sources), config);
    const where = `step ${n} (${step === 'initial' ? 'initial' : step.op})`;
    assert.deepEqual(got.findings, want.findings, `${where}: findings differ`);
    assert.deepEqual(workloadSummary(got), workloadSummary(want), `${where}: workload models differ`);
    assert.deepEqual(objectSummary(got), objectSummary(want), `${where}: objects differ`);
    coverage.steps++;
    if (!incremental.stats.full && incremental.stats.reusedWorkloads > 0) coverage.reusingSteps++;
    if (want.findings.length > 0) sawFindings = true;
    if (want.model.workloads.some((w) => w.workload.object.via)) coverage.renderedSteps++;
    for (const f of want.findings) coverage.rules.add(f.rule);
  });
  coverage.cases++;
  if (sawFindings) coverage.withFindings++;
}

test('incremental analysis equals a from-scratch analysis after any sequence of edits', () => {
  const coverage: Coverage = { cases: 0, withFindings: 0, steps: 0, reusingSteps: 0, renderedSteps: 0, rules: new Set() };
  const configs = new Map<string, EniLensConfig>();
  const configFor = (pools: number, taintSg: boolean) => {
    const key = `${pools}${taintSg}`;
    let config = configs.get(key);
    if (!config) {
      const parsed = parseConfig(configText(pools, taintSg), CONFIG_PATH);
      assert.deepEqual(parsed.errors, []);
      configs.set(key, (config = parsed.config));
    }
    return config;
  };
  fc.assert(
    fc.property(scenario, (s) => runScenario(s, configFor(s.pools, s.taintSg), coverage)),
    { seed: process.env.SEED ? Number(process.env.SEED) : STRESS ? Date.now() : SEED, numRuns: RUNS, includeErrorInReport: true },
  );
  // The cases must reach what the incremental analysis can get wrong: findings, and reused workload models.
  assert.ok(coverage.withFindings >= coverage.cases * 0.25, `only ${coverage.withFindings} of ${coverage.cases} cases had findings`);
  assert.ok(coverage.reusingSteps >= coverage.steps * 0.2, `only ${coverage.reusingSteps} of ${coverage.steps} steps reused workload models`);
  assert.ok(coverage.renderedSteps >= coverage.steps * 0.2, `only ${coverage.renderedSteps} of ${coverage.steps} steps judged rendered workloads`);
  for (const rule of ['branch-eni-capacity', 'branch-eni-unsupported', 'no-matching-pool', 'duplicate-object', 'kustomize-invalid'])
    assert.ok(coverage.rules.has(rule), `no case raised ${rule}`);
});
