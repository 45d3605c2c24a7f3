// Instance-type completion: where a value is being typed, and every known type ranked by whether it can
// carry the demand at that place (the workload's, or the pool's in .eni-lens.yaml).
import { clusterScoped, type Analysis } from '../engine';
import { compareBySize, defaultMaxPods, type InstanceType } from '../instances';
import { DEFAULT_CATALOG, type InstanceCatalog } from '../instances/catalog';
import { DEFAULT_SYSTEM_PODS_PER_NODE } from '../config/config';
import { INSTANCE_TYPE_LABELS } from '../k8s/nodeConstraints';
import { perNodeNeeded, type Resource } from '../model/capacity';
import type { WorkloadModel } from '../model/cluster';
import type { Pool } from '../model/pools';
import type { Position, Range } from '../types';
import { instanceTypeSummary } from './instanceType';
import { objectAt, poolsDeclaredIn } from './locate';
import { splitLines } from '../text';

export interface InstanceTypeSlot {
  /** The value being typed (without quotes), replaced by the chosen item. */
  range: Range;
  value: string;
}

export interface Need {
  /** Branch ENIs one node must hold; undefined when the pods need none. */
  branchEnisPerNode?: number;
  podsPerNode: number;
  /** The type written now, to rank its family and architecture first. */
  like?: InstanceType;
  /** Slots each node gives system pods (aws-node, kube-proxy) before these pods; the config's figure when undefined. */
  systemPods?: number;
}

export interface InstanceTypeChoice {
  name: string;
  fits: boolean;
  detail: string;
  /** Orders the list: fitting types first, the current family, then the same architecture. */
  sortText: string;
}

