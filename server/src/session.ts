// The server's state: the index, the analyzer and the last workspace analysis. Changes mark it stale and
// schedule one debounced analysis; requests that need positions to be exact analyse at once instead.
// Analysis is synchronous, so the texts it reads are the newest the server has when it publishes: a
// document's diagnostics never carry an older version than the one they were computed from.
import path from 'node:path';
import { MAX_FILE_BYTES } from '../../shared';
import { findConfigFile, MAX_JOBS, NO_SUCH_FILE, readRegularFileSync } from '../../shared/node';
import { Analyzer, configUriOf, type ConfigSource, type Group, type WorkspaceAnalysis } from './analyzer';
import type { DiagnosticsPublisher } from './diagnostics';
import { canonicalUri, type BulkReader, type IndexedFile, type WorkspaceIndex } from './workspaceIndex';

export const DEBOUNCE_MS = 200;
/** Packing closed files' texts yields to other work this often. */
const PACK_SLICE_MS = 10;

export class Session {
  private readonly analyzer = new Analyzer();
  /** Replaced (not cleared) when configs move: the analyzer keeps its grouping of files while it is the same. */
  private nearestConfig = new Map<string, string | undefined>();
  private current: WorkspaceAnalysis | undefined;
  private stale = true;
  private timer: NodeJS.Timeout | undefined;
  private readyPromise: Promise<void> = Promise.resolve();
  private readonly stopping = new AbortController();
  /** Entries whose text packText has seen (packed or not worth it). */
  private packSeen = new WeakSet<IndexedFile>();
  private packing: NodeJS.Immediate | undefined;
  private packed = { files: 0, chars: 0, bytes: 0 };
  /** Called after every analysis (code lens refresh, status). */
  onAnalysed: (analysis: WorkspaceAnalysis) => void = () => {};

  constructor(
    readonly index: WorkspaceIndex,
    private readonly publisher: DiagnosticsPublisher,
    private readonly log: (message: string) => void,
  ) {}

  /** Waits for `work` (a scan) before any analysis; analyses right after it. */
  setReady(work: Promise<unknown>): void {
    this.readyPromise = work.then(
      () => undefined,
      (err) => this.log(`workspace scan failed: ${String(err)}`),
    );
    void this.readyPromise.then(() => this.analyseNow());
  }

  /** A cold start's scan reads (and parses) in worker threads: see Analyzer.scanReader. */
  scanReader(): BulkReader {
    return this.analyzer.scanReader(this.poolOptions());
  }

  /** Parses what a scan read on the machine's cores before the first analysis (see Analyzer.prime); stopped by shutdown. */
  async prime(): Promise<void> {
    const started = performance.now();
    const parsed = await this.analyzer.prime(this.index.entries(), this.poolOptions());
    if (parsed > 0) this.log(`parsed ${parsed} files in worker threads in ${(performance.now() - started).toFixed(1)} ms`);
  }

  private poolOptions() {
    return { jobs: jobsFromEnvironment(), workerFile: path.join(__dirname, 'parseWorker.js'), signal: this.stopping.signal, log: this.log };
  }

  /** Shutdown: parse workers stop; what they had not parsed is parsed by the next analysis, if any. */
  stop(): void {
    this.stopping.abort();
    if (this.packing) clearImmediate(this.packing);
  }

  /** In an untrusted workspace the config's instanceData file is not read (its types stay unknown). */
  setTrusted(trusted: boolean): void {
    this.analyzer.readInstanceData = trusted;
    this.changed();
  }

