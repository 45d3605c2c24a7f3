// The bars of the capacity report: who uses how much of each pool's branch ENIs, pod slots and node IPs.
// Every function here is self-contained (no imports at run time, no module-level helpers): the report page
// embeds their source (Function.prototype.toString) and reruns them for the what-if, so the page and the
// engine-side report compute the same numbers with the same code.
import type { FlowNetwork } from '../model/maxFlow';

export type BarResource = 'branchEnis' | 'pods' | 'ips';

/** What one node of a type holds, as the report needs it. */
export interface TypeFigures {
  branchEnis: number;
  maxPods: number;
  /** IPs per node for ordinary pods when the trunk ENI (security groups for pods) takes an ENI slot. */
  ipsWithTrunk: number;
  /** The same without the trunk slot taken. */
  ipsWithoutTrunk: number;
}

/** One workload named on the bars, and its pods within a row. */
export interface NamedShare {
  workload: number;
  pods: number;
  /** A DaemonSet: one pod per node of the row's (single) pool, so the count follows the pool's node count. */
  perNode?: boolean;
}

/**
 * The demands of every workload reaching one array of pools (indices into the section's pools), summed:
 * the flow sees only the sum, so the what-if costs one row per distinct array, not one per workload.
 * The workloads worth naming keep their share; the others are only summed and counted.
 */
export interface DemandRow {
  pools: number[];
  named: NamedShare[];
  /** Pods of the workloads not named (their DaemonSets apart). */
  otherPods: number;
  /** DaemonSets not named: each runs one pod per node of the row's single pool. */
  otherPerNode: number;
  /** How many workloads are not named. */
  others: number;
}

export interface PoolState {
  nodes: number;
  /** "r6g.medium", or "m5.large/m5a.large" for a pool judged by the weakest of several types. */
  type: string;
  /** Undefined when an instance type of the pool is not in the data. */
  figures?: TypeFigures;
  elastic: boolean;
  /** Slots of each node taken by system pods the repository does not hold (aws-node, kube-proxy). */
  systemPods?: number;
  /** An elastic pool under a limit (Karpenter limits.cpu): the most of each resource it may launch. */
  limits?: { branchEnis: number; pods: number };
}

export interface BarInput {
  prefixDelegation: boolean;
  /** The trunk ENI takes a slot on trunking types, so ordinary pods get `ipsWithTrunk`. */
  securityGroupsForPods: boolean;
  pools: PoolState[];
  demands: Record<BarResource, DemandRow[]>;
}

export interface Segment {
  workload: number;
  pods: number;
}

/** Pods of workloads not named on a bar: not named in the report, or smaller than the named segments shown. */
export interface OthersSegment {
  /** Workloads with pods in it (an upper bound where a row's others are split across pools). */
  workloads: number;
  pods: number;
}

export interface Bar {
  perNode: number;
  /** Nodes × per node; null for an elastic pool (nodes are added as pods need them). */
  capacity: number | null;
  used: Segment[];
  others: OthersSegment;
  /** Pods that do not fit anywhere they can go, shown on the first pool they can reach. */
  overflow: Segment[];
  othersOver: OthersSegment;
  demand: number;
  over: number;
}

export interface PoolBars {
  /** Undefined when the pool's instance type is not in the data. */
  bars?: Record<BarResource, Bar>;
  /** Prefix delegation is on, yet branch ENIs are short. */
  why?: string;
  /** Node IPs per node with and without the trunk slot. */
  ipsNote?: string;
}

/** Places demands on pools by max flow: pods per demand per pool, and what is left over. */
export function allocate(Flow: typeof FlowNetwork, demands: { pods: number; pools: number[] }[], capacities: number[]): { placed: number[][]; unplaced: number[] } {
  const n = demands.length;
  const net = new Flow(2 + n + capacities.length);
  const edges = demands.map((d, i) => {
    net.addEdge(0, 2 + i, d.pods);
    return d.pools.map((p) => net.addEdge(2 + i, 2 + n + p, d.pods));
  });
  capacities.forEach((c, p) => net.addEdge(2 + n + p, 1, c));
  net.maxFlow(0, 1);
  const placed = demands.map((d, i) => {
    const row = capacities.map(() => 0);
    d.pools.forEach((p, j) => (row[p] += net.flowOn(edges[i][j])));
    return row;
  });
  const unplaced = demands.map((d, i) => d.pods - placed[i].reduce((a, b) => a + b, 0));
  return { placed, unplaced };
}

