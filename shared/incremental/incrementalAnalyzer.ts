// Incremental analysis of one config group, beside the reference `analyzeParsed`, with the same findings.
// What a file contributes (objects, workloads, policies, service accounts, HPAs) is read once per parse.
// Between two calls, the files that changed say which workload models must be rebuilt; the
// rest are reused as they are, with the pools they reach:
// - a SecurityGroupPolicy selects pods of its own namespace only: its namespace is dirty;
// - a ServiceAccount's labels reach the workloads that name it: its namespace/name is dirty;
// - an HPA reaches the workload it targets: its namespace/kind/name is dirty;
// - eksctl, Karpenter, aws-node, the config, or a change in pinned instance types (implicit pools) reach
//   every workload: everything is rebuilt.
// Placement (one max flow per group of shared pools) and the rules then run over the model; they are
// linear in the workloads, while reading YAML into objects, which dominated, is only done for what changed.
import type { EniLensConfig } from '../config/config';
import { analyzeModel, inFileOrder, type Analysis } from '../engine';
import { assembleClusterModel, type ModelReuse, type WorkloadModel } from '../model/cluster';
import { factsOf, type FileFacts } from '../model/fileFacts';
import type { ParsedSource } from '../yaml/parseSource';

export interface IncrementalStats {
  /** Nothing could be reused: first run, config or cluster-wide objects changed. */
  full: boolean;
  changedFiles: number;
  reusedWorkloads: number;
  rebuiltWorkloads: number;
}

interface Previous {
  config: EniLensConfig;
  sources: Set<ParsedSource>;
  analysis: Analysis;
  /** Each file's workload models, by the file's facts. */
  modelsOf: Map<FileFacts, WorkloadModel[]>;
}

export class IncrementalAnalyzer {
  private previous: Previous | undefined;
  stats: IncrementalStats = { full: true, changedFiles: 0, reusedWorkloads: 0, rebuiltWorkloads: 0 };

  /** Same result as `analyzeParsed(sources, config)`. Pass the same ParsedSource objects for unchanged files. */
  analyze(given: ParsedSource[], config: EniLensConfig): Analysis {
    const sources = inFileOrder(given);
    const facts = sources.map(factsOf);
    const reuse = this.planReuse(sources, config);
    const modelsOf = new Map<FileFacts, WorkloadModel[]>();
    const model = assembleClusterModel(facts, config, { ...reuse, record: modelsOf });
    const analysis = analyzeModel(model, sources, config);
    let reused = 0;
    if (reuse) for (const [f, models] of modelsOf) if (this.previous!.modelsOf.get(f) === models) reused += models.length;
    this.stats = { ...this.stats, full: !reuse, reusedWorkloads: reused, rebuiltWorkloads: model.workloads.length - reused };
    this.previous = { config, sources: new Set(sources), analysis, modelsOf };
    return analysis;
  }

  private planReuse(sources: ParsedSource[], config: EniLensConfig): ModelReuse | undefined {
    const previous = this.previous;
    const current = new Set(sources);
    const removed = previous ? [...previous.sources].filter((s) => !current.has(s)) : [];
    const added = previous ? sources.filter((s) => !previous.sources.has(s)) : [];
    this.stats.changedFiles = removed.length + added.length;
    if (!previous || previous.config !== config) return undefined;
    const before = removed.map((s) => factsOf(s));
    const after = added.map((s) => factsOf(s));
    const changed = [...before, ...after];
    if (changed.some((f) => f.clusterWide)) return undefined;
    if (pinnedTypes(before) !== pinnedTypes(after)) return undefined;

    const dirtyNamespaces = new Set<string>();
    const dirtyAccounts = new Set<string>();
    const dirtyTargets = new Set<string>();
    for (const f of changed) {
      for (const p of f.policies) dirtyNamespaces.add(p.object.namespace);
      for (const [key] of f.accountLabels) dirtyAccounts.add(key);
      for (const [key] of f.autoscalerTargets) dirtyTargets.add(key);
    }
    const { model } = previous.analysis;
    return {
      pools: { pools: model.pools, capacity: model.capacity },
      fileModels: (f) => {
        if (intersects(f.reads.namespaces, dirtyNamespaces) || intersects(f.reads.accounts, dirtyAccounts) || intersects(f.reads.targets, dirtyTargets)) return undefined;
        return previous.modelsOf.get(f);
      },
    };
  }
}

function intersects(a: Set<string>, b: Set<string>): boolean {
  if (b.size === 0) return false;
  for (const x of a) if (b.has(x)) return true;
  return false;
}

/** Pinned types in first-seen order: implicit pools follow it, so the order must match as well. */
function pinnedTypes(facts: FileFacts[]): string {
  return [...new Set(facts.flatMap((f) => f.workloads.flatMap((w) => w.template.placement.pinnedInstanceTypes.map((p) => p.value))))].join('\n');
}