  /** Something the analysis reads changed: analyse once things settle. */
  changed(): void {
    this.stale = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.readyPromise.then(() => this.stale && this.analyseNow());
    }, DEBOUNCE_MS);
  }

  /** A config file appeared or disappeared: which config each folder uses must be looked up again. */
  configsMoved(): void {
    this.nearestConfig = new Map();
    this.changed();
  }

  /** The analysis of the current texts (analysing now if anything changed since the last one). */
  async fresh(): Promise<WorkspaceAnalysis> {
    await this.readyPromise;
    if (this.stale || !this.current) this.analyseNow();
    return this.current!;
  }

  async groupOf(uri: string): Promise<Group | undefined> {
    return (await this.fresh()).groupOf.get(canonicalUri(uri));
  }

  private analyseNow(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const started = performance.now();
    this.stale = false;
    try {
      this.current = this.analyzer.run({
        entries: this.index.entries(),
        configPathFor: (fsPath) => this.configPathFor(fsPath),
        readConfig: (fsPath) => this.readConfig(fsPath),
        configsStamp: this.nearestConfig,
      });
    } catch (err) {
      // A bug in the engine must not take the server down: keep the last good analysis and say so.
      this.log(`analysis failed: ${(err as Error).stack ?? String(err)}`);
      this.current ??= { groups: [], groupOf: new Map(), findingsByFile: new Map() };
      return;
    }
    const published = this.publisher.publish(this.current.findingsByFile, (uri) => this.index.get(uri)?.version);
    this.log(`analysed ${this.current.groups.reduce((n, g) => n + g.files.length, 0)} files in ${(performance.now() - started).toFixed(1)} ms; published ${published}`);
    this.onAnalysed(this.current);
    this.packing ??= setImmediate(() => this.packTexts());
  }

  /**
   * After an analysis, the closed files' texts are deflated (Analyzer.packText) between other work: a few
   * milliseconds at a time, from the first entry not seen yet; a new analysis starts over where it stopped.
   */
  private packTexts(): void {
    this.packing = undefined;
    if (this.stopping.signal.aborted) return;
    const until = performance.now() + PACK_SLICE_MS;
    for (const e of this.index.entries()) {
      if (this.packSeen.has(e)) continue;
      if (this.stale) return; // the analysis to come schedules packing again
      if (performance.now() > until) {
        this.packing = setImmediate(() => this.packTexts());
        return;
      }
      this.packSeen.add(e);
      const packed = this.analyzer.packText(e);
      if (packed) {
        this.packed.files++;
        this.packed.chars += packed.chars;
        this.packed.bytes += packed.bytes;
      }
    }
    const { files, chars, bytes } = this.packed;
    if (files > 0) this.log(`packed the texts of ${files} closed file${files === 1 ? '' : 's'}: ${mb(chars)} → ${mb(bytes)} MB`);
    this.packed = { files: 0, chars: 0, bytes: 0 };
  }

  private configPathFor(fsPath: string): string | undefined {
    const dir = path.dirname(fsPath);
    // No higher than the workspace folder: a config above it (a shared temp folder, a home) is not the workspace's.
    if (!this.nearestConfig.has(dir)) this.nearestConfig.set(dir, findConfigFile(dir, this.index.folderOf(fsPath)?.fsPath ?? dir));
    return this.nearestConfig.get(dir);
  }

  private readConfig(fsPath: string): ConfigSource | undefined {
    const uri = configUriOf(fsPath);
    const indexed = this.index.get(uri);
    if (indexed?.size !== undefined) return { uri, text: '', unread: { tooLarge: indexed.size } };
    if (indexed?.unreadable !== undefined) return { uri, text: '', unread: { problem: indexed.unreadable } };
    if (indexed) return { uri, text: indexed.text };
    const read = readRegularFileSync(fsPath, MAX_FILE_BYTES); // not indexed (excluded, say)
    if ('problem' in read && read.problem === NO_SUCH_FILE) return undefined;
    return 'text' in read ? { uri, text: read.text } : { uri, text: '', unread: read };
  }
}

function mb(n: number): string {
  return (n / 1024 / 1024).toFixed(1);
}

/**
 * ENI_LENS_JOBS: the parse threads of a cold start, as `check --jobs` (1: this thread only); unset or not a
 * whole number from 1 to MAX_JOBS: one per core for workspaces worth it.
 */
function jobsFromEnvironment(): number | undefined {
  const value = process.env.ENI_LENS_JOBS;
  const jobs = Number(value);
  return value && /^\d+$/.test(value) && jobs >= 1 && jobs <= MAX_JOBS ? jobs : undefined;
}
