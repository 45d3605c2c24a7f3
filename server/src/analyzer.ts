// Whole-workspace analysis: manifests grouped by their nearest .eni-lens.yaml (as the CLI groups them),
// each group analysed with its config. Parses are cached per file revision and a group is re-analysed
// only when one of its files or its config changed, incrementally: only the workloads an edit can affect.
import fs from 'node:fs';
import path from 'node:path';
import { URI } from 'vscode-uri';
import {
  compareStrings,
  CONFIG_FILE_NAME,
  defaultConfig,
  isKustomizationFile,
  joinPath,
  KUSTOMIZATION_FILE_NAMES,
  MAX_FILE_BYTES,
  namedFiles,
  parseConfig,
  parseOptionsFor,
  parseSource,
  type Analysis,
  type ConfigResult,
  type Finding,
  type ParsedSource,
} from '../../shared';
import {
  defaultJobs,
  instanceDataStamp,
  parseInWorkers,
  readInstanceData,
  readInWorkers,
  readRegularFile,
  readRegularFileSync,
  skippedBecause,
  unreadableConfig,
  type PoolOptions,
  type ReadOutcome,
} from '../../shared/node';
import { IncrementalAnalyzer, releaseTrees } from '../../shared/editor';
import { holdPacked, isPacked, PackedText, unpack } from './packedText';
import type { BulkReader, IndexedFile } from './workspaceIndex';

/** Below this much text to parse, a pool of worker threads costs more to start than it saves. */
const POOL_MIN_CHARS = 1024 * 1024;
/** From this many files a cold start's scan reads them in worker threads (their size is not known before). */
const POOL_MIN_FILES = 200;

export interface ConfigSource {
  uri: string;
  text: string;
  /** Why the config was not read (above the size limit, a FIFO, a device): a config error says so. */
  unread?: Exclude<ReadOutcome, { text: string }>;
}

export interface Group {
  /** Canonical URI of the group's .eni-lens.yaml; undefined for files with none (defaults apply). */
  configUri?: string;
  config: ConfigResult;
  analysis: Analysis;
  files: string[];
}

export interface WorkspaceAnalysis {
  groups: Group[];
  groupOf: Map<string, Group>;
  /** What each file shows: findings and config errors; a group with config errors shows only those, as the CLI does. */
  findingsByFile: Map<string, Finding[]>;
}

export interface AnalyzerInputs {
  entries: IndexedFile[];
  /** The nearest config file (a path) for a manifest path. */
  configPathFor: (fsPath: string) => string | undefined;
  /** The text of a config file: the open document, the indexed copy, or disk. */
  readConfig: (fsPath: string) => ConfigSource | undefined;
  /** Replaced whenever `configPathFor` may answer otherwise for a path (configs or folders came or went). */
  configsStamp?: object;
}

export class Analyzer {
  private parsed = new Map<string, { revision: number; source: ParsedSource }>();
  /** Parses a cold start's scan made in worker threads (scanReader), by URI, until prime takes them. */
  private primed = new Map<string, ParsedSource>();
  /** Parses of every kind (see parseOptionsFor): kustomizations and the files they name. */
  private parsedWhole = new Map<string, { revision: number; source: ParsedSource }>();
  private configs = new Map<string, { text: string; parsed: ConfigResult; stamp?: string; result?: ConfigResult }>();
  /** Read the files configs name with `instanceData`; off in an untrusted workspace. */
  readInstanceData = true;
  private groups = new Map<string, GroupRun>();
  /** Node lists configs name with `nodes:`, parsed once per version on disk. */
  private nodeLists = new Map<string, { stamp: string; source: ParsedSource }>();
  private incremental = new Map<string, IncrementalAnalyzer>();
  /** One object, so the incremental analysis of files without a config sees the same config each time. */
  private readonly defaults: ConfigResult = { config: defaultConfig(), errors: [] };
  /** The last run's files by config, as places in its entries: typing changes a text, not where a file belongs. */
  private grouping?: { uris: string[]; stamp?: object; members: Array<[configPath: string, at: number[]]> };

