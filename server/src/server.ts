// The ENI Lens language server. `node dist/server.js --stdio` for any LSP client; the VS Code extension
// starts the same bundle over node-ipc. Only LSP plumbing lives here: the engine does the analysis.
import path from 'node:path';
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ProposedFeatures,
  type ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  WatchKind,
  type FileEvent,
  type InitializeError,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { CONFIG_FILE_NAME, isYamlFileName } from '../../shared';
import { ANALYSED_NOTIFICATION, CAPACITY_REPORT_REQUEST, STATUS_NOTIFICATION } from '../../shared/report/protocol';
import { capacityReport } from './capacityReport';
import { cancellable } from './cancellable';
import { codeActions } from './codeActions';
import { codeLenses } from './codeLens';
import { complete, resolveCompletion } from './completion';
import { DiagnosticsPublisher } from './diagnostics';
import { hover } from './hover';
import { Lifecycle } from './lifecycle';
import { Session } from './session';
import { statusOf } from './status';
import { folderSettings } from './settings';
import { tuneHeapGrowing } from './heapTuning';
import { fileEventsOf, validatedDocumentSync } from './validParams';
import { WorkspaceIndex } from './workspaceIndex';

tuneHeapGrowing();
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const log = (message: string) => connection.console.log(message);
const index = new WorkspaceIndex(log);
const publisher = new DiagnosticsPublisher(
  (p) => void connection.sendDiagnostics(p),
  (uri) => index.toClient(uri),
);
const session = new Session(index, publisher, log);
const lifecycle = new Lifecycle();
// A handler's bug must not end the process (the client gives up after a few restarts): log it, keep serving.
process.on('unhandledRejection', (err) => log(`unhandled rejection: ${(err as Error)?.stack ?? String(err)}`));

const client = {
  analysisNotifications: false,
  configuration: false,
  watchedFiles: false,
  codeLensRefresh: false,
  workspaceFolders: false,
  completionDefaults: { editRange: false, data: false },
};
/** Settings pushed by clients that cannot answer workspace/configuration (initializationOptions, didChangeConfiguration). */
let pushedSettings: { eniLens?: unknown; files?: { exclude?: unknown } } = {};

connection.onInitialize((params): InitializeResult | ResponseError<InitializeError> => {
  const refused = lifecycle.initialize();
  if (refused) return refused;
  const c = params.capabilities ?? {};
  client.configuration = c.workspace?.configuration === true;
  client.watchedFiles = c.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  client.codeLensRefresh = c.workspace?.codeLens?.refreshSupport === true;
  client.workspaceFolders = c.workspace?.workspaceFolders === true;
  const itemDefaults = c.textDocument?.completion?.completionList?.itemDefaults ?? [];
  client.completionDefaults = { editRange: itemDefaults.includes('editRange'), data: itemDefaults.includes('data') };
  pushedSettings = (params.initializationOptions as { settings?: typeof pushedSettings } | undefined)?.settings ?? {};
  client.analysisNotifications = (params.initializationOptions as { analysisNotifications?: unknown } | undefined)?.analysisNotifications === true;
  // Restricted Mode: the client says `trusted: false`; paths taken from the workspace (instanceData) are not read.
  session.setTrusted((params.initializationOptions as { trusted?: unknown } | undefined)?.trusted !== false);
  index.setFolders(params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []));
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      completionProvider: { resolveProvider: true },
      codeLensProvider: { resolveProvider: false },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'eni-lens' },
  };
});

connection.onInitialized(() => {
  if (client.watchedFiles) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      // Deleted and created folders too (a folder rename is one of each), any file a config may name as
      // instanceData, and Kustomize's extension-less Kustomization files.
      watchers: [
        { globPattern: '**/*.{yaml,yml}' },
        { globPattern: '**/Kustomization' },
        { globPattern: '**/*', kind: WatchKind.Delete | WatchKind.Create },
        { globPattern: '**/*.json' },
      ],
    });
  } else {
    log('The client cannot watch files for the server: files changed outside the editor are seen when opened.');
  }
  if (client.configuration) void connection.client.register(DidChangeConfigurationNotification.type, undefined);
  if (client.workspaceFolders) {
    connection.workspace.onDidChangeWorkspaceFolders((e) => {
      const removed = new Set(e.removed.map((f) => URI.parse(f.uri).toString()));
      const folders = index
        .getFolders()
        .map((f) => f.uri)
        .filter((u) => !removed.has(u));
      index.setFolders([...folders, ...e.added.map((f) => f.uri)]);
      session.configsMoved(); // configs are looked up no higher than the folders
      rescan();
    });
  }
  rescan();
});

