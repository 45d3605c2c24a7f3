// The units of a group with no kustomization, patched between two analyses instead of gathered again: a
// keystroke changes one source, so the units of the sources both lists start and end with are the previous
// ones at the same places (50,000 units in L: gathering them, and comparing the two lists, was ~12 ms and
// ~1 MB of garbage per edit). Only the window between the common head and tail is read.
import { documentFactsOf, type FileFacts } from '../model/fileFacts';
import { isKustomizationFile, readKustomization } from '../kustomize/kustomization';
import type { ParsedSource } from '../yaml/parseSource';
import { spliced, unitChanges } from '../model/unitChanges';

/** A group's plain units (each source's facts, document by document) and where each source's start. */
export interface PlainUnits {
  sources: ParsedSource[];
  facts: FileFacts[];
  /** Per source, and one past the last: the index of its first unit, and of its first workload model. */
  unitStarts: Int32Array;
  modelStarts: Int32Array;
}

/** What changed: units `[from, to)` of the previous list are now `[from, from + units.length)`. */
export interface UnitWindow {
  from: number;
  to: number;
  units: FileFacts[];
  /** The same window in workload models (each unit has one model per workload). */
  modelFrom: number;
  modelTo: number;
  /** Indices into the previous and the new list of the units that left and came (by identity). */
  removed: number[];
  added: number[];
}

/** From scratch: `facts` are unitsOf's for `sources` when it rendered nothing. */
export function plainUnits(sources: ParsedSource[], facts: FileFacts[]): PlainUnits {
  const unitStarts = new Int32Array(sources.length + 1);
  const modelStarts = new Int32Array(sources.length + 1);
  let units = 0;
  let models = 0;
  sources.forEach((s, i) => {
    unitStarts[i] = units;
    modelStarts[i] = models;
    for (const f of documentFactsOf(s)) {
      units++;
      models += f.workloads.length;
    }
  });
  unitStarts[sources.length] = units;
  modelStarts[sources.length] = models;
  return { sources, facts, unitStarts, modelStarts };
}

/**
 * The units of `sources` (in file order) from the previous ones, as unitsOf gives them; undefined when a
 * changed source is a kustomization unitsOf would render (the caller gathers them from scratch).
 */
export function spliceUnits(previous: PlainUnits, sources: ParsedSource[], kustomize: boolean): { units: PlainUnits; window: UnitWindow } | undefined {
  const before = previous.sources;
  let head = 0;
  while (head < before.length && head < sources.length && before[head] === sources[head]) head++;
  let tail = 0;
  while (tail < before.length - head && tail < sources.length - head && before[before.length - 1 - tail] === sources[sources.length - 1 - tail]) tail++;
  const changed = sources.slice(head, sources.length - tail);
  if (kustomize && changed.some((s) => isKustomizationFile(s.file) && readKustomization(s))) return undefined;

  const from = previous.unitStarts[head];
  const to = previous.unitStarts[before.length - tail];
  const modelFrom = previous.modelStarts[head];
  const modelTo = previous.modelStarts[before.length - tail];
  const unitStarts = new Int32Array(sources.length + 1);
  const modelStarts = new Int32Array(sources.length + 1);
  unitStarts.set(previous.unitStarts.subarray(0, head));
  modelStarts.set(previous.modelStarts.subarray(0, head));
  const units: FileFacts[] = [];
  let models = modelFrom;
  changed.forEach((s, k) => {
    unitStarts[head + k] = from + units.length;
    modelStarts[head + k] = models;
    for (const f of documentFactsOf(s)) {
      units.push(f);
      models += f.workloads.length;
    }
  });
  const unitShift = from + units.length - to;
  const modelShift = models - modelTo;
  for (let k = 0; k <= tail; k++) {
    unitStarts[sources.length - tail + k] = previous.unitStarts[before.length - tail + k] + unitShift;
    modelStarts[sources.length - tail + k] = previous.modelStarts[before.length - tail + k] + modelShift;
  }
  const facts = spliced(previous.facts, from, to, units);
  // The edited file's documents that did not change keep their facts: the window is the ones between them.
  let first = 0;
  while (first < units.length && from + first < to && previous.facts[from + first] === units[first]) first++;
  let last = 0;
  while (last < units.length - first && last < to - from - first && previous.facts[to - 1 - last] === units[units.length - 1 - last]) last++;
  const middle = units.slice(first, units.length - last);
  const old = previous.facts.slice(from + first, to - last);
  const { removed, added } = unitChanges(old, middle);
  let headModels = 0;
  for (let i = 0; i < first; i++) headModels += units[i].workloads.length;
  let tailModels = 0;
  for (let i = units.length - last; i < units.length; i++) tailModels += units[i].workloads.length;
  const at = from + first;
  return {
    units: { sources, facts, unitStarts, modelStarts },
    window: {
      from: at,
      to: to - last,
      units: middle,
      modelFrom: modelFrom + headModels,
      modelTo: modelTo - tailModels,
      removed: removed.map((i) => i + at),
      added: added.map((i) => i + at),
    },
  };
}

/** The key unitsOf gives unit `at`: the file of the source it is a document of (no list of 50,000 keys per edit). */
export function plainKeyAt(units: PlainUnits, at: number): string {
  const { unitStarts, sources } = units;
  // The last source starting at or before `at`: sources with no unit start where the next one does.
  let lo = 0;
  let hi = sources.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (unitStarts[mid] <= at) lo = mid;
    else hi = mid - 1;
  }
  return sources[lo].file;
}
