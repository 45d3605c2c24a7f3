// Node taints and pod tolerations, in the Kubernetes shape (core/v1 Taint, Toleration), and the
// scheduler's matching: a pod may land on a node only when it tolerates every NoSchedule and NoExecute
// taint of it (PreferNoSchedule only lowers the node's score).
import type { Range } from '../types';
import type { NodeReader } from '../yaml/nodes';

export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
export const TAINT_EFFECTS: readonly TaintEffect[] = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

export interface Taint {
  key: string;
  value?: string;
  effect: TaintEffect;
  /** Where the taint is written (for related locations); not part of the Kubernetes shape. */
  range?: Range;
}

export interface Toleration {
  /** Empty with operator Exists: tolerates every taint. */
  key?: string;
  operator: 'Equal' | 'Exists';
  value?: string;
  /** Empty: matches every effect. */
  effect?: TaintEffect;
}

export function isTaintEffect(s: string | undefined): s is TaintEffect {
  return s !== undefined && (TAINT_EFFECTS as readonly string[]).includes(s);
}

/** Kubernetes' Toleration.ToleratesTaint. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (t.operator === 'Exists') return true;
  return (t.value ?? '') === (taint.value ?? '');
}

/** The first taint that keeps pods with these tolerations off the node (NoSchedule/NoExecute not tolerated). */
export function repellingTaint(tolerations: readonly Toleration[], taints: readonly Taint[] | undefined): Taint | undefined {
  if (!taints) return undefined;
  return taints.find((taint) => taint.effect !== 'PreferNoSchedule' && !tolerations.some((t) => toleratesTaint(t, taint)));
}

/** Whether pods with these tolerations may be scheduled onto a node with these taints. */
export function tolerates(tolerations: readonly Toleration[], taints: readonly Taint[] | undefined): boolean {
  return repellingTaint(tolerations, taints) === undefined;
}

/** "dedicated=sg:NoSchedule", as kubectl writes a taint. */
export function describeTaint(t: Taint): string {
  return `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;
}

/**
 * The tolerations the DaemonSet controller adds to its pods: node conditions only (not-ready, unreachable,
 * disk/memory/pid pressure, unschedulable; network-unavailable for hostNetwork pods), never other taints.
 */
export function daemonSetTolerations(hostNetwork: boolean): Toleration[] {
  const keys: [string, TaintEffect][] = [
    ['node.kubernetes.io/not-ready', 'NoExecute'],
    ['node.kubernetes.io/unreachable', 'NoExecute'],
    ['node.kubernetes.io/disk-pressure', 'NoSchedule'],
    ['node.kubernetes.io/memory-pressure', 'NoSchedule'],
    ['node.kubernetes.io/pid-pressure', 'NoSchedule'],
    ['node.kubernetes.io/unschedulable', 'NoSchedule'],
  ];
  if (hostNetwork) keys.push(['node.kubernetes.io/network-unavailable', 'NoSchedule']);
  return keys.map(([key, effect]) => ({ key, operator: 'Exists', effect }));
}

/** A pod spec's `tolerations`; entries the API server would reject (unknown operator or effect) are left out. */
export function readTolerations(r: NodeReader, podSpec: unknown): Toleration[] {
  const out: Toleration[] = [];
  for (const item of r.items(r.get(podSpec, 'tolerations'))) {
    if (!r.map(item)) continue;
    const operator = r.string(r.get(item, 'operator')) ?? 'Equal';
    const effect = r.string(r.get(item, 'effect')) || undefined;
    if ((operator !== 'Equal' && operator !== 'Exists') || (effect !== undefined && !isTaintEffect(effect))) continue;
    const key = r.string(r.get(item, 'key')) || undefined;
    // An empty key is valid only with Exists (API validation).
    if (!key && operator !== 'Exists') continue;
    out.push({ key, operator, value: r.string(r.get(item, 'value')), effect });
  }
  return out;
}

const EKS_API_EFFECTS: Record<string, TaintEffect> = { NO_SCHEDULE: 'NoSchedule', PREFER_NO_SCHEDULE: 'PreferNoSchedule', NO_EXECUTE: 'NoExecute' };

/**
 * A list of taints in the Kubernetes shape (key, value, effect); entries without a key or a known effect are
 * left out. `eksApiEffects`: also the EKS API's spelling (NO_SCHEDULE, …), as an eksctl file may carry.
 */
export function readTaintList(r: NodeReader, node: unknown, eksApiEffects = false): Taint[] {
  const out: Taint[] = [];
  for (const item of r.items(node)) {
    const key = r.string(r.get(item, 'key'));
    const written = r.string(r.get(item, 'effect'));
    const effect = eksApiEffects && written && EKS_API_EFFECTS[written] ? EKS_API_EFFECTS[written] : written;
    if (!key || !isTaintEffect(effect)) continue;
    out.push({ key, value: r.string(r.get(item, 'value')) || undefined, effect, range: writtenRange(r, item) });
  }
  return out;
}

/** A map item from its start to the end of its last value (a block map's own range runs to the next line). */
export function writtenRange(r: NodeReader, item: unknown): Range | undefined {
  const span = r.span(item);
  const m = r.map(item);
  if (!span || !m) return undefined;
  let end = span[0];
  for (const p of m.items) {
    const v = r.span(p.value) ?? r.span(p.key);
    if (v) end = Math.max(end, v[1]);
  }
  return r.offsetsToRange(span[0], end);
}
