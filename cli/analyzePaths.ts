// What `check` and `report` share: the files under PATHs (and '-' for stdin), grouped by their nearest
// .eni-lens.yaml (or one --config), each group analysed with its config.
import fs from 'node:fs';
import { analyze, type Analysis, type SourceFile } from '../shared';
import { collectManifestFiles, configCeiling, findConfigFile, groupByNearestConfig, isInside, loadConfigFile } from '../shared/node/files';
import { showControls } from '../shared/escape';
import { sameFileAs, writeRegularFileSync } from '../shared/node/regularFile';
import { displayPath } from './displayPath';
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
export async function analyzePaths(paths: string[], configOption: string | undefined, io: Io): Promise<AnalysedGroup[] | 2> {
  if (configOption && !fs.existsSync(configOption)) {
    io.stderr.write(`eni-lens: config file not found: ${configOption}\n`);
    return 2;
  }
  let groups: Map<string | undefined, string[]>;
  const unreadFolders = new Map<string, string>();
  const walkedFrom = new Map<string, string>();
  try {
    const files = collectManifestFiles(paths.filter((p) => p !== '-'), unreadFolders, walkedFrom);
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
    const { config, errors } = loadConfigFile(file, configFile);
    if (errors.length > 0) {
      for (const e of errors) io.stderr.write(`eni-lens: config error: ${showControls(e.message)}\n`);
      configFailed = true;
      continue;
    }
    const sources = manifests.map((m) => (unreadFolders.has(m) ? { file: displayPath(m), text: '', unreadable: unreadFolders.get(m) } : readManifest(m, walkedFrom.get(m))));
    if (stdin !== undefined) {
      sources.push({ file: '<stdin>', text: stdin });
      stdin = undefined;
    }
    out.push({ inputs: [...(file ? [file] : []), ...manifests], configFile, sources, analysis: analyze(sources, config) });
  }
  return configFailed ? 2 : out;
}

/** A folder's config ceiling: that of the deepest PATH holding it (each PATH's: see configCeiling). */
function ceilingFor(paths: string[]): (dir: string) => string {
  const ceilings = paths.filter((p) => p !== '-').map((p) => configCeiling(p)).sort((a, b) => b.length - a.length);
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
  const input = sameFileAs(output, groups.flatMap((g) => g.inputs));
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
