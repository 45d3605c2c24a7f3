// The VS Code side: starts the language server (dist/server.js over node-ipc) for YAML files, and offers
// "restart server" and "show output". Everything else comes from the server.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('ENI Lens');
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'yaml' }],
    synchronize: { configurationSection: ['eniLens', 'files.exclude'] },
    outputChannel: output,
  };
  // The id makes vscode-languageclient read `eniLens.trace.server`.
  client = new LanguageClient('eniLens', 'ENI Lens', serverOptions, clientOptions);

  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('eniLens.restartServer', async () => {
      output.appendLine('Restarting the ENI Lens language server…');
      await client?.restart();
    }),
    vscode.commands.registerCommand('eniLens.showOutput', () => output.show(true)),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
