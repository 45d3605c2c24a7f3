// Notification params as the client sent them are untrusted JSON: a handler that destructures `null` rejects
// (and an unhandled rejection ends the process), and a document text that is not a string poisons every
// later analysis. Every handler checks the shape it reads first; anything else is logged and dropped.
import type {
  DidChangeTextDocumentParams,
  DidChangeWatchedFilesParams,
  DidCloseTextDocumentParams,
  DidOpenTextDocumentParams,
  FileEvent,
  TextDocumentContentChangeEvent,
  TextDocuments,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

type TextDocumentConnection = Parameters<TextDocuments<TextDocument>['listen']>[0];

type Handler<P> = (params: P) => void;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isPosition(v: unknown): boolean {
  return isObject(v) && Number.isFinite(v.line) && Number.isFinite(v.character);
}

function hasUri(v: unknown): v is { textDocument: { uri: string } } {
  return isObject(v) && isObject(v.textDocument) && typeof v.textDocument.uri === 'string';
}

export function isDidOpen(p: unknown): p is DidOpenTextDocumentParams {
  return hasUri(p) && typeof (p.textDocument as Record<string, unknown>).text === 'string' && Number.isFinite((p.textDocument as Record<string, unknown>).version);
}

function isContentChange(c: unknown): c is TextDocumentContentChangeEvent {
  if (!isObject(c) || typeof c.text !== 'string') return false;
  return c.range === undefined || (isObject(c.range) && isPosition(c.range.start) && isPosition(c.range.end));
}

export function isDidChange(p: unknown): p is DidChangeTextDocumentParams {
  return (
    hasUri(p) &&
    Number.isFinite((p.textDocument as Record<string, unknown>).version) &&
    Array.isArray((p as Record<string, unknown>).contentChanges) &&
    ((p as unknown as DidChangeTextDocumentParams).contentChanges as unknown[]).every(isContentChange)
  );
}

function isFileEvent(e: unknown): e is FileEvent {
  return isObject(e) && typeof e.uri === 'string' && (e.type === 1 || e.type === 2 || e.type === 3);
}

/** The well-formed events of a didChangeWatchedFiles notification (none for a malformed one). */
export function fileEventsOf(params: unknown): FileEvent[] {
  const changes = isObject(params) ? (params as Partial<DidChangeWatchedFilesParams>).changes : undefined;
  return Array.isArray(changes) ? changes.filter(isFileEvent) : [];
}

/**
 * The connection as TextDocuments sees it: didOpen/didChange/didClose (and the save notifications) reach it
 * only when well formed.
 */
export function validatedDocumentSync(connection: TextDocumentConnection, log: (message: string) => void): TextDocumentConnection {
  const guard =
    <P>(method: string, ok: (p: unknown) => boolean, handler: Handler<P>): Handler<P> =>
    (params) => {
      if (ok(params)) handler(params);
      else log(`ignored a malformed ${method} notification: ${JSON.stringify(params)?.slice(0, 200)}`);
    };
  return {
    onDidOpenTextDocument: (h) => connection.onDidOpenTextDocument(guard('textDocument/didOpen', isDidOpen, h)),
    onDidChangeTextDocument: (h) => connection.onDidChangeTextDocument(guard('textDocument/didChange', isDidChange, h)),
    onDidCloseTextDocument: (h) => connection.onDidCloseTextDocument(guard<DidCloseTextDocumentParams>('textDocument/didClose', hasUri, h)),
    onWillSaveTextDocument: (h) => connection.onWillSaveTextDocument(guard('textDocument/willSave', hasUri, h)),
    onWillSaveTextDocumentWaitUntil: (h) => connection.onWillSaveTextDocumentWaitUntil((p, token) => (hasUri(p) ? h(p, token) : null)),
    onDidSaveTextDocument: (h) => connection.onDidSaveTextDocument(guard('textDocument/didSave', hasUri, h)),
  };
}
