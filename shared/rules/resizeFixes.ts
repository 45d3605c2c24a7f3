// Quick fixes for capacity findings: the smallest instance type of the same family that carries the
// demand, then the smallest of the same architecture. The edit changes the pod's pinned value and, for
// a declared pool, the pool's instance type in the config, so the analysed state and the fix agree.
import { compareBySize, defaultMaxPods, type InstanceType } from '../instances';
import { perNodeNeeded, type Resource } from '../model/capacity';
import type { WorkloadModel } from '../model/cluster';
import type { Overcommit } from '../model/placement';
import { isDeclaredInFile, type Pool } from '../model/pools';
import type { Fix, TextEdit } from '../types';
import type { RuleContext } from './rule';

export function resizeFixes(ctx: RuleContext, w: WorkloadModel, overcommit: Overcommit<Pool>, resource: Resource): Fix[] {
  const pool = targetPool(ctx, w, overcommit.pools);
  if (!pool || pool.elastic || pool.nodes === 0 || pool.instanceTypes.length !== 1) return [];
  const current = ctx.model.catalog.lookup(pool.instanceTypes[0]);
  const capacity = ctx.model.capacity.get(pool);
  if (!current || !capacity) return [];
  if (resource === 'pods' && pool.maxPodsOverride !== undefined) return []; // the type does not set max pods then

  const verdict = resource === 'branchEnis' ? ctx.branchEnis : ctx.pods;
  const needed = perNodeNeeded(verdict, pool, overcommit.demand, overcommit.pools);
  const prefixDelegation = ctx.model.config.prefixDelegation;
  const maxPodsOf = (t: InstanceType) => pool.maxPodsOverride ?? defaultMaxPods(t, prefixDelegation).value;
  const fitsNeed = (t: InstanceType): boolean => {
    if (t.name === current.name) return false;
    if (resource === 'branchEnis') return t.trunking && t.branchEnis >= needed && maxPodsOf(t) >= capacity.maxPods;
    return maxPodsOf(t) >= needed && (!w.branchEni.needed || t.branchEnis >= capacity.branchEnis);
  };

  const candidates = ctx.model.catalog.all().filter((t) => t.vcpus !== null && (current.bareMetal || !t.bareMetal));
  const sameFamily = candidates.filter((t) => t.family === current.family).sort(compareBySize).find(fitsNeed);
  const sameArch = candidates
    .filter((t) => t.architecture === current.architecture && t.family !== current.family)
    .sort((a, b) => a.vcpus! - b.vcpus! || generation(b) - generation(a) || a.name.localeCompare(b.name))
    .find(fitsNeed);

  const fixes: Fix[] = [];
  for (const t of [sameFamily, sameArch]) {
    if (!t) continue;
    const edits = editsFor(w, pool, current.name, t.name);
    if (edits.length === 0) continue;
    const what = resource === 'branchEnis' ? `${t.branchEnis} branch ENIs` : `max pods ${maxPodsOf(t)}`;
    const where = isDeclaredInFile(pool) ? ` (also in ${pool.declaredAs ?? 'node pool'} '${pool.name}')` : '';
    fixes.push({ title: `Use ${t.name} (${what} per node, needs ${needed})${where}`, edits, preferred: fixes.length === 0 });
  }
  return fixes;
}

function targetPool(ctx: RuleContext, w: WorkloadModel, pools: Pool[]): Pool | undefined {
  const pinned = new Set(w.workload.template.placement.pinnedInstanceTypes.map((p) => p.value));
  const known = pools.filter((p) => ctx.model.capacity.get(p)?.type);
  return known.find((p) => p.instanceTypes.some((t) => pinned.has(t))) ?? known.find(isDeclaredInFile);
}

function editsFor(w: WorkloadModel, pool: Pool, from: string, to: string): TextEdit[] {
  const edits: TextEdit[] = [];
  const file = w.workload.object.file;
  for (const pin of w.workload.template.placement.pinnedInstanceTypes) {
    if (pin.value === from) edits.push({ file, range: pin.range, newText: to });
  }
  if (isDeclaredInFile(pool)) {
    pool.instanceTypes.forEach((t, i) => {
      const range = pool.instanceTypeRanges[i];
      if (t === from && range) edits.push({ file: pool.file, range, newText: to });
    });
  }
  return edits;
}

/** The generation digit of a family (r6g → 6): among equally small types the newest is offered. */
function generation(t: InstanceType): number {
  const m = /\d+/.exec(t.family);
  return m ? Number(m[0]) : 0;
}
