// Whether a workload's pods may land on a pool, and when not, why: a NoSchedule/NoExecute taint they do
// not tolerate, Windows nodes for Linux pods, or node labels their nodeSelector/affinity does not match.
import type { InstanceCatalog } from '../instances/catalog';
import { constraintKeys, constraintsMatch, INSTANCE_TYPE_LABELS, isConstrained, type NodeConstraints, type NodeRequirement } from '../k8s/nodeConstraints';
import { describeTaint, repellingTaint, type Taint } from '../k8s/taints';
import type { PodTemplate } from '../k8s/workloads';
import { isWindowsPool, nodeLabels, type Pool } from './pools';

const OS_LABELS = ['kubernetes.io/os', 'beta.kubernetes.io/os'];

export interface PoolRefusal {
  pool: Pool;
  /** "taint dedicated=sg:NoSchedule is not tolerated". */
  reason: string;
  taint?: Taint;
  /**
   * Beside the taint, what else keeps the pods off (its node labels, Windows nodes): a toleration alone
   * would not let them in.
   */
  besidesTaint?: string;
  /**
   * Refused only on a node label the pool's declaration cannot tell (zone, capacity type, hostname, …):
   * real nodes may well carry it, so the refusal is not certain.
   */
  unsure?: boolean;
}

/**
 * Pods reach a pool when they tolerate its taints, are Windows pods for Windows nodes (a Linux pod that
 * does not select an OS would be scheduled there and fail to start: it never really runs there), and
 * their node constraints match one of its types' labels. Unconstrained pods match any labels.
 */
export function poolAccepts(t: PodTemplate, pool: Pool, catalog: InstanceCatalog): boolean {
  if (pool.taints && repellingTaint(t.tolerations, pool.taints)) return false;
  if (isWindowsPool(pool) && !selectsOs(t.placement)) return false;
  if (!isConstrained(t.placement)) return true;
  return pool.instanceTypes.some((type) => constraintsMatch(t.placement, nodeLabels(pool, type, catalog)));
}

/** Why `poolAccepts` says no (call it only then). */
export function refusalOf(t: PodTemplate, pool: Pool, catalog: InstanceCatalog): PoolRefusal {
  const taint = repellingTaint(t.tolerations, pool.taints);
  if (!taint) return refusalBesidesTaints(t, pool, catalog);
  const reason = `taint ${describeTaint(taint)} is not tolerated`;
  // Sure on the taint alone; a second reason that is not sure still leaves the toleration worth adding.
  const besides = poolAccepts(t, { ...pool, taints: undefined }, catalog) ? undefined : refusalBesidesTaints(t, pool, catalog);
  if (!besides || besides.unsure) return { pool, reason, taint };
  return { pool, reason: `${reason}, and ${besides.reason}`, taint, besidesTaint: besides.reason };
}

function refusalBesidesTaints(t: PodTemplate, pool: Pool, catalog: InstanceCatalog): PoolRefusal {
  if (isWindowsPool(pool) && !selectsOs(t.placement)) return { pool, reason: 'its nodes run Windows, and these pods do not select kubernetes.io/os: windows' };
  // A NodePool whose requirements allow no type the data knows: what it launches is not known.
  if (pool.instanceTypes.length === 0) return { pool, reason: 'the instance types it may launch are not known', unsure: true };
  return { pool, ...labelMismatch(t.placement, pool, catalog) };
}

function selectsOs(c: NodeConstraints): boolean {
  const keys = constraintKeys(c);
  return OS_LABELS.some((k) => keys.has(k));
}

