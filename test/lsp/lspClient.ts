// A minimal LSP client for the tests: spawns `node dist/server.js --stdio` on a temporary copy of a
// workspace and speaks JSON-RPC to it, recording every diagnostics notification.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type CancellationToken, type MessageConnection } from 'vscode-jsonrpc/node';
import type { ConfigurationParams, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { SERVER } from '../helpers/paths';
import { SERVER_NODE_FLAGS } from '../../server/src/nodeFlags';

export interface ClientOptions {
  /** Extra node flags for the server process (e.g. `--require` a hook). */
  execArgv?: string[];
  /** Values for workspace/configuration, by section ('eniLens', 'files.exclude'). */
  settings?: Record<string, unknown>;
  /** Declare LSP 3.17 completion itemDefaults (editRange, data) as VS Code does; default true. */
  completionItemDefaults?: boolean;
  /** Sent as `initializationOptions` in the initialize request. */
  initializationOptions?: unknown;
  /** Runs on the copy before the server starts (for files `cpSync` cannot copy: FIFOs, symlinks to devices). */
  setup?: (root: string) => void;
  /** The folder the temporary workspace folder is created in (default: the system temp folder). */
  parent?: string;
  /** workspace/configuration is answered only once this settles (the server's scan waits for it). */
  configurationGate?: Promise<void>;
  /** Added to the server's environment (ENI_LENS_JOBS). */
  env?: Record<string, string>;
}

export class LspClient {
  /** Every publishDiagnostics notification, in arrival order. */
  readonly publishes: PublishDiagnosticsParams[] = [];
  readonly logs: string[] = [];
  private listeners: (() => void)[] = [];
  private versions = new Map<string, number>();
  private stderr = '';

  private constructor(
    readonly root: string,
    private readonly proc: ChildProcess,
    private readonly conn: MessageConnection,
  ) {}

  /** Copies `source` into a fresh temp folder and starts a server with it as the only workspace folder. */
  static async start(source: string, options: ClientOptions = {}): Promise<LspClient> {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(options.parent ?? os.tmpdir(), 'eni-lens-lsp-')));
    fs.cpSync(source, root, { recursive: true });
    options.setup?.(root);
    const proc = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...(options.execArgv ?? []), SERVER, '--stdio'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
    });
    const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const client = new LspClient(root, proc, conn);
    proc.stderr!.on('data', (d) => (client.stderr += String(d)));
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      client.publishes.push(p);
      client.notify();
    });
    conn.onNotification('window/logMessage', (p: { message: string }) => client.logs.push(p.message));
    conn.onRequest('workspace/configuration', async (p: ConfigurationParams) => {
      await options.configurationGate;
      return p.items.map((i) => options.settings?.[i.section ?? ''] ?? null);
    });
    conn.onRequest('client/registerCapability', () => null);
    conn.onRequest('workspace/codeLens/refresh', () => null);
    conn.listen();
    const rootUri = pathToFileURL(root).href;
    await conn.sendRequest('initialize', {
      processId: process.pid,
      initializationOptions: options.initializationOptions,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'ws' }],
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true, codeLens: { refreshSupport: true } },
        textDocument: {
          publishDiagnostics: { relatedInformation: true, versionSupport: true },
          hover: { contentFormat: ['markdown'] },
          completion: { completionList: { itemDefaults: options.completionItemDefaults === false ? [] : ['editRange', 'data'] } },
        },
      },
    });
    await conn.sendNotification('initialized', {});
    return client;
  }

  uri(relative: string): string {
    return pathToFileURL(path.join(this.root, relative)).href;
  }

  read(relative: string): string {
    return fs.readFileSync(path.join(this.root, relative), 'utf8');
  }

  /** The last diagnostics published for a file (undefined if none ever were). */
  last(relative: string): PublishDiagnosticsParams | undefined {
    const uri = this.uri(relative);
    for (let i = this.publishes.length - 1; i >= 0; i--) if (this.publishes[i].uri === uri) return this.publishes[i];
    return undefined;
  }

  /** Resolves with the first diagnostics for `relative` (already published or future) that satisfy `ok`. */
  async waitFor(relative: string, ok: (d: Diagnostic[]) => boolean, what: string, timeoutMs = 10_000): Promise<PublishDiagnosticsParams> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const last = this.last(relative);
      if (last && ok(last.diagnostics)) return last;
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new Error(
          `timed out waiting for ${what} in ${relative}; last published: ${JSON.stringify(last?.diagnostics ?? null)}\nserver log:\n${this.logs.join('\n')}\n${this.stderr}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.listeners.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits until no diagnostics have arrived for `quietMs`. */
  async settle(quietMs = 600): Promise<void> {
    let seen = -1;
    while (seen !== this.publishes.length) {
      seen = this.publishes.length;
      await new Promise((r) => setTimeout(r, quietMs));
    }
  }

  open(relative: string, text = this.read(relative)): void {
    this.versions.set(relative, 1);
    void this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: this.uri(relative), languageId: 'yaml', version: 1, text } });
  }

  /** Replaces the whole text of an open document; returns the new version. */
  change(relative: string, text: string): number {
    const version = (this.versions.get(relative) ?? 0) + 1;
    this.versions.set(relative, version);
    void this.conn.sendNotification('textDocument/didChange', { textDocument: { uri: this.uri(relative), version }, contentChanges: [{ text }] });
    return version;
  }

  /** Writes a file on disk and tells the server, as the editor's file watcher would. */
  writeOnDisk(relative: string, text: string, type: 1 | 2 = 2): void {
    fs.writeFileSync(path.join(this.root, relative), text);
    void this.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: this.uri(relative), type }] });
  }

  /** Listens for a notification the client does not record itself (e.g. the server's own extensions). */
  onNotification(method: string, handler: (params: unknown) => void): void {
    this.conn.onNotification(method, handler);
  }

  request<R>(method: string, params: unknown, token?: CancellationToken): Promise<R> {
    return (token ? this.conn.sendRequest(method, params, token) : this.conn.sendRequest(method, params)) as Promise<R>;
  }

  /** Sends a notification as is (for malformed input). */
  sendNotification(method: string, params: unknown): void {
    void this.conn.sendNotification(method, params);
  }

  /** Whether the server process is still running. */
  get alive(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /** shutdown + exit; resolves with the server's exit code (null if it had to be killed). */
  async stop(timeoutMs = 5_000): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.proc.once('exit', (code) => resolve(code)));
    const timer = setTimeout(() => this.proc.kill(), timeoutMs); // a server stuck on its main thread never answers shutdown
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), exited]);
      if (this.alive) await this.conn.sendNotification('exit');
    } catch {
      // the server is gone already; its exit code says how
    }
    const code = this.proc.exitCode ?? (await exited);
    clearTimeout(timer);
    this.conn.dispose();
    fs.rmSync(this.root, { recursive: true, force: true });
    return code;
  }

  private notify(): void {
    const listeners = this.listeners;
    this.listeners = [];
    for (const l of listeners) l();
  }
}
