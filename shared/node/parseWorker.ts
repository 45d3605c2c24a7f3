// A worker thread of the parse pool (parsePool.ts): parses the files it is sent, or reads and parses the
// paths it claims, and posts back their findings and facts as plain data, so the parse trees and their
// garbage stay in this thread's heap.
import { parentPort } from 'node:worker_threads';
import type { SourceFile } from '../types';
import { toParsedFacts, type ParsedFacts } from '../model/fileFacts';
import { MAX_FILE_BYTES, parseSource } from '../yaml/parseSource';
import { readRegularFileSync } from './regularFile';
import { sourceFileOf } from './sourceFile';
import { GATE_MAX_WAIT_MS, type ReadReply, type ReadRequest, type WorkerReply, type WorkerRequest } from './parsePool';

const port = parentPort;
if (!port) throw new Error('parseWorker.js runs as a worker thread of the ENI Lens parse pool');

function factsOf(f: SourceFile): ParsedFacts | { file: string; error: string } {
  try {
    return toParsedFacts(parseSource(f));
  } catch (err) {
    return { file: f.file, error: String(err) };
  }
}

port.on('message', (request: WorkerRequest | ReadRequest) => {
  if ('files' in request) {
    port.postMessage({ results: request.files.map(factsOf) } satisfies WorkerReply);
    return;
  }
  const claims = new Int32Array(request.claims);
  const skip = new Uint8Array(request.skip);
  const waitUntil = Date.now() + GATE_MAX_WAIT_MS;
  for (let batch = Atomics.add(claims, 0, 1); batch < request.batches.length; batch = Atomics.add(claims, 0, 1)) {
    if (batch >= request.gate) while (Atomics.load(claims, 1) === 0 && Date.now() < waitUntil) Atomics.wait(claims, 1, 0, 50);
    const results = request.batches[batch].map((i) => {
      if (Atomics.load(skip, i)) return null;
      const { path, file, within, parse } = request.reads[i];
      const read = readRegularFileSync(path, MAX_FILE_BYTES, within);
      if (parse === false) return { read };
      const facts = factsOf(sourceFileOf(file, read));
      return 'error' in facts ? { read, error: facts.error } : { read, facts };
    });
    port.postMessage({ batch, results } satisfies ReadReply);
  }
  port.postMessage({ done: true } satisfies ReadReply);
});