const VALUE_KEYS = new Set([...INSTANCE_TYPE_LABELS, 'instanceType']);
const KEY_LINE = /^(\s*)((?:-\s+)*)(["']?)([\w./-]+)\3\s*:(?=\s|$)\s*/;
const ITEM_LINE = /^(\s*)-\s+/;

/** The instance-type value under the cursor, recognised from the text so that half-typed YAML works. */
export function instanceTypeSlotAt(text: string, position: Position): InstanceTypeSlot | undefined {
  const lines = splitLines(text);
  const line = lines[position.line];
  if (line === undefined) return undefined;
  const keyLine = KEY_LINE.exec(line);
  if (keyLine && VALUE_KEYS.has(keyLine[4])) return valueSlot(line, position, keyLine[0].length);
  const item = ITEM_LINE.exec(line);
  if (item && isInstanceTypeList(lines, position.line, item[1].length)) return valueSlot(line, position, item[0].length);
  return undefined;
}

function valueSlot(line: string, position: Position, start: number): InstanceTypeSlot | undefined {
  let from = start;
  const quote = line[from] === '"' || line[from] === "'" ? line[from] : '';
  if (quote) from++;
  let to = from;
  while (to < line.length && !/[\s"'#,\]}]/.test(line[to])) to++;
  if (position.character < start || position.character > to) return undefined;
  return { range: { start: { line: position.line, character: from }, end: { line: position.line, character: to } }, value: line.slice(from, to) };
}

interface KeyAt {
  /** Column of the key itself, after any `- ` markers. */
  col: number;
  key: string;
  value: string;
  dashed: boolean;
}

function keyAt(line: string): KeyAt | undefined {
  const m = KEY_LINE.exec(line);
  if (!m) return undefined;
  return {
    col: m[1].length + m[2].length,
    key: m[4],
    value: line
      .slice(m[0].length)
      .replace(/\s+#.*$/, '')
      .trim(),
    dashed: m[2].length > 0,
  };
}

const isBlank = (line: string) => /^\s*(#.*)?$/.test(line);
const indentOf = (line: string) => /^\s*/.exec(line)![0].length;

/** Is the list item at `lineNo` an entry of `values:` in an expression on an instance-type label, or of `instanceTypes:`? */
function isInstanceTypeList(lines: string[], lineNo: number, dashCol: number): boolean {
  let parentLine = -1;
  for (let i = lineNo - 1; i >= 0; i--) {
    const line = lines[i];
    if (isBlank(line)) continue;
    if (ITEM_LINE.test(line) && indentOf(line) === dashCol && !keyAt(line)) continue; // a sibling item
    parentLine = i;
    break;
  }
  const parent = parentLine >= 0 ? keyAt(lines[parentLine]) : undefined;
  if (!parent || parent.value !== '' || parent.col > dashCol) return false;
  if (parent.key === 'instanceTypes') return true;
  if (parent.key !== 'values') return false;
  const label = siblingValue(lines, parentLine, parent.col, 'key');
  return label !== undefined && INSTANCE_TYPE_LABELS.includes(label.replace(/^["']|["']$/g, ''));
}

/** The value of `key` in the same block map as the key on `lineNo` (keys at column `col`). */
function siblingValue(lines: string[], lineNo: number, col: number, key: string): string | undefined {
  const own = keyAt(lines[lineNo]);
  for (const step of [-1, 1]) {
    if (step === -1 && own?.dashed) continue; // the map starts on this line
    for (let i = lineNo + step; i >= 0 && i < lines.length; i += step) {
      if (isBlank(lines[i])) continue;
      const k = keyAt(lines[i]);
      const indent = k ? k.col : indentOf(lines[i]);
      if (indent > col) continue;
      if (indent < col || !k) break;
      if (step === 1 && k.dashed) break; // the next item of the list
      if (k.key === key) return k.value;
      if (step === -1 && k.dashed) break;
    }
  }
  return undefined;
}

/** What a type must hold at `position`: the workload's demand there, or the pool's in the config file. */
export function needAt(analysis: Analysis, file: string, position: Position, current: string): Need {
  const config = analysis.model.config;
  const like = analysis.model.catalog.lookup(current);
  const declared = poolsDeclaredIn(analysis, file);
  if (declared.length > 0) {
    const pool = poolAt(declared, position);
    if (!pool) return { podsPerNode: 0, like };
    const perNodeOf = (pods: number) => (pool.elastic ? Math.min(1, pods) : Math.ceil(pods / Math.max(1, pool.nodes)));
    const branch = poolDemand(analysis, pool, 'branchEnis');
    const cap = analysis.model.capacity.get(pool);
    return {
      branchEnisPerNode: branch > 0 ? perNodeOf(branch) : undefined,
      podsPerNode: perNodeOf(poolDemand(analysis, pool, 'pods')),
      like: like ?? cap?.type,
      systemPods: cap?.systemPods.count,
    };
  }
  const object = objectAt(analysis, file, position);
  const w = object && analysis.model.workloads.find((m) => m.workload.object === object);
  if (!w) return { podsPerNode: 0, like };
  const pool = w.placement.kind === 'pools' ? w.placement.pools.find((p) => p.instanceTypes.includes(current)) : undefined;
  const nodes = Math.max(1, pool ? pool.nodes : config.assumeNodes);
  return {
    branchEnisPerNode: w.branchEni.needed ? perNode(analysis, w, pool, nodes, 'branchEnis') : undefined,
    podsPerNode: perNode(analysis, w, pool, nodes, 'pods'),
    like: like ?? (pool && analysis.model.capacity.get(pool)?.type),
    systemPods: pool && analysis.model.capacity.get(pool)?.systemPods.count,
  };
}

function greaterNeed(a: Need, b: Need): Need {
  const branch =
    a.branchEnisPerNode === undefined ? b.branchEnisPerNode : b.branchEnisPerNode === undefined ? a.branchEnisPerNode : Math.max(a.branchEnisPerNode, b.branchEnisPerNode);
  const systemPods = a.systemPods === undefined ? b.systemPods : b.systemPods === undefined ? a.systemPods : Math.max(a.systemPods, b.systemPods);
  return { branchEnisPerNode: branch, podsPerNode: Math.max(a.podsPerNode, b.podsPerNode), like: a.like ?? b.like, systemPods };
}

/** The demand one node of `pool` must carry: the pods judged with `w`, less what the other pools hold. */
function perNode(analysis: Analysis, w: WorkloadModel, pool: Pool | undefined, nodes: number, resource: Resource): number {
  if (pool?.elastic) return 1; // Karpenter adds nodes: one pod must fit on one node
  const verdict = resource === 'branchEnis' ? analysis.branchEniVerdict : analysis.podSlotVerdict;
  const component = pool && verdict.componentOf.get(w);
  if (!component) return w.workload.kind === 'DaemonSet' ? 1 : Math.ceil(w.pods / nodes);
  const demand = component.reduce((n, d) => n + d.pods, 0);
  return perNodeNeeded(verdict, pool, demand, new Set(component.flatMap((d) => d.pools)));
}

function poolDemand(analysis: Analysis, pool: Pool, resource: Resource): number {
  const verdict = resource === 'branchEnis' ? analysis.branchEniVerdict : analysis.podSlotVerdict;
  let pods = 0;
  for (const demands of verdict.demandsOf.values()) for (const d of demands) if (d.pools.includes(pool)) pods += d.pods;
  return pods;
}

/** The pool whose entry holds `position`: the last one starting at or above it. */
function poolAt(pools: Pool[], position: Position): Pool | undefined {
  let best: { pool: Pool; line: number } | undefined;
  for (const pool of pools) {
    const line = Math.min(...[pool.nameRange, ...pool.instanceTypeRanges].map((r) => r?.start.line ?? Infinity));
    if (line <= position.line && (!best || line > best.line)) best = { pool, line };
  }
  return best?.pool;
}

/** `systemPods`: slots of every node taken before the repository's pods (aws-node, kube-proxy). */
export function rankInstanceTypes(
  need: Need,
  prefixDelegation: boolean,
  catalog: InstanceCatalog = DEFAULT_CATALOG,
  systemPods = DEFAULT_SYSTEM_PODS_PER_NODE,
): InstanceTypeChoice[] {
  const fits = (t: InstanceType) =>
    (need.branchEnisPerNode === undefined || (t.trunking && t.branchEnis >= need.branchEnisPerNode)) && defaultMaxPods(t, prefixDelegation).value - systemPods >= need.podsPerNode;
  const group = (t: InstanceType) => {
    const base = fits(t) ? 0 : 3;
    if (need.like && t.family === need.like.family) return base;
    if (need.like && t.architecture === need.like.architecture) return base + 1;
    return base + 2;
  };
  const ranked = catalog
    .all()
    .map((t) => ({ t, g: group(t) }))
    .sort((a, b) => a.g - b.g || compareBySize(a.t, b.t));
  return ranked.map(({ t, g }, i) => ({
    name: t.name,
    fits: g < 3,
    detail: `${g < 3 ? '✓ fits' : '✗ too small'} · ${instanceTypeSummary(t, prefixDelegation, systemPods)}`,
    sortText: `${g}${String(i).padStart(5, '0')}`,
  }));
}

export function instanceTypeCompletions(
  analysis: Analysis,
  file: string,
  text: string,
  position: Position,
): { slot: InstanceTypeSlot; choices: InstanceTypeChoice[]; need: Need } | undefined {
  const slot = instanceTypeSlotAt(text, position);
  if (!slot) return undefined;
  // Of several clusters, the type must carry what each cluster needs of it there.
  const scopes = analysis.clusters ? analysis.clusters.map((c) => clusterScoped(analysis, c)) : [analysis];
  const need = scopes.map((a) => needAt(a, file, position, slot.value)).reduce(greaterNeed);
  return {
    slot,
    need,
    choices: rankInstanceTypes(need, analysis.model.config.prefixDelegation, analysis.model.catalog, need.systemPods ?? analysis.model.config.systemPodsPerNode),
  };
}
