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

/**
 * The bars of every pool from ONE placement of the pods: a pod is on the same pool in every bar it is in.
 * The scheduler places a pod needing a branch ENI only where it gets a branch ENI and a pod slot, any other
 * pod where it gets a slot; node IPs are not a scheduling resource. So, in one flow network where branch-ENI
 * pods pass their pool's branch ENIs (and IP pods its IPs) on the way to its pod slots, in this order:
 * 1. branch-ENI pods as many as the branch ENIs hold: exactly the engine's branch-ENI flow. Pods placed there
 *    beyond a pool's pod slots are over on its pod-slot bar (only where branch ENIs outnumber slots);
 * 2. IP pods through their pools' IPs (kept only when that costs no pod slot, see below);
 * 3. every other pod, and those left short in 1 or 2, on the slots left (their pools first to last).
 * Flow only grows on the source's edges, so a later stage never undoes an earlier one. The pod-slot bars
 * then carry the engine's numbers whenever one placement can (the engine judges each resource alone, so a
 * pod needing a branch ENI may count on a pool without any; no scheduler puts it there).
 */
export function computeBars(Flow: typeof FlowNetwork, place: typeof allocate, input: BarInput): PoolBars[] {
  const ELASTIC = 1_000_000_000;
  const resources: BarResource[] = ['branchEnis', 'pods', 'ips'];
  const ipsOf = (f: TypeFigures) => (input.securityGroupsForPods ? f.ipsWithTrunk : f.ipsWithoutTrunk);
  const perNodeOf = (p: PoolState, f: TypeFigures, r: BarResource) => (r === 'branchEnis' ? f.branchEnis : r === 'pods' ? Math.max(0, f.maxPods - (p.systemPods || 0)) : ipsOf(f));
  const out: PoolBars[] = input.pools.map((p) => (p.figures ? { bars: {} as Record<BarResource, Bar> } : {}));
  // A bar names at most this many workloads (used, and again over); smaller ones join its others.
  const SHOWN = 12;
  const P = input.pools.length;
  // An elastic pool adds nodes as pods need them, but nodes without a resource (branch ENIs on EKS Auto Mode) add none.
  const capacityOf = (r: BarResource) =>
    input.pools.map((p) =>
      !p.figures ? 0 : p.elastic ? (perNodeOf(p, p.figures, r) === 0 ? 0 : p.limits && r !== 'ips' ? p.limits[r] : ELASTIC) : p.nodes * perNodeOf(p, p.figures, r),
    );
  const caps = { branchEnis: capacityOf('branchEnis'), pods: capacityOf('pods'), ips: capacityOf('ips') };

  // One row per distinct array of pools: its branch-ENI pods, its IP pods and the rest, each as shares in
  // order (workload -1: the workloads not named).
  type Share = { workload: number; pods: number; count: number };
  type Row = { pools: number[]; branch: Share[]; ip: Share[]; rest: Share[] };
  const sharesOf = (row: DemandRow) => {
    const nodes = input.pools[row.pools[0]].nodes;
    const list: Share[] = row.named.map((s) => ({ workload: s.workload, pods: s.perNode ? nodes : s.pods, count: 1 }));
    if (row.others > 0) list.push({ workload: -1, pods: row.otherPods + row.otherPerNode * nodes, count: row.others });
    return list;
  };
  const rowOf = new Map<string, Row>();
  const rows: Row[] = [];
  const rowFor = (pools: number[]) => {
    const key = pools.join(',');
    let row = rowOf.get(key);
    if (!row) {
      rowOf.set(key, (row = { pools: [...new Set(pools)], branch: [], ip: [], rest: [] }));
      rows.push(row);
    }
    return row;
  };
  for (const d of input.demands.pods) rowFor(d.pools).rest = sharesOf(d);
  for (const d of input.demands.branchEnis) rowFor(d.pools).branch = sharesOf(d);
  for (const d of input.demands.ips) rowFor(d.pools).ip = sharesOf(d);
  const sum = (list: { pods: number }[]) => list.reduce((n, s) => n + s.pods, 0);
  // The pod-slot rows hold every pod: what is not a branch-ENI or IP share is the rest.
  for (const row of rows) {
    const taken = new Set([...row.branch, ...row.ip].map((s) => s.workload).filter((w) => w >= 0));
    const others = [...row.branch, ...row.ip].filter((s) => s.workload < 0);
    row.rest = row.rest.flatMap((s) => {
      if (s.workload >= 0) return taken.has(s.workload) ? [] : [s];
      const left = { workload: -1, pods: Math.max(0, s.pods - sum(others)), count: s.count - others.reduce((n, o) => n + o.count, 0) };
      return left.pods > 0 && left.count > 0 ? [left] : [];
    });
  }
  const totals = rows.map((row) => ({ branch: sum(row.branch), ip: sum(row.ip), rest: sum(row.rest) }));
  // The engine's branch-ENI flow: how many branch-ENI pods its pools hold.
  const branchRows = rows.map((row, k) => ({ pods: totals[k].branch, pools: row.pools }));
  const branchPlaced = sum(branchRows) - place(Flow, branchRows, caps.branchEnis).unplaced.reduce((a, b) => a + b, 0);

  function placement(ipsFirst: boolean) {
    const SOURCE = 0;
    const SINK = 1;
    const EXCESS = 2;
    const gateIn = (p: number) => 3 + 4 * p;
    const gate = (p: number) => 4 + 4 * p;
    const ipGate = (p: number) => 5 + 4 * p;
    const slot = (p: number) => 6 + 4 * p;
    const rowNode = (k: number, part: number) => 3 + 4 * P + 3 * k + part;
    const net = new Flow(3 + 4 * P + 3 * rows.length);
    const slotEdge = input.pools.map((_, p) => net.addEdge(slot(p), SINK, caps.pods[p]));
    input.pools.forEach((_, p) => {
      net.addEdge(gateIn(p), gate(p), caps.branchEnis[p]);
      net.addEdge(gate(p), slot(p), caps.branchEnis[p]);
      net.addEdge(ipGate(p), slot(p), caps.ips[p]);
    });
    // Edges are tried last added first: adding a row's pools in reverse tries its first pool first.
    const toPools = (from: number, to: (p: number) => number, pods: number, row: Row) => {
      const edges = new Map<number, number>();
      for (const p of [...row.pools].reverse()) edges.set(p, net.addEdge(from, to(p), pods));
      return edges;
    };
    const branchIn = rows.map((_, k) => net.addEdge(SOURCE, rowNode(k, 0), totals[k].branch));
    const branchTo = rows.map((row, k) => toPools(rowNode(k, 0), gateIn, totals[k].branch, row));
    net.maxFlow(SOURCE, SINK);
    // Branch-ENI pods with a branch ENI but no pod slot are placed all the same (the excess), up to the engine's count.
    const placedWithSlots = branchIn.reduce((n, e) => n + net.flowOn(e), 0);
    const excessEdge = input.pools.map((_, p) => (branchPlaced > placedWithSlots ? net.addEdge(gate(p), EXCESS, caps.branchEnis[p]) : -1));
    if (branchPlaced > placedWithSlots) {
      net.addEdge(EXCESS, SINK, branchPlaced - placedWithSlots);
      net.maxFlow(SOURCE, SINK);
    }
    const ipIn = rows.map((_, k) => (ipsFirst ? net.addEdge(SOURCE, rowNode(k, 1), totals[k].ip) : -1));
    const ipTo = rows.map((row, k) => (ipsFirst ? toPools(rowNode(k, 1), ipGate, totals[k].ip, row) : new Map<number, number>()));
    if (ipsFirst) net.maxFlow(SOURCE, SINK);
    const branchShort = rows.map((_, k) => totals[k].branch - net.flowOn(branchIn[k]));
    const ipShort = rows.map((_, k) => totals[k].ip - (ipsFirst ? net.flowOn(ipIn[k]) : 0));
    const restPods = rows.map((_, k) => totals[k].rest + branchShort[k] + ipShort[k]);
    rows.forEach((_, k) => net.addEdge(SOURCE, rowNode(k, 2), restPods[k]));
    const restTo = rows.map((row, k) => toPools(rowNode(k, 2), slot, restPods[k], row));
    net.maxFlow(SOURCE, SINK);
    const slotsUsed = slotEdge.reduce((n, e) => n + net.flowOn(e), 0);
    const flows = (edges: Map<number, number>) => new Map([...edges].map(([p, e]) => [p, net.flowOn(e)]));
    return {
      slotsUsed,
      excess: excessEdge.map((e) => (e < 0 ? 0 : net.flowOn(e))),
      branch: branchTo.map(flows),
      ip: ipTo.map(flows),
      rest: restTo.map(flows),
      branchShort,
      ipShort,
      restPods,
    };
  }
  // IPs first only when that costs no pod slot: pod slots are what the scheduler places by.
  const withIps = placement(true);
  const allPods = totals.reduce((n, t) => n + t.branch + t.ip + t.rest, 0);
  const everyPodPlaced = withIps.slotsUsed + withIps.excess.reduce((a, b) => a + b, 0) === allPods;
  const withoutIps = everyPodPlaced || totals.every((t) => t.ip === 0) ? withIps : placement(false);
  const chosen = withoutIps.slotsUsed > withIps.slotsUsed ? withoutIps : withIps;

  // Per bar and pool, pods by workload (-1: others), used and over, in order of first appearance.
  type Tally = Map<number, { pods: number; count: number }>;
  const tallies = () => input.pools.map((): Tally => new Map());
  const used = { branchEnis: tallies(), pods: tallies(), ips: tallies() };
  const over = { branchEnis: tallies(), pods: tallies(), ips: tallies() };
  const add = (tally: Tally, workload: number, pods: number, count: number) => {
    const t = tally.get(workload);
    if (t) {
      t.pods += pods;
      t.count += count;
    } else tally.set(workload, { pods, count });
  };
  // A lot: pods of one row on one pool (or on none: over on its first pool), and where it counts on each bar.
  type Mark = { r: BarResource; over: boolean };
  type Lot = { pool: number; pods: number; marks: Mark[] };
  const excessLeft = [...chosen.excess];
  // IPs the IP stage left on each pool, for IP pods the last stage puts there.
  const ipsLeft = caps.ips.map((c, p) => c - chosen.ip.reduce((n, flows) => n + (flows.get(p) ?? 0), 0));
  rows.forEach((row, k) => {
    const first = row.pools[0];
    // The slots of the rest stage, handed out to the short branch-ENI pods, the short IP pods, then the rest.
    const restQueue = [...row.pools.map((p) => ({ pool: p, pods: chosen.rest[k].get(p) ?? 0, placed: true }))];
    restQueue.push({ pool: first, pods: chosen.restPods[k] - sum(restQueue), placed: false });
    const fromRest = (pods: number, marks: (placed: boolean) => Mark[]) => {
      const lots: Lot[] = [];
      for (const q of restQueue) {
        const take = Math.min(pods, q.pods);
        if (take <= 0) continue;
        lots.push({ pool: q.pool, pods: take, marks: marks(q.placed) });
        q.pods -= take;
        pods -= take;
      }
      return lots;
    };
    const branchLots: Lot[] = [];
    for (const p of row.pools) {
      const gated = chosen.branch[k].get(p) ?? 0;
      const excess = Math.min(gated, excessLeft[p]);
      excessLeft[p] -= excess;
      branchLots.push({
        pool: p,
        pods: gated - excess,
        marks: [
          { r: 'branchEnis', over: false },
          { r: 'pods', over: false },
        ],
      });
      branchLots.push({
        pool: p,
        pods: excess,
        marks: [
          { r: 'branchEnis', over: false },
          { r: 'pods', over: true },
        ],
      });
    }
    branchLots.push(
      ...fromRest(chosen.branchShort[k], (placed) => [
        { r: 'branchEnis', over: true },
        { r: 'pods', over: !placed },
      ]),
    );
    const ipLots: Lot[] = row.pools.map((p) => ({
      pool: p,
      pods: chosen.ip[k].get(p) ?? 0,
      marks: [
        { r: 'ips', over: false },
        { r: 'pods', over: false },
      ],
    }));
    for (const lot of fromRest(chosen.ipShort[k], (placed) => [{ r: 'pods', over: !placed }])) {
      const withIp = lot.marks[0].over ? 0 : Math.min(lot.pods, Math.max(0, ipsLeft[lot.pool]));
      ipsLeft[lot.pool] -= withIp;
      ipLots.push({ ...lot, pods: withIp, marks: [{ r: 'ips', over: false }, ...lot.marks] });
      ipLots.push({ ...lot, pods: lot.pods - withIp, marks: [{ r: 'ips', over: true }, ...lot.marks] });
    }
    const restLots = fromRest(totals[k].rest, (placed) => [{ r: 'pods', over: !placed }]);
    // Shares of a row are interchangeable in the flow: they take its lots in order.
    const spread = (shares: Share[], lots: Lot[]) => {
      let i = 0;
      for (const s of shares) {
        let need = s.pods;
        while (need > 0 && i < lots.length) {
          const take = Math.min(need, lots[i].pods);
          if (take > 0) for (const m of lots[i].marks) add((m.over ? over : used)[m.r][lots[i].pool], s.workload, take, s.count);
          need -= take;
          lots[i].pods -= take;
          if (lots[i].pods === 0) i++;
        }
      }
    };
    spread(row.branch, branchLots);
    spread(row.ip, ipLots);
    spread(row.rest, restLots);
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
  for (const r of resources) {
    input.pools.forEach((p, pi) => {
      const bars = out[pi].bars;
      if (!bars || !p.figures) return;
      const u = segments(used[r][pi]);
      const o = segments(over[r][pi]);
      const total = (list: Segment[], others: OthersSegment) => list.reduce((n, s) => n + s.pods, others.pods);
      const overPods = total(o.list, o.others);
      bars[r] = {
        perNode: perNodeOf(p, p.figures, r),
        capacity: p.elastic && caps[r][pi] > 0 && (!p.limits || r === 'ips') ? null : caps[r][pi],
        used: u.list,
        others: u.others,
        overflow: o.list,
        othersOver: o.others,
        demand: total(u.list, u.others) + overPods,
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
    // Where the type has no branch ENIs at all, more nodes or prefixes never help: the pool says so (branch-eni-unsupported).
    if (input.prefixDelegation && p.figures && p.figures.branchEnis > 0 && b && b.over > 0) {
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
