// package.json's contributions against what the client and the server implement, and the injection grammar.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../helpers/paths';

const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const clientDir = path.join(REPO_ROOT, 'client', 'src');
const extensionSource = fs.readFileSync(path.join(clientDir, 'extension.ts'), 'utf8');
const clientSources = fs
  .readdirSync(clientDir)
  .map((f) => fs.readFileSync(path.join(clientDir, f), 'utf8'))
  .join('\n');

test('every contributed command is registered by the client, and the settings the server reads exist', () => {
  const commands: string[] = pkg.contributes.commands.map((c: { command: string }) => c.command);
  assert.deepEqual(commands.sort(), ['eniLens.restartServer', 'eniLens.showCapacityReport', 'eniLens.showOutput']);
  for (const c of commands) assert.ok(clientSources.includes(`registerCommand('${c}'`), `${c} is not registered`);
  const settings = pkg.contributes.configuration.properties;
  assert.deepEqual(Object.keys(settings).sort(), ['eniLens.codeLens', 'eniLens.exclude', 'eniLens.trace.server']);
  assert.equal(settings['eniLens.codeLens'].default, true);
  assert.ok(extensionSource.includes("new LanguageClient('eniLens'"), 'the client id must be eniLens for eniLens.trace.server');
  assert.equal(pkg.capabilities.virtualWorkspaces.supported, false);
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.ok(pkg.activationEvents.includes('onLanguage:yaml'));
  assert.ok(pkg.activationEvents.includes('workspaceContains:**/.eni-lens.yaml'));
});

test('the injection grammar is contributed to source.yaml and highlights the label, its values and pod-eni', () => {
  const [contribution] = pkg.contributes.grammars;
  assert.deepEqual(contribution.injectTo, ['source.yaml']);
  const grammar = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, contribution.path), 'utf8'));
  assert.equal(grammar.scopeName, contribution.scopeName);
  assert.match(grammar.injectionSelector, /^L:source\.yaml -comment/);
  // The patterns use only syntax Oniguruma and JavaScript read alike, so they can be checked here.
  const re = (name: string) => new RegExp(grammar.repository[name].match);
  const entry = re('instance-type-entry');
  assert.deepEqual(entry.exec('        node.kubernetes.io/instance-type: r6g.medium')?.slice(1, 7), ['node.kubernetes.io/instance-type', '', ':', ' ', '', 'r6g.medium']);
  assert.equal(entry.exec('    instanceType: "m5.large"  # pool')?.[6], 'm5.large');
  assert.equal(entry.exec('        beta.kubernetes.io/instance-type: c7i.metal-24xl')?.[6], 'c7i.metal-24xl');
  assert.equal(entry.exec('        node.kubernetes.io/instance-type: not-a-type'), null);
  assert.equal(entry.exec('        my.node.kubernetes.io/instance-type-x: r6g.medium'), null);
  assert.equal(re('instance-type-label').exec('  - key: node.kubernetes.io/instance-type')?.[0], 'node.kubernetes.io/instance-type');
  assert.equal(re('pod-eni').exec('              vpc.amazonaws.com/pod-eni: "1"')?.[1], 'vpc.amazonaws.com/pod-eni');
  assert.equal(re('pod-eni').exec('              vpc.amazonaws.com/pod-eni-x: "1"'), null);
});
