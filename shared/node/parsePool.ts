// Parsing on the machine's cores: worker threads parse files (kinds the analysis does not read left out,
// as parseSource does) and send back only findings and facts, as structured-clone data; the main thread
// adopts them with the text it already holds (adoptParsedFacts), so its heap never holds their trees or
// parse garbage. A worker that fails or dies leaves its files unparsed: the caller parses those itself.
import fs from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { SourceFile } from '../types';
import { adoptParsedFacts, type ParsedFacts } from '../model/fileFacts';
import type { ParsedSource } from '../yaml/parseSource';

/** Beyond this many threads the main thread, which takes every result, is the bottleneck. */
export const MAX_JOBS = 8;
/** A batch: this much text or this many files, whichever comes first; small enough to keep every thread busy to the end. */
const BATCH_CHARS = 512 * 1024;
const BATCH_FILES = 128;

export interface WorkerRequest {
  files: SourceFile[];
}

export interface WorkerReply {
  results: Array<ParsedFacts | { file: string; error: string }>;
}

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
  const runWorker = () =>
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
      let batch: number[] | undefined;
      let failed = false;
      const stop = () => void worker.terminate();
      const done = () => {
        options.signal?.removeEventListener('abort', stop);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        resolve();
      };
      const send = () => {
        batch = next < batches.length && !options.signal?.aborted ? batches[next++] : undefined;
        if (batch) worker.postMessage({ files: batch.map((i) => files[i]) } satisfies WorkerRequest);
        else if (options.keep && !failed && !options.signal?.aborted) {
          // Kept for the next call in this process, warmed up; it does not keep the process alive.
          worker.unref();
          const list = idle.get(options.workerFile) ?? [];
          list.push(worker);
          idle.set(options.workerFile, list);
          done();
        } else stop();
      };
      const onMessage = ({ results }: WorkerReply) => {
        results.forEach((r, k) => {
          const i = batch![k];
          if (!('error' in r)) out[i] = adoptParsedFacts(r, textOf(files[i]), strings);
          else options.log?.(`parse worker: ${files[i].file}: ${r.error}`);
        });
        send();
      };
      const onError = (err: Error) => {
        failed = true;
        options.log?.(`parse worker failed${batch ? ` on a batch from ${files[batch[0]].file}` : ''}: ${String(err)}`);
      };
      const onExit = () => done();
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      options.signal?.addEventListener('abort', stop, { once: true });
      send();
    });
  await Promise.all(Array.from({ length: Math.min(options.jobs, batches.length) }, runWorker));
  return out;
}

/** The text parseSource counts ranges in: without a byte-order mark. */
function textOf(f: SourceFile): string {
  return f.text.charCodeAt(0) === 0xfeff ? f.text.slice(1) : f.text;
}

function batchesOf(files: SourceFile[]): number[][] {
  const batches: number[][] = [];
  let current: number[] = [];
  let chars = 0;
  files.forEach((f, i) => {
    current.push(i);
    chars += f.text.length;
    if (chars >= BATCH_CHARS || current.length >= BATCH_FILES) {
      batches.push(current);
      current = [];
      chars = 0;
    }
  });
  if (current.length > 0) batches.push(current);
  return batches;
}
