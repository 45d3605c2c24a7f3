// Incremental analysis of one config group, beside the reference `analyzeParsed`, with the same findings.
// What a file contributes (objects, workloads, policies, service accounts, HPAs) is read once per parse.
// Between two calls, the files that changed say which workload models must be rebuilt; the
// rest are reused as they are, with the pools they reach:
// - a SecurityGroupPolicy selects pods of its own namespace only: its namespace is dirty;
// - a ServiceAccount's labels reach the workloads that name it: its namespace/name is dirty;
// - an HPA reaches the workload it targets: its namespace/kind/name is dirty;
// - eksctl, Karpenter, aws-node, the config, or a change in pinned instance types (implicit pools) reach
//   every workload: everything is rebuilt.
// An index from those keys to the files whose workloads read them finds the dirty files without a pass
// over every file, and the lookups (policies by namespace, service accounts, HPAs) are patched, not rebuilt.
// Placement is then judged per distinct set of pools (tens of entries, whatever the workload count).
// A kustomization entry point is one unit: built again when any file it read changed, its rendered facts
// then replace the old ones as an edited file's would.
import { unitChanges } from '../model/unitChanges';
import type { EniLensConfig } from '../config/config';
import { analyzeModel, inFileOrder, type Analysis, type ModelUnits, type UnitsCache } from '../engine';
import { plainObjectsFor, unitsOf } from '../kustomize/units';
import { plainKeyAt, plainUnits, spliceUnits, type PlainUnits, type UnitWindow } from './unitSplice';
import { OnceIndex } from '../rules/duplicateObject';
import { assembleClusterModel, type ModelLookups, type ModelReuse, type WorkloadModel } from '../model/cluster';
import { autoscalerKey, type FileFacts } from '../model/fileFacts';
import type { KubeObject } from '../k8s/objects';
import type { ParsedSource } from '../yaml/parseSource';

export interface IncrementalStats {
  /** Nothing could be reused: first run, config or cluster-wide objects changed. */
  full: boolean;
  changedFiles: number;
  reusedWorkloads: number;
  rebuiltWorkloads: number;
  /** Units (with workloads) whose models the assembly looked up or built: the edited ones when the rest is kept as it was. */
  visitedUnits: number;
  /** The models outside the edited window were the previous list's, kept without a look at their units. */
  splicedModels: boolean;
  /** Capacity verdicts (of 2) whose sums per pool array were patched from the previous ones, not gathered. */
  patchedVerdicts: number;
}

type ReadKind = 'namespaces' | 'accounts' | 'targets' | 'templates';
const READ_KINDS: ReadKind[] = ['namespaces', 'accounts', 'targets', 'templates'];

interface Previous {
  config: EniLensConfig;
  /** The sources in file order. */
  sources: ParsedSource[];
  /** The model's units (files and entry points) in key order, and the key of each. */
  facts: FileFacts[];
  keyAt: (at: number) => string;
  analysis: Analysis;
  /** Each file's workload models, by the file's facts. */
  modelsOf: Map<FileFacts, WorkloadModel[]>;
  /** Key (namespace, service account, HPA target) → the files whose workloads read it. */
  readers: Record<ReadKind, Map<string, Set<FileFacts>>>;
  /** The units and where each source's are, when no kustomization was rendered: the next edit patches them. */
  plain?: PlainUnits;
}

export class IncrementalAnalyzer {
  private previous: Previous | undefined;
  private units: UnitsCache = { builds: { builds: new Map() }, once: new OnceIndex() };
  stats: IncrementalStats = { full: true, changedFiles: 0, reusedWorkloads: 0, rebuiltWorkloads: 0, visitedUnits: 0, splicedModels: false, patchedVerdicts: 0 };

