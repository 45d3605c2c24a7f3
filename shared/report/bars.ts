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

/** One demand of the engine's placement problem; `pools` are indices into the section's pools. */
export interface DemandRow {
  workload: number;
  pods: number;
  pools: number[];
  /** A DaemonSet: one pod per node of its (single) pool, so the count follows the pool's node count. */
  perNode?: boolean;
}

export interface PoolState {
  nodes: number;
  /** "r6g.medium", or "m5.large/m5a.large" for a pool judged by the weakest of several types. */
  type: string;
  /** Undefined when an instance type of the pool is not in the data. */
  figures?: TypeFigures;
  elastic: boolean;
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

export interface Bar {
  perNode: number;
  /** Nodes × per node; null for an elastic pool (nodes are added as pods need them). */
  capacity: number | null;
  used: Segment[];
  /** Pods that do not fit anywhere they can go, shown on the first pool they can reach. */
  overflow: Segment[];
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
  const perNodeOf = (f: TypeFigures, r: BarResource) => (r === 'branchEnis' ? f.branchEnis : r === 'pods' ? f.maxPods : ipsOf(f));
  const out: PoolBars[] = input.pools.map((p) => (p.figures ? { bars: {} as Record<BarResource, Bar> } : {}));
  for (const r of resources) {
    const capacities = input.pools.map((p) => (!p.figures ? 0 : p.elastic ? ELASTIC : p.nodes * perNodeOf(p.figures, r)));
    const demands = input.demands[r].map((d) => ({ ...d, pods: d.perNode ? input.pools[d.pools[0]].nodes : d.pods }));
    const { placed, unplaced } = place(Flow, demands, capacities);
    input.pools.forEach((p, pi) => {
      const bars = out[pi].bars;
      if (!bars || !p.figures) return;
      const used: Segment[] = [];
      const overflow: Segment[] = [];
      demands.forEach((d, di) => {
        const add = (list: Segment[], pods: number) => {
          if (pods <= 0) return;
          const seg = list.find((s) => s.workload === d.workload);
          if (seg) seg.pods += pods;
          else list.push({ workload: d.workload, pods });
        };
        add(used, placed[di][pi]);
        if (d.pools[0] === pi) add(overflow, unplaced[di]);
      });
      const sum = (list: Segment[]) => list.reduce((n, s) => n + s.pods, 0);
      const over = sum(overflow);
      bars[r] = { perNode: perNodeOf(p.figures, r), capacity: p.elastic ? null : capacities[pi], used, overflow, demand: sum(used) + over, over };
    });
  }
  input.pools.forEach((p, pi) => {
    const f = p.figures;
    if (f) {
      out[pi].ipsNote =
        `${f.ipsWithTrunk} per node with the trunk ENI's slot taken, ${f.ipsWithoutTrunk} without` +
        (input.securityGroupsForPods ? ' (security groups for pods is on: the trunk takes it)' : ' (security groups for pods is off: no trunk)');
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
    for (const s of b.overflow) {
      const label = `${names[s.workload]} +${s.pods} over`;
      segs += `<span class="seg over" data-w="${pct(s.pods, scale)}" title="${esc(label)}">${esc(label)}</span>`;
    }
    const marker = b.capacity === null || b.capacity >= scale ? '' : `<span class="cap" data-at="${pct(b.capacity, scale)}" title="capacity ${b.capacity}"></span>`;
    const list = [...b.used.map((s) => `${names[s.workload]}: ${s.pods}`), ...b.overflow.map((s) => `${names[s.workload]}: ${s.pods} over`)];
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
