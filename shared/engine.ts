// The engine's front door: sources and config in, findings (plus the model behind them) out.
// Pure: no file system, no editor. The CLI and the language server call exactly this.
import { type EniLensConfig } from './config/config';
import { buildClusterModel, type ClusterModel } from './model/cluster';
import { releaseTrees } from './model/fileFacts';
import { judgeCapacity, type ResourceVerdict } from './model/capacity';
import { RULES } from './rules';
import type { Finding, Severity } from './types';
import { parseSource, type ParsedSource } from './yaml/parseSource';

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
    if (sources[i - 1].file > sources[i].file) return [...sources].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  }
  return sources;
}

/** Judges a model built from `sources` (in file order) and applies the config's rule settings. */
export function analyzeModel(model: ClusterModel, sources: ParsedSource[], config: EniLensConfig): Analysis {
  const ctx = { model, branchEnis: judgeCapacity(model, 'branchEnis'), pods: judgeCapacity(model, 'pods') };
  const raw: Finding[] = [];
  for (const s of sources) for (const f of s.findings) raw.push(f);
  for (const rule of RULES) raw.push(...rule.check(ctx));
  const findings = applySettings(raw, sources, model, config);
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

function applySettings(findings: Finding[], sources: ParsedSource[], model: ClusterModel, config: EniLensConfig): Finding[] {
  const disabled = new Map<string, ParsedSource['disabledLines']>();
  for (const s of sources) if (s.disabledLines.size > 0) disabled.set(s.file, s.disabledLines);
  const ignoredByObject = new Map<string, Set<string>>();
  for (const o of model.objects) {
    const value = o.annotations.get(IGNORE_ANNOTATION);
    if (value) ignoredByObject.set(objectKey(o.file, o.kind, o.namespace, o.name), new Set(value.split(',').map((s) => s.trim())));
  }
  const out: Finding[] = [];
  for (const f of findings) {
    const setting = config.rules.get(f.rule);
    if (setting === 'off') continue;
    const lineRules = disabled.get(f.file)?.get(f.range.start.line);
    if (lineRules === 'all' || lineRules?.has(f.rule)) continue;
    if (f.object) {
      const ignored = ignoredByObject.get(objectKey(f.file, f.object.kind, f.object.namespace, f.object.name));
      if (ignored && (ignored.has(f.rule) || ignored.has('all'))) continue;
    }
    out.push(setting ? { ...f, severity: setting as Severity } : f);
  }
  return out;
}

function objectKey(file: string, kind: string, namespace: string, name: string): string {
  return `${file}\0${kind}\0${namespace}\0${name}`;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0)
  );
}
