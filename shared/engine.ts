// The engine's front door: sources and config in, findings (plus the model behind them) out.
// Pure: no file system, no editor. The CLI and the language server call exactly this.
import { type EniLensConfig } from './config/config';
import { assembleClusterModel, type ClusterModel } from './model/cluster';
import { clusterModel } from './model/clusters';
import { isEksctlClusterConfig } from './k8s/eksctl';
import { releaseTrees, type FileFacts } from './model/fileFacts';
import type { KubeObject } from './k8s/objects';
import { judgeCapacity, type ModelWindow, type ResourceVerdict } from './model/capacity';
import { judgeIpCapacity } from './model/ipCapacity';
import { RULES } from './rules';
import { judgeOnce, type OnceIndex } from './rules/duplicateObject';
import { unitsOf, type BuildCache } from './kustomize/units';
import { isKustomizationFile, namedFiles } from './kustomize/kustomization';
import { baseNameOf, dirOf } from './kustomize/paths';
import type { Finding, ObjectRef, Severity } from './types';
import { parseSource, type ParseOptions, type ParsedSource } from './yaml/parseSource';
import { compareStrings } from './text';

export interface Analysis {
  findings: Finding[];
  model: ClusterModel;
  branchEniVerdict: ResourceVerdict;
  podSlotVerdict: ResourceVerdict;
  /**
   * When the files hold several eksctl clusters (and the config picks none): each judged on its own. The
   * findings are theirs; `model` is then all of them together, for what does not depend on capacity.
   */
  clusters?: ClusterAnalysis[];
}

export interface ClusterAnalysis {
  name: string;
  model: ClusterModel;
  branchEniVerdict: ResourceVerdict;
  podSlotVerdict: ResourceVerdict;
}

export const IGNORE_ANNOTATION = 'eni-lens.io/ignore';

/** Analyses already-parsed sources together (parse results can be cached per file version). */
export function analyzeParsed(given: ParsedSource[], config: EniLensConfig, builds?: BuildCache): Analysis {
  // Objects are read in file order, and messages list them so ("selected by policy A, policy B"): sorting
  // makes the findings independent of the order callers list their files in.
  const sources = inFileOrder(given);
  const units = modelUnits(sources, config, undefined, builds);
  return analyzeModel(assembleClusterModel(units.facts, config), sources, config, units);
}

/** What the model is built from: each plain file's facts and each kustomization entry point's rendered facts, each object once. */
export interface ModelUnits {
  facts: FileFacts[];
  /** Per fact, in the same order: the file it sorts by (the file, or the entry point's kustomization). */
  keys: string[];
  /** Findings of the rendering (broken kustomizations, remote resources) and of duplicate objects. */
  findings: Finding[];
  objectsFor(file: string): KubeObject[];
}

/** What an incremental caller keeps between calls: kustomization builds, and the index of duplicate objects. */
export interface UnitsCache {
  builds: BuildCache;
  once: OnceIndex;
}

/**
 * `sources` in file order; with `cache`, unchanged kustomizations are not built again and duplicates are
 * found from the changes; with `builds` alone, kustomizations built beforehand (prebuiltKustomizations).
 */
export function modelUnits(sources: ParsedSource[], config: EniLensConfig, cache?: UnitsCache, builds?: BuildCache): ModelUnits {
  const units = unitsOf(sources, config.kustomize !== false, cache?.builds ?? builds);
  const once = cache ? cache.once.judge(units.facts) : judgeOnce(units.facts);
  return { facts: once.facts, keys: units.keys, findings: [...units.findings, ...once.findings], objectsFor: units.objectsFor };
}

/** The sources sorted by file name: the same array when it already is (the server keeps them so). */
export function inFileOrder(sources: ParsedSource[]): ParsedSource[] {
  for (let i = 1; i < sources.length; i++) {
    if (sources[i - 1].file > sources[i].file) return [...sources].sort((a, b) => compareStrings(a.file, b.file));
  }
  return sources;
}

/**
 * Judges a model built from `sources` (in file order) and applies the config's rule settings. `since`: the
 * previous analysis of the same group, whose model differs from this one in the window's workload models only.
 */
