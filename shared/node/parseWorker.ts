// A worker thread of the parse pool (parsePool.ts): parses the files it is sent and posts back their
// findings and facts as plain data, so the parse trees and their garbage stay in this thread's heap.
import { parentPort } from 'node:worker_threads';
import type { SourceFile } from '../types';
import { toParsedFacts } from '../model/fileFacts';
import { parseSource } from '../yaml/parseSource';
import type { WorkerReply, WorkerRequest } from './parsePool';

const port = parentPort;
if (!port) throw new Error('parseWorker.js runs as a worker thread of the ENI Lens parse pool');

port.on('message', ({ files }: WorkerRequest) => {
  const results: WorkerReply['results'] = files.map((f: SourceFile) => {
    try {
      return toParsedFacts(parseSource(f));
    } catch (err) {
      return { file: f.file, error: String(err) };
    }
  });
  port.postMessage({ results } satisfies WorkerReply);
});
