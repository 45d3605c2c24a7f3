// `node bench/memory.mjs [workspace] [--edits N] [--snapshot FILE] [--smaps FILE] [--server dist/server.js]
// [--settle-ms N] [--bare] [--node-flag F]…`: the language server's memory as `npm run bench` reads it (L:
// first diagnostics, then one-character edits to the 5,000-line file and the probe policy; XL-mix: 5 s after
// the first diagnostics), with the heap's figures from inside the server (bench/memoryHook.mjs): RSS, heap
// used/total, external and array buffers, before and after a full GC; and the server's CPU time per edit.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BIG_FILE, PROBE_POLICY, WORKSPACES } from './generate.mjs';
import { LspSession } from './lspSession.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const workspace = args[0] && !args[0].startsWith('--') ? args[0] : 'L';
const dir = fs.existsSync(workspace) ? path.resolve(workspace) : path.join(process.env.ENI_LENS_WORKSPACES ?? WORKSPACES, workspace);
const hasBigFile = fs.existsSync(path.join(dir, BIG_FILE));
const edits = Number(option('--edits', hasBigFile ? 100 : 0));
/** The server's own flags (as the extension and the bench start it) unless --bare, then any --node-flag. */
const serverFlags = args.includes('--bare') ? [] : JSON.parse(fs.readFileSync(path.join(root, 'server/src/nodeFlags.json'), 'utf8'));
const nodeFlags = [...serverFlags, ...args.flatMap((a, i) => (args[i - 1] === '--node-flag' ? [a] : []))];
const out = path.join(os.tmpdir(), `eni-lens-memory-${process.pid}.json`);
const snapshot = option('--snapshot');

const server = path.resolve(option('--server', path.join(root, 'dist/server.js')));
const command = [process.execPath, ...nodeFlags, '--import', pathToFileURL(path.join(here, 'memoryHook.mjs')).href, server, '--stdio'];
process.env.ENI_LENS_MEMORY_OUT = out;
if (snapshot) process.env.ENI_LENS_HEAP_SNAPSHOT = path.resolve(snapshot);

const session = await LspSession.start(command, dir);
/** The server's own figure for each analysis during the edits ("analysed N files in X ms"). */
const analysisMs = [];
let recording = false;
session.conn.onNotification('window/logMessage', ({ message }) => {
  const ms = /^analysed \d+ files in ([\d.]+) ms/.exec(message)?.[1];
  if (recording && ms) analysisMs.push(Number(ms));
});
await session.next(() => true, 'the first diagnostics', 600_000);
const coldStartMs = Math.round(performance.now() - session.started);
const atColdStart = session.rssMB();
// --settle-ms: idle before the edits (the server's work after the first analysis, packing texts, done first).
await new Promise((r) => setTimeout(r, Number(option('--settle-ms', 0))));
let editMs;
/** The server's CPU time per edit (user + system, all its threads): steadier than wall time on a shared machine. */
let editCpuMs;
if (edits > 0) {
  const uri = session.uri(BIG_FILE);
  const opened = session.next((p) => p.uri === uri, 'diagnostics of the opened file');
  session.open(BIG_FILE);
  await opened;
  const text = session.text(BIG_FILE);
  const digits = [...text.matchAll(/^ {2}replicas: (\d)/gm)].map((m) => m.index + m[0].length - 1).filter((o) => o > text.indexOf('name: platform-0'));
  const started = performance.now();
  const cpuBefore = serverCpuMs(session.proc.pid);
  recording = true;
  for (let i = 0; i < edits; i++) {
    const offset = digits[(i * 7) % digits.length];
    const char = session.text(BIG_FILE)[offset] === '2' ? '3' : '2';
    const version = session.versions.get(BIG_FILE) + 1;
    const published = session.next((p) => p.uri === uri && (p.version == null || p.version >= version), `diagnostics for version ${version}`);
    session.replaceChar(BIG_FILE, offset, char);
    await published;
  }
  editMs = Math.round((performance.now() - started) / edits);
  recording = false;
  editCpuMs = Math.round((serverCpuMs(session.proc.pid) - cpuBefore) / edits);
  if (fs.existsSync(path.join(dir, PROBE_POLICY))) {
    session.open(PROBE_POLICY);
    const offset = session.text(PROBE_POLICY).indexOf('app: probe1') + 'app: probe'.length;
    for (let i = 0; i < 34; i++) {
      const selected = session.text(PROBE_POLICY)[offset] === '1';
      session.replaceChar(PROBE_POLICY, offset, selected ? '2' : '1');
      await new Promise((r) => setTimeout(r, 30));
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
} else await new Promise((r) => setTimeout(r, 5000));
const rssMB = session.rssMB();
if (args.includes('--smaps')) fs.writeFileSync(option('--smaps'), fs.readFileSync(`/proc/${session.proc.pid}/smaps`));
process.kill(session.proc.pid, 'SIGUSR2');
const deadline = Date.now() + 300_000;
while (!fs.existsSync(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
await new Promise((r) => setTimeout(r, 200));
const inside = JSON.parse(fs.readFileSync(out, 'utf8'));
fs.rmSync(out);
await session.stop();
const r = (n) => Math.round(n * 10) / 10;
const sorted = analysisMs.sort((a, b) => a - b);
const analysis = sorted.length ? { runs: sorted.length, medianMs: r(sorted[sorted.length >> 1]), p95Ms: r(sorted[Math.ceil(sorted.length * 0.95) - 1]) } : undefined;
console.log(JSON.stringify({ workspace, nodeFlags, coldStartMs, rssAtColdStartMB: r(atColdStart), edits, editMs, editCpuMs, analysis, rssMB: r(rssMB), ...inside }, null, 1));

function serverCpuMs(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
}