  run({ entries, configPathFor, readConfig, configsStamp }: AnalyzerInputs): WorkspaceAnalysis {
    const members = this.members(entries, configPathFor, configsStamp);
    let byUri: Map<string, IndexedFile> | undefined;
    const lookup = () => (byUri ??= new Map(entries.map((e) => [e.uri, e])));
    const groups: Group[] = [];
    const fresh = new Map<string, GroupRun>();
    for (const [configPath, files] of members) {
      const source = configPath ? readConfig(configPath) : undefined;
      const config = source ? this.config(source) : this.defaults;
      if (config.config.kustomize !== false) this.addKustomizeInputs(files, lookup);
      files.sort((a, b) => compareStrings(a.uri, b.uri));
      const rendered = config.config.kustomize !== false ? namedFiles(files.filter((f) => isKustomizationFile(f.uri)).map((f) => this.parse(f))) : new Set<string>();
      const revisions = files.map((f) => f.revision);
      const cached = this.groups.get(configPath);
      const nodeList = configPath ? this.nodeList(config, configPath, files) : undefined;
      const unchanged =
        cached &&
        cached.configText === source?.text &&
        !source?.unread &&
        cached.group.config === config &&
        sameFiles(cached, files, revisions) &&
        cached.nodesStamp === nodeList?.stamp;
      let parsed = cached?.parsed;
      const sources = () => {
        parsed = this.parseAll(files, rendered, cached?.parsed);
        return nodeList ? [...parsed.sources, nodeList.source] : parsed.sources;
      };
      const group = unchanged
        ? cached.group
        : { configUri: source?.uri, config, analysis: this.incrementalFor(configPath).analyze(sources(), config.config), files: files.map((f) => f.uri) };
      fresh.set(configPath, { configText: source?.text, files, revisions, nodesStamp: nodeList?.stamp, group, parsed });
      groups.push(group);
    }
    this.groups = fresh;
    for (const key of this.incremental.keys()) if (!fresh.has(key)) this.incremental.delete(key);
    return collect(groups);
  }

  /**
   * Manifests by the config path that governs them ('' for none; every config file has its entry), in
   * entry order. The same files as last time, and no config or folder moved: last time's places (no
   * look-up per path per keystroke); else looked up, and parses of files gone are let go of.
   */
  private members(entries: IndexedFile[], configPathFor: (fsPath: string) => string | undefined, stamp: object | undefined): Map<string, IndexedFile[]> {
    const filesAt = (members: Array<[string, number[]]>) => new Map(members.map(([key, at]) => [key, at.map((i) => entries[i])]));
    const last = this.grouping;
    if (last && stamp !== undefined && last.stamp === stamp && last.uris.length === entries.length && entries.every((e, i) => e.uri === last.uris[i])) {
      return filesAt(last.members);
    }
    const places = new Map<string, number[]>();
    entries.forEach((e, i) => {
      if (path.basename(e.fsPath) === CONFIG_FILE_NAME) {
        if (!places.has(e.fsPath)) places.set(e.fsPath, []);
        return;
      }
      const key = configPathFor(e.fsPath) ?? '';
      const list = places.get(key);
      if (list) list.push(i);
      else places.set(key, [i]);
    });
    this.grouping = { uris: entries.map((e) => e.uri), stamp, members: [...places] };
    const live = new Set(this.grouping.uris);
    for (const cache of [this.parsed, this.parsedWhole]) for (const uri of cache.keys()) if (!live.has(uri)) cache.delete(uri);
    return filesAt(this.grouping.members);
  }

