// `npm run bench`: the YAML parse floor, the CLI, and edit latency of the language server against
// yaml-language-server, measured in one run. Writes bench/results.json and prints a Markdown table.
// Options: --quick (fewer repetitions, for trying the bench out). Workspaces are regenerated only when
// generate.mjs changed.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIG_FILE, generate, generateKustomize, KUSTOMIZE, PROBE_POLICY, PROBE_WORKLOAD, SIZES, WORKSPACES } from './generate.mjs';
import { LspSession } from './lspSession.mjs';
import { cliInProcess, cliProcess, median, parseFloor, percentile, timeMedian, yamlFiles } from './measure.mjs';
import { markdownTable } from './table.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const require = createRequire(import.meta.url);
const quick = process.argv.includes('--quick');
const EDITS = quick ? 20 : 100;
const POLICY_EDITS = quick ? 10 : 30;
const WARMUP_EDITS = 5;

const SERVER = [process.execPath, path.join(root, 'dist/server.js'), '--stdio'];
const YAML_LS = [process.execPath, path.join(root, 'node_modules/yaml-language-server/bin/yaml-language-server'), '--stdio'];
/** Validation on, nothing fetched: no schema store, no schemas, no Kubernetes CRD store. */
const YAML_LS_SETTINGS = {
  yaml: { validate: true, hover: false, completion: false, format: { enable: false }, schemaStore: { enable: false }, schemas: {}, kubernetesCRDStore: { enable: false } },
  http: { proxy: '', proxyStrictSSL: true },
};

const benchStarted = performance.now();
const log = (s) => process.stderr.write(`[${((performance.now() - benchStarted) / 1000).toFixed(0)} s] ${s}\n`);
const round = (n, digits = 1) => (n === undefined ? undefined : Number(n.toFixed(digits)));

