// What sits at a position of an analysed file: the chain of keys from an object's root down to the node
// under the cursor, and the kinds of place the explainers care about (instance-type values, a policy's
// selectors, a workload's replicas).
import { isAlias, isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { Analysis } from '../engine';
import { INSTANCE_TYPE_LABELS } from '../k8s/nodeConstraints';
import type { KubeObject } from '../k8s/objects';
import { isSecurityGroupPolicy, type SecurityGroupPolicy } from '../k8s/securityGroupPolicy';
import { POD_ENI_RESOURCE } from '../k8s/workloads';
import type { WorkloadModel } from '../model/cluster';
import { isDeclaredInFile, type Pool } from '../model/pools';
import type { Position, Range } from '../types';
import type { NodeReader } from '../yaml/nodes';

export interface PathStep {
  /** A map key, or an index into a sequence. */
  segment: string | number;
  /** The map or sequence the segment is taken from. */
  parent: Node;
}

export interface NodeAt {
  steps: PathStep[];
  /** The innermost node covering the position (a scalar, usually). */
  node: Node | undefined;
  /** The position is on the key of the last step, not its value. */
  onKey: boolean;
  range: Range | undefined;
}

export function offsetOf(reader: NodeReader, p: Position): number {
  const starts = reader.lines.lineStarts;
  if (starts.length === 0) return p.character;
  const line = Math.max(0, Math.min(p.line, starts.length - 1));
  return starts[line] + p.character;
}

export function contains(range: Range, p: Position): boolean {
  const afterStart = p.line > range.start.line || (p.line === range.start.line && p.character >= range.start.character);
  const beforeEnd = p.line < range.end.line || (p.line === range.end.line && p.character <= range.end.character);
  return afterStart && beforeEnd;
}

/** Descends from `root` to the deepest node whose source span covers the file offset `offset` (ends inclusive). */
export function nodeAt(reader: NodeReader, root: Node, offset: number): NodeAt {
  const steps: PathStep[] = [];
  let current: Node = root;
  for (;;) {
    if (isMap(current)) {
      const hit = (current.items as Pair[]).find((p) => covers(reader, p.key, offset) || covers(reader, p.value, offset));
      if (!hit) break;
      const key = reader.keyString(hit) ?? '';
      steps.push({ segment: key, parent: current });
      if (covers(reader, hit.key, offset)) return { steps, node: hit.key as Node, onKey: true, range: reader.range(hit.key) };
      current = hit.value as Node;
    } else if (isSeq(current)) {
      const index = (current.items as Node[]).findIndex((n) => covers(reader, n, offset));
      if (index < 0) break;
      steps.push({ segment: index, parent: current });
      current = current.items[index] as Node;
    } else break;
  }
  const node = isScalar(current) || isAlias(current) ? current : steps.length > 0 ? current : undefined;
  return { steps, node, onKey: false, range: node ? reader.range(node) : undefined };
}

function covers(reader: NodeReader, node: unknown, offset: number): boolean {
  const span = reader.span(node);
  return !!span && span[0] <= offset && offset <= span[1];
}

export type Target =
  | { kind: 'instanceType'; name: string; range: Range; workload?: WorkloadModel; pool?: Pool }
  | { kind: 'policy'; policy: SecurityGroupPolicy; range: Range }
  | { kind: 'workload'; workload: WorkloadModel; range: Range }
  | { kind: 'pool'; pool: Pool; range: Range };

/** The object of `file` whose document spans `position`. */
export function objectAt(analysis: Analysis, file: string, position: Position): KubeObject | undefined {
  for (const o of analysis.model.objects) {
    if (o.file !== file) continue;
    const r = o.reader.range(o.root);
    if (r && contains(r, position)) return o;
  }
  return undefined;
}

/** What an explainer can say something about at `position`, if anything. */
export function targetAt(analysis: Analysis, file: string, position: Position): Target | undefined {
  const declared = declaredPoolTargetAt(analysis, file, position);
  if (declared) return declared;
  const object = objectAt(analysis, file, position);
  if (!object) return undefined;
  const at = nodeAt(object.reader, object.root, offsetOf(object.reader, position));
  if (!at.range || at.steps.length === 0) return undefined;
  const keys = at.steps.map((s) => s.segment);
  const last = keys[keys.length - 1];
  const workload = analysis.model.workloads.find((w) => w.workload.object === object);

  const typeName = !at.onKey && isScalar(at.node) ? object.reader.string(at.node) : undefined;
  if (typeName !== undefined && isInstanceTypeSlot(object, at)) {
    const pool = workload && poolOfType(workload, typeName);
    return { kind: 'instanceType', name: typeName, range: at.range, workload, pool };
  }
  if (isSecurityGroupPolicy(object)) {
    const onName = keys[0] === 'metadata' && keys[1] === 'name';
    const onSelector = keys[0] === 'spec' && (keys[1] === 'podSelector' || keys[1] === 'serviceAccountSelector');
    const policy = analysis.model.policies.find((p) => p.object === object);
    if (policy && (onName || onSelector)) return { kind: 'policy', policy, range: at.range };
  }
  if (workload) {
    const onReplicas = last === 'replicas' || last === 'parallelism' || last === POD_ENI_RESOURCE;
    const onName = keys.length === 2 && keys[0] === 'metadata' && keys[1] === 'name';
    if (onReplicas || onName) return { kind: 'workload', workload, range: at.range };
  }
  return undefined;
}

/** nodeSelector/label values of an instance-type label, `values` of an expression on one, eksctl instanceType(s). */
function isInstanceTypeSlot(object: KubeObject, at: NodeAt): boolean {
  const { steps } = at;
  const last = steps[steps.length - 1].segment;
  if (typeof last === 'string' && INSTANCE_TYPE_LABELS.includes(last)) return true;
  if (typeof last === 'number' && steps.length >= 2) {
    const parentKey = steps[steps.length - 2].segment;
    if (parentKey === 'values') {
      const expression = steps[steps.length - 2].parent;
      const key = object.reader.string(object.reader.get(expression, 'key'));
      return key !== undefined && INSTANCE_TYPE_LABELS.includes(key);
    }
    if (parentKey === 'instanceTypes') return object.kind === 'ClusterConfig';
  }
  return last === 'instanceType' && object.kind === 'ClusterConfig';
}

function poolOfType(w: WorkloadModel, typeName: string): Pool | undefined {
  return w.placement.kind === 'pools' ? w.placement.pools.find((p) => p.instanceTypes.includes(typeName)) : undefined;
}

/** Instance types and names of the pools a file declares (.eni-lens.yaml, eksctl node groups, Karpenter NodePools). */
function declaredPoolTargetAt(analysis: Analysis, file: string, position: Position): Target | undefined {
  for (const pool of poolsDeclaredIn(analysis, file)) {
    for (let i = 0; i < pool.instanceTypes.length; i++) {
      const range = pool.instanceTypeRanges[i];
      if (range && contains(range, position)) return { kind: 'instanceType', name: pool.instanceTypes[i], range, pool };
    }
    if (pool.nameRange && contains(pool.nameRange, position)) return { kind: 'pool', pool, range: pool.nameRange };
  }
  return undefined;
}

export function poolsDeclaredIn(analysis: Analysis, file: string): Pool[] {
  return analysis.model.pools.filter((p) => isDeclaredInFile(p) && p.file === file);
}