  /**
   * The node list a config names with `nodes:` (kubectl get nodes -o yaml|json), read from disk like the
   * instanceData file (not in an untrusted workspace); undefined when none, unreadable, or among the group's files.
   */
  private nodeList(config: ConfigResult, configPath: string, files: IndexedFile[]): { stamp: string; source: ParsedSource } | undefined {
    const nodes = config.config.nodes;
    if (!nodes || !this.readInstanceData) return undefined;
    const fsPath = path.resolve(path.dirname(configPath), nodes.value);
    if (files.some((f) => f.fsPath === fsPath)) return undefined;
    const stat = fs.statSync(fsPath, { throwIfNoEntry: false });
    if (!stat?.isFile()) return undefined;
    const stamp = `${fsPath}\0${stat.mtimeMs}\0${stat.size}`;
    let hit = this.nodeLists.get(fsPath);
    if (!hit || hit.stamp !== stamp) {
      // Read as every manifest is: a regular file, the byte limit enforced while reading.
      const read = readRegularFileSync(fsPath, MAX_FILE_BYTES);
      if (!('text' in read)) return undefined;
      hit = { stamp, source: parseSource({ file: URI.file(fsPath).toString(), text: read.text }) };
      this.nodeLists.set(fsPath, hit);
    }
    return hit;
  }

  /**
   * The files a group's kustomizations name that sit under another config (an overlay with its own
   * .eni-lens.yaml over a shared base) join the group, as the CLI's do: kustomize build reads them.
   */
  private addKustomizeInputs(files: IndexedFile[], lookup: () => Map<string, IndexedFile>): void {
    const queue = files.filter((f) => isKustomizationFile(f.uri));
    if (queue.length === 0) return;
    const byUri = lookup();
    const member = new Set(files.map((f) => f.uri));
    while (queue.length > 0) {
      const k = queue.shift()!;
      for (const named of namedFiles([this.parse(k)])) {
        for (const candidate of [named, ...KUSTOMIZATION_FILE_NAMES.map((n) => joinPath(named, n))]) {
          const e = byUri.get(candidate);
          if (!e || member.has(e.uri) || path.basename(e.fsPath) === CONFIG_FILE_NAME) continue;
          member.add(e.uri);
          files.push(e);
          if (isKustomizationFile(e.uri)) queue.push(e);
        }
      }
    }
  }

  /**
   * A cold start's reader (see WorkspaceIndex.scan): worker threads read the files and parse those prime
   * would send them, kept for prime to take; this thread reads the kustomizations first (to know what they
   * name: those files are read there but parsed whole by run()). Reads nothing where the pool is not worth it.
   */
  scanReader(options: Omit<PoolOptions, 'jobs'> & { jobs?: number }): BulkReader {
    return async (files) => {
      const jobs = options.jobs ?? (files.length >= POOL_MIN_FILES ? defaultJobs() : 1);
      if (jobs <= 1) return [];
      const uris = files.map((f) => URI.file(f.fsPath).toString());
      const out: Array<ReadOutcome | undefined> = new Array(files.length).fill(undefined);
      const kustomizations: ParsedSource[] = [];
      for (let i = 0; i < files.length; i++) {
        if (!isKustomizationFile(uris[i])) continue;
        const read = await readRegularFile(files[i].fsPath, MAX_FILE_BYTES, files[i].within);
        out[i] = read;
        if ('text' in read) kustomizations.push(parseSource({ file: uris[i], text: read.text }, undefined, { allKinds: true }));
      }
      const rendered = namedFiles(kustomizations);
      const todo = files.flatMap((_, i) => (out[i] ? [] : [i]));
      const started = performance.now();
      const results = await readInWorkers(
        todo.map((i) => ({
          path: files[i].fsPath,
          file: uris[i],
          within: files[i].within,
          parse: path.basename(files[i].fsPath) !== CONFIG_FILE_NAME && !parseOptionsFor(uris[i], rendered).allKinds,
        })),
        { ...options, jobs },
      ).results;
      results.forEach((r, k) => {
        if (!r) return;
        out[todo[k]] = r.read;
        if (r.parsed) this.primed.set(uris[todo[k]], r.parsed);
      });
      const read = results.filter((r) => r !== undefined).length;
      if (read > 0) options.log?.(`read ${read} files in worker threads in ${(performance.now() - started).toFixed(1)} ms`);
      return out;
    };
  }