async function main() {
  if (!fs.existsSync(path.join(root, 'dist/server.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  const stamp = createHash('sha256')
    .update(fs.readFileSync(path.join(here, 'generate.mjs')))
    .digest('hex');
  for (const size of [...Object.keys(SIZES), KUSTOMIZE]) {
    const stampFile = path.join(WORKSPACES, `${size}.stamp`);
    if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) continue;
    log(`generating ${size}…`);
    if (size === KUSTOMIZE) generateKustomize();
    else generate(size);
    fs.writeFileSync(stampFile, stamp);
  }
  const dirs = Object.fromEntries([...Object.keys(SIZES), KUSTOMIZE].map((s) => [s, path.join(WORKSPACES, s)]));
  const results = { machine: machine(), generatedAt: new Date().toISOString(), workspaces: {}, batch: {}, edits: {} };

  // 1–2: floor and CLI. Each size warms the JIT for the next; L is measured after M.
  const cli = require(path.join(root, 'dist/cli.js'));
  for (const size of ['S', 'M', 'L']) {
    const dir = dirs[size];
    const bytes = yamlFiles(dir).reduce((n, f) => n + fs.statSync(f).size, 0);
    results.workspaces[size] = { files: yamlFiles(dir).length, documents: parseFloor(dir), MB: round(bytes / 1024 / 1024) };
    const reps = quick ? 1 : 3;
    const warmup = size === 'L' || quick ? 0 : 1;
    log(`${size}: parse floor…`);
    const floor = await timeMedian(() => parseFloor(dir), { reps, warmup });
    log(`${size}: CLI in-process…`);
    const inProcess = await timeMedian(() => cliInProcess(cli, dir), { reps, warmup });
    results.batch[size] = { parseFloorMs: Math.round(floor.medianMs), cliInProcessMs: Math.round(inProcess.medianMs), runs: { floor: floor.runsMs, inProcess: inProcess.runsMs } };
  }
  // K: every overlay rendered (kustomize on) against the files as they lie (off): what rendering costs.
  {
    const dir = dirs[KUSTOMIZE];
    const reps = quick ? 1 : 3;
    results.workspaces[KUSTOMIZE] = {
      files: yamlFiles(dir).length,
      documents: parseFloor(dir),
      MB: round(yamlFiles(dir).reduce((n, f) => n + fs.statSync(f).size, 0) / 1024 / 1024),
    };
    log(`${KUSTOMIZE}: CLI in-process, kustomize on and off…`);
    const on = await timeMedian(() => cliInProcess(cli, dir), { reps, warmup: 1 });
    const off = await timeMedian(() => cliInProcess(cli, dir, ['--no-kustomize']), { reps, warmup: 1 });
    results.batch[KUSTOMIZE] = { cliInProcessMs: Math.round(on.medianMs), noKustomizeMs: Math.round(off.medianMs) };
  }
  // As a process: the same work plus start-up; M shows the start-up share, one L run the large case.
  for (const [size, reps] of [
    ['M', quick ? 1 : 3],
    ['L', 1],
  ]) {
    log(`${size}: CLI as a process…`);
    const asProcess = await timeMedian(() => cliProcess(path.join(root, 'bin/eni-lens.js'), dirs[size]), { reps, warmup: 0 });
    results.batch[size].cliProcessMs = Math.round(asProcess.medianMs);
  }

  // 3, 6: our server with L indexed.
  log('L: language server…');
  const large = await serverRun(dirs.L, true);
  results.edits.L = large.edits;
  results.serverRssMB = round(large.rssMB);
  results.coldStartMs = Math.round(large.coldStartMs);
  // 5: the same edits with S indexed.
  log('S: language server…');
  results.edits.S = (await serverRun(dirs.S, false)).edits;
  // 4: yaml-language-server on the same file.
  log('yaml-language-server…');
  results.edits.yamlLs = await yamlLsRun(dirs.L);

  const vsix = fs
    .readdirSync(root)
    .filter((f) => f.endsWith('.vsix'))
    .map((f) => path.join(root, f))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
  results.vsixKB = vsix ? Math.round(fs.statSync(vsix).size / 1024) : null;
  if (!vsix) results.vsixNote = 'no .vsix found: run `npm run package` first';

  results.editP95Ms = results.edits.L.bigFile.p95Ms;
  results.yamlLsEditP95Ms = results.edits.yamlLs.bigFile.p95Ms;
  results.ratios = {
    analysisOverParse: round(results.batch.L.cliInProcessMs / results.batch.L.parseFloorMs, 2),
    editP95OverYamlLs: round(results.editP95Ms / results.yamlLsEditP95Ms, 2),
    editP95LargeOverSmall: round(results.edits.L.bigFile.p95Ms / results.edits.S.bigFile.p95Ms, 2),
  };
  fs.writeFileSync(path.join(here, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${markdownTable(results)}\n`);
}

/** Indexes `dir`, then edits the 5,000-line file (and, with `policyEdits`, the probe policy). */
async function serverRun(dir, policyEdits) {
  const session = await LspSession.start(SERVER, dir);
  await session.next(() => true, 'the first diagnostics', 600_000);
  const coldStartMs = performance.now() - session.started;
  const edits = { bigFile: await bigFileLoop(session) };
  if (policyEdits) edits.policy = await policyLoop(session);
  const rssMB = session.rssMB();
  await session.stop();
  return { coldStartMs, edits, rssMB };
}

async function yamlLsRun(dir) {
  const session = await LspSession.start(YAML_LS, dir, YAML_LS_SETTINGS);
  const result = { bigFile: await bigFileLoop(session) };
  result.rssMB = round(session.rssMB());
  await session.stop();
  return result;
}

/** Past the opening Deployment, whose finding must stay so that every edit is answered with diagnostics. */
const FIRST_PLATFORM = (text) => text.indexOf('name: platform-0');

/** Single-character edits to replica counts across the big file; latency to that file's next diagnostics. */
async function bigFileLoop(session) {
  const uri = session.uri(BIG_FILE);
  const opened = session.next((p) => p.uri === uri, 'diagnostics of the opened file');
  session.open(BIG_FILE);
  await opened;
  const text = session.text(BIG_FILE);
  const digits = [...text.matchAll(/^ {2}replicas: (\d)/gm)].map((m) => m.index + m[0].length - 1).filter((o) => o > FIRST_PLATFORM(text));
  const times = [];
  for (let i = 0; i < WARMUP_EDITS + EDITS; i++) {
    const offset = digits[(i * 7) % digits.length];
    const char = session.text(BIG_FILE)[offset] === '2' ? '3' : '2';
    const version = session.versions.get(BIG_FILE) + 1;
    const published = session.next((p) => p.uri === uri && (p.version === undefined || p.version === null || p.version >= version), `diagnostics for version ${version}`);
    const sent = performance.now();
    session.replaceChar(BIG_FILE, offset, char);
    const p = await published;
    if (i >= WARMUP_EDITS) times.push(p.at - sent);
  }
  return summary(times);
}

/** Toggles the probe policy's selector (probe1 ↔ probe2): the Deployment in another file gains or loses its error. */
async function policyLoop(session) {
  const workloadUri = session.uri(PROBE_WORKLOAD);
  session.open(PROBE_POLICY); // it has no findings, so opening it publishes nothing; the warm-up edits absorb its analysis
  const offset = session.text(PROBE_POLICY).indexOf('app: probe1') + 'app: probe'.length;
  const times = [];
  for (let i = 0; i < 4 + POLICY_EDITS; i++) {
    const selected = session.text(PROBE_POLICY)[offset] === '1';
    const published = session.next((p) => p.uri === workloadUri && p.diagnostics.length === (selected ? 0 : 1), 'the workload diagnostics to flip');
    const sent = performance.now();
    session.replaceChar(PROBE_POLICY, offset, selected ? '2' : '1');
    const p = await published;
    if (i >= 4) times.push(p.at - sent);
  }
  return summary(times);
}

function summary(times) {
  return { edits: times.length, p50Ms: round(median(times)), p95Ms: round(percentile(times, 95)), maxMs: round(Math.max(...times)) };
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim(),
    cores: cpus.length,
    memoryGB: round(os.totalmem() / 1024 ** 3),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
  };
}

await main();
