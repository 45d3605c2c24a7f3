// The GitHub Action and the pre-commit hook, run as their hosts run them: the action's script under bash
// with its inputs in env (npx stands in for by a shim that runs this repository's CLI), the hook's entry
// from the root of a repository with pass_filenames false.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { runCli, tempDir } from '../helpers/cli';
import { CLI, REPO_ROOT } from '../helpers/paths';

const VERSION: string = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version;

interface ActionStep {
  id: string;
  shell: string;
  'working-directory': string;
  env: Record<string, string>;
  run: string;
}
const action = parse(fs.readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
};

/** `${{ inputs.NAME }}` as the runner evaluates it: the given input, else its default. */
function evaluate(expression: string, inputs: Record<string, string>): string {
  return expression.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, name: string) => {
    assert.ok(name in action.inputs, `input ${name} is declared`);
    return inputs[name] ?? action.inputs[name].default;
  });
}

function runAction(inputs: Record<string, string>, workspace: string) {
  const [step] = action.runs.steps;
  const shim = tempDir({});
  const calls = path.join(shim, 'calls');
  // npx --yes eni-lens@VERSION ARGS…: record the call, then run the CLI of this checkout.
  fs.writeFileSync(path.join(shim, 'npx'), `#!/usr/bin/env bash\nprintf '%s\\n' "$@" > '${calls}'\nshift 2\nexec '${process.execPath}' '${CLI}' "$@"\n`, { mode: 0o755 });
  const output = path.join(shim, 'github-output');
  fs.writeFileSync(output, '');
  const env = Object.fromEntries(Object.entries(step.env).map(([k, v]) => [k, evaluate(v, inputs)]));
  const r = spawnSync('bash', ['-e', '-c', step.run], {
    cwd: path.resolve(workspace, evaluate(step['working-directory'], inputs)),
    env: { PATH: `${shim}${path.delimiter}${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}`, GITHUB_ACTION_PATH: REPO_ROOT, GITHUB_OUTPUT: output, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, npx: fs.readFileSync(calls, 'utf8').trimEnd().split('\n'), outputs: fs.readFileSync(output, 'utf8') };
}

test('action.yml: a composite action whose script runs eni-lens@<its version> with annotations and SARIF', () => {
  assert.equal(action.runs.using, 'composite');
  assert.equal(action.outputs['sarif-file'].value, '${{ steps.check.outputs.sarif-file }}');
  assert.ok(!/\$\{\{/.test(action.runs.steps[0].run), 'inputs reach the script through env only');
  const workspace = tempDir({});
  fs.cpSync(path.join(REPO_ROOT, 'examples'), path.join(workspace, 'examples'), { recursive: true });

  const r = runAction({}, workspace);
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(r.npx, ['--yes', `eni-lens@${VERSION}`, 'check', '.', '--fail-on', 'error', '--format', 'github', '--format', 'sarif', '--output', 'eni-lens.sarif']);
  assert.match(
    r.stdout,
    /^::error file=examples\/seed\/deployment\.yaml,line=20,col=43,endLine=20,endColumn=53,title=eni-lens branch-eni-capacity::6 pods need branch ENIs; pool sg-workers \(1 × r6g\.medium\) holds 4: 2 stay Pending%0Afix: /m,
  );
  assert.match(r.stdout, /^18 files checked: 8 errors, 3 warnings, 1 info$/m);
  assert.equal(r.outputs, 'sarif-file=eni-lens.sarif\n');
  const sarif = JSON.parse(fs.readFileSync(path.join(workspace, 'eni-lens.sarif'), 'utf8'));
  assert.equal(sarif.runs[0].tool.driver.version, VERSION);
  assert.equal(sarif.runs[0].results.length, 12);

  const chosen = runAction(
    { paths: 'examples/rollout\n examples/helm-chart', 'fail-on': 'never', annotations: 'false', 'sarif-file': 'out.sarif', version: '9.9.9', config: '' },
    workspace,
  );
  assert.equal(chosen.code, 0, chosen.stderr);
  assert.deepEqual(chosen.npx, [
    '--yes',
    'eni-lens@9.9.9',
    'check',
    'examples/rollout',
    'examples/helm-chart',
    '--fail-on',
    'never',
    '--format',
    'text',
    '--format',
    'sarif',
    '--output',
    'out.sarif',
  ]);
  assert.match(chosen.stdout, /^examples\/rollout\/deployment\.yaml:16:43 warning rollout-surge /m);
  assert.equal(JSON.parse(fs.readFileSync(path.join(workspace, 'out.sarif'), 'utf8')).runs[0].results.length, 2);

  const sub = runAction({ 'working-directory': 'examples/seed', config: '.eni-lens.yaml', 'fail-on': 'warning' }, workspace);
  assert.equal(sub.code, 1, sub.stderr);
  assert.deepEqual(sub.npx.slice(2), ['check', '.', '--fail-on', 'warning', '--config', '.eni-lens.yaml', '--format', 'github', '--format', 'sarif', '--output', 'eni-lens.sarif']);
  assert.ok(fs.existsSync(path.join(workspace, 'examples/seed/eni-lens.sarif')));
});

test('.pre-commit-hooks.yaml: a node hook that checks the whole tree whenever a YAML file changes', () => {
  const hooks = parse(fs.readFileSync(path.join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Record<string, unknown>[];
  assert.equal(hooks.length, 1);
  const hook = hooks[0];
  assert.deepEqual(
    { id: hook.id, language: hook.language, entry: hook.entry, pass_filenames: hook.pass_filenames },
    { id: 'eni-lens', language: 'node', entry: 'eni-lens check', pass_filenames: false },
  );
  const files = new RegExp(hook.files as string);
  assert.deepEqual(
    ['deploy/app.yaml', '.eni-lens.yaml', 'k8s/hpa.yml', 'src/app.ts', 'README.md'].map((f) => files.test(f)),
    [true, true, true, false, false],
  );
  // The entry names the package's bin; pre-commit runs it from the repository root with no file names.
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  const [bin, ...args] = (hook.entry as string).split(' ');
  assert.equal(pkg.bin[bin], 'bin/eni-lens.js');
  const repo = tempDir({});
  fs.cpSync(path.join(REPO_ROOT, 'examples', 'seed'), path.join(repo, 'deploy'), { recursive: true });
  const r = runCli(args, { cwd: repo });
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^deploy\/deployment\.yaml:20:43 error branch-eni-capacity /);
});