export function analyzeModel(
  model: ClusterModel,
  sources: ParsedSource[],
  config: EniLensConfig,
  units: Pick<ModelUnits, 'facts' | 'findings' | 'objectsFor'>,
  since?: { analysis: Analysis; window: ModelWindow },
): Analysis {
  const ctx = {
    model,
    branchEniVerdict: judgeCapacity(model, 'branchEnis', since && { verdict: since.analysis.branchEniVerdict, window: since.window }),
    podSlotVerdict: judgeCapacity(model, 'pods', since && { verdict: since.analysis.podSlotVerdict, window: since.window }),
  };
  // The ip-capacity rule's verdict (it judges one when either setting is on), patched from the previous model's.
  if (since && (model.cni.customNetworking.value || model.securityGroupsForPods.value)) judgeIpCapacity(model, since.window);
  const raw: Finding[] = [];
  const chartOf = chartFolders(sources);
  for (const s of sources) for (const f of s.findings) raw.push(f.rule === 'template-skipped' && chartOf(f.file) ? withChartAdvice(f, chartOf(f.file)!) : f);
  for (const f of units.findings) raw.push(f);
  const picked = pickedClusterMissing(model, config);
  if (picked) raw.push(picked);
  let clusters: ClusterAnalysis[] | undefined;
  if (model.clusters.length > 1 && !config.cluster) {
    clusters = model.clusters.map((name) => {
      const cm = clusterModel(model, units.facts, name, config);
      return { name, model: cm, branchEniVerdict: judgeCapacity(cm, 'branchEnis'), podSlotVerdict: judgeCapacity(cm, 'pods') };
    });
    raw.push(...clusterFindings(clusters));
  } else {
    for (const rule of RULES) raw.push(...rule.check(ctx));
  }
  const findings = applySettings(raw, sources, config, units.objectsFor);
  findings.sort(compareFindings);
  return clusters ? { findings, ...ctx, clusters } : { findings, ...ctx };
}

/**
 * Every cluster's findings: one the clusters all give alike is kept once as it is; the others name their
 * cluster ("On cluster prod: …").
 */
function clusterFindings(clusters: ClusterAnalysis[]): Finding[] {
  const perCluster = clusters.map((c) => {
    const found: Finding[] = [];
    for (const rule of RULES) found.push(...rule.check(c));
    return found;
  });
  // Alike down to the related locations: equal messages may name equal-looking pools of different files.
  const key = (f: Finding) => JSON.stringify([f.rule, f.file, f.range, f.message, f.related]);
  const count = new Map<string, number>();
  for (const found of perCluster) for (const k of new Set(found.map(key))) count.set(k, (count.get(k) ?? 0) + 1);
  const out: Finding[] = [];
  const kept = new Set<string>();
  perCluster.forEach((found, i) => {
    for (const f of found) {
      const k = key(f);
      if (count.get(k) === clusters.length) {
        if (!kept.has(k)) out.push(f);
        kept.add(k);
      } else out.push({ ...f, message: `On cluster ${clusters[i].name}: ${f.message}` });
    }
  });
  return out;
}

/** `cluster:` in the config that names no ClusterConfig of the files: said at the key, nothing else is judged differently. */
function pickedClusterMissing(model: ClusterModel, config: EniLensConfig): Finding | undefined {
  const picked = config.cluster;
  if (!picked || !config.file || model.clusters.includes(picked.value)) return undefined;
  const known = model.objects.filter(isEksctlClusterConfig).map((o) => o.name);
  return {
    rule: 'config',
    severity: 'error',
    file: config.file,
    range: picked.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    message: `cluster '${picked.value}' names no eksctl ClusterConfig of these files, so their node groups are not used`,
    detail: `cluster: is the metadata.name of an eksctl ClusterConfig; ${known.length > 0 ? `these files hold ${[...new Set(known)].join(', ')}` : 'these files hold none'}.`,
    related: [],
    fixes: [],
  };
}

/** The analysis of one cluster of several, as the explainers and the report read an analysis. */
export function clusterScoped(analysis: Analysis, c: ClusterAnalysis): Analysis {
  return { findings: analysis.findings, model: c.model, branchEniVerdict: c.branchEniVerdict, podSlotVerdict: c.podSlotVerdict };
}

/** What a caller of `analyze` parsed and built already, reused where the text is the same. */
export interface Prepared {
  /** Parsed with the default options, trees let go of (the CLI's worker threads), by file. */
  parsed?: ReadonlyMap<string, ParsedSource>;
  /** Parsed whole with their trees (see parseOptionsFor): the kustomizations and the files they name, by file. */
  whole?: ReadonlyMap<string, ParsedSource>;
  /** Kustomizations built from `whole` (prebuiltKustomizations); a build whose files differ is built again. */
  builds?: BuildCache;
}

/**
 * Analyses files read whole (the CLI): each file's YAML trees are let go of as soon as its facts are read,
 * except those kustomizations render (kustomization files and the files they name), let go of afterwards.
 */
export function analyze(files: { file: string; text: string }[], config: EniLensConfig, prepared: Prepared = {}): Analysis {
  const rendering = config.kustomize !== false && files.some((f) => isKustomizationFile(f.file));
  const known = (f: { file: string; text: string }, from: ReadonlyMap<string, ParsedSource> | undefined) => {
    const hit = from?.get(f.file);
    return hit && hit.text === (f.text.charCodeAt(0) === 0xfeff ? f.text.slice(1) : f.text) ? hit : undefined;
  };
  const kustomizations = rendering ? files.filter((f) => isKustomizationFile(f.file)).map((f) => known(f, prepared.whole) ?? parseSource(f, undefined, ALL_KINDS)) : [];
  const named = namedFiles(kustomizations);
  const byFile = new Map(kustomizations.map((s) => [s.file, s]));
  const kept: ParsedSource[] = [...kustomizations];
  const sources = files.map((f) => {
    const hit = byFile.get(f.file);
    if (hit) return hit;
    const options = parseOptionsFor(f.file, named);
    const source = known(f, options.allKinds ? prepared.whole : prepared.parsed) ?? parseSource(f, undefined, options);
    if (named.has(f.file)) kept.push(source);
    else releaseTrees(source);
    return source;
  });
  const analysis = analyzeParsed(sources, config, rendering ? prepared.builds : undefined);
  kept.forEach(releaseTrees);
  return analysis;
}

