// The capacity report as plain data: per config group, its pools (nodes × type, per-node figures, what-if
// candidates), its workloads (demand, where they are written, the engine's verdict) and the demands of the
// three placement problems, with the bars computed from them. JSON-serialisable: the language server sends it.
import { clusterScoped, type Analysis } from '../engine';
import { poolLabel } from '../model/budget';
import { compareBySize, defaultMaxPods, type InstanceType } from '../instances';
import { ipSettingsOf, judgeIpCapacity, podIps, type IpSettings } from '../model/ipCapacity';
import { FlowNetwork } from '../model/maxFlow';
import type { WorkloadModel } from '../model/cluster';
import { isWindowsPool, type Pool } from '../model/pools';
import type { Range, RuleId } from '../types';
import { allocate, computeBars, type BarResource, type DemandRow, type PoolBars, type PoolState, type TypeFigures } from './bars';
import { addUnsupportedRows, chooseNamed, draftRows, finishRows } from './demands';
import { verdictLines } from './verdicts';

export interface ReportPool extends PoolState {
  name: string;
  /** "pool sg-workers", or "r6g.medium (assumed nodes)". */
  label: string;
  declaredAs: string;
  instanceTypes: string[];
  unknownTypes: string[];
  maxPodsOverride?: number;
  file?: string;
  range?: Range;
  /** Instance types the what-if offers (the pool's own first). */
  candidates: string[];
  /** Pods that need a branch ENI but can only land on types without a trunk ENI (branch-eni-unsupported), here among them. */
  unsupportedPods: number;
}

export interface ReportWorkload {
  kind: string;
  namespace: string;
  name: string;
  /** Short name on the bars. */
  label: string;
  file: string;
  range: Range;
  pods: number;
  podsSource: string;
  needsBranchEni: boolean;
  /** Why it needs one: the policies selecting it, or its own pod-eni request. */
  branchEniBecause: string;
  pools: string[];
  branchEniVerdict: string;
  /** The branch-ENI verdict is an error the engine reports (branch-eni-unsupported: no pod will start). */
  branchEniError: boolean;
  podsVerdict: string;
  /**
   * Not on the bars: its pods run on Fargate, or its nodes are not known ('not-judged'), or no pool accepts them ('no-pool')
   * and they stay Pending (the engine's no-matching-pool warning).
   */
  off?: 'not-judged' | 'no-pool';
}

export interface ReportSection {
  title: string;
  configFile?: string;
  prefixDelegation: boolean;
  securityGroupsForPods: boolean;
  customNetworking: boolean;
  pools: ReportPool[];
  /** The workloads worth naming (all of them up to MAX_NAMED), in file order; bars and rows index these. */
  workloads: ReportWorkload[];
  /** Every workload of the group, named or not. */
  workloadCount: number;
  demands: Record<BarResource, DemandRow[]>;
  /** Per-node figures of every type the what-if offers, under this section's settings. */
  types: Record<string, TypeFigures>;
  bars: PoolBars[];
  /** Config errors: the section shows these instead of an analysis. */
  errors: string[];
}

export interface CapacityReport {
  sections: ReportSection[];
}

export interface ReportGroup {
  title: string;
  configFile?: string;
  analysis?: Analysis;
  errors?: string[];
}

/** A group of several eksctl clusters gets a section per cluster: clusters never add up. */
export function buildCapacityReport(groups: ReportGroup[]): CapacityReport {
  const perCluster = groups.flatMap((g) => {
    const a = g.analysis;
    return a?.clusters ? a.clusters.map((c) => ({ ...g, title: `${g.title} · cluster ${c.name}`, analysis: clusterScoped(a, c) })) : [g];
  });
  return { sections: perCluster.map(buildSection) };
}