  /** Same result as `analyzeParsed(sources, config)`. Pass the same ParsedSource objects for unchanged files. */
  analyze(given: ParsedSource[], config: EniLensConfig): Analysis {
    const previous = this.previous;
    const sources = previous ? inFileOrderAfter(previous.sources, given) : inFileOrder(given);
    const { units, keyAt, plain, window } = this.unitsOf(sources, config);
    const { facts } = units;
    // The units that left and came: known from the window when the units were patched and no duplicate
    // copy was dropped (dropping one replaces a unit's facts), else compared.
    const spliced = window && plain && facts === plain.facts ? window : undefined;
    const { removed, added } = !previous
      ? { removed: [], added: facts.map((f, at) => ({ f, key: keyAt(at), at })) }
      : spliced
        ? {
            removed: spliced.removed.map((at) => ({ f: previous.facts[at], key: previous.keyAt(at), at })),
            added: spliced.added.map((at) => ({ f: facts[at], key: keyAt(at), at })),
          }
        : difference(previous, facts, keyAt);
    // One unit replaced by one at the same place: everything else keeps its order.
    const inPlace = removed.length === 1 && added.length === 1 && removed[0].key === added[0].key && removed[0].at === added[0].at;
    const stale = new Set<FileFacts>();
    const reuse =
      previous &&
      this.reuseAfter(
        previous,
        removed.map((u) => u.f),
        added.map((u) => u.f),
        inPlace,
        config,
        stale,
      );

    let rebuilt = 0;
    let visited = 0;
    const modelsOf = reuse ? previous.modelsOf : new Map<FileFacts, WorkloadModel[]>();
    // Only the window's models are new when nothing outside it reads what changed: the rest is the previous list.
    const inWindow = spliced && reuse && [...stale].every((f) => spliced.units.includes(f)) ? spliced : undefined;
    const model = assembleClusterModel(facts, config, {
      ...reuse,
      fileModels: reuse
        ? (f) => {
            visited++;
            return reuse.fileModels!(f);
          }
        : () => {
            visited++;
            return undefined;
          },
      record: (f, models) => {
        modelsOf.set(f, models);
        rebuilt += models.length;
      },
      spliced: inWindow && { previous: previous!.analysis.model.workloads, from: inWindow.modelFrom, to: inWindow.modelTo, units: inWindow.units },
    });
    const since = inWindow && {
      analysis: previous!.analysis,
      window: {
        previous: previous!.analysis.model,
        from: inWindow.modelFrom,
        to: inWindow.modelTo,
        count: model.workloads.length - (previous!.analysis.model.workloads.length - (inWindow.modelTo - inWindow.modelFrom)),
      },
    };
    const analysis = analyzeModel(model, sources, config, units, since);
    const readers = reuse ? previous.readers : indexReaders(facts);
    this.stats = {
      full: !reuse,
      changedFiles: removed.length + added.length,
      reusedWorkloads: model.workloads.length - rebuilt,
      rebuiltWorkloads: rebuilt,
      visitedUnits: visited,
      splicedModels: inWindow !== undefined,
      patchedVerdicts: [analysis.branchEniVerdict, analysis.podSlotVerdict].filter((v) => v.patched).length,
    };
    this.previous = { sources, config, facts, keyAt, analysis, modelsOf, readers, plain };
    return analysis;
  }

  /** The model's units: the previous ones patched where only plain files changed, else gathered (and kustomizations built) as analyzeParsed does. */
  private unitsOf(sources: ParsedSource[], config: EniLensConfig): { units: Omit<ModelUnits, 'keys'>; keyAt: (at: number) => string; plain?: PlainUnits; window?: UnitWindow } {
    const previous = this.previous;
    const kustomize = config.kustomize !== false;
    const patched = previous?.plain && previous.config === config && previous.facts === previous.plain.facts ? spliceUnits(previous.plain, sources, kustomize) : undefined;
    if (patched) {
      const once = this.units.once.judge(patched.units.facts, patched.window);
      return {
        units: { facts: once.facts, findings: once.findings, objectsFor: plainObjectsFor(sources) },
        keyAt: (at) => plainKeyAt(patched.units, at),
        plain: patched.units,
        window: patched.window,
      };
    }
    const gathered = unitsOf(sources, kustomize, this.units.builds);
    const once = this.units.once.judge(gathered.facts);
    const units = { facts: once.facts, findings: [...gathered.findings, ...once.findings], objectsFor: gathered.objectsFor };
    // No kustomization was rendered (an entry point always has a build).
    const { keys } = gathered;
    return { units, keyAt: (at) => keys[at], plain: this.units.builds.builds.size === 0 ? plainUnits(sources, gathered.facts) : undefined };
  }

