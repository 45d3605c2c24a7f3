// `npm run bench`: the YAML parse floor and js-yaml's loadAll (references), the CLI, the language server's
// cold start, memory and edit latency against yaml-language-server, measured in one run, on S, M, L (all
// workloads), K (kustomize-heavy) and XL-mix (documents mixed as in real repositories). When `check` takes
// `--jobs`, every workspace's findings with `--jobs 1` must be byte-identical to the default's, or the bench
// fails. Writes bench/results.json and prints Markdown tables with the targets' pass/fail.
// Options: --quick (fewer repetitions, for trying the bench out; results.json says so), --note TEXT (kept in
// results.json). Workspaces are regenerated only when a generator changed.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIG_FILE, generate, generateKustomize, KUSTOMIZE, PROBE_POLICY, PROBE_WORKLOAD, SIZES, WORKSPACES } from './generate.mjs';
import { LspSession } from './lspSession.mjs';
import { checkWithAndWithoutJobs, cliInProcess, jobsFlagAvailable, jsYamlFloor, median, parseFloor, percentile, timeMedian, yamlFiles } from './measure.mjs';
import { generateMix, XL_MIX } from './mix.mjs';
import { failedTargets, markdownTable } from './table.mjs';
import { packageVsix } from './vsix.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const require = createRequire(import.meta.url);
const quick = process.argv.includes('--quick');
const noteAt = process.argv.indexOf('--note');
const note = noteAt >= 0 ? process.argv[noteAt + 1] : undefined;
const EDITS = quick ? 20 : 100;
const POLICY_EDITS = quick ? 10 : 30;
const WARMUP_EDITS = 5;
/** Repetitions per workspace: the ratios' L and XL-mix figures get three, M (continuity only) two. */
const REPS = quick ? { S: 1, M: 1, L: 1, [XL_MIX]: 1, [KUSTOMIZE]: 1 } : { S: 3, M: 2, L: 3, [XL_MIX]: 3, [KUSTOMIZE]: 3 };
/** After XL-mix's first diagnostics, before its RSS is read. */
const XL_MIX_SETTLE_MS = 5000;
const BUDGET_SECONDS = 12 * 60;
const BIN = path.join(root, 'bin/eni-lens.js');
const GENERATORS = ['generate.mjs', 'mix.mjs', 'crd.mjs'];

/** Started as the extension starts it: with the server's Node flags (server/src/nodeFlags.json). */
const SERVER = [process.execPath, ...JSON.parse(fs.readFileSync(path.join(root, 'server/src/nodeFlags.json'), 'utf8')), path.join(root, 'dist/server.js'), '--stdio'];
const YAML_LS = [process.execPath, path.join(root, 'node_modules/yaml-language-server/bin/yaml-language-server'), '--stdio'];
/** Validation on, nothing fetched: no schema store, no schemas, no Kubernetes CRD store. */
const YAML_LS_SETTINGS = {
  yaml: { validate: true, hover: false, completion: false, format: { enable: false }, schemaStore: { enable: false }, schemas: {}, kubernetesCRDStore: { enable: false } },
  http: { proxy: '', proxyStrictSSL: true },
};

const benchStarted = performance.now();
const log = (s) => process.stderr.write(`[${((performance.now() - benchStarted) / 1000).toFixed(0)} s] ${s}\n`);
const round = (n, digits = 1) => (n === undefined ? undefined : Number(n.toFixed(digits)));
const bytesOf = (dir) => yamlFiles(dir).reduce((n, f) => n + fs.statSync(f).size, 0);

