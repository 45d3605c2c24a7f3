// Every .yaml/.yml file of the workspace folders (manifests and .eni-lens.yaml), with open documents
// overriding what is on disk. Each text change gets a new revision, which keys the parse cache.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { URI } from 'vscode-uri';
import { isYamlFileName, MAX_FILE_BYTES } from '../../shared';
import { failure, isInside, NO_SUCH_FILE, readRegularFile, type ReadOutcome } from '../../shared/node';
import { DEFAULT_SETTINGS, type FolderSettings } from './settings';

export interface Folder {
  uri: string;
  fsPath: string;
}

export interface IndexedFile {
  /** Canonical URI string: the name findings carry. */
  uri: string;
  fsPath: string;
  text: string;
  revision: number;
  /** Set while the document is open in the editor. */
  version?: number;
  /** Bytes on disk, set for a file too large to read: the engine reports it skipped, as the CLI does. */
  size?: number;
  /** Why the file was not read ("it is a FIFO (named pipe), not a regular file"): the engine reports it skipped. */
  unreadable?: string;
  /** The entry is a folder that could not be read (`unreadable` says why), reported as the CLI reports it. */
  folder?: boolean;
}

/**
 * Reads many files at once (the cold start: in worker threads, see Analyzer.scanReader), each as
 * readRegularFile would (`within`: its workspace folder); undefined for one it did not read.
 */
export type BulkReader = (files: Array<{ fsPath: string; within?: string }>) => Promise<Array<ReadOutcome | undefined>>;

const ALWAYS_SKIPPED = new Set(['node_modules', '.git']);
const READ_CONCURRENCY = 32;
/**
 * Folders one scan reads at most: a workspace folder at the file system root (or a home) must not keep the
 * server scanning for minutes. Files beyond are seen when opened or changed.
 */
export const MAX_SCAN_FOLDERS = 50_000;
/** Virtual file systems, never manifests: skipped when a workspace folder holds them. */
const VIRTUAL_ROOTS = new Set(['/proc', '/sys', '/dev']);

/** One spelling per file: clients differ in how they percent-encode (`c:` vs `c%3A`). */
export function canonicalUri(uri: string): string {
  try {
    return URI.parse(uri).toString();
  } catch {
    return uri;
  }
}

export class WorkspaceIndex {
  private folders: Folder[] = [];
  private settings = new Map<string, FolderSettings>();
  private disk = new Map<string, IndexedFile>();
  private open = new Map<string, IndexedFile>();
  /** Canonical URI → the spelling the client used, for everything sent back. */
  private clientUris = new Map<string, string>();
  private revision = 0;
  /** What `entries()` returns until something changes: typing must not cost a pass over every path. */
  private snapshot: IndexedFile[] | undefined;
  private excluded = new Map<string, boolean>();
  /** Folders the last walks could not read, and why: each is an entry the engine reports skipped. */
  private unreadFolders = new Map<string, string>();

  constructor(private readonly log: (message: string) => void) {}

  setFolders(uris: string[]): void {
    this.changed(true);
    this.folders = uris
      .map((u) => URI.parse(u))
      .filter((u) => u.scheme === 'file')
      .map((u) => ({ uri: u.toString(), fsPath: u.fsPath }));
  }

  getFolders(): readonly Folder[] {
    return this.folders;
  }

  setSettings(folderUri: string, settings: FolderSettings): void {
    this.changed(true);
    this.settings.set(canonicalUri(folderUri), settings);
  }

  settingsFor(uri: string): FolderSettings {
    const folder = this.folderOf(URI.parse(uri).fsPath);
    return (folder && this.settings.get(folder.uri)) ?? this.settings.values().next().value ?? DEFAULT_SETTINGS;
  }

  folderOf(fsPath: string): Folder | undefined {
    let best: Folder | undefined;
    for (const f of this.folders) {
      // isInside, not `rel.startsWith('..')`: `..data/` (Kubernetes' ConfigMap mounts) is inside the folder.
      if (isInside(fsPath, f.fsPath) && (!best || f.fsPath.length > best.fsPath.length)) best = f;
    }
    return best;
  }

  /** Excluded by the settings of its folder, or inside node_modules/.git. Files outside every folder are not excluded. */
  isExcluded(fsPath: string): boolean {
    let excluded = this.excluded.get(fsPath);
    if (excluded === undefined) this.excluded.set(fsPath, (excluded = this.computeExcluded(fsPath)));
    return excluded;
  }

