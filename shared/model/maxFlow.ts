// Dinic's max flow on a small directed graph, plus the source side of a minimum cut.

export class FlowNetwork {
  private readonly head: number[];
  private readonly to: number[] = [];
  private readonly cap: number[] = [];
  private readonly next: number[] = [];

  constructor(readonly size: number) {
    this.head = new Array<number>(size).fill(-1);
  }

  /** Returns the edge's id, for `flowOn` after `maxFlow`. */
  addEdge(from: number, to: number, capacity: number): number {
    this.push(from, to, capacity);
    this.push(to, from, 0);
    return this.to.length - 2;
  }

  /** What `maxFlow` sent along an edge: the capacity its reverse edge gained. */
  flowOn(edge: number): number {
    return this.cap[edge ^ 1];
  }

  private push(from: number, to: number, capacity: number): void {
    this.to.push(to);
    this.cap.push(capacity);
    this.next.push(this.head[from]);
    this.head[from] = this.to.length - 1;
  }

  maxFlow(source: number, sink: number): number {
    let flow = 0;
    const level = new Array<number>(this.size);
    const iter = new Array<number>(this.size);
    while (this.bfs(source, sink, level)) {
      for (let i = 0; i < this.size; i++) iter[i] = this.head[i];
      for (;;) {
        const pushed = this.dfs(source, sink, Number.POSITIVE_INFINITY, level, iter);
        if (pushed <= 0) break;
        flow += pushed;
      }
    }
    return flow;
  }

  /** Nodes reachable from `source` in the residual graph after `maxFlow`: the source side of a min cut. */
  residualReachable(source: number): boolean[] {
    const seen = new Array<boolean>(this.size).fill(false);
    const queue = [source];
    seen[source] = true;
    while (queue.length > 0) {
      const v = queue.pop()!;
      for (let e = this.head[v]; e !== -1; e = this.next[e]) {
        if (this.cap[e] > 0 && !seen[this.to[e]]) {
          seen[this.to[e]] = true;
          queue.push(this.to[e]);
        }
      }
    }
    return seen;
  }

  private bfs(source: number, sink: number, level: number[]): boolean {
    level.fill(-1);
    level[source] = 0;
    const queue = [source];
    for (let qi = 0; qi < queue.length; qi++) {
      const v = queue[qi];
      for (let e = this.head[v]; e !== -1; e = this.next[e]) {
        if (this.cap[e] > 0 && level[this.to[e]] < 0) {
          level[this.to[e]] = level[v] + 1;
          queue.push(this.to[e]);
        }
      }
    }
    return level[sink] >= 0;
  }

  private dfs(v: number, sink: number, limit: number, level: number[], iter: number[]): number {
    if (v === sink) return limit;
    for (; iter[v] !== -1; iter[v] = this.next[iter[v]]) {
      const e = iter[v];
      const w = this.to[e];
      if (this.cap[e] > 0 && level[v] < level[w]) {
        const d = this.dfs(w, sink, Math.min(limit, this.cap[e]), level, iter);
        if (d > 0) {
          this.cap[e] -= d;
          this.cap[e ^ 1] += d;
          return d;
        }
      }
    }
    return 0;
  }
}