export function computeBars(Flow: typeof FlowNetwork, place: typeof allocate, input: BarInput): PoolBars[] {
  const ELASTIC = 1_000_000_000;
  const resources: BarResource[] = ['branchEnis', 'pods', 'ips'];
  const ipsOf = (f: TypeFigures) => (input.securityGroupsForPods ? f.ipsWithTrunk : f.ipsWithoutTrunk);
  const perNodeOf = (p: PoolState, f: TypeFigures, r: BarResource) => (r === 'branchEnis' ? f.branchEnis : r === 'pods' ? Math.max(0, f.maxPods - (p.systemPods || 0)) : ipsOf(f));
  const out: PoolBars[] = input.pools.map((p) => (p.figures ? { bars: {} as Record<BarResource, Bar> } : {}));
  // A bar names at most this many workloads (used, and again over); smaller ones join its others.
  const SHOWN = 12;
  const nodesOf = (row: DemandRow) => input.pools[row.pools[0]].nodes;
  for (const r of resources) {
    const limitOf = (p: PoolState) => (p.limits && r !== 'ips' ? p.limits[r] : ELASTIC);
    const capacities = input.pools.map((p) => (!p.figures ? 0 : p.elastic ? limitOf(p) : p.nodes * perNodeOf(p, p.figures, r)));
    const rows = input.demands[r];
    // Each row's shares in order, its others last (workload -1).
    const shares = rows.map((row) => {
      const list = row.named.map((s) => ({ workload: s.workload, pods: s.perNode ? nodesOf(row) : s.pods, count: 1 }));
      if (row.others > 0) list.push({ workload: -1, pods: row.otherPods + row.otherPerNode * nodesOf(row), count: row.others });
      return list;
    });
    const totals = shares.map((list) => list.reduce((n, s) => n + s.pods, 0));
    const { placed, unplaced } = place(
      Flow,
      rows.map((row, i) => ({ pods: totals[i], pools: row.pools })),
      capacities,
    );
    // Per pool, pods by workload (-1: others), used and over, in order of first appearance.
    type Tally = Map<number, { pods: number; count: number }>;
    const used: Tally[] = input.pools.map(() => new Map());
    const over: Tally[] = input.pools.map(() => new Map());
    const add = (tally: Tally, workload: number, pods: number, count: number) => {
      const t = tally.get(workload);
      if (t) {
        t.pods += pods;
        t.count += count;
      } else tally.set(workload, { pods, count });
    };
    // Demands within a row are interchangeable in the flow: its shares take the row's placement in order,
    // pool by pool, and what does not fit is the last shares' overflow on the row's first pool.
    rows.forEach((row, i) => {
      const portions: { tally: Tally; pods: number }[] = [];
      for (const p of new Set(row.pools)) portions.push({ tally: used[p], pods: placed[i][p] });
      portions.push({ tally: over[row.pools[0]], pods: unplaced[i] });
      let k = 0;
      for (const s of shares[i]) {
        let need = s.pods;
        while (need > 0 && k < portions.length) {
          const take = Math.min(need, portions[k].pods);
          if (take > 0) add(portions[k].tally, s.workload, take, s.count);
          need -= take;
          portions[k].pods -= take;
          if (portions[k].pods === 0) k++;
        }
      }
    });
    // The largest SHOWN workloads keep their segment (in their order); the rest join the others.
    const segments = (tally: Tally) => {
      const named = [...tally].filter(([w]) => w >= 0).map(([workload, t]) => ({ workload, pods: t.pods }));
      const shown = new Set([...named].sort((x, y) => y.pods - x.pods || x.workload - y.workload).slice(0, SHOWN));
      const others = { workloads: tally.get(-1)?.count ?? 0, pods: tally.get(-1)?.pods ?? 0 };
      for (const s of named) {
        if (shown.has(s)) continue;
        others.workloads++;
        others.pods += s.pods;
      }
      return { list: named.filter((s) => shown.has(s)), others };
    };
    input.pools.forEach((p, pi) => {
      const bars = out[pi].bars;
      if (!bars || !p.figures) return;
      const u = segments(used[pi]);
      const o = segments(over[pi]);
      const sum = (list: Segment[], others: OthersSegment) => list.reduce((n, s) => n + s.pods, others.pods);
      const overPods = sum(o.list, o.others);
      bars[r] = {
        perNode: perNodeOf(p, p.figures, r),
        capacity: p.elastic && (!p.limits || r === 'ips') ? null : capacities[pi],
        used: u.list,
        others: u.others,
        overflow: o.list,
        othersOver: o.others,
        demand: sum(u.list, u.others) + overPods,
        over: overPods,
      };
    });
  }
  input.pools.forEach((p, pi) => {
    const f = p.figures;
    if (f) {
      // Only a type with branch ENIs hosts a trunk ENI; on the others no ENI slot ever goes to one.
      out[pi].ipsNote =
        f.branchEnis > 0
          ? `${f.ipsWithTrunk} per node with the trunk ENI's slot taken, ${f.ipsWithoutTrunk} without` +
            (input.securityGroupsForPods ? ' (security groups for pods is on: the trunk takes it)' : ' (security groups for pods is off: no trunk)')
          : `${f.ipsWithoutTrunk} per node (${p.type} cannot host a trunk ENI, so no ENI slot goes to one)`;
    }
    const b = out[pi].bars?.branchEnis;
    if (input.prefixDelegation && p.figures && b && b.over > 0) {
      out[pi].why =
        `Prefix delegation is on: it raises the IPs of a node (max pods ${p.figures.maxPods} per ${p.type}), not its branch ENIs ` +
        `(${p.figures.branchEnis} per node). ${b.over} pod${b.over === 1 ? '' : 's'} needing a branch ENI will stay Pending: use a larger type or more nodes.`;
    }
  });
  return out;
}

