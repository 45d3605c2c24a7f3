// What `check` and `report` share: the files under PATHs (and '-' for stdin), grouped by their nearest
// .eni-lens.yaml (or one --config), each group analysed with its config.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  analyze,
  isKustomizationFile,
  namedFiles,
  parseOptionsFor,
  parseSource,
  prebuiltKustomizations,
  type Analysis,
  type ParsedSource,
  type Prepared,
  type SourceFile,
} from '../shared';
import {
  collectManifestFiles,
  configCeiling,
  defaultJobs,
  findConfigFile,
  groupByNearestConfig,
  isInside,
  loadConfigFile,
  parseInWorkers,
  readInWorkers,
  sameFileAs,
  type ReadItem,
  type ReadResult,
  writeRegularFileSync,
} from '../shared/node';
import { showControls } from '../shared';
import { displayPath } from './displayPath';
import { withKustomizeInputs } from './kustomizeInputs';
import { readManifest } from './readManifest';

export type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream };

export interface AnalysedGroup {
  /** The files read (the config first, if any), as paths: what --output must not overwrite. */
  inputs: string[];
  /** The config file as the user would write its path; undefined when defaults apply. */
  configFile?: string;
  sources: SourceFile[];
  analysis: Analysis;
}

/** The analysed groups, or exit code 2 after a message on stderr (missing path or config, config errors). */
export interface AnalyzeOptions {
  /** A node list (kubectl get nodes -o yaml|json) every group is analysed with; else a config's `nodes:`. */
  nodes?: string;
  /** false (--no-kustomize): kustomizations are not rendered, whatever the config says. */
  kustomize?: boolean;
  /** Threads that parse (--jobs): 1 parses in this thread; default: the pool (see jobsFor). */
  jobs?: number;
}

/** Below this much text a pool costs more to start than it saves. */
const POOL_MIN_CHARS = 1024 * 1024;
/** From this many files the pool reads them (their size is not known before): fewer are read here, then sized. */
const POOL_MIN_FILES = 200;

/** The threads to parse with: --jobs, else the pool for inputs worth it. */
function jobsFor(sources: SourceFile[], jobs: number | undefined): number {
  if (jobs !== undefined) return jobs;
  let chars = 0;
  for (const s of sources) chars += s.text.length;
  return chars >= POOL_MIN_CHARS ? defaultJobs() : 1;
}

const WORKER_FILE = path.join(__dirname, 'parseWorker.js');

/**
 * The files of a group parsed in worker threads, with the kustomizations already read: every file but
 * those kustomize renders (parsed whole in this thread, see parseOptionsFor), by shown name.
 */
async function parsedInPool(sources: SourceFile[], rendered: ReadonlySet<string>, jobs: number): Promise<Map<string, ParsedSource> | undefined> {
  if (jobs <= 1) return undefined;
  const plain = sources.filter((s) => !parseOptionsFor(s.file, rendered).allKinds);
  const parsed = new Map<string, ParsedSource>();
  const results = await parseInWorkers(plain, { jobs, workerFile: WORKER_FILE, keep: true });
  for (const r of results) if (r) parsed.set(r.file, r);
  return parsed;
}

/** A group's files read, and what was parsed and built on the way, for analyze. */
interface ReadGroup {
  files: string[];
  sources: SourceFile[];
  prepared: Prepared;
}

/**
 * Many files: the workers read and parse every manifest but the kustomizations, while this thread reads
 * the kustomizations, follows what they name (those files it reads and parses whole itself, and builds the
 * kustomizations: rendering needs their trees; the workers skip them if they have not reached them yet),
 * then takes the workers' results. A file no worker read (one failed) is read here, and analyze parses
 * whatever is missing.
 */