function buildSection(group: ReportGroup): ReportSection {
  const empty: ReportSection = {
    title: group.title,
    configFile: group.configFile,
    prefixDelegation: false,
    securityGroupsForPods: false,
    customNetworking: false,
    pools: [],
    workloads: [],
    workloadCount: 0,
    demands: { branchEnis: [], pods: [], ips: [] },
    types: {},
    bars: [],
    errors: group.errors ?? [],
  };
  const analysis = group.analysis;
  if (!analysis || empty.errors.length > 0) return empty;
  const { model } = analysis;
  const settings = ipSettingsOf(model);
  const types: Record<string, TypeFigures> = {};
  const unsupported = flaggedWorkloads(analysis, (rule) => rule === 'branch-eni-unsupported');
  const unplaceable = flaggedWorkloads(analysis, (rule) => rule === 'no-matching-pool');
  const pools = model.pools.map((p) => reportPool(analysis, p, settings, types, unsupported));
  const workloadIndex = new Map(model.workloads.map((w, i) => [w, i]));
  const poolIndex = new Map(model.pools.map((p, i) => [p, i]));
  const ips = judgeIpCapacity(model);
  const drafts = {
    branchEnis: addUnsupportedRows(draftRows(analysis.branchEniVerdict, workloadIndex, poolIndex), unsupported, workloadIndex, poolIndex),
    pods: draftRows(analysis.podSlotVerdict, workloadIndex, poolIndex),
    ips: draftRows(ips, workloadIndex, poolIndex),
  };
  const verdicts = [analysis.branchEniVerdict, analysis.podSlotVerdict, ips];
  const named = chooseNamed(
    model.workloads.length,
    [...drafts.branchEnis, ...drafts.pods, ...drafts.ips],
    (i) => verdicts.some((v) => v.overcommitOf.has(model.workloads[i])) || unsupported.has(model.workloads[i]),
    (i) => model.workloads[i].pods,
  );
  const position = new Map(named.map((wi, at) => [wi, at]));
  const demands = { branchEnis: finishRows(drafts.branchEnis, position), pods: finishRows(drafts.pods, position), ips: finishRows(drafts.ips, position) };
  const nameCount = new Map<string, number>();
  for (const w of model.workloads) nameCount.set(w.workload.object.name, (nameCount.get(w.workload.object.name) ?? 0) + 1);
  const branchVerdict = verdictLines(analysis, 'branchEnis');
  const podsVerdict = verdictLines(analysis, 'pods');
  const workloads = named.map((wi): ReportWorkload => {
    const w = model.workloads[wi];
    const o = w.workload.object;
    const noTrunk = unsupported.has(w);
    // The engine's no-matching-pool warning is a verdict (its pods stay Pending), not a lack of one.
    const asWarning = (line: string) => (unplaceable.has(w) ? `${line.replace(/^not judged: /, '')} (no-matching-pool)` : line);
    // A DaemonSet runs a pod on every node it reaches: the pod-slot demand counts them, as the hovers do.
    const pods = w.workload.kind === 'DaemonSet' ? (analysis.podSlotVerdict.demandsOf.get(w) ?? []).reduce((n, d) => n + d.pods, 0) : w.pods;
    return {
      kind: o.kind,
      namespace: o.namespace,
      name: o.name,
      label: nameCount.get(o.name)! > 1 ? `${o.namespace}/${o.name}` : o.name,
      file: o.file,
      range: o.nameRange,
      pods,
      podsSource: w.workload.kind === 'DaemonSet' ? 'one per node' : w.podsSource,
      needsBranchEni: w.branchEni.needed,
      branchEniBecause: w.branchEni.needed
        ? [
            ...w.branchEni.policies.map((p) => `SecurityGroupPolicy ${p.object.namespace}/${p.object.name}`),
            ...(w.branchEni.explicitRequest ? ['requests vpc.amazonaws.com/pod-eni'] : []),
          ].join(', ')
        : (w.branchEni.exemptBecause ?? 'no SecurityGroupPolicy selects it'),
      pools: w.placement.kind === 'pools' ? w.placement.pools.map((p) => p.name) : [],
      branchEniVerdict: noTrunk ? 'no pod will start: its nodes cannot host a trunk ENI (branch-eni-unsupported)' : asWarning(branchVerdict(w)),
      branchEniError: noTrunk,
      podsVerdict: asWarning(podsVerdict(w)),
      ...(unplaceable.has(w) ? { off: 'no-pool' as const } : !analysis.podSlotVerdict.componentOf.has(w) ? { off: 'not-judged' as const } : {}),
    };
  });
  const prefixDelegation = model.config.prefixDelegation;
  return {
    ...empty,
    prefixDelegation,
    securityGroupsForPods: settings.securityGroupsForPods,
    customNetworking: settings.customNetworking,
    pools,
    workloads,
    workloadCount: model.workloads.length,
    demands,
    types,
    bars: computeBars(FlowNetwork, allocate, { prefixDelegation, securityGroupsForPods: settings.securityGroupsForPods, pools, demands }),
  };
}