  /**
   * The cold start's parse on the machine's cores: every closed file not parsed at its revision yet, but
   * those kustomize renders (parsed whole by run(), as the CLI parses them), parsed in worker threads; only
   * their findings and facts reach this heap. Open documents are parsed by run() as they always are, so
   * typing in them reuses their trees from the first keystroke.
   */
  /** Returns how many files the workers parsed. */
  async prime(entries: IndexedFile[], options: Omit<PoolOptions, 'jobs'> & { jobs?: number }): Promise<number> {
    const kustomizations = entries.filter((e) => isKustomizationFile(e.uri));
    const rendered = namedFiles(kustomizations.map((e) => this.parse(e)));
    // Parsed while the scan read them (scanReader): taken where the text is the one indexed.
    let adopted = 0;
    for (const e of entries) {
      const source = this.primed.get(e.uri);
      if (!source || e.version !== undefined || source.text !== (e.text.charCodeAt(0) === 0xfeff ? e.text.slice(1) : e.text)) continue;
      if (parseOptionsFor(e.uri, rendered).allKinds || this.parsed.get(e.uri)?.revision === e.revision) continue;
      this.parsed.set(e.uri, { revision: e.revision, source });
      adopted++;
    }
    this.primed.clear();
    const todo = entries.filter(
      (e) =>
        e.version === undefined && path.basename(e.fsPath) !== CONFIG_FILE_NAME && !parseOptionsFor(e.uri, rendered).allKinds && this.parsed.get(e.uri)?.revision !== e.revision,
    );
    let chars = 0;
    for (const e of todo) chars += e.text.length;
    const jobs = options.jobs ?? (chars >= POOL_MIN_CHARS ? defaultJobs() : 1);
    if (jobs <= 1 || todo.length === 0) return adopted;
    const results = await parseInWorkers(
      todo.map((e) => ({ file: e.uri, text: e.text, size: e.size, unreadable: e.unreadable && skippedBecause(e.unreadable, e.folder ? 'folder' : 'file') })),
      { ...options, jobs },
    );
    let parsed = adopted;
    results.forEach((source, i) => {
      if (!source) return;
      this.parsed.set(todo[i].uri, { revision: todo[i].revision, source });
      parsed++;
    });
    return parsed;
  }

  /**
   * Keeps a closed file's text deflated (see PackedText), in its entry and its parse, once the file is parsed
   * as it is now; not configs, kustomizations and the files they render (read again at each render).
   */
  packText(e: IndexedFile): { chars: number; bytes: number } | undefined {
    const hit = this.parsed.get(e.uri);
    if (e.version !== undefined || hit?.revision !== e.revision || this.parsedWhole.has(e.uri) || isKustomizationFile(e.uri) || isPacked(e)) return undefined;
    const packed = PackedText.of(e.text);
    if (!packed) return undefined;
    const { source } = hit;
    if (source.text === e.text) holdPacked(source, packed);
    else {
      const own = PackedText.of(source.text); // without the byte order mark the file starts with
      if (own) holdPacked(source, own);
    }
    const chars = e.text.length;
    holdPacked(e, packed);
    return { chars, bytes: packed.bytes.length };
  }

  private incrementalFor(configPath: string): IncrementalAnalyzer {
    let analyzer = this.incremental.get(configPath);
    if (!analyzer) this.incremental.set(configPath, (analyzer = new IncrementalAnalyzer()));
    return analyzer;
  }

  /**
   * Every file parsed (see parse); an entry that is the same object as last time, with the same files
   * rendered, keeps last time's parse without a look-up (typing replaces one entry of thousands).
   */
  private parseAll(files: IndexedFile[], rendered: ReadonlySet<string>, last: GroupRun['parsed']): NonNullable<GroupRun['parsed']> {
    const same = last !== undefined && last.files.length === files.length && sameSet(last.rendered, rendered);
    const sources = files.map((f, i) => (same && last.files[i] === f ? last.sources[i] : this.parse(f, rendered)));
    return { files: files.slice(), rendered, sources };
  }

