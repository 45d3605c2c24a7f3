// Where a pod may be scheduled: `nodeSelector` (every key must match) and required node affinity
// (terms ORed, expressions within a term ANDed), evaluated against a node's labels.
import type { Range } from '../types';
import type { NodeReader } from '../yaml/nodes';
import { requirementMatches as labelRequirementMatches } from './labelSelector';

export const INSTANCE_TYPE_LABELS = ['node.kubernetes.io/instance-type', 'beta.kubernetes.io/instance-type'];

export type NodeOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
const OPERATORS = new Set<string>(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']);

export interface NodeRequirement {
  key: string;
  operator: NodeOperator;
  values: string[];
}

/** An instance-type value written in a pod's placement, with where it is. */
export interface PinnedValue {
  value: string;
  range: Range;
  /** The file `range` is in when it is not the object's own (a kustomize patch). */
  file?: string;
}

export interface NodeConstraints {
  nodeSelector: NodeRequirement[];
  /** Required node-affinity terms; undefined when the pod has none. */
  affinityTerms: NodeRequirement[][] | undefined;
  /** Instance types named by an instance-type label with `nodeSelector` or an `In` expression. */
  pinnedInstanceTypes: PinnedValue[];
}

function pinned(reader: NodeReader, node: unknown, value: string, range: Range): PinnedValue {
  const file = reader.fileOf(node);
  return file === undefined ? { value, range } : { value, range, file };
}

export function readNodeConstraints(reader: NodeReader, podSpec: unknown): NodeConstraints {
  const nodeSelector: NodeRequirement[] = [];
  const pinnedInstanceTypes: PinnedValue[] = [];
  for (const { key, pair } of reader.pairs(reader.get(podSpec, 'nodeSelector'))) {
    const value = reader.string(pair.value);
    if (value === undefined) continue;
    nodeSelector.push({ key, operator: 'In', values: [value] });
    const range = reader.writtenRange(pair.value);
    if (INSTANCE_TYPE_LABELS.includes(key) && range) pinnedInstanceTypes.push(pinned(reader, pair.value, value, range));
  }

  const required = reader.at(podSpec, 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms');
  let affinityTerms: NodeRequirement[][] | undefined;
  if (reader.seq(required)) {
    affinityTerms = [];
    for (const term of reader.items(required)) {
      const requirements: NodeRequirement[] = [];
      for (const expr of reader.items(reader.get(term, 'matchExpressions'))) {
        const key = reader.string(reader.get(expr, 'key'));
        const operator = reader.string(reader.get(expr, 'operator'));
        if (!key || !operator || !OPERATORS.has(operator)) continue;
        const valueNodes = reader.items(reader.get(expr, 'values'));
        const values: string[] = [];
        for (const v of valueNodes) {
          const s = reader.string(v);
          if (s === undefined) continue;
          values.push(s);
          const range = reader.writtenRange(v);
          if (operator === 'In' && INSTANCE_TYPE_LABELS.includes(key) && range) pinnedInstanceTypes.push(pinned(reader, v, s, range));
        }
        requirements.push({ key, operator: operator as NodeOperator, values });
      }
      affinityTerms.push(requirements);
    }
  }
  return { nodeSelector, affinityTerms, pinnedInstanceTypes };
}

export function isConstrained(c: NodeConstraints): boolean {
  return c.nodeSelector.length > 0 || (c.affinityTerms !== undefined && c.affinityTerms.some((t) => t.length > 0));
}

export function constraintsMatch(c: NodeConstraints, labels: ReadonlyMap<string, string>): boolean {
  if (!c.nodeSelector.every((r) => requirementMatches(r, labels))) return false;
  if (c.affinityTerms === undefined) return true;
  // An empty term list, or terms without expressions, match no node (Kubernetes semantics).
  return c.affinityTerms.some((term) => term.length > 0 && term.every((r) => requirementMatches(r, labels)));
}

/** The labels a constraint reads: used to tell whether a pod cares about a pool's distinguishing labels. */
export function constraintKeys(c: NodeConstraints): Set<string> {
  const keys = new Set(c.nodeSelector.map((r) => r.key));
  for (const term of c.affinityTerms ?? []) for (const r of term) keys.add(r.key);
  return keys;
}

function requirementMatches(r: NodeRequirement, labels: ReadonlyMap<string, string>): boolean {
  if (r.operator !== 'Gt' && r.operator !== 'Lt') return labelRequirementMatches({ ...r, operator: r.operator }, labels);
  const value = labels.get(r.key);
  if (value === undefined || r.values.length !== 1) return false;
  const have = Number.parseInt(value, 10);
  const want = Number.parseInt(r.values[0], 10);
  if (Number.isNaN(have) || Number.isNaN(want)) return false;
  return r.operator === 'Gt' ? have > want : have < want;
}
