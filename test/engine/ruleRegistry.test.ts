// One registry of rules: RULE_IDS, the rule modules, the README's rule table and the SARIF rule list agree
// exactly, and each rule's findings are emitted by its own module. Adding a rule means its module under
// shared/rules/, a test that names it, and a README row; this test says which one is missing.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { RULE_DOCS, RULE_IDS, RULES } from '../../shared';
import { formatSarif } from '../../cli/formatSarif';
import { REPO_ROOT } from '../helpers/paths';

/** Rules about files rather than the cluster, and the one module that emits each. */
const FILE_RULE_EMITTERS: Record<string, string> = {
  'duplicate-object': 'shared/rules/duplicateObject.ts',
  'kustomize-invalid': 'shared/kustomize/render.ts',
  'kustomize-remote': 'shared/kustomize/render.ts',
  'template-skipped': 'shared/yaml/parseSource.ts',
  'yaml-syntax': 'shared/yaml/parseSource.ts',
  config: 'shared/config/configError.ts',
};

const moduleName = (id: string) => id.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
const read = (rel: string) => fs.readFileSync(path.join(REPO_ROOT, rel), 'utf8');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) out.push(...sourceFiles(rel));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.generated.ts')) out.push(rel);
  }
  return out;
}

test('registry: RULE_IDS are the cluster rules plus the file rules, each once, in one order', () => {
  assert.deepEqual(
    RULE_DOCS.map((r) => r.id),
    [...RULE_IDS],
  );
  assert.deepEqual(
    RULES.map((r) => r.id),
    RULE_IDS.filter((id) => !(id in FILE_RULE_EMITTERS)),
  );
});

test('registry: every cluster rule lives in shared/rules/<camelCaseId>.ts, exported under that name', () => {
  for (const rule of RULES) {
    const file = `shared/rules/${moduleName(rule.id)}.ts`;
    assert.ok(fs.existsSync(path.join(REPO_ROOT, file)), `${rule.id}: ${file} is missing`);
    assert.match(read(file), new RegExp(`export const ${moduleName(rule.id)}: Rule = \\{\\s*id: '${rule.id}'`), `${file} must export ${moduleName(rule.id)}`);
  }
});

test("registry: a rule id is written only in its own module (rules don't emit each other's findings)", () => {
  const ids = RULE_IDS.filter((id) => id !== 'config'); // 'config' is also the origin of a pool
  const owners = new Map<string, string>(ids.map((id) => [id, FILE_RULE_EMITTERS[id] ?? `shared/rules/${moduleName(id)}.ts`]));
  const strays: string[] = [];
  for (const file of [...sourceFiles('shared'), ...sourceFiles('server/src'), ...sourceFiles('cli'), ...sourceFiles('client/src')]) {
    if (file === 'shared/types.ts' || file === 'shared/rules/index.ts') continue; // the id list and the file rules' docs
    const text = read(file);
    // Comparing with an id (`f.rule === 'yaml-syntax'`) reads a finding; any other use of the literal writes one.
    for (const id of ids) if (new RegExp(`(?<![=!]== )'${id}'`).test(text) && owners.get(id) !== file) strays.push(`${file} writes '${id}' (owned by ${owners.get(id)})`);
  }
  assert.deepEqual(strays, []);
});

test('registry: rule modules do not import other rule modules (shared parts live in findingParts/capacityMessage)', () => {
  const ruleModules = new Set(RULES.map((r) => moduleName(r.id)));
  const offenders: string[] = [];
  for (const r of RULES) {
    const file = `shared/rules/${moduleName(r.id)}.ts`;
    for (const m of read(file).matchAll(/from '\.\/(\w+)'/g)) if (ruleModules.has(m[1])) offenders.push(`${file} imports ./${m[1]}`);
  }
  assert.deepEqual(offenders, []);
});

test('registry: the README rule table has one anchored row per rule, with its default severity', () => {
  const readme = read('README.md');
  const rows = [...readme.matchAll(/^\| <a id="rule-([a-z-]+)"><\/a>`([a-z-]+)` \| (error|warning|info) \|/gm)];
  assert.deepEqual(
    rows.map((m) => m[1]),
    [...RULE_IDS],
    'README rows (anchors) in RULE_IDS order',
  );
  for (const m of rows) {
    assert.equal(m[2], m[1], `row ${m[1]}: the anchor and the id differ`);
    assert.equal(m[3], RULE_DOCS.find((d) => d.id === m[1])!.defaultSeverity, `row ${m[1]}: severity`);
  }
});

test('registry: SARIF lists exactly the rules, with their severities and doc anchors', () => {
  const sarif = JSON.parse(formatSarif([], '0.0.0'));
  const rules = sarif.runs[0].tool.driver.rules as Array<{ id: string; helpUri: string; defaultConfiguration: { level: string } }>;
  assert.deepEqual(
    rules.map((r) => r.id),
    [...RULE_IDS],
  );
  const level = { error: 'error', warning: 'warning', info: 'note' } as const;
  for (const r of rules) {
    assert.equal(r.defaultConfiguration.level, level[RULE_DOCS.find((d) => d.id === r.id)!.defaultSeverity]);
    assert.ok(r.helpUri.endsWith(`#rule-${r.id}`), r.helpUri);
  }
});

test('registry: every rule is exercised by a test that names it', () => {
  const tests = sourceFiles('test').map(read).join('\n');
  const untested = RULE_IDS.filter((id) => !tests.includes(`'${id}'`) && !tests.includes(`"${id}"`) && !tests.includes(` ${id} `));
  assert.deepEqual(untested, []);
});