/** Settings first (they decide what is excluded), then the files. */
function rescan(): void {
  session.setReady(
    loadSettings()
      .then(() => index.scan(session.scanReader()))
      .then((n) => log(`indexed ${n} YAML files`))
      .then(() => session.prime()),
  );
}

async function loadSettings(): Promise<void> {
  const folders = index.getFolders();
  if (!client.configuration) {
    const s = folderSettings(pushedSettings.eniLens, pushedSettings.files?.exclude);
    for (const f of folders) index.setSettings(f.uri, s);
    return;
  }
  for (const f of folders.length > 0 ? folders : [{ uri: '' }]) {
    const scopeUri = f.uri || undefined;
    const [eniLens, filesExclude] = await connection.workspace.getConfiguration([
      { scopeUri, section: 'eniLens' },
      { scopeUri, section: 'files.exclude' },
    ]);
    index.setSettings(f.uri, folderSettings(eniLens, filesExclude));
  }
}

connection.onDidChangeConfiguration((params) => {
  if (!client.configuration) pushedSettings = (params.settings as typeof pushedSettings) ?? {};
  rescan();
  if (client.codeLensRefresh) void connection.sendRequest(CodeLensRefreshRequest.type);
});

documents.onDidChangeContent(({ document }) => {
  if (index.setOpen(document.uri, document.getText(), document.version)) session.changed();
});

documents.onDidClose(({ document }) => {
  void index.close(document.uri).then(() => session.changed());
});

connection.onDidChangeWatchedFiles(async (params) => {
  let changed = false;
  let configsMoved = false;
  for (const e of fileEventsOf(params)) {
    const isConfig = path.posix.basename(URI.parse(e.uri).path) === CONFIG_FILE_NAME;
    // A config written where none was is not always reported as Created: any config event may move configs.
    if (isConfig || (e.type !== FileChangeType.Changed && !hasYamlExtension(e))) configsMoved = true;
    if (e.type === FileChangeType.Deleted) changed = index.remove(e.uri) || changed;
    else if (hasYamlExtension(e)) changed = (await index.reload(e.uri)) || changed;
    else if (e.type === FileChangeType.Created && (await index.addFolder(e.uri))) changed = true;
    else changed = true; // another file (an instanceData overlay?): the analysis re-reads what changed on disk
  }
  if (configsMoved) session.configsMoved();
  else if (changed) session.changed();
});

function hasYamlExtension(e: FileEvent): boolean {
  return isYamlFileName(e.uri);
}

session.onAnalysed = (analysis) => {
  if (client.codeLensRefresh) void connection.sendRequest(CodeLensRefreshRequest.type);
  if (client.analysisNotifications) {
    void connection.sendNotification(ANALYSED_NOTIFICATION);
    void connection.sendNotification(
      STATUS_NOTIFICATION,
      statusOf(analysis, (uri) => index.toClient(uri)),
    );
  }
};

connection.onShutdown(() => {
  session.stop();
  lifecycle.shutdown();
});
connection.onHover(lifecycle.guard(cancellable((p) => hover(session, p))));
connection.onCodeAction(lifecycle.guard(cancellable((p) => codeActions(session, p))));
connection.onCompletion(lifecycle.guard(cancellable((p) => complete(session, p, client.completionDefaults))));
connection.onCompletionResolve(lifecycle.guard((item) => resolveCompletion(session, item)));
connection.onCodeLens(lifecycle.guard((p) => codeLenses(session, p)));
connection.onRequest(
  CAPACITY_REPORT_REQUEST,
  lifecycle.guard(() => capacityReport(session)),
);

documents.listen(validatedDocumentSync(connection, log));
connection.listen();
