// The engine's front door: sources and config in, findings (plus the model behind them) out.
// Pure: no file system, no editor. The CLI and the language server call exactly this.
import { type EniLensConfig } from './config/config';
import { buildClusterModel, type ClusterModel } from './model/cluster';
import { factsOf, releaseTrees } from './model/fileFacts';
import type { KubeObject } from './k8s/objects';
import { judgeCapacity, type ResourceVerdict } from './model/capacity';
import { RULES } from './rules';
import type { Finding, ObjectRef, Severity } from './types';
import { parseSource, type ParsedSource } from './yaml/parseSource';
import { compareStrings } from './text';

export interface Analysis {
  findings: Finding[];
  model: ClusterModel;
  branchEnis: ResourceVerdict;
  pods: ResourceVerdict;
}

export const IGNORE_ANNOTATION = 'eni-lens.io/ignore';

/** Analyses already-parsed sources together (parse results can be cached per file version). */
export function analyzeParsed(given: ParsedSource[], config: EniLensConfig): Analysis {
  // Objects are read in file order, and messages list them so ("selected by policy A, policy B"): sorting
  // makes the findings independent of the order callers list their files in.
  const sources = inFileOrder(given);
  return analyzeModel(buildClusterModel(sources, config), sources, config);
}

/** The sources sorted by file name: the same array when it already is (the server keeps them so). */
export function inFileOrder(sources: ParsedSource[]): ParsedSource[] {
  for (let i = 1; i < sources.length; i++) {
    if (sources[i - 1].file > sources[i].file) return [...sources].sort((a, b) => compareStrings(a.file, b.file));
  }
  return sources;
}

/** Judges a model built from `sources` (in file order) and applies the config's rule settings. */
export function analyzeModel(model: ClusterModel, sources: ParsedSource[], config: EniLensConfig): Analysis {
  const ctx = { model, branchEnis: judgeCapacity(model, 'branchEnis'), pods: judgeCapacity(model, 'pods') };
  const raw: Finding[] = [];
  for (const s of sources) for (const f of s.findings) raw.push(f);
  for (const rule of RULES) raw.push(...rule.check(ctx));
  const findings = applySettings(raw, sources, config);
  findings.sort(compareFindings);
  return { findings, ...ctx };
}

/** Analyses files read whole (the CLI): each file's YAML trees are let go of as soon as its facts are read. */
export function analyze(files: { file: string; text: string }[], config: EniLensConfig): Analysis {
  return analyzeParsed(
    files.map((f) => {
      const source = parseSource(f);
      releaseTrees(source);
      return source;
    }),
    config,
  );
}

/** Rule settings, `# eni-lens-disable-next-line` comments and ignore annotations; looked up per finding, as findings are few. */
function applySettings(findings: Finding[], sources: ParsedSource[], config: EniLensConfig): Finding[] {
  const out: Finding[] = [];
  for (const f of findings) {
    const setting = config.rules.get(f.rule);
    if (setting === 'off') continue;
    const source = sourceOf(sources, f.file);
    if (source) {
      const lineRules = source.disabledLines.get(f.range.start.line);
      if (lineRules === 'all' || lineRules?.has(f.rule)) continue;
      const ignored = f.object && ignoredRulesOf(f, f.object, sources);
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
function ignoredRulesOf(f: Finding, ref: ObjectRef, sources: ParsedSource[]): Set<string> | undefined {
  const key = objectKey(ref.kind, ref.namespace, ref.name);
  for (const file of new Set([f.file, ...f.related.map((r) => r.file)])) {
    const source = sourceOf(sources, file);
    const index = source && ignoreIndex(factsOf(source).objects);
    if (index?.has(key)) return index.get(key);
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
