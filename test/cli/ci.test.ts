// What CI needs from the CLI: the version, an exit-code threshold, several outputs in one run, GitHub
// annotations, the rule list and colour only where it belongs. The CLI runs as a process.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { RULE_IDS } from '../../shared';
import { useColor } from '../../cli/color';
import { escapeData, escapeProperty } from '../../cli/formatGithub';
import { runCli as run, tempDir } from '../helpers/cli';
import { REPO_ROOT } from '../helpers/paths';

const VERSION: string = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version;

const SEED_ANNOTATION =
  '::error file=examples/seed/deployment.yaml,line=20,col=43,endLine=20,endColumn=53,title=eni-lens branch-eni-capacity::' +
  '6 pods need branch ENIs; pool sg-workers (1 × r6g.medium) holds 4: 2 stay Pending' +
  "%0Afix: use r6g.large (9 branch ENIs per node, needs 6) (also in node pool 'sg-workers')";

test('-v, --version and version print the package.json version; SARIF names it as driver.version', () => {
  for (const args of [['-v'], ['--version'], ['version']]) assert.deepEqual(run(args), { code: 0, stdout: `${VERSION}\n`, stderr: '' });
  assert.notEqual(VERSION, '0.0.0-dev');
  const sarif = JSON.parse(run(['check', 'examples/seed', '--format', 'sarif']).stdout);
  assert.equal(sarif.runs[0].tool.driver.version, VERSION);
});

test('--fail-on sets the severity that fails the run: error (default), warning, info, never', () => {
  // examples/rollout has one warning; examples/helm-chart one info; examples/seed one error.
  const code = (dir: string, ...args: string[]) => run(['check', `examples/${dir}`, ...args]).code;
  assert.deepEqual(
    ['error', 'warning', 'info', 'never'].map((level) => [code('rollout', '--fail-on', level), code('helm-chart', '--fail-on', level), code('seed', '--fail-on', level)]),
    [
      [0, 0, 1],
      [1, 0, 1],
      [1, 1, 1],
      [0, 0, 0],
    ],
  );
  assert.equal(code('rollout'), 0);
  const bad = run(['check', 'examples/seed', '--fail-on', 'fatal']);
  assert.deepEqual(bad, { code: 2, stdout: '', stderr: 'eni-lens: --fail-on must be one of error, warning, info, never\n' });
  // A config error is still exit 2, whatever --fail-on says.
  const dir = tempDir({ '.eni-lens.yaml': 'nodePools: nope\n', 'a.yaml': 'kind: X\n' });
  assert.equal(run(['check', dir, '--fail-on', 'never']).code, 2);
});

test('--format github: one annotation per finding with the fix, then the summary as plain log text', () => {
  const r = run(['check', 'examples/seed', '--format', 'github']);
  assert.deepEqual(r, { code: 1, stdout: `${SEED_ANNOTATION}\n2 files checked: 1 error, 0 warnings, 0 info\n`, stderr: '' });
  const rollout = run(['check', 'examples/rollout', '--format', 'github']).stdout.split('\n')[0];
  assert.match(
    rollout,
    /^::warning file=examples\/rollout\/deployment\.yaml,line=16,col=43,endLine=16,endColumn=51,title=eni-lens rollout-surge::Rolling update: 8 \+ 2 pods need 10 branch ENIs; 1 × m5\.large \(assumed\) holds 9: it stalls%0Afix: /,
  );
});

test('--format github escapes as the runner does: % CR LF in the message, and : , in properties', () => {
  assert.equal(escapeData('100% a\r\nb: c, d'), '100%25 a%0D%0Ab: c, d');
  assert.equal(escapeProperty('C:\\x,y%\n'), 'C%3A\\x%2Cy%25%0A');
  const dir = tempDir({ 'a,b:c%.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n' });
  const r = run(['check', '.', '--format', 'github'], { cwd: dir });
  assert.equal(r.code, 0);
  assert.equal(
    r.stdout,
    "::notice file=a%2Cb%3Ac%25.yaml,line=4,col=9,endLine=4,endColumn=11,title=eni-lens template-skipped::Skipped document 1: it holds template syntax ('{{'), so its values are not known until it is rendered\n" +
      '1 file checked: 0 errors, 0 warnings, 1 info\n',
  );
});

