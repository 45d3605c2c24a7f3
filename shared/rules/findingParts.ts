// Pieces the workload rules share: where to anchor a finding, its related locations, how to name things.
import { describeObject, refOf } from '../k8s/objects';
import type { SecurityGroupPolicy } from '../k8s/securityGroupPolicy';
import type { WorkloadModel } from '../model/cluster';
import { describePool, isDeclaredInFile, type Pool } from '../model/pools';
import type { EniLensConfig } from '../config/config';
import type { Finding, Range, RelatedInfo, RuleId, Severity, Fix } from '../types';

/** The most useful place to point at: the pinned instance-type value of an affected pool, else replicas, else the name. */
export function anchorOf(w: WorkloadModel, pools: Pool[] = []): { file: string; range: Range } {
  const pins = w.workload.template.placement.pinnedInstanceTypes;
  const types = new Set(pools.flatMap((p) => p.instanceTypes));
  const pin = pins.find((p) => types.has(p.value)) ?? pins[0];
  const o = w.workload.object;
  return { file: o.file, range: pin?.range ?? w.podsRange ?? o.nameRange };
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
  message: string,
  related: RelatedInfo[] = [],
  fixes: Fix[] = [],
): Finding {
  return { rule, severity, file: at.file, range: at.range, object: refOf(w.workload.object), message, related: [...workloadRelated(w, at), ...related], fixes };
}
