// How the bench decides whether `check --jobs N` exists (bench/measure.mjs jobsFlagAvailable): its --help
// must name the flag and a `--jobs 1` run must not be a usage error (exit 2). And how it compares the
// findings of `--jobs 1` with the default's (checkWithAndWithoutJobs): byte for byte.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../helpers/paths';

interface Measure {
  jobsFlagAvailable: (bin: string, dir: string) => boolean;
  checkWithAndWithoutJobs: (
    bin: string,
    dir: string,
    o: { reps: number; jobs: boolean; outputs: { default: string; single: string } },
  ) => Promise<{ defaultMs: number; jobs1Ms?: number; identical?: boolean }>;
}
const measure = async () => (await import(pathToFileURL(path.join(REPO_ROOT, 'bench', 'measure.mjs')).href)) as Measure;
const load = async () => (await measure()).jobsFlagAvailable;

/** A stand-in CLI: prints `help` for --help, exits `jobsExit` when given --jobs, else 0. */
function fakeBin(dir: string, name: string, help: string, jobsExit: number): string {
  const file = path.join(dir, `${name}.js`);
  fs.writeFileSync(
    file,
    `const a = process.argv.slice(2);\nif (a.includes('--help')) { console.log(${JSON.stringify(help)}); process.exit(0); }\nprocess.exit(a.includes('--jobs') ? ${jobsExit} : 0);\n`,
  );
  return file;
}

test('jobs flag: named in --help and accepted → available; missing from --help, or a usage error → not', async () => {
  const jobsFlagAvailable = await load();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eni-lens-jobs-'));
  try {
    assert.equal(jobsFlagAvailable(fakeBin(dir, 'pool', 'Usage: eni-lens check [PATH…] [--jobs N]', 1), dir), true);
    assert.equal(jobsFlagAvailable(fakeBin(dir, 'none', 'Usage: eni-lens check [PATH…] [--no-kustomize]', 0), dir), false);
    assert.equal(jobsFlagAvailable(fakeBin(dir, 'refuses', 'Usage: eni-lens check [PATH…] [--jobs N]', 2), dir), false);
    assert.equal(jobsFlagAvailable(fakeBin(dir, 'jobsfile', 'Usage: eni-lens check [--jobsfile F]', 0), dir), false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** A stand-in `check DIR --format json --output FILE [--jobs N]` writing `json(jobs)` to FILE; exit 1 (findings). */
function fakeCheck(dir: string, name: string, json: string): string {
  const file = path.join(dir, `${name}.js`);
  fs.writeFileSync(
    file,
    `const fs = require('fs');\nconst a = process.argv.slice(2);\nconst jobs = a.includes('--jobs') ? a[a.indexOf('--jobs') + 1] : 'default';\nfs.writeFileSync(a[a.indexOf('--output') + 1], ${json});\nprocess.exit(1);\n`,
  );
  return file;
}

test('findings with --jobs 1 and the default: the same bytes are identical, one differing byte is not, no flag compares nothing', async () => {
  const { checkWithAndWithoutJobs } = await measure();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eni-lens-jobs-'));
  const outputs = { default: path.join(dir, 'default.json'), single: path.join(dir, 'single.json') };
  try {
    const same = await checkWithAndWithoutJobs(fakeCheck(dir, 'same', `'{"findings": []}\\n'`), dir, { reps: 2, jobs: true, outputs });
    assert.equal(same.identical, true);
    assert.ok(same.defaultMs > 0 && (same.jobs1Ms ?? 0) > 0);
    assert.equal(fs.readFileSync(outputs.single, 'utf8'), '{"findings": []}\n');
    // The order of two findings differs: the same findings, not the same bytes.
    const order = `jobs === '1' ? '{"findings": ["a", "b"]}' : '{"findings": ["b", "a"]}'`;
    assert.equal((await checkWithAndWithoutJobs(fakeCheck(dir, 'order', order), dir, { reps: 1, jobs: true, outputs })).identical, false);
    const without = await checkWithAndWithoutJobs(fakeCheck(dir, 'nojobs', `'{}'`), dir, {
      reps: 1,
      jobs: false,
      outputs: { default: path.join(dir, 'only.json'), single: path.join(dir, 'never.json') },
    });
    assert.deepEqual(Object.keys(without), ['defaultMs']);
    assert.equal(fs.existsSync(path.join(dir, 'never.json')), false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
