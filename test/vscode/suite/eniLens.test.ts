/// <reference types="mocha" />
// ENI Lens in a real VS Code extension host, against the seed workspace (examples/seed, or its copy in
// test/e2e-workspace/seed): a Deployment "payments" with 6 replicas pinned by nodeSelector to r6g.medium,
// a SecurityGroupPolicy that matches it, and prefix delegation on. r6g.medium cannot host enough branch
// ENIs, so the extension must flag the instance type and offer r6g.large instead.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, describeDiagnostics, eniLensDiagnostics, hoverText, poll, workspaceUri } from '../helpers';

const EXTENSION_ID = 'eni-lens.eni-lens';
const RULE = 'branch-eni-capacity';

suite('ENI Lens in the extension host', () => {
  let uri: vscode.Uri;
  let doc: vscode.TextDocument;
  let diagnostic: vscode.Diagnostic;

  suiteSetup(async () => {
    uri = workspaceUri('deployment.yaml');
    doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
  });

  test('the extension is present and activates on the YAML file', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    await poll('extension activation', () => ext.isActive);
    assert.equal(doc.languageId, 'yaml');
  });

  test(`reports ${RULE} as an error on the r6g.medium nodeSelector value`, async () => {
    const found = await poll(`a ${RULE} diagnostic on ${uri.fsPath}`, () => eniLensDiagnostics(uri, RULE)[0]).catch((err: Error) => {
      throw new Error(`${err.message}\ndiagnostics now:\n${describeDiagnostics(uri)}`);
    });
    diagnostic = found;
    assert.equal(codeOf(diagnostic), RULE);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error, `severity ${vscode.DiagnosticSeverity[diagnostic.severity]}`);

    const line = findLine(doc, /^\s*node\.kubernetes\.io\/instance-type:\s*r6g\.medium\s*$/);
    assert.equal(diagnostic.range.start.line, line, 'diagnostic is not on the nodeSelector line');
    assert.equal(diagnostic.range.end.line, line, 'diagnostic spans more than the nodeSelector line');
    assert.equal(doc.getText(diagnostic.range), 'r6g.medium', 'diagnostic range is not the instance-type value');
  });

  test('hover on the flagged value explains the branch ENI shortfall', async () => {
    assert.ok(diagnostic, 'needs the diagnostic from the previous test');
    const at = diagnostic.range.start.translate(0, 2);
    let last = '';
    const text = await poll('a hover mentioning r6g.medium and branch ENIs', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, at);
      last = hoverText(hovers ?? []);
      // Substring match, case-insensitive: the hover may say "Branch ENIs" at the start of a line.
      const lower = last.toLowerCase();
      return lower.includes('r6g.medium') && lower.includes('branch enis') ? last : undefined;
    }).catch((err: Error) => {
      throw new Error(`${err.message}\nhover at ${at.line}:${at.character} now: ${JSON.stringify(last)}`);
    });
    assert.match(text, /branch ENIs/i);
  });

  test('the r6g.large quick fix removes the diagnostic once applied and saved', async () => {
    assert.ok(diagnostic, 'needs the diagnostic from the previous test');
    const fix = await poll('a quick fix mentioning r6g.large', async () => {
      const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
        'vscode.executeCodeActionProvider',
        uri,
        diagnostic.range,
        vscode.CodeActionKind.QuickFix.value,
        10, // resolve lazily computed edits
      );
      return (actions ?? []).find((a): a is vscode.CodeAction => 'kind' in a && !!a.kind && vscode.CodeActionKind.QuickFix.contains(a.kind) && a.title.includes('r6g.large'));
    });
    if (fix.edit) {
      assert.ok(await vscode.workspace.applyEdit(fix.edit), 'workspace.applyEdit refused the quick fix edit');
    }
    if (fix.command) {
      await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
    }
    assert.ok(fix.edit || fix.command, `quick fix "${fix.title}" has neither an edit nor a command`);
    assert.ok(doc.getText().includes('r6g.large'), 'the document does not mention r6g.large after the fix');
    assert.ok(await doc.save(), 'saving the fixed document failed');

    await poll(`the ${RULE} diagnostic to go away`, () => eniLensDiagnostics(uri, RULE).length === 0).catch((err: Error) => {
      throw new Error(`${err.message}\ndiagnostics now:\n${describeDiagnostics(uri)}`);
    });
  });

  test('"ENI Lens: Show Capacity Report" opens the report webview beside the editor', async () => {
    await vscode.commands.executeCommand('eniLens.showCapacityReport');
    const tab = await poll('the capacity report tab', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('eniLens.capacityReport')),
    );
    assert.equal(tab.label, 'ENI Lens: Capacity Report');
    assert.notEqual(
      tab.group.viewColumn,
      vscode.window.tabGroups.all.find((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri.toString()))?.viewColumn,
    );
  });

  test('the language status item shows the findings, the config in use and the data date', async () => {
    const api = vscode.extensions.getExtension<{ status(): { text: string; detail?: string } }>(EXTENSION_ID)!.exports;
    // After the quick fix above the seed has no findings left.
    const status = await poll('the status item to say no findings', () => {
      const s = api.status();
      return s.text === 'ENI Lens: no findings' ? s : undefined;
    });
    assert.equal(status.detail, '2 files · config .eni-lens.yaml · EC2 data 2026-08-06');
  });

  test('the code lens sits on metadata.name and opens the capacity report at its pool', async () => {
    const lens = await poll('a code lens on the Deployment', async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
      return (lenses ?? []).find((l) => l.command?.command === 'eniLens.showCapacityReport');
    });
    assert.equal(lens.range.start.line, findLine(doc, /^ {2}name: payments$/));
    assert.equal(doc.getText(lens.range), 'payments');
    assert.deepEqual(lens.command!.arguments, [{ configFile: workspaceUri('.eni-lens.yaml').toString(), pool: 'sg-workers' }]);
    await vscode.commands.executeCommand(lens.command!.command, ...lens.command!.arguments!);
    await poll('the capacity report tab', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('eniLens.capacityReport')),
    );
  });

  test('an HPA that scales past the nodes: the finding is on maxReplicas, and its quick fix clears it', async () => {
    const hpa = workspaceUri('hpa.yaml');
    const text =
      'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: payments\n  namespace: default\nspec:\n' +
      '  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: payments}\n  maxReplicas: 12\n';
    await vscode.workspace.fs.writeFile(hpa, Buffer.from(text));
    const hpaDoc = await vscode.workspace.openTextDocument(hpa);
    const found = await poll(`a ${RULE} diagnostic on hpa.yaml`, () => eniLensDiagnostics(hpa, RULE)[0]).catch((err: Error) => {
      throw new Error(`${err.message}\ndiagnostics now:\n${describeDiagnostics(hpa)}`);
    });
    assert.equal(hpaDoc.getText(found.range), '12');
    assert.equal(found.relatedInformation?.[0].location.uri.toString(), uri.toString());
    const fix = await poll('the preferred quick fix', async () => {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', hpa, found.range, vscode.CodeActionKind.QuickFix.value);
      return (actions ?? []).find((a) => a.isPreferred && a.edit);
    });
    assert.ok(await vscode.workspace.applyEdit(fix.edit!), `applying "${fix.title}" failed`);
    assert.ok(await vscode.workspace.saveAll(false), 'saving the fixed files failed');
    await poll(`the ${RULE} diagnostic on hpa.yaml to go away`, () => eniLensDiagnostics(hpa, RULE).length === 0).catch((err: Error) => {
      throw new Error(`${err.message}\ndiagnostics now:\n${describeDiagnostics(hpa)}`);
    });
  });
});

function findLine(d: vscode.TextDocument, re: RegExp): number {
  for (let i = 0; i < d.lineCount; i++) if (re.test(d.lineAt(i).text)) return i;
  throw new Error(`no line matching ${re} in ${d.uri.fsPath}`);
}