  private computeExcluded(fsPath: string): boolean {
    const folder = this.folderOf(fsPath);
    if (!folder) return false;
    const rel = path.relative(folder.fsPath, fsPath).split(path.sep).join('/');
    if (rel.split('/').some((s) => ALWAYS_SKIPPED.has(s))) return true;
    return (this.settings.get(folder.uri) ?? DEFAULT_SETTINGS).isExcluded(rel);
  }

  /** Reads every YAML file of the folders from disk, replacing what was read before. */
  async scan(bulk?: BulkReader): Promise<number> {
    const files: string[] = [];
    for (const folder of this.folders) {
      if (isTooWide(folder.fsPath)) {
        this.log(
          `not scanning ${folder.uri}: it is the file system root or the home folder, which hold far more than one project; open a repository folder (files opened here are still analysed)`,
        );
        continue;
      }
      const budget = { folders: MAX_SCAN_FOLDERS };
      await this.walk(folder.fsPath, files, budget);
      if (budget.folders < 0) this.log(`stopped scanning ${folder.uri}: more than ${MAX_SCAN_FOLDERS} folders; files beyond them are read when opened or changed`);
    }
    const fresh = new Map<string, IndexedFile>();
    // The first scan (a cold start) may be read by `bulk`; what it did not read is read here.
    const toRead = files.filter((f) => !this.unreadFolders.has(f));
    const given = bulk && this.disk.size === 0 ? await bulk(toRead.map((fsPath) => ({ fsPath, within: this.folderOf(fsPath)?.fsPath }))) : undefined;
    const read = new Map<string, ReadOutcome>();
    given?.forEach((outcome, i) => outcome && read.set(toRead[i], outcome));
    for (let i = 0; i < files.length; i += READ_CONCURRENCY) {
      const batch = await Promise.all(files.slice(i, i + READ_CONCURRENCY).map((f) => this.readEntry(f, read.get(f))));
      for (const e of batch) if (e) fresh.set(e.uri, e);
    }
    this.disk = fresh;
    this.changed();
    return fresh.size;
  }

  private async walk(dir: string, out: string[], budget = { folders: MAX_SCAN_FOLDERS }): Promise<void> {
    if (--budget.folders < 0 || VIRTUAL_ROOTS.has(dir)) return;
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (err) {
      this.log(`not reading the folder ${dir}: ${(err as Error).message}`);
      const { problem } = failure(err, dir);
      if (problem !== NO_SUCH_FILE) {
        this.unreadFolders.set(dir, problem);
        out.push(dir);
      }
      return;
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (this.isExcluded(full)) continue;
      if (e.isDirectory()) await this.walk(full, out, budget);
      else if (isYamlFileName(e.name)) out.push(full); // FIFOs, devices and symlinks too: readEntry names what they are
    }
  }

  /** `given`: the file as read already (see BulkReader). */
  private async readEntry(fsPath: string, given?: ReadOutcome): Promise<IndexedFile | undefined> {
    const uri = URI.file(fsPath).toString();
    const previous = this.disk.get(uri);
    const unreadFolder = this.unreadFolders.get(fsPath);
    if (unreadFolder !== undefined) {
      this.unreadFolders.delete(fsPath);
      const revision = previous?.folder && previous.unreadable === unreadFolder ? previous.revision : ++this.revision;
      return { uri, fsPath, text: '', unreadable: unreadFolder, folder: true, revision };
    }
    const read = given ?? (await readRegularFile(fsPath, MAX_FILE_BYTES, this.folderOf(fsPath)?.fsPath));
    if ('tooLarge' in read) {
      this.log(`not reading ${fsPath}: ${read.tooLarge} bytes or more, above the ${MAX_FILE_BYTES}-byte limit for manifests`);
      const revision = previous?.size === read.tooLarge ? previous.revision : ++this.revision;
      return { uri, fsPath, text: '', size: read.tooLarge, revision };
    }
    if ('problem' in read) {
      if (read.problem === NO_SUCH_FILE) return undefined; // gone (a delete the watcher reports next)
      this.log(`not reading ${fsPath}: ${read.problem}`);
      const revision = previous?.unreadable === read.problem ? previous.revision : ++this.revision;
      return { uri, fsPath, text: '', unreadable: read.problem, revision };
    }
    const { text } = read;
    return { uri, fsPath, text, revision: previous?.text === text && previous.size === undefined && previous.unreadable === undefined ? previous.revision : ++this.revision };
  }