/**
 * The kustomizations among `whole` (parsed whole, with their trees: the kustomizations and the files they
 * name) built, for `analyze` to reuse: the CLI builds them while worker threads parse the other files.
 */
export function prebuiltKustomizations(whole: Iterable<ParsedSource>): BuildCache {
  const builds: BuildCache = { builds: new Map() };
  unitsOf(inFileOrder([...whole]), true, builds);
  return builds;
}

const ALL_KINDS: ParseOptions = { allKinds: true };

/**
 * How every caller parses a file: whole when kustomize reads it (a kustomization, a file one names: see
 * ParseOptions.allKinds), else without the documents of kinds the analysis does not read.
 */
export function parseOptionsFor(file: string, rendered: ReadonlySet<string>): ParseOptions {
  return isKustomizationFile(file) || rendered.has(file) ? ALL_KINDS : {};
}

/** The folder of the Helm chart (a `Chart.yaml` among the sources) a file lies in, if any. */
function chartFolders(sources: ParsedSource[]): (file: string) => string | undefined {
  // Asked of every file on every analysis: the cheap test first.
  const charts = sources.filter((s) => s.file.endsWith('Chart.yaml') && baseNameOf(s.file) === 'Chart.yaml').map((s) => dirOf(s.file));
  if (charts.length === 0) return () => undefined;
  return (file) => charts.find((dir) => file.startsWith(`${dir}/`) || file.startsWith(`${dir}\\`));
}

function withChartAdvice(f: Finding, chart: string): Finding {
  const at = f.message.indexOf('), ');
  if (!f.message.startsWith('Skipped document') || at < 0) return f;
  return {
    ...f,
    message: `${f.message.slice(0, at)}), a Helm chart template`,
    detail: `Run ENI Lens on the rendered chart: \`helm template ${/^[a-z][a-z0-9+.-]*:/i.test(chart) ? baseNameOf(chart) : chart || '.'} | eni-lens check -\`.`,
  };
}

/** Rule settings, `# eni-lens-disable-next-line` comments and ignore annotations; looked up per finding, as findings are few. */
function applySettings(findings: Finding[], sources: ParsedSource[], config: EniLensConfig, objectsFor: (file: string) => KubeObject[]): Finding[] {
  const out: Finding[] = [];
  for (const f of findings) {
    const setting = config.rules.get(f.rule);
    if (setting === 'off') continue;
    const source = sourceOf(sources, f.file);
    if (source) {
      const lineRules = source.disabledLines.get(f.range.start.line);
      if (lineRules === 'all' || lineRules?.has(f.rule)) continue;
      const ignored = f.object && ignoredRulesOf(f, f.object, objectsFor);
      if (ignored && (ignored.has(f.rule) || ignored.has('all'))) continue;
    }
    out.push(setting ? { ...f, severity: setting as Severity } : f);
  }
  return out;
}

/** Binary search in sources sorted by file name. */
function sourceOf(sources: ParsedSource[], file: string): ParsedSource | undefined {
  let lo = 0;
  let hi = sources.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const name = sources[mid].file;
    if (name === file) return sources[mid];
    if (name < file) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

const ignoreIndexes = new WeakMap<KubeObject[], Map<string, Set<string> | undefined>>();

/**
 * The rules the ignore annotation of a finding's object names: the object in the finding's file, else in a
 * related file (a finding anchored on an HPA relates its workload, which carries the annotation).
 */
function ignoredRulesOf(f: Finding, ref: ObjectRef, objectsFor: (file: string) => KubeObject[]): Set<string> | undefined {
  const key = objectKey(ref.kind, ref.namespace, ref.name);
  for (const file of new Set([f.file, ...f.related.map((r) => r.file)])) {
    const index = ignoreIndex(objectsFor(file));
    if (index.has(key)) return index.get(key);
  }
  return undefined;
}

/** Every object of a file by kind, namespace and name, with the rules its annotation names (the last annotated one of a name wins). */
function ignoreIndex(objects: KubeObject[]): Map<string, Set<string> | undefined> {
  let index = ignoreIndexes.get(objects);
  if (!index) {
    index = new Map();
    for (const o of objects) {
      const key = objectKey(o.kind, o.namespace, o.name);
      const value = o.annotations.get(IGNORE_ANNOTATION);
      if (value) index.set(key, new Set(value.split(',').map((s) => s.trim())));
      else if (!index.has(key)) index.set(key, undefined);
    }
    ignoreIndexes.set(objects, index);
  }
  return index;
}

function objectKey(kind: string, namespace: string, name: string): string {
  return `${kind}\0${namespace}\0${name}`;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareStrings(a.file, b.file) ||
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    compareStrings(a.rule, b.rule)
  );
}