/** The HTML of one pool's bars (numbers and labels on the bars, so colour is never the only cue). */
export function barsHtml(pool: PoolBars, names: string[]): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const pct = (n: number, of: number) => (of > 0 ? Math.round((n / of) * 1000) / 10 : 0);
  if (!pool.bars) return '<p class="note">Not drawn: an instance type of this pool is not in the EC2 data.</p>';
  const titles: [BarResource, string, string][] = [
    ['branchEnis', 'Branch ENIs', 'vpc.amazonaws.com/pod-eni, for pods a SecurityGroupPolicy selects'],
    ['pods', 'Pod slots', 'max pods per node × nodes'],
    ['ips', 'Node IPs', 'IP addresses for pods without a branch ENI'],
  ];
  let html = '';
  for (const [r, title, hint] of titles) {
    const b = pool.bars[r];
    const capText = b.capacity === null ? 'elastic' : String(b.capacity);
    const verdict = b.over > 0 ? `${b.over} over` : b.capacity === null ? 'fits' : `${b.capacity - b.demand} free`;
    const figure = `${b.demand} needed · ${capText} available · ${verdict}`;
    const scale = Math.max(b.capacity ?? 0, b.demand, 1);
    let segs = '';
    for (const s of b.used) {
      const label = `${names[s.workload]} ${s.pods}`;
      segs += `<span class="seg c${s.workload % 8}" data-w="${pct(s.pods, scale)}" title="${esc(label)}">${esc(label)}</span>`;
    }
    const othersText = (o: { workloads: number }) => `${o.workloads} other workload${o.workloads === 1 ? '' : 's'}`;
    if (b.others.pods > 0) {
      const label = `${othersText(b.others)} ${b.others.pods}`;
      segs += `<span class="seg others" data-w="${pct(b.others.pods, scale)}" title="${esc(label)}">${esc(label)}</span>`;
    }
    for (const s of b.overflow) {
      const label = `${names[s.workload]} +${s.pods} over`;
      segs += `<span class="seg over" data-w="${pct(s.pods, scale)}" title="${esc(label)}">${esc(label)}</span>`;
    }
    if (b.othersOver.pods > 0) {
      const label = `${othersText(b.othersOver)} +${b.othersOver.pods} over`;
      segs += `<span class="seg over" data-w="${pct(b.othersOver.pods, scale)}" title="${esc(label)}">${esc(label)}</span>`;
    }
    const marker = b.capacity === null || b.capacity >= scale ? '' : `<span class="cap" data-at="${pct(b.capacity, scale)}" title="capacity ${b.capacity}"></span>`;
    const list = [
      ...b.used.map((s) => `${names[s.workload]}: ${s.pods}`),
      ...(b.others.pods > 0 ? [`${othersText(b.others)}: ${b.others.pods}`] : []),
      ...b.overflow.map((s) => `${names[s.workload]}: ${s.pods} over`),
      ...(b.othersOver.pods > 0 ? [`${othersText(b.othersOver)}: ${b.othersOver.pods} over`] : []),
    ];
    html +=
      `<div class="bar-row" data-resource="${r}${b.over > 0 ? '" data-over="true' : ''}">` +
      `<div class="bar-head"><span class="bar-title" title="${esc(hint)}">${title}</span> <span class="per-node">${b.perNode} per node</span>` +
      `<output class="figure">${esc(figure)}</output></div>` +
      (r === 'ips' && pool.ipsNote ? `<p class="ips-note">${esc(pool.ipsNote)}</p>` : '') +
      `<div class="bar" role="img" aria-label="${esc(`${title}: ${figure}`)}">${segs}${marker}</div>` +
      (list.length > 0 ? `<p class="seg-list">${esc(list.join(' · '))}</p>` : '') +
      `</div>`;
  }
  if (pool.why) html += `<p class="why"><strong>Why:</strong> ${esc(pool.why)}</p>`;
  return html;
}