  /**
   * Reads every YAML file under a folder that appeared (a folder renamed or copied in arrives as one Created
   * event for the folder); true when any was read.
   */
  async addFolder(uri: string): Promise<boolean> {
    const fsPath = URI.parse(canonicalUri(uri)).fsPath;
    if (this.folderOf(fsPath) === undefined || this.isExcluded(fsPath)) return false;
    const stat = await fs.stat(fsPath).catch(() => undefined);
    if (!stat?.isDirectory()) return false;
    const files: string[] = [];
    await this.walk(fsPath, files);
    let changed = false;
    for (const f of files) changed = (await this.reload(URI.file(f).toString())) || changed;
    return changed;
  }

  /** Re-reads one file after a watcher event; true when what the analysis sees changed. */
  async reload(uri: string): Promise<boolean> {
    const key = canonicalUri(uri);
    const fsPath = URI.parse(key).fsPath;
    const inWorkspace = this.folderOf(fsPath) !== undefined && !this.isExcluded(fsPath) && (isYamlFileName(fsPath) || this.unreadFolders.has(fsPath));
    const entry = inWorkspace ? await this.readEntry(fsPath) : undefined;
    const previous = this.disk.get(key);
    if (entry) this.disk.set(key, entry);
    else this.disk.delete(key);
    this.changed();
    if (this.open.has(key)) return false;
    return previous?.revision !== entry?.revision;
  }

  /** Forgets a deleted file, or every file under a deleted folder. */
  remove(uri: string): boolean {
    const key = canonicalUri(uri);
    let changed = this.disk.delete(key);
    const prefix = key.endsWith('/') ? key : `${key}/`;
    for (const k of [...this.disk.keys()]) if (k.startsWith(prefix)) changed = this.disk.delete(k) || changed;
    this.changed();
    return changed;
  }

  setOpen(clientUri: string, text: string, version: number): string | undefined {
    const key = canonicalUri(clientUri);
    const parsed = URI.parse(key);
    if (typeof text !== 'string' || parsed.scheme !== 'file' || !isYamlFileName(parsed.path)) return undefined;
    this.clientUris.set(key, clientUri);
    const shown = this.open.get(key);
    const previous = shown ?? this.disk.get(key);
    const entry = { uri: key, fsPath: parsed.fsPath, text, version, revision: previous?.text === text ? previous.revision : ++this.revision };
    this.open.set(key, entry);
    // Typing in an open document changes its entry only: replaced in the snapshot, not rebuilt from every path.
    const at = shown && this.snapshot ? this.snapshot.indexOf(shown) : -1;
    if (at >= 0) {
      this.snapshot = [...this.snapshot!];
      this.snapshot[at] = entry;
    } else this.changed();
    return key;
  }

  /** The document is closed: its disk copy (re-read, as unsaved edits are gone) takes over again. */
  async close(clientUri: string): Promise<string> {
    const key = canonicalUri(clientUri);
    this.open.delete(key);
    this.changed();
    await this.reload(key);
    this.clientUris.delete(key);
    return key;
  }

  /** What the analysis reads: open documents over disk, without excluded files. */
  entries(): IndexedFile[] {
    if (!this.snapshot) {
      const out = new Map(this.disk);
      for (const [k, e] of this.open) out.set(k, e);
      this.snapshot = [...out.values()].filter((e) => !this.isExcluded(e.fsPath));
    }
    return this.snapshot;
  }

  private changed(settings = false): void {
    this.snapshot = undefined;
    if (settings) this.excluded.clear();
  }

  get(uri: string): IndexedFile | undefined {
    const key = canonicalUri(uri);
    const e = this.open.get(key) ?? this.disk.get(key);
    return e && !this.isExcluded(e.fsPath) ? e : undefined;
  }

  toClient(uri: string): string {
    return this.clientUris.get(uri) ?? uri;
  }
}

/** The file system root or the home folder: scanning one would read every YAML file of the machine or the user. */
function isTooWide(fsPath: string): boolean {
  const p = path.resolve(fsPath);
  return path.parse(p).root === p || p === path.resolve(os.homedir());
}
