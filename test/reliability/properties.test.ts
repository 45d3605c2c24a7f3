// Property-based tests of the engine: for arbitrary text and arbitrary Kubernetes-shaped manifests it never
// throws, gives the same findings for the same input (whatever the order of the files), and keeps every
// range inside the file it names.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { analyze, parseConfig, type Finding } from '../../shared';
import { anyConfig, manifestFile, validConfig, yamlishText } from './arbitraries';
import { rangeProblems } from './ranges';

const CONFIG = 'cluster/.eni-lens.yaml';
/** Fixed seed: a failure reproduces; fast-check prints the seed and the shrunk counterexample. */
const SEED = 20260806;
/** `npm run test:stress` sets ENI_LENS_STRESS and runs ten times as many cases, from a random seed. */
const STRESS = process.env.ENI_LENS_STRESS === '1';
const runs = (n: number) => ({ seed: STRESS ? Date.now() : SEED, numRuns: STRESS ? n * 10 : n });

const workspace = fc.record({
  files: fc.array(manifestFile, { minLength: 1, maxLength: 5 }),
  config: validConfig,
});

function run(files: string[], configText: string): { findings: Finding[]; texts: Map<string, string> } {
  const { config, errors } = parseConfig(configText, CONFIG);
  const sources = files.map((text, i) => ({ file: `cluster/f${i}.yaml`, text }));
  const findings = [...errors, ...analyze(sources, config).findings];
  return { findings, texts: new Map([...sources.map((s) => [s.file, s.text] as const), [CONFIG, configText]]) };
}

test('arbitrary text: the engine never throws and keeps ranges inside the text', () => {
  fc.assert(
    fc.property(fc.array(yamlishText, { minLength: 1, maxLength: 3 }), anyConfig, (files, configText) => {
      const { findings, texts } = run(files, configText);
      assert.deepEqual(rangeProblems(findings, texts), []);
      for (const f of findings) assert.equal(typeof f.message, 'string');
    }),
    runs(200),
  );
});

test('arbitrary manifests: no throw, ranges inside their documents, deterministic', () => {
  fc.assert(
    fc.property(workspace, ({ files, config }) => {
      const first = run(files, config);
      assert.deepEqual(rangeProblems(first.findings, first.texts), []);
      assert.deepEqual(run(files, config).findings, first.findings);
    }),
    runs(30),
  );
});

test('arbitrary manifests: the findings do not depend on the order the files are given in', () => {
  fc.assert(
    fc.property(workspace, fc.integer({ min: 1, max: 4 }), ({ files, config }, rotation) => {
      const { config: parsed } = parseConfig(config, CONFIG);
      const sources = files.map((text, i) => ({ file: `cluster/f${i}.yaml`, text }));
      const k = rotation % sources.length;
      const rotated = [...sources.slice(k), ...sources.slice(0, k)];
      assert.deepEqual(analyze(rotated, parsed).findings, analyze(sources, parsed).findings);
    }),
    runs(30),
  );
});

test('the generators reach the rules: a good share of workspaces produce capacity findings', () => {
  const samples = fc.sample(workspace, { seed: SEED, numRuns: 60 });
  const rules = new Set(samples.flatMap(({ files, config }) => run(files, config).findings.map((f) => f.rule)));
  for (const rule of ['branch-eni-capacity', 'max-pods', 'unknown-instance-type', 'sgp-invalid', 'template-skipped']) {
    assert.ok(rules.has(rule as Finding['rule']), `no generated workspace produced ${rule}: ${[...rules].join(', ')}`);
  }
});