function labelMismatch(c: NodeConstraints, pool: Pool, catalog: InstanceCatalog): { reason: string; unsure?: boolean } {
  const labels = nodeLabels(pool, pool.instanceTypes[0], catalog);
  for (const r of c.nodeSelector) {
    if (pool.instanceTypes.some((type) => matchesOne(r, nodeLabels(pool, type, catalog)))) continue;
    // A type the data does not know has no architecture or Karpenter labels here: not a sure refusal.
    const unknownType = !labels.has(r.key) && pool.instanceTypes.some((type) => !catalog.lookup(type));
    return { reason: `nodeSelector ${r.key}=${r.values[0]} does not match (${haveLabel(r.key, pool, labels)})`, unsure: unknownType || !isDeclaredNodeLabel(r.key) };
  }
  if (c.affinityTerms === undefined) {
    // Each requirement matches one of its types, but no type matches them all.
    return { reason: 'none of its instance types matches the whole nodeSelector', unsure: c.nodeSelector.some((r) => !isDeclaredNodeLabel(r.key)) };
  }
  const terms = c.affinityTerms;
  // A term fails for sure when one of its failing requirements is on a label the declaration tells.
  const sure = terms.every(
    (term) =>
      term.length === 0 ||
      pool.instanceTypes.every((type) => {
        const l = nodeLabels(pool, type, catalog);
        return term.some((r) => isDeclaredNodeLabel(r.key) && (l.has(r.key) || catalog.lookup(type) !== undefined) && !matchesOne(r, l));
      }),
  );
  return { reason: "no required node-affinity term matches its nodes' labels", unsure: !sure };
}

function matchesOne(r: NodeRequirement, labels: ReadonlyMap<string, string>): boolean {
  return constraintsMatch({ nodeSelector: [r], affinityTerms: undefined, pinnedInstanceTypes: [] }, labels);
}

function haveLabel(key: string, pool: Pool, labels: ReadonlyMap<string, string>): string {
  if (INSTANCE_TYPE_LABELS.includes(key)) {
    const types = pool.instanceTypes;
    return `its nodes are ${types.length <= 3 ? types.join(', ') : `${types.slice(0, 3).join(', ')}, … (${types.length} types)`}`;
  }
  const value = labels.get(key);
  return value === undefined ? `its nodes have no label ${key}` : `its nodes have ${key}=${value}`;
}

/**
 * Labels a pool's declaration tells (its own labels, node group and NodePool names, instance type, OS,
 * architecture, Karpenter's type labels) or that nobody but the declaration sets (custom labels). Labels
 * the cloud or kubelet put on nodes and the model does not know — zone, region, hostname, capacity type,
 * lifecycle — cannot be judged from the files.
 */
export function isDeclaredNodeLabel(key: string): boolean {
  if (key.startsWith('topology.') || key.startsWith('failure-domain.') || key === 'kubernetes.io/hostname') return false;
  if (/capacity-?type/i.test(key) || key === 'node.kubernetes.io/lifecycle') return false;
  if (key.startsWith('karpenter.k8s.aws/')) return /^karpenter\.k8s\.aws\/instance-(family|size|category|generation|cpu|hypervisor)$/.test(key);
  if (key.startsWith('karpenter.sh/')) return key === 'karpenter.sh/nodepool';
  if (key.startsWith('eks.amazonaws.com/')) return key === 'eks.amazonaws.com/nodegroup';
  if (key.startsWith('node.kubernetes.io/')) return INSTANCE_TYPE_LABELS.includes(key);
  return true;
}

const TOLERATE_ALL: PodTemplate['tolerations'] = [{ operator: 'Exists' }];

/** The pools these pods would reach but for a taint they do not tolerate (a dedicated pool they miss). */
export function refusedByTaint(t: PodTemplate, pools: Pool[], catalog: InstanceCatalog): PoolRefusal[] {
  const out: PoolRefusal[] = [];
  for (const p of pools) {
    const taint = p.taints && repellingTaint(t.tolerations, p.taints);
    if (taint && poolAccepts({ ...t, tolerations: TOLERATE_ALL }, p, catalog)) out.push({ pool: p, reason: `taint ${describeTaint(taint)} is not tolerated`, taint });
  }
  return out;
}