  /** What can be reused after `removed` files left and `added` ones came; undefined when nothing can. Also updates the readers index and drops the models the change makes stale. */
  /** `stale` receives the units other than `before` whose models it dropped. */
  private reuseAfter(previous: Previous, before: FileFacts[], after: FileFacts[], inPlace: boolean, config: EniLensConfig, stale: Set<FileFacts>): ModelReuse | undefined {
    if (previous.config !== config) return undefined;
    const changed = [...before, ...after];
    if (changed.some((f) => f.clusterWide)) return undefined;
    // Implicit pools (pinned types no pool declares) follow the first-seen order of pins over all files:
    // the same pins in the same place keep it; moved between files (a rename, two files at once) they may not.
    if (pinnedTypes(before) !== pinnedTypes(after)) return undefined;
    const implicit = new Set(previous.analysis.model.pools.filter((p) => p.origin === 'implicit').flatMap((p) => p.instanceTypes));
    if (!inPlace && changed.some((f) => pinsAny(f, implicit))) return undefined;

    const dirty: Record<ReadKind, Set<string>> = { namespaces: new Set(), accounts: new Set(), targets: new Set(), templates: new Set() };
    for (const f of changed) {
      for (const p of f.policies) dirty.namespaces.add(p.object.namespace);
      for (const [key] of f.accountLabels) dirty.accounts.add(key);
      for (const [key] of f.autoscalerTargets) dirty.targets.add(key);
      // A changed workload changes the Rollouts whose workloadRef names it.
      for (const w of f.workloads) dirty.templates.add(autoscalerKey(w.object.namespace, w.kind, w.object.name));
    }
    for (const f of before) {
      previous.modelsOf.delete(f);
      for (const kind of READ_KINDS) for (const key of f.reads[kind]) previous.readers[kind].get(key)?.delete(f);
    }
    for (const f of after) for (const kind of READ_KINDS) for (const key of f.reads[kind]) addReader(previous.readers[kind], key, f);
    // Files whose workloads read a dirty key are built again.
    const rebuilt = new Set<FileFacts>(after);
    for (const kind of READ_KINDS) {
      for (const key of dirty[kind]) {
        for (const f of previous.readers[kind].get(key) ?? []) {
          previous.modelsOf.delete(f);
          rebuilt.add(f);
          stale.add(f);
        }
      }
    }
    // A Rollout's workloadRef reads everything its template reads (ServiceAccount labels): when the
    // referenced workload is built again, so is the Rollout.
    if (previous.readers.templates.size > 0) {
      for (const f of rebuilt) {
        for (const w of f.workloads) {
          for (const r of previous.readers.templates.get(autoscalerKey(w.object.namespace, w.kind, w.object.name)) ?? []) {
            previous.modelsOf.delete(r);
            stale.add(r);
          }
        }
      }
    }

    const { model } = previous.analysis;
    // Referenced templates changed, or references came or went: the template lookup is built again.
    const templatesChanged = changed.some((f) => f.reads.templates.size > 0) || [...dirty.templates].some((key) => (previous.readers.templates.get(key)?.size ?? 0) > 0);
    return {
      pools: { pools: model.pools, capacity: model.capacity, cni: model.cni, fargateProfiles: model.fargateProfiles, clusters: model.clusters },
      lookups: templatesChanged ? undefined : patchLookups(model.lookups, before, after, dirty.namespaces),
      fileModels: (f) => previous.modelsOf.get(f),
      // No policy came or went: the list in file order is the previous one (gathering it walks every unit),
      // and so is the first policy that turns security groups for pods on.
      ...(changed.some((f) => f.policies.length > 0) ? {} : { policies: model.policies, securityGroupsForPods: model.securityGroupsForPods }),
    };
  }
}

/**
 * inFileOrder(given) when `given` is mostly `previous` (in file order): the sources both start and end with
 * are in order, so only the names around the others are compared (5,000 paths per keystroke otherwise).
 */
