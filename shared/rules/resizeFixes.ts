// Quick fixes for capacity findings: the smallest instance type of the same family that carries the
// demand, then the smallest of the same architecture. The edit changes the pod's pinned value and, for
// a declared pool, the pool's instance type in the config, so the analysed state and the fix agree.
import { compareBySize, defaultMaxPods, type InstanceType } from '../instances';
import type { InstanceCatalog } from '../instances/catalog';
import { perNodeNeeded, type Resource } from '../model/capacity';
import type { WorkloadModel } from '../model/cluster';
import type { Overcommit } from '../model/placement';
import { isDeclaredInFile, isWindowsPool, windowsMaxPods, type Pool } from '../model/pools';
import type { Fix, TextEdit } from '../types';
import type { RuleContext } from './rule';
import { compareStrings } from '../text';
import { shownPaths } from '../kustomize/paths';

export function resizeFixes(ctx: RuleContext, w: WorkloadModel, overcommit: Overcommit<Pool>, resource: Resource): Fix[] {
  const pool = targetPool(ctx, w, overcommit.pools);
  // A node list is what runs: there is no file to edit.
  if (!pool || pool.elastic || pool.origin === 'nodes' || pool.nodes === 0 || pool.instanceTypes.length !== 1) return [];
  const current = ctx.model.catalog.lookup(pool.instanceTypes[0]);
  const capacity = ctx.model.capacity.get(pool);
  if (!current || !capacity) return [];
  if (resource === 'pods' && pool.maxPodsOverride !== undefined) return []; // the type does not set max pods then

  const verdict = resource === 'branchEnis' ? ctx.branchEniVerdict : ctx.podSlotVerdict;
  const needed = perNodeNeeded(verdict, pool, overcommit.demand, overcommit.pools);
  const prefixDelegation = ctx.model.config.prefixDelegation;
  const maxPodsOf = (t: InstanceType) => pool.maxPodsOverride ?? (isWindowsPool(pool) ? windowsMaxPods(t) : defaultMaxPods(t, prefixDelegation)).value;
  const slotsOf = (t: InstanceType) => Math.max(0, maxPodsOf(t) - capacity.systemPods.count);
  const fitsNeed = (t: InstanceType): boolean => {
    if (t.name === current.name) return false;
    if (resource === 'branchEnis') return t.trunking && t.branchEnis >= needed && maxPodsOf(t) >= capacity.maxPods;
    return slotsOf(t) >= needed && (!w.branchEni.needed || t.branchEnis >= capacity.branchEnis);
  };

  const smallestFitting = (types: InstanceType[], answers: Map<string, InstanceType | undefined>): InstanceType | undefined => {
    // Everything fitsNeed reads besides the type: equal keys give the same answer.
    const key = `${current.name}|${resource}|${needed}|${pool.maxPodsOverride}|${isWindowsPool(pool)}|${prefixDelegation}|${capacity.maxPods}|${capacity.systemPods.count}|${capacity.branchEnis}|${w.branchEni.needed}`;
    if (!answers.has(key)) answers.set(key, types.find(fitsNeed));
    return answers.get(key);
  };
  const candidates = candidatesFor(ctx.model.catalog, current);
  const sameFamily = smallestFitting(candidates.sameFamily, candidates.sameFamilyAnswers);
  const sameArch = smallestFitting(candidates.sameArch, candidates.sameArchAnswers);

  const fixes: Fix[] = [];
  for (const t of [sameFamily, sameArch]) {
    if (!t) continue;
    const edits = editsFor(w, pool, current.name, t.name);
    if (edits.length === 0) continue;
    const what =
      resource === 'branchEnis' ? `${t.branchEnis} branch ENIs per node, needs ${needed}` : `${slotsOf(t)} pod slots per node, needs ${needed}; max pods ${maxPodsOf(t)}`;
    const where = isDeclaredInFile(pool) ? ` (also in ${pool.declaredAs ?? 'node pool'} '${pool.name}')` : '';
    fixes.push({ title: `Use ${t.name} (${what})${where}${sharedNote(ctx, w, edits)}`, edits, preferred: fixes.length === 0 });
  }
  return fixes;
}

/** A rendered workload's edit in a file that several kustomization entry points render (a base) changes them all: say so. */
function sharedNote(ctx: RuleContext, w: WorkloadModel, edits: TextEdit[]): string {
  if (!w.workload.object.via) return '';
  for (const e of edits) {
    const vias = new Set<string>();
    for (const other of ctx.model.workloads) {
      const o = other.workload.object;
      if (o.via && (o.file === e.file || other.workload.template.placement.pinnedInstanceTypes.some((p) => p.file === e.file))) vias.add(o.via);
    }
    if (vias.size > 1) {
      const shown = shownPaths([e.file, ...vias]);
      return ` — edits ${shown[0]}, shared by ${vias.size} kustomizations (${shown.slice(1).join(', ')})`;
    }
  }
  return '';
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
    if (pin.value === from) edits.push({ file: pin.file ?? file, range: pin.range, newText: to });
  }
  if (isDeclaredInFile(pool)) {
    pool.instanceTypes.forEach((t, i) => {
      const range = pool.instanceTypeRanges[i];
      if (t === from && range) edits.push({ file: pool.file, range, newText: to });
    });
  }
  return edits;
}

/** The candidate types for resizing away from a type, in offer order, and the answers found in them so far. */
interface Candidates {
  /** Same family, smallest first. */
  sameFamily: InstanceType[];
  /** Same architecture, other families: fewest vCPUs, then newest generation, then name. */
  sameArch: InstanceType[];
  sameFamilyAnswers: Map<string, InstanceType | undefined>;
  sameArchAnswers: Map<string, InstanceType | undefined>;
}

/** Built once per catalog and (family, architecture, bare metal): a workspace asks per overcommitted workload. */
const candidatesByCatalog = new WeakMap<InstanceCatalog, Map<string, Candidates>>();

export function candidatesFor(catalog: InstanceCatalog, current: InstanceType): Candidates {
  let byKey = candidatesByCatalog.get(catalog);
  if (!byKey) candidatesByCatalog.set(catalog, (byKey = new Map()));
  const key = `${current.family}|${current.architecture}|${current.bareMetal}`;
  let found = byKey.get(key);
  if (!found) {
    const all = catalog.all().filter((t) => t.vcpus !== null && (current.bareMetal || !t.bareMetal));
    const generations = new Map(all.map((t) => [t, generation(t)]));
    found = {
      sameFamily: all.filter((t) => t.family === current.family).sort(compareBySize),
      sameArch: all
        .filter((t) => t.architecture === current.architecture && t.family !== current.family)
        .sort((a, b) => a.vcpus! - b.vcpus! || generations.get(b)! - generations.get(a)! || compareStrings(a.name, b.name)),
      sameFamilyAnswers: new Map(),
      sameArchAnswers: new Map(),
    };
    byKey.set(key, found);
  }
  return found;
}

/** The generation digit of a family (r6g → 6): among equally small types the newest is offered. */
function generation(t: InstanceType): number {
  const m = /\d+/.exec(t.family);
  return m ? Number(m[0]) : 0;
}