test('repeated --format/--output pairs write every format in one run; one format may use stdout', () => {
  const dir = tempDir({});
  const sarif = path.join(dir, 'eni-lens.sarif');
  const json = path.join(dir, 'eni-lens.json');
  const r = run(['check', 'examples/seed', '--format', 'github', '--format', 'sarif', '--output', sarif, '--format', 'json', '-o', json]);
  assert.deepEqual(r, { code: 1, stdout: `${SEED_ANNOTATION}\n2 files checked: 1 error, 0 warnings, 0 info\n`, stderr: '' });
  assert.equal(JSON.parse(fs.readFileSync(sarif, 'utf8')).runs[0].results[0].ruleId, 'branch-eni-capacity');
  assert.equal(JSON.parse(fs.readFileSync(json, 'utf8')).findings[0].rule, 'branch-eni-capacity');
  // An --output before the first --format still belongs to it (the one-pair form in either order).
  const text = path.join(dir, 'out.txt');
  assert.deepEqual(run(['check', 'examples/seed', '--output', text, '--format', 'text']), { code: 1, stdout: '', stderr: '' });
  assert.match(fs.readFileSync(text, 'utf8'), /^examples\/seed\/deployment\.yaml:20:43 error/);
  const usage = (...args: string[]) => run(['check', 'examples/seed', ...args]);
  assert.deepEqual(usage('--format', 'json', '--format', 'sarif'), {
    code: 2,
    stdout: '',
    stderr: 'eni-lens: only one --format can write to standard output; give the others an --output FILE\n',
  });
  assert.deepEqual(usage('--format', 'json', '--output', json, '--output', sarif), {
    code: 2,
    stdout: '',
    stderr: `eni-lens: --output ${sarif} has no --format of its own (each --format takes one --output)\n`,
  });
  assert.deepEqual(usage('--format', 'xml'), { code: 2, stdout: '', stderr: "eni-lens: --format must be one of text, json, sarif, github (got 'xml')\n" });
});

test('rules lists every rule id with its default severity and summary', () => {
  const r = run(['rules']);
  assert.equal(r.code, 0);
  const lines = r.stdout.trimEnd().split('\n');
  // Columns as wide as the longest id (security-groups-for-pods-disabled, 33) and severity (warning), two spaces apart.
  assert.equal(lines[0], `${'branch-eni-capacity'.padEnd(35)}error    Pods that need a branch ENI (security groups for pods) exceed the branch ENIs of the nodes they can reach.`);
  assert.equal(lines[3].slice(0, 44), `${'ip-capacity'.padEnd(35)}warning  `);
  assert.deepEqual(
    lines.map((l) => l.split(' ')[0]),
    [...RULE_IDS],
  );
  assert.equal(run(['rules', 'extra']).code, 2);
});

const ESC = '\u001b';

test('colour: ANSI severities only with --color or on a terminal without NO_COLOR', () => {
  const colored = run(['check', 'examples/seed', '--color']).stdout.split('\n')[0];
  assert.ok(colored.startsWith('examples/seed/deployment.yaml:20:43 \u001b[31merror\u001b[39m branch-eni-capacity '), colored);
  // Piped (as here): plain, and --no-color wins over --color.
  assert.ok(!run(['check', 'examples/seed']).stdout.includes(ESC));
  assert.ok(!run(['check', 'examples/seed', '--color', '--no-color']).stdout.includes(ESC));
  // Files and the machine formats never get colour.
  assert.ok(!run(['check', 'examples/seed', '--color', '--format', 'github']).stdout.includes(ESC));
  const tty = Object.assign(new Writable(), { isTTY: true });
  assert.equal(useColor(undefined, tty, {}), true);
  assert.equal(useColor(undefined, tty, { NO_COLOR: '1' }), false);
  assert.equal(useColor(undefined, tty, { NO_COLOR: '' }), true, 'an empty NO_COLOR does not count (no-color.org)');
  assert.equal(useColor(undefined, new Writable(), {}), false);
  assert.equal(useColor(true, new Writable(), { NO_COLOR: '1' }), true);
  assert.equal(useColor(false, tty, {}), false);
});