function inFileOrderAfter(previous: ParsedSource[], given: ParsedSource[]): ParsedSource[] {
  let head = 0;
  while (head < previous.length && head < given.length && previous[head] === given[head]) head++;
  let tail = 0;
  while (tail < previous.length - head && tail < given.length - head && previous[previous.length - 1 - tail] === given[given.length - 1 - tail]) tail++;
  for (let i = Math.max(1, head); i <= Math.min(given.length - 1, given.length - tail); i++) if (given[i - 1].file > given[i].file) return inFileOrder(given);
  return given;
}

interface Unit {
  f: FileFacts;
  key: string;
  /** Its place among the units of its analysis. */
  at: number;
}

/**
 * Units that left and came, by identity of their facts; both lists are in key order. A file's documents are
 * units of the same key, so identity, not the key, tells which stayed.
 */
function difference(previous: Previous, facts: FileFacts[], keyAt: (at: number) => string): { removed: Unit[]; added: Unit[] } {
  const { removed, added } = unitChanges(previous.facts, facts);
  return {
    removed: removed.map((at) => ({ f: previous.facts[at], key: previous.keyAt(at), at })),
    added: added.map((at) => ({ f: facts[at], key: keyAt(at), at })),
  };
}

/**
 * The lookups after the change: unchanged when no changed file holds policies, service accounts or HPAs
 * (typing in a file of workloads); a policy change rebuilds its namespace's list; service accounts and
 * HPAs are rebuilt (last one in file order wins, which a patch would have to recompute anyway).
 */
function patchLookups(lookups: ModelLookups, before: FileFacts[], after: FileFacts[], dirtyNamespaces: Set<string>): ModelLookups | undefined {
  const changed = [...before, ...after];
  if (changed.some((f) => f.accountLabels.length > 0 || f.autoscalerTargets.length > 0)) return undefined;
  if (dirtyNamespaces.size === 0) return lookups;
  const gone = new Set(before.flatMap((f) => f.policies));
  const policiesByNamespace = new Map(lookups.policiesByNamespace);
  for (const ns of dirtyNamespaces) {
    const kept = (policiesByNamespace.get(ns) ?? []).filter((p) => !gone.has(p));
    const list = [...kept, ...after.flatMap((f) => f.policies.filter((p) => p.object.namespace === ns))];
    // In file order, and within a file in document order (a file's documents are units of their own);
    // stable for one entry point's rendered policies.
    list.sort((a, b) => compareKeys(a.object.via ?? a.object.file, b.object.via ?? b.object.file) || placeOrder(a.object, b.object));
    if (list.length > 0) policiesByNamespace.set(ns, list);
    else policiesByNamespace.delete(ns);
  }
  return { ...lookups, policiesByNamespace };
}

function placeOrder(a: KubeObject, b: KubeObject): number {
  if (a.via !== undefined || b.via !== undefined) return 0;
  return a.place.document - b.place.document || a.place.item - b.place.item;
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function indexReaders(facts: FileFacts[]): Record<ReadKind, Map<string, Set<FileFacts>>> {
  const readers: Record<ReadKind, Map<string, Set<FileFacts>>> = { namespaces: new Map(), accounts: new Map(), targets: new Map(), templates: new Map() };
  for (const f of facts) for (const kind of READ_KINDS) for (const key of f.reads[kind]) addReader(readers[kind], key, f);
  return readers;
}

function addReader(readers: Map<string, Set<FileFacts>>, key: string, f: FileFacts): void {
  const set = readers.get(key);
  if (set) set.add(f);
  else readers.set(key, new Set([f]));
}

function pinsAny(f: FileFacts, types: Set<string>): boolean {
  return f.workloads.some((w) => w.template.placement.pinnedInstanceTypes.some((p) => types.has(p.value)));
}

/** Pinned types in first-seen order: implicit pools follow it, so the order must match as well. */
function pinnedTypes(facts: FileFacts[]): string {
  return [...new Set(facts.flatMap((f) => f.workloads.flatMap((w) => w.template.placement.pinnedInstanceTypes.map((p) => p.value))))].join('\n');
}
