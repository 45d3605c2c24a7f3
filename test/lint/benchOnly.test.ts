// js-yaml is the benchmark's reference parser (a dev dependency for bench/ only): eslint refuses it in
// everything that ships, and lets the tests (and bench/) use it.
import assert from 'node:assert/strict';
import test from 'node:test';
import { ESLint } from 'eslint';
import { REPO_ROOT } from '../helpers/paths';

const eslint = new ESLint({
  cwd: REPO_ROOT,
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } }, rules: { '@typescript-eslint/no-floating-promises': 'off' } },
});

const SOURCE = "import { loadAll } from 'js-yaml';\nexport const l = loadAll;\n";

for (const [where, allowed] of [
  ['shared/yaml/probe.ts', false],
  ['shared/node/probe.ts', false],
  ['server/src/probe.ts', false],
  ['cli/probe.ts', false],
  ['client/src/probe.ts', false],
  ['test/probe.ts', true],
] as const) {
  test(`js-yaml: ${where} ${allowed ? 'may' : 'may not'} import it`, async () => {
    const [result] = await eslint.lintText(SOURCE, { filePath: where });
    const errors = result.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
    assert.equal(errors.length, allowed ? 0 : 1, errors.join('\n'));
    if (!allowed) assert.match(errors[0], /benchmark reference/);
  });
}