async function main() {
  if (!fs.existsSync(path.join(root, 'dist/server.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  const all = [...Object.keys(SIZES), KUSTOMIZE, XL_MIX];
  const dirs = Object.fromEntries(all.map((s) => [s, path.join(WORKSPACES, s)]));
  const mix = generateWorkspaces(all, dirs);
  const results = {
    ...(quick || note ? { note: [quick ? 'smoke run (--quick): one repetition each, fewer edits; not a measurement' : '', note ?? ''].filter(Boolean).join('; ') } : {}),
    machine: machine(),
    generatedAt: new Date().toISOString(),
    quick,
    workspaces: {},
    batch: {},
    edits: {},
  };
  for (const size of all) results.workspaces[size] = { files: yamlFiles(dirs[size]).length, documents: undefined, MB: round(bytesOf(dirs[size]) / 1024 / 1024) };
  results.workspaces[KUSTOMIZE].documents = parseFloor(dirs[KUSTOMIZE]);
  Object.assign(results.workspaces[XL_MIX], { documentsByKind: mix.kinds, generationMs: mix.generationMs });
  const jobs = jobsFlagAvailable(BIN, dirs.S);
  results.jobsFlag = jobs;
  log(jobs ? '`check --jobs` is available: --jobs 1 against the default on every workspace' : 'jobs flag not available: findings are not compared');

  // 1–2: the references and the CLI. Each size warms the JIT for the next; L is measured after M.
  const cli = require(path.join(root, 'dist/cli.js'));
  results.jsYamlVersion = require('js-yaml/package.json').version;
  for (const size of ['S', 'M', 'L', XL_MIX]) {
    const dir = dirs[size];
    const reps = REPS[size];
    const warmup = quick || size === 'L' || size === XL_MIX ? 0 : 1;
    log(`${size}: parse floor…`);
    const floor = await timeMedian(() => (results.workspaces[size].documents = parseFloor(dir)), { reps, warmup });
    const batch = { parseFloorMs: Math.round(floor.medianMs) };
    if (size === 'L' || size === XL_MIX) {
      log(`${size}: js-yaml loadAll…`);
      let failedFiles = 0;
      const js = await timeMedian(() => (failedFiles = jsYamlFloor(dir).failedFiles), { reps, warmup: quick ? 0 : 1 });
      Object.assign(batch, { jsYamlLoadAllMs: Math.round(js.medianMs), jsYamlFailedFiles: failedFiles });
    }
    log(`${size}: CLI in-process…`);
    const inProcess = await timeMedian(() => cliInProcess(cli, dir), { reps, warmup });
    results.batch[size] = { ...batch, cliInProcessMs: Math.round(inProcess.medianMs), runs: { floor: floor.runsMs, inProcess: inProcess.runsMs } };
  }
  // K: every overlay rendered (kustomize on) against the files as they lie (off): what rendering costs.
  {
    const dir = dirs[KUSTOMIZE];
    const reps = REPS[KUSTOMIZE];
    log(`${KUSTOMIZE}: CLI in-process, kustomize on and off…`);
    const on = await timeMedian(() => cliInProcess(cli, dir), { reps, warmup: 1 });
    const off = await timeMedian(() => cliInProcess(cli, dir, ['--no-kustomize']), { reps, warmup: 1 });
    results.batch[KUSTOMIZE] = { cliInProcessMs: Math.round(on.medianMs), noKustomizeMs: Math.round(off.medianMs) };
  }
  // As a process: the same work plus start-up (M shows the start-up share), with the default jobs and, when
  // the flag exists, --jobs 1; their JSON must be byte-identical.
  results.identicalFindings = jobs ? {} : 'jobs flag not available';
  for (const [size, reps] of [
    ['S', 1],
    ['M', quick ? 1 : 2],
    [KUSTOMIZE, 1],
    ['L', 1],
    [XL_MIX, 1],
  ]) {
    log(`${size}: CLI as a process${jobs ? ', default and --jobs 1' : ''}…`);
    const outputs = { default: path.join(WORKSPACES, `findings-${size}.json`), single: path.join(WORKSPACES, `findings-${size}-jobs1.json`) };
    const run = await checkWithAndWithoutJobs(BIN, dirs[size], { reps, jobs, outputs });
    const b = (results.batch[size] ??= {});
    b.cliProcessMs = Math.round(run.defaultMs);
    if (!jobs) continue;
    b.cliProcessJobs1Ms = Math.round(run.jobs1Ms);
    results.identicalFindings[size] = run.identical;
    if (!results.identicalFindings[size]) log(`FINDINGS DIFFER on ${size} between the default and --jobs 1: the bench will fail`);
  }

  // 3, 6: our server with L indexed.
  log('L: language server…');
  const large = await serverRun(dirs.L, { edits: true, policyEdits: true });
  results.edits.L = large.edits;
  results.serverRssMB = round(large.rssMB);
  results.coldStartMs = Math.round(large.coldStartMs);
  // 5: the same edits with S indexed.
  log('S: language server…');
  results.edits.S = (await serverRun(dirs.S, { edits: true })).edits;
  // 4: yaml-language-server on the same file.
  log('yaml-language-server…');
  results.edits.yamlLs = await yamlLsRun(dirs.L);
  // XL-mix: cold start and memory (it has no 5,000-line file to edit).
  log(`${XL_MIX}: language server…`);
  const mixed = await serverRun(dirs[XL_MIX], { settleMs: XL_MIX_SETTLE_MS });
  results.coldStartXLmixMs = Math.round(mixed.coldStartMs);
  results.serverRssXLmixMB = round(mixed.rssMB);

  log('packaging the .vsix…');
  const vsix = packageVsix(root);
  results.vsixKB = vsix.KB;
  if (vsix.note) results.vsixNote = vsix.note;

  results.editP95Ms = results.edits.L.bigFile.p95Ms;
  results.yamlLsEditP95Ms = results.edits.yamlLs.bigFile.p95Ms;
  const b = results.batch;
  const checkOverParseL = round(b.L.cliInProcessMs / b.L.parseFloorMs, 2);
  results.ratios = {
    checkOverParseL,
    checkOverParseXLmix: round(b[XL_MIX].cliInProcessMs / b[XL_MIX].parseFloorMs, 2),
    coldStartOverParseL: round(results.coldStartMs / b.L.parseFloorMs, 2),
    editP95OverYamlLs: round(results.editP95Ms / results.yamlLsEditP95Ms, 2),
    editP95LargeOverSmall: round(results.edits.L.bigFile.p95Ms / results.edits.S.bigFile.p95Ms, 2),
    /** The name before the XL-mix work: the same figure as checkOverParseL. */
    analysisOverParse: checkOverParseL,
  };
  results.benchSeconds = Math.round((performance.now() - benchStarted) / 1000);
  fs.writeFileSync(path.join(here, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${markdownTable(results)}\n`);
  log(`bench took ${results.benchSeconds} s${results.benchSeconds > BUDGET_SECONDS ? `, over the ${BUDGET_SECONDS / 60}-minute budget` : ''}`);
  const failed = failedTargets(results);
  if (failed.length > 0) log(`targets not met: ${failed.join('; ')}`);
  const differing = jobs ? Object.entries(results.identicalFindings).filter(([, same]) => !same) : [];
  if (differing.length > 0) {
    for (const [size] of differing)
      log(`FINDINGS DIFFER on ${size}: compare ${path.join(WORKSPACES, `findings-${size}.json`)} with ${path.join(WORKSPACES, `findings-${size}-jobs1.json`)}`);
    process.exitCode = 1;
  }
}

/** Generates each workspace whose generators changed; returns XL-mix's figures (kinds, generation time). */
function generateWorkspaces(all, dirs) {
  const hash = createHash('sha256');
  for (const g of GENERATORS) hash.update(fs.readFileSync(path.join(here, g)));
  const stamp = hash.digest('hex');
  const mixSummary = path.join(WORKSPACES, `${XL_MIX}.summary.json`);
  for (const size of all) {
    const stampFile = path.join(WORKSPACES, `${size}.stamp`);
    if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp && fs.existsSync(dirs[size])) continue;
    log(`generating ${size}…`);
    if (size === KUSTOMIZE) generateKustomize();
    else if (size === XL_MIX) {
      const summary = generateMix(dirs[size]);
      fs.writeFileSync(mixSummary, JSON.stringify(summary));
      log(`${XL_MIX}: ${summary.files} files, ${summary.MB} MB in ${summary.generationMs} ms`);
    } else generate(size);
    fs.writeFileSync(stampFile, stamp);
  }
  return JSON.parse(fs.readFileSync(mixSummary, 'utf8'));
}

/**
 * Indexes `dir`; then, with `edits`, edits the 5,000-line file (and, with `policyEdits`, the probe policy), or
 * waits `settleMs`. RSS is read at the end.
 */
async function serverRun(dir, { edits: withEdits = false, policyEdits = false, settleMs = 0 } = {}) {
  const session = await LspSession.start(SERVER, dir);
  await session.next(() => true, 'the first diagnostics', 600_000);
  const coldStartMs = performance.now() - session.started;
  const edits = {};
  if (withEdits) edits.bigFile = await bigFileLoop(session);
  if (policyEdits) edits.policy = await policyLoop(session);
  if (settleMs) await new Promise((resolve) => setTimeout(resolve, settleMs));
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
