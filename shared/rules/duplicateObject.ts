// One object on the cluster, however many files hold it: the same workload (kind, namespace, name) from
// plain manifests, several entry-point kustomizations or a release bundle is judged once, from the copy
// with the most pods; the same SecurityGroupPolicy counts once. The other copies get an info finding.
import { unitChanges } from '../model/unitChanges';
import { describeObject, type KubeObject } from '../k8s/objects';
import type { SecurityGroupPolicy } from '../k8s/securityGroupPolicy';
import type { Workload } from '../k8s/workloads';
import { shownPaths } from '../kustomize/paths';
import type { FileFacts } from '../model/fileFacts';
import type { Finding, RelatedInfo } from '../types';

export const duplicateObject = {
  id: 'duplicate-object' as const,
  defaultSeverity: 'info' as const,
  summary: 'The same object (kind, namespace, name) comes from several files or kustomizations: it is judged once.',
  help:
    'A cluster holds one object per kind, namespace and name, so ENI Lens judges the copy with the most pods and leaves the others out. ' +
    'If the copies are meant for different clusters, give each cluster its own .eni-lens.yaml folder (or analyse one entry point at a time).',
};

interface Copy<T> {
  facts: FileFacts;
  /** Its place among its facts' workloads (or policies): the tie-break within one file. */
  index: number;
  item: T;
  object: KubeObject;
}

const filtered = new WeakMap<FileFacts, { key: string; facts: FileFacts }>();

/** Every object once; from scratch. */
export function judgeOnce(facts: FileFacts[]): { facts: FileFacts[]; findings: Finding[] } {
  return new OnceIndex().judge(facts);
}

/**
 * The copies of every workload and policy key, kept between calls by an incremental caller: a call costs
 * the facts that came and went, plus the keys that have copies, not a pass over every workload.
 */
export class OnceIndex {
  private present: FileFacts[] = [];
  /** A key's one copy, or its copies once there are several (most keys have one: no array for them). */
  private workloads = new Map<string, Copy<Workload> | Copy<Workload>[]>();
  private policies = new Map<string, Copy<SecurityGroupPolicy> | Copy<SecurityGroupPolicy>[]>();
  private multiWorkloads = new Set<string>();
  private multiPolicies = new Set<string>();

  /** `changes`: which units left and came, when the caller knows (indices into the previous call's and `facts`; `facts` is then never changed). */
  judge(facts: FileFacts[], changes?: { removed: number[]; added: number[] }): { facts: FileFacts[]; findings: Finding[] } {
    const { removed, added } = changes ?? unitChanges(this.present, facts);
    for (const at of removed) this.remove(this.present[at]);
    for (const at of added) this.add(facts[at]);
    this.present = changes ? facts : facts.slice();
    if (this.multiWorkloads.size === 0 && this.multiPolicies.size === 0) return { facts, findings: [] };

    const position = new Map(facts.map((f, i) => [f, i]));
    const inOrder = <T>(copies: Copy<T>[]) => [...copies].sort((a, b) => position.get(a.facts)! - position.get(b.facts)! || a.index - b.index);
    const dropped = new Set<unknown>();
    const affected = new Set<FileFacts>();
    const findings: Finding[] = [];
    const judge = <T>(copies: Copy<T>[], kept: Copy<T>, why: string) => {
      for (const c of copies) {
        if (c === kept) continue;
        dropped.add(c.item);
        affected.add(c.facts);
        findings.push(finding(c, copies, kept, why));
      }
    };
    for (const key of [...this.multiWorkloads].sort()) {
      const copies = inOrder(this.workloads.get(key) as Copy<Workload>[]);
      let kept = copies[0];
      for (const c of copies) if (c.item.replicas.value > kept.item.replicas.value) kept = c;
      judge(copies, kept, `the copy with the most pods (${kept.item.replicas.source})`);
    }
    for (const key of [...this.multiPolicies].sort()) {
      const copies = inOrder(this.policies.get(key) as Copy<SecurityGroupPolicy>[]);
      judge(copies, copies[0], 'the first copy');
    }
    return { facts: facts.map((f) => (affected.has(f) ? without(f, dropped) : f)), findings };
  }

