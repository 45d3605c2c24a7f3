// The VS Code side: starts the language server (dist/server.js over node-ipc) for YAML files, and offers
// "restart server", "show output", the capacity report, the status item and the eni-lens task type.
// Diagnostics, hovers, fixes and lenses come from the server.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { clientLogLine, RestartPolicy, versionBanner } from './restartPolicy';
import { registerCapacityReport } from './capacityReport';
import { registerStatusItem } from './statusItem';
import { registerTasks } from './tasks';
import { SERVER_NODE_FLAGS } from '../../server/src/nodeFlags';

let client: LanguageClient | undefined;

/** What activate returns: read-only views for other extensions and the extension-host tests. */
export interface EniLensApi {
  status(): { text: string; detail?: string };
}

export async function activate(context: vscode.ExtensionContext): Promise<EniLensApi> {
  const output = vscode.window.createOutputChannel('ENI Lens');
  output.appendLine(versionBanner(String(context.extension.packageJSON.version), vscode.version, process.version));
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS] } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS, '--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'yaml' }],
    synchronize: { configurationSection: ['eniLens', 'files.exclude'] },
    outputChannel: cleanExitsAsInfo(output),
    errorHandler: restartingErrorHandler(output),
    // A function, so a restart after the user trusts the workspace sends the new trust (live capacity report; Restricted Mode).
    initializationOptions: () => ({ analysisNotifications: true, trusted: vscode.workspace.isTrusted }),
  };
  // The id makes vscode-languageclient read `eniLens.trace.server`.
  client = new LanguageClient('eniLens', 'ENI Lens', serverOptions, clientOptions);

  const statusItem = registerStatusItem(client);
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('eniLens.restartServer', async () => {
      output.appendLine('Restarting the ENI Lens language server…');
      await client?.restart();
    }),
    vscode.commands.registerCommand('eniLens.showOutput', () => output.show(true)),
    registerCapacityReport(client, output),
    statusItem,
    registerTasks(context),
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      output.appendLine('The workspace is trusted now: restarting the server so it reads instanceData.');
      await client?.restart();
    }),
  );
  await client.start();
  return { status: () => statusItem.current() };
}

/** The channel the language client writes to, with clean server exits logged as what they are. */
function cleanExitsAsInfo(output: vscode.OutputChannel): vscode.OutputChannel {
  return new Proxy(output, {
    get(target, property) {
      if (property === 'appendLine') return (line: string) => target.appendLine(clientLogLine(line));
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Restarts a dead server (a few times) and says so in the output channel; transport errors are logged. */
function restartingErrorHandler(output: vscode.OutputChannel): NonNullable<LanguageClientOptions['errorHandler']> {
  const policy = new RestartPolicy();
  return {
    error: (error, _message, count) => {
      output.appendLine(`Error talking to the ENI Lens language server (${count ?? 1}): ${error.message}`);
      return { action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown };
    },
    closed: () => {
      const decision = policy.onServerClosed();
      output.appendLine(decision.message);
      return decision.restart ? { action: CloseAction.Restart, handled: true } : { action: CloseAction.DoNotRestart, message: decision.message };
    },
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
