// A language server over stdio for the benchmark: starts it, answers what servers ask of a client, records
// when each publishDiagnostics arrived, and sends one-character edits as incremental didChange.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import rpc from 'vscode-jsonrpc/node.js';

export class LspSession {
  /** @param {string[]} command  @param {string} root  @param {Record<string, unknown>} settings by section */
  static async start(command, root, settings = {}) {
    const started = performance.now();
    const proc = spawn(command[0], command.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    const session = new LspSession(proc, root, started, settings);
    await session.initialize(settings);
    return session;
  }

  constructor(proc, root, started, settings) {
    this.proc = proc;
    this.root = root;
    this.started = started;
    this.stderr = '';
    /** @type {{ uri: string, version?: number, diagnostics: unknown[], at: number }[]} */
    this.publishes = [];
    this.waiters = [];
    this.versions = new Map();
    this.texts = new Map();
    proc.stderr.on('data', (d) => (this.stderr += String(d)));
    this.conn = rpc.createMessageConnection(new rpc.StreamMessageReader(proc.stdout), new rpc.StreamMessageWriter(proc.stdin));
    this.conn.onNotification('textDocument/publishDiagnostics', (p) => {
      const entry = { ...p, at: performance.now() };
      this.publishes.push(entry);
      this.waiters = this.waiters.filter((w) => !w(entry));
    });
    this.conn.onNotification(() => {});
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('workspace/codeLens/refresh', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onRequest('workspace/configuration', (p) => p.items.map((i) => settings[i.section ?? ''] ?? null));
    this.conn.listen();
  }

  async initialize(settings) {
    const rootUri = pathToFileURL(this.root).href;
    await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'bench' }],
      initializationOptions: {},
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: { synchronization: { dynamicRegistration: true }, publishDiagnostics: { relatedInformation: true, versionSupport: true } },
      },
    });
    await this.conn.sendNotification('initialized', {});
    if (Object.keys(settings).length > 0) await this.conn.sendNotification('workspace/didChangeConfiguration', { settings });
  }

  uri(relative) {
    return pathToFileURL(path.join(this.root, relative)).href;
  }

  /** Resolves with the first publish (from now on) that satisfies `ok`. */
  next(ok, what, timeoutMs = 120_000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}\n${this.stderr.slice(-2000)}`)), timeoutMs);
      this.waiters.push((p) => {
        if (!ok(p)) return false;
        clearTimeout(timer);
        resolve(p);
        return true;
      });
    });
  }

  open(relative) {
    const text = fs.readFileSync(path.join(this.root, relative), 'utf8');
    this.versions.set(relative, 1);
    this.texts.set(relative, text);
    void this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: this.uri(relative), languageId: 'yaml', version: 1, text } });
    return 1;
  }

  text(relative) {
    return this.texts.get(relative);
  }

  /** Replaces the character at `offset` with `char`; returns the new version. */
  replaceChar(relative, offset, char) {
    const text = this.texts.get(relative);
    const before = text.slice(0, offset);
    const line = before.split('\n').length - 1;
    const character = offset - (before.lastIndexOf('\n') + 1);
    this.texts.set(relative, before + char + text.slice(offset + 1));
    const version = this.versions.get(relative) + 1;
    this.versions.set(relative, version);
    void this.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: this.uri(relative), version },
      contentChanges: [{ range: { start: { line, character }, end: { line, character: character + 1 } }, text: char }],
    });
    return version;
  }

  /** Resident set size of the server process, in MB (Linux /proc). */
  rssMB() {
    try {
      const status = fs.readFileSync(`/proc/${this.proc.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
      return Number.isFinite(kb) ? kb / 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  async stop() {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 5000))]);
      void this.conn.sendNotification('exit');
    } catch {
      // already gone
    }
    await Promise.race([new Promise((r) => this.proc.once('exit', r)), new Promise((r) => setTimeout(r, 3000))]);
    if (this.proc.exitCode === null) this.proc.kill();
    this.conn.dispose();
  }
}
