// The layering zones of eslint.config.mjs catch what ARCHITECTURE.md forbids: each probe is linted as if it
// sat at its path, and must fail (or pass) on exactly the import rule.
import assert from 'node:assert/strict';
import test from 'node:test';
import { ESLint } from 'eslint';
import { REPO_ROOT } from '../helpers/paths';

// Type-aware rules need files on disk in the project; the zones do not.
const eslint = new ESLint({
  cwd: REPO_ROOT,
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } }, rules: { '@typescript-eslint/no-floating-promises': 'off' } },
});

async function importErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const probes: Array<[where: string, source: string, allowed: boolean]> = [
  ['shared/model/probe.ts', "import fs from 'node:fs';\nexport const f = fs;\n", false],
  ['shared/rules/probe.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n", false],
  ['shared/node/probe.ts', "import fs from 'node:fs';\nexport const f = fs;\n", true],
  ['shared/k8s/probe.ts', "import { nodeCapacity } from '../model/pools';\nexport const n = nodeCapacity;\n", false],
  ['shared/yaml/probe.ts', "import { RULES } from '../rules';\nexport const r = RULES;\n", false],
  ['shared/instances/probe.ts', "import { hoverAt } from '../explain/hover';\nexport const h = hoverAt;\n", false],
  ['shared/model/probe2.ts', "import { parseSource } from '../yaml/parseSource';\nexport const p = parseSource;\n", true],
  ['shared/report/probe.ts', "import { hoverAt } from '../explain/hover';\nexport const h = hoverAt;\n", false],
  ['shared/edits/probe.ts', "import { hoverAt } from '../explain/hover';\nexport const h = hoverAt;\n", false],
  ['server/src/probe.ts', "import { hoverAt } from '../../shared/explain/hover';\nexport const h = hoverAt;\n", false],
  ['server/src/probe2.ts', "import { hoverAt } from '../../shared/editor';\nexport const h = hoverAt;\n", true],
  ['cli/probe.ts', "import { parseSource } from '../shared/yaml/parseSource';\nexport const p = parseSource;\n", false],
  ['cli/probe2.ts', "import { analyze } from '../shared';\nimport { collectManifestFiles } from '../shared/node';\nexport const a = [analyze, collectManifestFiles];\n", true],
  ['client/src/probe.ts', "import { renderReportHtml } from '../../shared/report';\nexport const r = renderReportHtml;\n", true],
];

for (const [where, source, allowed] of probes) {
  test(`zones: ${where} ${allowed ? 'may' : 'may not'} ${source.split('\n')[0]}`, async () => {
    const errors = await importErrors(where, source);
    assert.equal(errors.length, allowed ? 0 : 1, errors.join('\n'));
  });
}

test('zones: the repository itself lints clean of import-zone errors', async () => {
  const results = await eslint.lintFiles(['shared', 'server', 'cli', 'client']);
  const zoneErrors = results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => `${r.filePath}:${m.line} ${m.message}`));
  assert.deepEqual(zoneErrors, []);
});
