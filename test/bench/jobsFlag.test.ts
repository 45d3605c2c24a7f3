// How the bench decides whether `check --jobs N` exists (bench/measure.mjs jobsFlagAvailable): its --help
// must name the flag and a `--jobs 1` run must not be a usage error (exit 2).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../helpers/paths';

type JobsFlagAvailable = (bin: string, dir: string) => boolean;
const load = async () => ((await import(pathToFileURL(path.join(REPO_ROOT, 'bench', 'measure.mjs')).href)) as { jobsFlagAvailable: JobsFlagAvailable }).jobsFlagAvailable;

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
