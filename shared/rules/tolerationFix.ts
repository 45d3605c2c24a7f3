// The quick fix that lets pods onto a tainted pool: a toleration for each taint of the pool that keeps them
// off, added to the pod template's `tolerations` (created before the pod spec's first key when absent).
// Offered only where the pool then accepts the pods, so a fix never proposes a pool they cannot use.
import type { InstanceCatalog } from '../instances/catalog';
import type { KubeObject } from '../k8s/objects';
import { describeTaint, toleratesTaint, writtenRange, type Toleration } from '../k8s/taints';
import type { WorkloadModel } from '../model/cluster';
import { poolAccepts } from '../model/poolAccess';
import type { Pool } from '../model/pools';
import type { Fix, Position } from '../types';

export function tolerationFix(w: WorkloadModel, pool: Pool, catalog: InstanceCatalog): Fix | undefined {
  const t = w.workload.template;
  const missing = (pool.taints ?? []).filter((taint) => taint.effect !== 'PreferNoSchedule' && !t.tolerations.some((x) => toleratesTaint(x, taint)));
  if (missing.length === 0 || w.workload.templateRef) return undefined;
  const added: Toleration[] = missing.map((taint) => ({ key: taint.key, operator: taint.value ? 'Equal' : 'Exists', value: taint.value, effect: taint.effect }));
  if (!poolAccepts({ ...t, tolerations: [...t.tolerations, ...added] }, pool, catalog)) return undefined;
  const edit = insertion(w.workload.object, added);
  if (!edit) return undefined;
  return {
    title: `Tolerate ${missing.map(describeTaint).join(', ')} (lets the pods onto ${pool.declaredAs ?? 'node pool'} '${pool.name}')`,
    edits: [{ file: w.workload.object.file, range: { start: edit.at, end: edit.at }, newText: edit.text }],
  };
}

function podSpecOf(o: KubeObject): unknown {
  const r = o.reader;
  if (o.kind === 'Pod') return r.get(o.root, 'spec');
  if (o.kind === 'CronJob') return r.at(o.root, 'spec', 'jobTemplate', 'spec', 'template', 'spec');
  return r.at(o.root, 'spec', 'template', 'spec');
}

function item(t: Toleration): string {
  const parts = [`key: ${JSON.stringify(t.key)}`, `operator: ${t.operator}`];
  if (t.value) parts.push(`value: ${JSON.stringify(t.value)}`);
  if (t.effect) parts.push(`effect: ${t.effect}`);
  return `{${parts.join(', ')}}`;
}

/** Where and what to insert, for block-style YAML only (flow maps and sequences get no fix). */
function insertion(o: KubeObject, added: Toleration[]): { at: Position; text: string } | undefined {
  const r = o.reader;
  const spec = r.map(podSpecOf(o));
  if (!spec || spec.flow) return undefined;
  const existing = r.pair(spec, 'tolerations');
  if (existing) {
    const seq = r.seq(existing.value);
    const last = seq?.items[seq.items.length - 1];
    const seqRange = r.range(seq);
    if (!seq || seq.flow || !last || !seqRange) return undefined;
    const end = (r.map(last) ? writtenRange(r, last) : r.range(last))?.end;
    if (!end) return undefined;
    const indent = ' '.repeat(seqRange.start.character);
    return { at: end, text: added.map((t) => `\n${indent}- ${item(t)}`).join('') };
  }
  const first = spec.items[0];
  const at = first && r.keyRange(first)?.start;
  if (!at) return undefined;
  const indent = ' '.repeat(at.character);
  return { at, text: `tolerations:\n${added.map((t) => `${indent}  - ${item(t)}\n`).join('')}${indent}` };
}