async function readInPool(manifests: string[], kustomize: boolean, jobs: number, unreadFolders: Map<string, string>, walkedFrom: Map<string, string>): Promise<ReadGroup> {
  const shown = new Map<string, string>();
  const shownOf = (m: string) => {
    let s = shown.get(m);
    if (s === undefined) shown.set(m, (s = displayPath(m)));
    return s;
  };
  const ordered = kustomizeLast(
    manifests.filter((m) => !unreadFolders.has(m) && !isKustomizationFile(m)),
    kustomize ? manifests.filter(isKustomizationFile) : [],
  );
  const reads: ReadItem[] = ordered.files.map((m) => ({ path: m, file: shownOf(m), within: walkedFrom.get(m) }));
  const run = readInWorkers(reads, { jobs, workerFile: WORKER_FILE, keep: true }, ordered.gate);
  let kustomized: { files: string[]; parsed: Map<string, ParsedSource> };
  let named: Set<string>;
  try {
    kustomized = kustomize ? withKustomizeInputs(manifests) : { files: manifests, parsed: new Map<string, ParsedSource>() };
    named = namedFiles([...kustomized.parsed.values()]);
    reads.forEach((r, i) => named.has(r.file) && run.skip(i));
  } finally {
    run.open();
  }
  const whole = kustomized.parsed;
  const here = new Map<string, SourceFile>();
  let builds: Prepared['builds'];
  if (named.size > 0) {
    for (const m of kustomized.files) {
      const file = shownOf(m);
      if (!named.has(file) || whole.has(file) || unreadFolders.has(m)) continue;
      const source = readManifest(m, walkedFrom.get(m));
      here.set(m, source);
      whole.set(file, parseSource(source, undefined, parseOptionsFor(file, named)));
    }
    builds = prebuiltKustomizations(whole.values());
  }
  const byPath = new Map<string, ReadResult>();
  (await run.results).forEach((r, i) => r && byPath.set(reads[i].path, r));
  const parsed = new Map<string, ParsedSource>();
  const sources = kustomized.files.map((m) => {
    if (unreadFolders.has(m)) return { file: shownOf(m), text: '', unreadable: unreadFolders.get(m) };
    const mine = here.get(m);
    if (mine) return mine;
    const theirs = byPath.get(m);
    if (!theirs) return readManifest(m, walkedFrom.get(m));
    if (theirs.parsed) parsed.set(theirs.parsed.file, theirs.parsed);
    return theirs.source;
  });
  return { files: kustomized.files, sources, prepared: { parsed, whole, builds } };
}

export async function analyzePaths(paths: string[], configOption: string | undefined, io: Io, options: AnalyzeOptions = {}): Promise<AnalysedGroup[] | 2> {
  const nodesOption = options.nodes;
  if (configOption && !fs.existsSync(configOption)) {
    io.stderr.write(`eni-lens: config file not found: ${configOption}\n`);
    return 2;
  }
  if (nodesOption && !fs.existsSync(nodesOption)) {
    io.stderr.write(`eni-lens: node list not found: ${nodesOption}\n`);
    return 2;
  }
  let groups: Map<string | undefined, string[]>;
  const unreadFolders = new Map<string, string>();
  const walkedFrom = new Map<string, string>();
  try {
    const files = collectManifestFiles(
      paths.filter((p) => p !== '-'),
      unreadFolders,
      walkedFrom,
    );
    groups = configOption ? new Map([[configOption, files]]) : groupByNearestConfig(files, ceilingFor(paths));
  } catch (err) {
    io.stderr.write(`eni-lens: ${(err as Error).message}\n`);
    return 2;
  }
  let stdin = paths.includes('-') ? await readStdin() : undefined;
  if (stdin !== undefined && groups.size === 0) groups.set(configOption ?? findConfigFile('.', configCeiling('.')), []);

  const out: AnalysedGroup[] = [];
  let configFailed = false;
  for (const [file, manifests] of groups) {
    const configFile = file && displayPath(file);
    const loaded = loadConfigFile(file, configFile);
    const { errors } = loaded;
    const config = options.kustomize === false ? { ...loaded.config, kustomize: false } : loaded.config;
    if (errors.length > 0) {
      // The run stops here, so each error's detail (the known keys, how to write the file) is printed under it.
      for (const e of errors) io.stderr.write(`eni-lens: config error: ${showControls(e.message)}\n${e.detail ? `  ${showControls(e.detail)}\n` : ''}`);
      configFailed = true;
      continue;
    }
    const pooled = (options.jobs ?? (manifests.length >= POOL_MIN_FILES ? defaultJobs() : 1)) > 1;
    const group = pooled
      ? await readInPool(manifests, config.kustomize !== false, options.jobs ?? defaultJobs(), unreadFolders, walkedFrom)
      : readHere(manifests, config.kustomize !== false, unreadFolders, walkedFrom);
    const { sources } = group;
    const nodeList = nodesOption ?? (file && config.nodes ? path.resolve(path.dirname(file), config.nodes.value) : undefined);
    if (nodeList && !group.files.some((m) => path.resolve(m) === path.resolve(nodeList))) {
      if (!fs.existsSync(nodeList)) {
        io.stderr.write(`eni-lens: config error: ${configFile}: nodes: ${config.nodes?.value}: no such file\n`);
        configFailed = true;
        continue;
      }
      sources.push(readManifest(nodeList));
    }
    if (stdin !== undefined) {
      sources.push({ file: '<stdin>', text: stdin });
      stdin = undefined;
    }
    // Few files: the pool only when their text is worth it.
    const prepared = pooled
      ? group.prepared
      : { ...group.prepared, parsed: await parsedInPool(sources, namedFiles([...(group.prepared.whole?.values() ?? [])]), jobsFor(sources, options.jobs)) };
    out.push({ inputs: [...(file ? [file] : []), ...group.files], configFile, sources, analysis: analyze(sources, config, prepared) });
  }
  return configFailed ? 2 : out;
}

