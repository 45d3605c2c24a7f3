// What `check` and `report` share: the files under PATHs (and '-' for stdin), grouped by their nearest
// .eni-lens.yaml (or one --config), each group analysed with its config.
import fs from 'node:fs';
import path from 'node:path';
import { analyze, namedFiles, parseOptionsFor, type Analysis, type ParsedSource, type SourceFile } from '../shared';
import {
  collectManifestFiles,
  configCeiling,
  defaultJobs,
  findConfigFile,
  groupByNearestConfig,
  isInside,
  loadConfigFile,
  parseInWorkers,
  sameFileAs,
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

/** The threads to parse with: --jobs, else the pool for inputs worth it. */
function jobsFor(sources: SourceFile[], jobs: number | undefined): number {
  if (jobs !== undefined) return jobs;
  let chars = 0;
  for (const s of sources) chars += s.text.length;
  return chars >= POOL_MIN_CHARS ? defaultJobs() : 1;
}

/**
 * The files of a group parsed in worker threads, with the kustomizations already read: every file but
 * those kustomize renders (parsed whole in this thread, see parseOptionsFor), by shown name.
 */
async function parsedInPool(sources: SourceFile[], kustomizations: Map<string, ParsedSource> | undefined, jobs: number): Promise<Map<string, ParsedSource> | undefined> {
  if (jobs <= 1) return kustomizations;
  const rendered = kustomizations ? namedFiles([...kustomizations.values()]) : new Set<string>();
  const plain = sources.filter((s) => !parseOptionsFor(s.file, rendered).allKinds);
  const parsed = new Map(kustomizations);
  const results = await parseInWorkers(plain, { jobs, workerFile: path.join(__dirname, 'parseWorker.js'), keep: true });
  for (const r of results) if (r) parsed.set(r.file, r);
  return parsed;
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
    const kustomized = config.kustomize === false ? { files: manifests, parsed: undefined } : withKustomizeInputs(manifests);
    const sources = kustomized.files.map((m) => (unreadFolders.has(m) ? { file: displayPath(m), text: '', unreadable: unreadFolders.get(m) } : readManifest(m, walkedFrom.get(m))));
    const nodeList = nodesOption ?? (file && config.nodes ? path.resolve(path.dirname(file), config.nodes.value) : undefined);
    if (nodeList && !kustomized.files.some((m) => path.resolve(m) === path.resolve(nodeList))) {
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
    const parsed = await parsedInPool(sources, kustomized.parsed, jobsFor(sources, options.jobs));
    out.push({ inputs: [...(file ? [file] : []), ...kustomized.files], configFile, sources, analysis: analyze(sources, config, parsed) });
  }
  return configFailed ? 2 : out;
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
  const input = sameFileAs(
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
