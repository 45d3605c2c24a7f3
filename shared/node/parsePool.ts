// Parsing on the machine's cores: worker threads parse files (kinds the analysis does not read left out,
// as parseSource does) and send back only findings and facts, as structured-clone data; the main thread
// adopts them (adoptParsedFacts), so its heap never holds their trees or parse garbage. A worker that
// fails or dies leaves its files unparsed: the caller parses those itself.
//
// Two ways in: texts the caller holds (parseInWorkers: batches posted, two in flight per worker, largest
// first), or paths the workers read themselves (readInWorkers: the CLI, whose main thread is busy meanwhile;
// workers claim batches from a shared counter, so they never wait for the main thread).
import fs from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { SourceFile } from '../types';
import { adoptParsedFacts, type ParsedFacts } from '../model/fileFacts';
import type { ParsedSource } from '../yaml/parseSource';
import type { ReadOutcome } from './regularFile';
import { sourceFileOf } from './sourceFile';

/** Beyond this many threads the main thread, which takes every result, is the bottleneck. */
export const MAX_JOBS = 8;
/** A batch of texts: this much text or this many files, whichever comes first; small enough to keep every thread busy to the end. */
const BATCH_CHARS = 256 * 1024;
const BATCH_FILES = 64;
/** Batches posted ahead to each worker: it starts the next while this thread takes the last one's results. */
const IN_FLIGHT = 2;
/** A batch of paths (sizes are not known before reading), claimed as workers free up; 16 cost ~15 % more worker CPU in messages on XL-mix. */
const READ_BATCH_FILES = 64;

/** A batch of texts to parse. */
export interface WorkerRequest {
  files: SourceFile[];
}

export interface WorkerReply {
  results: Array<ParsedFacts | { file: string; error: string }>;
}

/**
 * A file for a worker to read: `path` on disk, `file` the name findings carry, `within` as
 * readRegularFileSync takes it; `parse: false` to read it only (the caller parses it otherwise).
 */
export interface ReadItem {
  path: string;
  file: string;
  within?: string;
  parse?: boolean;
}

/**
 * Every path of a run; each worker claims batch after batch (`claims[0]`, atomically) and skips items `skip`
 * flags. Batches from `gate` on wait until `claims[1]` is set (the caller has flagged what to skip), at most
 * GATE_MAX_WAIT_MS.
 */
export interface ReadRequest {
  reads: ReadItem[];
  batches: number[][];
  gate: number;
  claims: SharedArrayBuffer;
  skip: SharedArrayBuffer;
}

/** A worker never waits longer at the gate than this, whatever the caller does. */
export const GATE_MAX_WAIT_MS = 10_000;

/** One claimed batch's files as read (null: skipped), with their parse's facts (or why parsing failed). */
export type ReadReply = { batch: number; results: Array<{ read: ReadOutcome; facts?: ParsedFacts; error?: string } | null> } | { done: true };

/** The pool size when none is asked for: the cores the process may use, capped. */
export function defaultJobs(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(MAX_JOBS, cores));
}

export interface PoolOptions {
  jobs: number;
  /** The bundled worker (dist/parseWorker.js); when it is missing, nothing is parsed in workers. */
  workerFile: string;
  /** Stops the workers (shutdown): the files not parsed yet are left to the caller. */
  signal?: AbortSignal;
  log?: (message: string) => void;
  /**
   * Keep the workers, idle and warmed up (their JIT), for the next call in this process (the CLI's
   * `main` called again in one process); they never keep the process alive.
   */
  keep?: boolean;
}

/** Idle workers kept by `keep`, by worker file. */
const idle = new Map<string, Worker[]>();

function newWorker(file: string): Worker {
  const worker = new Worker(file, { resourceLimits: { maxYoungGenerationSizeMb: 192 } });
  // One that dies while idle is no longer handed out.
  worker.once('exit', () => {
    const list = idle.get(file);
    const at = list?.indexOf(worker) ?? -1;
    if (at >= 0) list!.splice(at, 1);
  });
  return worker;
}