/**
 * `files` with those in a folder holding a kustomization (or below one) last, from `gate` on: those are what
 * kustomizations name, which the workers skip once this thread has read the kustomizations (they wait for
 * that); until then they have the others to read.
 */
function kustomizeLast(files: string[], kustomizations: string[]): { files: string[]; gate: number } {
  if (kustomizations.length === 0) return { files, gate: files.length };
  const folders = new Set(kustomizations.map((k) => path.dirname(path.resolve(k))));
  const under = (file: string) => {
    for (let dir = path.dirname(path.resolve(file)); ; dir = path.dirname(dir)) {
      if (folders.has(dir)) return true;
      if (path.dirname(dir) === dir) return false;
    }
  };
  const first: string[] = [];
  const last: string[] = [];
  for (const f of files) (under(f) ? last : first).push(f);
  return { files: [...first, ...last], gate: first.length };
}

/** The files of a group read here, the kustomizations parsed (whole) on the way. */
function readHere(manifests: string[], kustomize: boolean, unreadFolders: Map<string, string>, walkedFrom: Map<string, string>): ReadGroup {
  const kustomized = kustomize ? withKustomizeInputs(manifests) : { files: manifests, parsed: undefined };
  const sources = kustomized.files.map((m) => (unreadFolders.has(m) ? { file: displayPath(m), text: '', unreadable: unreadFolders.get(m) } : readManifest(m, walkedFrom.get(m))));
  return { files: kustomized.files, sources, prepared: { whole: kustomized.parsed } };
}

/** A folder's config ceiling: that of the deepest PATH holding it (each PATH's: see configCeiling). */
function ceilingFor(paths: string[]): (dir: string) => string {
  const ceilings = paths
    .filter((p) => p !== '-')
    .map((p) => configCeiling(p))
    .sort((a, b) => b.length - a.length);
  return (dir) => ceilings.find((c) => isInside(dir, c)) ?? dir;
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Writes a command's output to --output or stdout; exit code 2 with a message when the file cannot be written. */
export function writeOutput(output: string | undefined, text: string, io: Io, groups: AnalysedGroup[] = []): 0 | 2 {
  if (!output) {
    io.stdout.write(text);
    return 0;
  }
  // The null device keeps nothing, whatever is linked to it: no stat of every input for it (scripts, benchmarks).
  const input =
    path.resolve(output) === os.devNull
      ? undefined
      : sameFileAs(
          output,
          groups.flatMap((g) => g.inputs),
        );
  if (input) {
    io.stderr.write(`eni-lens: cannot write ${output}: it is one of the files checked (${displayPath(input)})\n`);
    return 2;
  }
  try {
    writeRegularFileSync(output, text);
    return 0;
  } catch (err) {
    io.stderr.write(`eni-lens: cannot write ${output}: ${(err as Error).message}\n`);
    return 2;
  }
}
