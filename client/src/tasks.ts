// The `eni-lens` task type: "ENI Lens: check" per workspace folder, run with the CLI bundled in the
// extension on VS Code's own Node, its findings read into the Problems panel by the $eni-lens matcher.
import * as vscode from 'vscode';
import { taskArgs, type EniLensTaskDefinition } from './taskArgs';

export function registerTasks(context: vscode.ExtensionContext): vscode.Disposable {
  const cli = context.asAbsolutePath('bin/eni-lens.js');
  const task = (definition: EniLensTaskDefinition, scope: vscode.WorkspaceFolder | vscode.TaskScope) =>
    new vscode.Task(
      definition,
      scope,
      'check',
      'eni-lens',
      new vscode.ProcessExecution(process.execPath, [cli, ...taskArgs(definition)], {
        env: { ELECTRON_RUN_AS_NODE: '1' },
        ...(typeof scope === 'object' ? { cwd: scope.uri.fsPath } : {}),
      }),
      '$eni-lens',
    );
  return vscode.tasks.registerTaskProvider('eni-lens', {
    provideTasks: () => (vscode.workspace.workspaceFolders ?? []).map((folder) => task({ type: 'eni-lens' }, folder)),
    resolveTask: (t) => task(t.definition as EniLensTaskDefinition, t.scope ?? vscode.TaskScope.Workspace),
  });
}