function idleWorker(file: string): Worker | undefined {
  const list = idle.get(file);
  let worker = list?.pop();
  while (worker && worker.threadId < 0) worker = list?.pop();
  return worker;
}

/** A session with one worker: what it is sent and what it answers; `finish(true)` when its work is done. */
interface Session {
  start(worker: Worker, finish: (ok: boolean) => void): void;
  onMessage(message: unknown, finish: (ok: boolean) => void): void;
  /** What the log names when the worker fails. */
  where(): string;
}

/** Runs `sessions` on as many workers (kept ones first); resolves when each has finished or its worker is gone. */
async function runWorkers(sessions: Session[], options: PoolOptions): Promise<void> {
  const runOne = (session: Session) =>
    new Promise<void>((resolve) => {
      let worker: Worker;
      try {
        worker = (options.keep && idleWorker(options.workerFile)) || newWorker(options.workerFile);
      } catch (err) {
        options.log?.(`parse worker did not start: ${String(err)}`);
        resolve();
        return;
      }
      worker.ref();
      let failed = false;
      const stop = () => void worker.terminate();
      const done = () => {
        options.signal?.removeEventListener('abort', stop);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        resolve();
      };
      const finish = (ok: boolean) => {
        if (ok && options.keep && !failed && !options.signal?.aborted) {
          // Kept for the next call in this process, warmed up; it does not keep the process alive.
          worker.unref();
          const list = idle.get(options.workerFile) ?? [];
          list.push(worker);
          idle.set(options.workerFile, list);
          done();
        } else stop();
      };
      const onMessage = (message: unknown) => session.onMessage(message, finish);
      const onError = (err: Error) => {
        failed = true;
        options.log?.(`parse worker failed${session.where()}: ${String(err)}`);
      };
      const onExit = () => done();
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      options.signal?.addEventListener('abort', stop, { once: true });
      session.start(worker, finish);
    });
  await Promise.all(sessions.map(runOne));
}

/**
 * The parses of `files` made in worker threads, adopted for this thread, by index; undefined for a file
 * no worker parsed (a worker failed, or the pool was stopped). Each is what parseSource then releaseTrees
 * would give here: the caller must only send files parsed with the default options.
 */
export async function parseInWorkers(files: SourceFile[], options: PoolOptions): Promise<Array<ParsedSource | undefined>> {
  const out = new Array<ParsedSource | undefined>(files.length).fill(undefined);
  if (files.length === 0 || options.signal?.aborted || !fs.existsSync(options.workerFile)) return out;
  const batches = batchesOf(files);
  const strings = new Map<string, string>();
  let next = 0;
  const session = (): Session => {
    const posted: number[][] = [];
    let worker: Worker;
    const post = () => {
      const batch = next < batches.length && !options.signal?.aborted ? batches[next++] : undefined;
      if (!batch) return false;
      posted.push(batch);
      worker.postMessage({ files: batch.map((i) => files[i]) } satisfies WorkerRequest);
      return true;
    };
    return {
      start(w, finish) {
        worker = w;
        for (let k = 0; k < IN_FLIGHT; k++) if (!post()) break;
        if (posted.length === 0) finish(true);
      },
      onMessage(message, finish) {
        const batch = posted.shift()!;
        (message as WorkerReply).results.forEach((r, k) => {
          const i = batch[k];
          if (!('error' in r)) out[i] = adoptParsedFacts(r, textOf(files[i]), strings);
          else options.log?.(`parse worker: ${files[i].file}: ${r.error}`);
        });
        post();
        if (posted.length === 0) finish(true);
      },
      where: () => (posted.length > 0 ? ` on a batch from ${files[posted[0][0]].file}` : ''),
    };
  };
  await runWorkers(Array.from({ length: Math.min(options.jobs, Math.ceil(batches.length / IN_FLIGHT)) }, session), options);
  return out;
}

