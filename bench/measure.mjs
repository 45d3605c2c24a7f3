// Timing helpers and the batch measurements: the YAML parse floor, js-yaml's loadAll of the same files (a
// reference only the bench uses), and the CLI, in-process and as a process.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { loadAll } from 'js-yaml';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { parseAllDocuments } from 'yaml';

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Nearest-rank percentile. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Median wall time (ms) of `reps` runs of `fn` after `warmup` unmeasured ones. */
export async function timeMedian(fn, { reps, warmup }) {
  for (let i = 0; i < warmup; i++) await fn();
  const times = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return { medianMs: median(times), runsMs: times.map((t) => Math.round(t)) };
}

export function yamlFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...yamlFiles(full));
    else if (/\.ya?ml$/.test(e.name)) out.push(full);
  }
  return out;
}

/** The floor: read and parse every file with the `yaml` package, nothing else. Returns the document count. */
export function parseFloor(dir) {
  let documents = 0;
  for (const f of yamlFiles(dir)) documents += parseAllDocuments(fs.readFileSync(f, 'utf8')).length;
  return documents;
}

/**
 * The other reference: read every file and `loadAll` it with js-yaml. It throws at a file's first error (Helm
 * templates), so those files count as failed, timed up to the error.
 */
export function jsYamlFloor(dir) {
  let documents = 0;
  let failedFiles = 0;
  for (const f of yamlFiles(dir)) {
    try {
      documents += loadAll(fs.readFileSync(f, 'utf8')).length;
    } catch {
      failedFiles++;
    }
  }
  return { documents, failedFiles };
}

const discard = () => new Writable({ write: (_chunk, _enc, done) => done() });

/** `eni-lens check DIR --format json` in this process (the bundled CLI's main). */
export async function cliInProcess(cli, dir, extraArgs = []) {
  const code = await cli.main(['check', dir, '--format', 'json', '--output', os.devNull, ...extraArgs], { stdout: discard(), stderr: discard() });
  if (code === 2) throw new Error(`eni-lens check ${dir} exited with 2`);
}

/** `eni-lens check DIR --format json` as a process, its JSON written to `output`. */
export function cliProcess(bin, dir, { output = os.devNull, extraArgs = [] } = {}) {
  const r = spawnSync(process.execPath, [bin, 'check', dir, '--format', 'json', '--output', output, ...extraArgs], { encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) throw new Error(`eni-lens check ${dir} ${extraArgs.join(' ')} exited with ${r.status}: ${r.stderr}`);
}

/**
 * Whether this build's `check` takes `--jobs N`: its --help names it and a run with `--jobs 1` on `dir` is
 * not a usage error.
 */
export function jobsFlagAvailable(bin, dir) {
  const help = spawnSync(process.execPath, [bin, 'check', '--help'], { encoding: 'utf8' });
  if (!/--jobs\b/.test(`${help.stdout}${help.stderr}`)) return false;
  const probe = spawnSync(process.execPath, [bin, 'check', dir, '--jobs', '1', '--format', 'json', '--output', os.devNull], { encoding: 'utf8' });
  return probe.status === 0 || probe.status === 1;
}

/**
 * `check DIR --format json` as a process with the default jobs (`reps` runs) and, when `jobs`, once with
 * `--jobs 1`: the medians, and whether the two JSON outputs are byte-identical.
 */
export async function checkWithAndWithoutJobs(bin, dir, { reps, jobs, outputs }) {
  const pool = await timeMedian(() => cliProcess(bin, dir, { output: outputs.default }), { reps, warmup: 0 });
  if (!jobs) return { defaultMs: pool.medianMs };
  const single = await timeMedian(() => cliProcess(bin, dir, { output: outputs.single, extraArgs: ['--jobs', '1'] }), { reps: 1, warmup: 0 });
  return { defaultMs: pool.medianMs, jobs1Ms: single.medianMs, identical: fs.readFileSync(outputs.default).equals(fs.readFileSync(outputs.single)) };
}