  private add(f: FileFacts): void {
    f.workloads.forEach((w, index) => insert(this.workloads, this.multiWorkloads, keyOf(w.object), { facts: f, index, item: w, object: w.object }));
    f.policies.forEach((p, index) => insert(this.policies, this.multiPolicies, keyOf(p.object), { facts: f, index, item: p, object: p.object }));
  }

  private remove(f: FileFacts): void {
    for (const w of f.workloads) drop(this.workloads, this.multiWorkloads, keyOf(w.object), f);
    for (const p of f.policies) drop(this.policies, this.multiPolicies, keyOf(p.object), f);
  }
}

function insert<T>(map: Map<string, Copy<T> | Copy<T>[]>, multi: Set<string>, key: string, copy: Copy<T>): void {
  const known = map.get(key);
  if (!known) map.set(key, copy);
  else {
    map.set(key, Array.isArray(known) ? [...known, copy] : [known, copy]);
    multi.add(key);
  }
}

function drop<T>(map: Map<string, Copy<T> | Copy<T>[]>, multi: Set<string>, key: string, f: FileFacts): void {
  const known = map.get(key);
  if (!known) return;
  const left = (Array.isArray(known) ? known : [known]).filter((c) => c.facts !== f);
  if (left.length === 0) map.delete(key);
  else map.set(key, left.length === 1 ? left[0] : left);
  if (left.length < 2) multi.delete(key);
}

function keyOf(o: KubeObject): string {
  return `${o.kind}\0${o.namespace}\0${o.name}`;
}

/** The facts without the dropped copies: the same object for the same drops, so the incremental analysis sees no change. */
function without(f: FileFacts, dropped: Set<unknown>): FileFacts {
  const marks = [...f.workloads.map((w) => (dropped.has(w) ? 1 : 0)), ...f.policies.map((p) => (dropped.has(p) ? 1 : 0))];
  if (!marks.includes(1)) return f;
  const key = marks.join('');
  const known = filtered.get(f);
  if (known?.key === key) return known.facts;
  const facts: FileFacts = { ...f, workloads: f.workloads.filter((w) => !dropped.has(w)), policies: f.policies.filter((p) => !dropped.has(p)) };
  filtered.set(f, { key, facts });
  return facts;
}

/** Each copy's place, named relative to the folder all copies share. */
function places(copies: Copy<unknown>[]): Map<KubeObject, string> {
  const files = copies.flatMap((c) => (c.object.via ? [c.object.file, c.object.via] : [c.object.file]));
  const shown = shownPaths(files);
  const out = new Map<KubeObject, string>();
  let i = 0;
  for (const c of copies) {
    out.set(c.object, c.object.via ? `${shown[i]} through ${shown[i + 1]}` : shown[i]);
    i += c.object.via ? 2 : 1;
  }
  return out;
}

function finding<T>(copy: Copy<T>, copies: Copy<T>[], kept: Copy<T>, why: string): Finding {
  const o = copy.object;
  const where = places(copies as Copy<unknown>[]);
  // A short message names a copy by its entry point's folder, or its file (relative to the folder the copies share).
  const shortPlaces = shownPaths(copies.map((c) => c.object.via ?? c.object.file));
  const placeOf = (x: KubeObject) => {
    const shown = shortPlaces[copies.findIndex((c) => c.object === x)];
    return x.via ? shown.replace(/\/?(kustomization\.ya?ml|Kustomization)$/, '') || shown : shown;
  };
  const related: RelatedInfo[] = copies
    .filter((c) => c !== copy)
    .map((c) => ({ file: c.object.file, range: c.object.nameRange, message: `${c === kept ? 'judged copy' : 'another copy'}: ${where.get(c.object)}` }));
  return {
    rule: duplicateObject.id,
    severity: duplicateObject.defaultSeverity,
    file: o.file,
    range: o.nameRange,
    object: { kind: o.kind, namespace: o.namespace, name: o.name },
    message: `This ${o.kind} is defined ${copies.length} times: judged from ${placeOf(kept.object)}, not from this copy (${placeOf(o)})`,
    detail:
      `${describeObject(o)} is defined ${copies.length} times (${copies.map((c) => where.get(c.object)).join('; ')}). ` +
      `The cluster holds it once, so it is judged once, from ${why} in ${where.get(kept.object)}; this copy (${where.get(o)}) is not counted.`,
    related,
    fixes: [],
  };
}
