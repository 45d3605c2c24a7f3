// Costs that must grow linearly: the CLI's file list under one config, and the re-parse of one keystroke in
// a file of many `---` pieces. Each is measured at a size and at ten times that size in the same run: linear
// work takes about ten times as long, quadratic about a hundred. The timed sizes run in `npm run
// test:stress` (ENI_LENS_STRESS=1); `npm test` checks the same paths give the right answer at a small size.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parseSource } from '../../shared';
import { groupByNearestConfig } from '../../shared/node/files';
import { CLI } from '../helpers/paths';
import { tempDir } from './specialFileHelpers';

const STRESS = process.env.ENI_LENS_STRESS === '1';
/**
 * Ten times the size may take at most this many times as long: linear is ~10 (up to ~25 measured, with the
 * garbage collector working on a ten times larger heap and other processes on the machine), quadratic ~100
 * (170–310 measured before the fixes).
 */
const MAX_RATIO = 50;

/** The best of `runs` timings of `work` (the least disturbed by other processes on the machine). */
function bestOf(runs: number, work: () => void): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    work();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

function groupFiles(dir: string, count: number): Map<string | undefined, string[]> {
  const files = Array.from({ length: count }, (_, i) => path.join(dir, `f${i}.yaml`)); // only their folder is looked at
  return groupByNearestConfig(files, () => dir);
}

test('CLI file list: grouping by config keeps every file, in order', (t) => {
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, '.eni-lens.yaml'), '');
  const groups = groupFiles(dir, 1_000);
  assert.deepEqual([...groups.keys()], [path.join(dir, '.eni-lens.yaml')]);
  assert.deepEqual(
    groups.get(path.join(dir, '.eni-lens.yaml')),
    Array.from({ length: 1_000 }, (_, i) => path.join(dir, `f${i}.yaml`)),
  );
});

test('CLI file list: 50,000 files under one config take about 10× as long as 5,000 (linear, not quadratic)', { skip: !STRESS && 'npm run test:stress' }, (t) => {
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, '.eni-lens.yaml'), '');
  const small = bestOf(5, () => groupFiles(dir, 5_000));
  const large = bestOf(3, () => groupFiles(dir, 50_000));
  t.diagnostic(`5,000 files ${small.toFixed(1)} ms, 50,000 files ${large.toFixed(1)} ms: ×${(large / small).toFixed(1)}`);
  assert.ok(large / small < MAX_RATIO, `×${(large / small).toFixed(1)}`);
});

test('CLI end to end: 50,000 empty files take about 10× as long as 5,000', { skip: !STRESS && 'npm run test:stress', timeout: 600_000 }, (t) => {
  const run = (count: number) => {
    const dir = tempDir(t);
    fs.writeFileSync(path.join(dir, '.eni-lens.yaml'), '');
    for (let i = 0; i < count; i++) fs.writeFileSync(path.join(dir, `f${i}.yaml`), '');
    const started = performance.now();
    const r = spawnSync(process.execPath, [CLI, 'check', '.'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 });
    const ms = performance.now() - started;
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), `${count.toLocaleString('en-US').replace(/,/g, '')} files checked: 0 errors, 0 warnings, 0 info`);
    return ms;
  };
  const small = Math.min(run(5_000), run(5_000));
  const large = run(50_000);
  t.diagnostic(`check over 5,000 files ${small.toFixed(0)} ms, 50,000 files ${large.toFixed(0)} ms: ×${(large / small).toFixed(1)}`);
  // The process start-up is in both, so ratios come out lower than for the grouping alone: ×6.8 measured
  // after the fix, ×39.5 before (36 s for 50,000 files).
  assert.ok(large / small < 25, `×${(large / small).toFixed(1)}`);
});

/** A keystroke in the middle of a file of `count` empty documents: the parse with the previous one to reuse. */
function keystroke(count: number): { ms: number; documents: number } {
  const text = '---\n'.repeat(count);
  const previous = parseSource({ file: 'f.yaml', text });
  const middle = text.length / 2;
  const edited = `${text.slice(0, middle)}a: 1\n${text.slice(middle)}`;
  let documents = 0;
  const ms = bestOf(3, () => {
    documents = parseSource({ file: 'f.yaml', text: edited }, previous).documents.length;
  });
  return { ms, documents };
}

test('a keystroke in a file of many --- pieces re-parses to the same documents as a whole parse', () => {
  const { documents } = keystroke(2_000);
  const text = '---\n'.repeat(2_000);
  const edited = `${text.slice(0, text.length / 2)}a: 1\n${text.slice(text.length / 2)}`;
  assert.equal(documents, parseSource({ file: 'f.yaml', text: edited }, undefined, { wholeFile: true }).documents.length);
});

test('a keystroke in `---` × 100,000 costs about 10× one in `---` × 10,000 (the reuse queue is not shifted)', { skip: !STRESS && 'npm run test:stress', timeout: 600_000 }, (t) => {
  const small = keystroke(10_000).ms;
  const large = keystroke(100_000).ms;
  t.diagnostic(`keystroke in 10,000 pieces ${small.toFixed(0)} ms, in 100,000 pieces ${large.toFixed(0)} ms: ×${(large / small).toFixed(1)}`);
  assert.ok(large / small < MAX_RATIO, `×${(large / small).toFixed(1)}`);
});