/** A file read and parsed by a worker: as read (`read`, and as readSourceFile gives it), and its parse, adopted here. */
export interface ReadResult {
  read: ReadOutcome;
  source: SourceFile;
  parsed?: ParsedSource;
}

export interface ReadRun {
  /** The file at `index` is not wanted any more (the caller reads it itself): a worker that has not reached it skips it. */
  skip(index: number): void;
  /** The caller has flagged what to skip: the files from `gate` on may be read. */
  open(): void;
  /** By index: undefined for a file no worker read (skipped, a worker failed, the pool was stopped). */
  results: Promise<Array<ReadResult | undefined>>;
}

/**
 * Files read (as readSourceFile reads them: regular files only, within their limit) and parsed with the
 * default options in worker threads, while this thread does something else: workers claim batches
 * themselves. A file whose parse failed there, or not to be parsed, comes back read but unparsed. The files
 * from `gate` on (those the caller may yet flag to skip) wait for `open()`.
 */
export function readInWorkers(reads: ReadItem[], options: PoolOptions, gate = reads.length): ReadRun {
  const out = new Array<ReadResult | undefined>(reads.length).fill(undefined);
  const skip = new Uint8Array(new SharedArrayBuffer(Math.max(1, reads.length)));
  const claims = new Int32Array(new SharedArrayBuffer(8));
  const run: ReadRun = {
    skip: (i) => Atomics.store(skip, i, 1),
    open: () => {
      Atomics.store(claims, 1, 1);
      Atomics.notify(claims, 1);
    },
    results: Promise.resolve(out),
  };
  if (reads.length === 0 || options.signal?.aborted || !fs.existsSync(options.workerFile)) return run;
  const batches: number[][] = [];
  const batch = (from: number, to: number) => {
    for (let i = from; i < to; i += READ_BATCH_FILES) batches.push(Array.from({ length: Math.min(READ_BATCH_FILES, to - i) }, (_, k) => i + k));
  };
  batch(0, gate);
  const gateBatch = batches.length;
  batch(gate, reads.length);
  const strings = new Map<string, string>();
  const session = (): Session => {
    let last: number | undefined;
    return {
      start: (worker) =>
        worker.postMessage({ reads, batches, gate: gateBatch, claims: claims.buffer as SharedArrayBuffer, skip: skip.buffer as SharedArrayBuffer } satisfies ReadRequest),
      onMessage(message, finish) {
        const reply = message as ReadReply;
        if ('done' in reply) return finish(true);
        last = reply.batch;
        reply.results.forEach((r, k) => {
          const i = batches[reply.batch][k];
          if (!r) return;
          if (r.error) options.log?.(`parse worker: ${reads[i].file}: ${r.error}`);
          const source = sourceFileOf(reads[i].file, r.read);
          out[i] = r.facts ? { read: r.read, source, parsed: adoptParsedFacts(r.facts, textOf(source), strings) } : { read: r.read, source };
        });
      },
      where: () => (last !== undefined ? ` after a batch from ${reads[batches[last][0]].file}` : ''),
    };
  };
  run.results = runWorkers(Array.from({ length: Math.min(options.jobs, batches.length) }, session), options).then(() => out);
  return run;
}

/** The text parseSource counts ranges in: without a byte-order mark. */
function textOf(f: SourceFile): string {
  return f.text.charCodeAt(0) === 0xfeff ? f.text.slice(1) : f.text;
}

/** Batches of neighbouring files, the largest first: a big batch left for last would keep one thread busy alone at the end. */
function batchesOf(files: SourceFile[]): number[][] {
  const batches: Array<{ files: number[]; chars: number }> = [];
  let current: number[] = [];
  let chars = 0;
  files.forEach((f, i) => {
    current.push(i);
    chars += f.text.length;
    if (chars >= BATCH_CHARS || current.length >= BATCH_FILES) {
      batches.push({ files: current, chars });
      current = [];
      chars = 0;
    }
  });
  if (current.length > 0) batches.push({ files: current, chars });
  return batches.sort((a, b) => b.chars - a.chars).map((b) => b.files);
}