/** The workloads the engine reports a rule's finding on (after rule settings, as `check` shows them). */
function flaggedWorkloads(analysis: Analysis, isRule: (rule: RuleId) => boolean): Set<WorkloadModel> {
  const keys = new Set(analysis.findings.filter((f) => isRule(f.rule) && f.object).map((f) => `${f.object!.kind}/${f.object!.namespace}/${f.object!.name}`));
  return new Set(keys.size === 0 ? [] : analysis.model.workloads.filter((w) => keys.has(`${w.workload.kind}/${w.workload.object.namespace}/${w.workload.object.name}`)));
}

function reportPool(analysis: Analysis, pool: Pool, settings: IpSettings, types: Record<string, TypeFigures>, unsupported: Set<WorkloadModel>): ReportPool {
  const cap = analysis.model.capacity.get(pool)!;
  const catalog = analysis.model.catalog;
  const known = pool.instanceTypes.map((n) => catalog.lookup(n)).filter((t): t is InstanceType => t !== undefined);
  let figures: TypeFigures | undefined;
  if (cap.type && cap.unknownTypes.length === 0) {
    const each = known.map((t) => figuresOf(t, settings));
    figures = {
      branchEnis: cap.branchEnis,
      maxPods: cap.maxPods,
      ipsWithTrunk: Math.min(...each.map((f) => f.ipsWithTrunk)),
      ipsWithoutTrunk: Math.min(...each.map((f) => f.ipsWithoutTrunk)),
    };
  }
  // What-if sizes use the Linux figures: none for Windows pools.
  const candidates = cap.type && !pool.elastic && !isWindowsPool(pool) ? sameFamily(catalog.all(), cap.type) : [];
  for (const name of candidates) types[name] ??= figuresOf(catalog.lookup(name)!, settings);
  const type = pool.instanceTypes.join('/');
  return {
    name: pool.name,
    label: poolLabel(pool),
    declaredAs: pool.origin === 'implicit' ? 'assumed for a pinned type' : (pool.declaredAs ?? 'node pool'),
    nodes: pool.nodes,
    type,
    figures,
    elastic: pool.elastic === true,
    systemPods: cap.systemPods.count,
    limits: cap.limited && { branchEnis: cap.limited.branchEnis, pods: cap.limited.podSlots },
    instanceTypes: pool.instanceTypes,
    unknownTypes: cap.unknownTypes,
    maxPodsOverride: pool.maxPodsOverride,
    file: pool.file,
    range: pool.nameRange,
    candidates: candidates.includes(type) ? candidates : [type, ...candidates].filter(() => candidates.length > 0),
    unsupportedPods: [...unsupported].reduce(
      (n, w) => n + (w.placement.kind === 'pools' && w.placement.pools.includes(pool) ? (w.workload.kind === 'DaemonSet' ? pool.nodes : w.pods) : 0),
      0,
    ),
  };
}

function figuresOf(t: InstanceType, s: IpSettings): TypeFigures {
  return {
    branchEnis: t.branchEnis,
    maxPods: defaultMaxPods(t, s.prefixDelegation).value,
    ipsWithTrunk: podIps(t, { ...s, securityGroupsForPods: true }).ips,
    ipsWithoutTrunk: podIps(t, { ...s, securityGroupsForPods: false }).ips,
  };
}

/** The sizes of a type's family, smallest first (bare metal only when the type is bare metal). */
function sameFamily(all: InstanceType[], t: InstanceType): string[] {
  return all
    .filter((c) => c.family === t.family && c.vcpus !== null && (t.bareMetal || !c.bareMetal))
    .sort(compareBySize)
    .map((c) => c.name);
}