  /** The file parsed as the CLI parses it: `rendered`, the files the group's kustomizations name (see parseOptionsFor). */
  private parse(e: IndexedFile, rendered: ReadonlySet<string> = new Set()): ParsedSource {
    const options = parseOptionsFor(e.uri, rendered);
    const cache = options.allKinds ? this.parsedWhole : this.parsed;
    const hit = cache.get(e.uri);
    let source: ParsedSource;
    if (hit && hit.revision === e.revision) source = hit.source;
    else {
      if (hit) unpack(hit.source);
      // Reuses the trees of unchanged documents.
      source = parseSource(
        { file: e.uri, text: e.text, size: e.size, unreadable: e.unreadable && skippedBecause(e.unreadable, e.folder ? 'folder' : 'file') },
        hit?.source,
        options,
      );
      cache.set(e.uri, { revision: e.revision, source });
    }
    // Closed files keep only their facts; open ones keep their trees for hovers, code actions and completion.
    if (e.version === undefined && source.documents.length > 0) releaseTrees(source);
    return source;
  }

  private config(source: ConfigSource): ConfigResult {
    if (source.unread) return unreadableConfig(source.uri, source.unread);
    let hit = this.configs.get(source.uri);
    if (!hit || hit.text !== source.text) {
      hit = { text: source.text, parsed: parseConfig(source.text, source.uri) };
      this.configs.set(source.uri, hit);
    }
    const fsPath = URI.parse(source.uri).fsPath;
    const stamp = this.readInstanceData ? instanceDataStamp(hit.parsed.config, fsPath) : 'not read';
    if (!hit.result || hit.stamp !== stamp) {
      hit.stamp = stamp;
      hit.result = this.readInstanceData
        ? onConfig(
            readInstanceData(hit.parsed, fsPath, (p) => URI.file(p).toString()),
            source.uri,
          )
        : hit.parsed;
    }
    return hit.result;
  }
}

interface GroupRun {
  configText?: string;
  files: IndexedFile[];
  revisions: number[];
  nodesStamp?: string;
  group: Group;
  /** The files' parses when the group was last analysed, by place (see parseAll). */
  parsed?: { files: IndexedFile[]; rendered: ReadonlySet<string>; sources: ParsedSource[] };
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

function sameFiles(cached: { files: IndexedFile[]; revisions: number[] }, files: IndexedFile[], revisions: number[]): boolean {
  if (cached.files.length !== files.length) return false;
  for (let i = 0; i < files.length; i++) if (cached.files[i].uri !== files[i].uri || cached.revisions[i] !== revisions[i]) return false;
  return true;
}

function collect(groups: Group[]): WorkspaceAnalysis {
  const groupOf = new Map<string, Group>();
  const findingsByFile = new Map<string, Finding[]>();
  const add = (f: Finding) => {
    const list = findingsByFile.get(f.file);
    if (list) list.push(f);
    else findingsByFile.set(f.file, [f]);
  };
  for (const g of groups) {
    for (const f of g.files) groupOf.set(f, g);
    if (g.configUri) groupOf.set(g.configUri, g);
    if (g.config.errors.length > 0) g.config.errors.forEach(add);
    else g.analysis.findings.forEach(add);
  }
  return { groups, groupOf, findingsByFile };
}

export function configUriOf(fsPath: string): string {
  return URI.file(fsPath).toString();
}

/**
 * Errors in the instanceData file shown on the config's `instanceData` line: the data file is JSON the
 * editor may not even have open, and the config is what names it.
 */
function onConfig(result: ConfigResult, configUri: string): ConfigResult {
  const at = result.config.instanceData?.range;
  if (!at || result.errors.every((e) => e.file === configUri)) return result;
  const errors = result.errors.map((e) =>
    e.file === configUri ? e : { ...e, file: configUri, range: at, message: `${configUri}:${at.start.line + 1}: instanceData: ${e.message}` },
  );
  return { ...result, errors };
}
