// Pieces the workload rules share: where to anchor a finding, its related locations, how to name things.
import { describeObject, refOf } from '../k8s/objects';
import type { SecurityGroupPolicy } from '../k8s/securityGroupPolicy';
import { describePool, isDeclaredInFile, type Pool } from '../model/pools';
import type { ClusterModel, WorkloadModel } from '../model/cluster';
import type { InstanceType } from '../instances';
import { describeTaint } from '../k8s/taints';
import { refusedByTaint } from '../model/poolAccess';
import type { EniLensConfig } from '../config/config';
import { shownPath } from '../kustomize/paths';
import type { Finding, FindingText, Range, RelatedInfo, RuleId, Severity, Fix } from '../types';

/** The most useful place to point at: the pinned instance-type value of an affected pool, else replicas, else the name. */
export function anchorOf(w: WorkloadModel, pools: Pool[] = []): { file: string; range: Range } {
  const pins = w.workload.template.placement.pinnedInstanceTypes;
  const types = new Set(pools.flatMap((p) => p.instanceTypes));
  const pin = pins.find((p) => types.has(p.value)) ?? pins[0];
  const o = w.workload.object;
  if (pin) return { file: pin.file ?? o.file, range: pin.range };
  if (w.podsRange) return { file: w.podsFile ?? o.file, range: w.podsRange };
  return { file: o.file, range: o.nameRange };
}

/**
 * Where the demand is set, for findings about how many pods there are: the HPA's maxReplicas when an HPA
 * scales the workload past its replicas (workloadFinding then relates the workload), else anchorOf.
 */
export function demandAnchorOf(w: WorkloadModel, pools: Pool[] = []): { file: string; range: Range } {
  const hpa = w.autoscaler;
  if (hpa?.maxReplicasRange && w.pods === hpa.maxReplicas) return { file: hpa.object.file, range: hpa.maxReplicasRange };
  return anchorOf(w, pools);
}

/** The workload itself, as a related location of a finding anchored outside it (on its HPA). */
function workloadRelated(w: WorkloadModel, at: { file: string; range: Range }): RelatedInfo[] {
  const o = w.workload.object;
  const own = anchorOf(w);
  if (at.file === o.file && within(at.range, o.reader.range(o.root))) return [];
  // A rendered workload's own anchor may already be the finding's (its replicas: in the overlay).
  if (own.file === at.file && own.range.start.line === at.range.start.line && own.range.start.character === at.range.start.character) return [];
  return [{ file: own.file, range: own.range, message: `${describeObject(o)} runs these pods (${w.podsSource})` }];
}

/** Whether `r` lies inside `outer` (an object whose extent is unknown counts as holding it). */
function within(r: Range, outer: Range | undefined): boolean {
  const le = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return outer === undefined || (le(outer.start, r.start) && le(r.end, outer.end));
}

export function policyRelated(policies: SecurityGroupPolicy[]): RelatedInfo[] {
  return policies.map((p) => ({
    file: p.object.file,
    range: p.object.nameRange,
    message: `${describeObject(p.object)} selects these pods, so each needs a branch ENI`,
  }));
}

export function poolRelated(pools: Pool[], config: EniLensConfig): RelatedInfo[] {
  const out: RelatedInfo[] = [];
  for (const p of pools) {
    if (!isDeclaredInFile(p)) continue;
    const range = p.instanceTypeRanges.find((r) => r !== undefined) ?? p.nameRange;
    if (range) out.push({ file: p.file, range, message: `node pool: ${describePool(p, config)}` });
  }
  return out;
}

export function workloadFinding(
  rule: RuleId,
  severity: Severity,
  w: WorkloadModel,
  at: { file: string; range: Range },
  text: FindingText,
  related: RelatedInfo[] = [],
  fixes: Fix[] = [],
): Finding {
  const o = w.workload.object;
  const all = [...workloadRelated(w, at), ...related];
  const { message, detail } = text;
  if (!o.via) return { rule, severity, file: at.file, range: at.range, object: refOf(o), message, ...(detail ? { detail } : {}), related: all, fixes };
  // Rendered by kustomize: say which entry point, and point at it.
  const through = { file: o.via, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message: `kustomization this ${o.kind} is rendered through` };
  const rendered = `(Rendered through ${shownPath(o.via, o.file)}.)`;
  return {
    rule,
    severity,
    file: at.file,
    range: at.range,
    object: refOf(o),
    message: `${message} (via ${renderedVia(o.via, o.file)})`,
    detail: detail ? `${detail} ${rendered}` : rendered,
    related: [...all, through],
    fixes,
  };
}

/** The entry point's folder as a short message names it ("overlays/dev"): copies of one base differ by it. */
export function renderedVia(via: string, file: string): string {
  const shown = shownPath(via, file);
  return shown.replace(/\/(kustomization\.ya?ml|Kustomization)$/, '') || shown;
}

/** "Its pods do not tolerate the taints of: 'sg' (dedicated=sg:NoSchedule)." — why a dedicated pool is not counted. */
export function untoleratedNote(model: ClusterModel, w: WorkloadModel): string {
  if (!model.pools.some((p) => p.taints && p.taints.length > 0)) return '';
  const refused = refusedByTaint(w.workload.template, model.pools, model.catalog);
  if (refused.length === 0) return '';
  return `Its pods do not tolerate the taints of ${refused.map((r) => `'${r.pool.name}' (${describeTaint(r.taint!)})`).join(', ')}, so they cannot use ${refused.length === 1 ? 'that pool' : 'those pools'}.`;
}

/** The workloads with pods placed on `pool` that `pick` keeps. */
export function poolUsers(model: ClusterModel, pool: Pool, pick: (w: WorkloadModel) => boolean): WorkloadModel[] {
  return model.workloads.filter((w) => w.placement.kind === 'pools' && w.pods > 0 && w.placement.pools.includes(pool) && pick(w));
}

/** A related location at the pool's name, when it is written in a file. */
export function poolNameRelated(pool: Pool, message: string): RelatedInfo[] {
  return pool.file && pool.nameRange ? [{ file: pool.file, range: pool.nameRange, message }] : [];
}

/** The pool's instance types the catalog knows. */
export function knownTypesOf(model: ClusterModel, pool: Pool): InstanceType[] {
  return pool.instanceTypes.map((n) => model.catalog.lookup(n)).filter((t): t is InstanceType => t !== undefined);
}
