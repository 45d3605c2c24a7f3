// What `check` and `report` share: the files under PATHs (and '-' for stdin), grouped by their nearest
// .eni-lens.yaml (or one --config), each group analysed with its config.
import fs from 'node:fs';
import { analyze, type Analysis, type SourceFile } from '../shared';
import { collectManifestFiles, findConfigFile, groupByNearestConfig, loadConfigFile } from '../shared/node/files';
import { displayPath } from './displayPath';
import { withKustomizeInputs } from './kustomizeInputs';
import { readManifest } from './readManifest';

export type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream };

export interface AnalysedGroup {
  /** The config file as the user would write its path; undefined when defaults apply. */
  configFile?: string;
  sources: SourceFile[];
  analysis: Analysis;
}

/** The analysed groups, or exit code 2 after a message on stderr (missing path or config, config errors). */
export interface AnalyzeOptions {
  /** false (--no-kustomize): kustomizations are not rendered, whatever the config says. */
  kustomize?: boolean;
}

export async function analyzePaths(paths: string[], configOption: string | undefined, io: Io, options: AnalyzeOptions = {}): Promise<AnalysedGroup[] | 2> {
  if (configOption && !fs.existsSync(configOption)) {
    io.stderr.write(`eni-lens: config file not found: ${configOption}\n`);
    return 2;
  }
  let groups: Map<string | undefined, string[]>;
  try {
    const files = collectManifestFiles(paths.filter((p) => p !== '-'));
    groups = configOption ? new Map([[configOption, files]]) : groupByNearestConfig(files);
  } catch (err) {
    io.stderr.write(`eni-lens: ${(err as Error).message}\n`);
    return 2;
  }
  let stdin = paths.includes('-') ? await readStdin() : undefined;
  if (stdin !== undefined && groups.size === 0) groups.set(configOption ?? findConfigFile('.'), []);

  const out: AnalysedGroup[] = [];
  let configFailed = false;
  for (const [file, manifests] of groups) {
    const configFile = file && displayPath(file);
    const loaded = loadConfigFile(file, configFile);
    const { errors } = loaded;
    const config = options.kustomize === false ? { ...loaded.config, kustomize: false } : loaded.config;
    if (errors.length > 0) {
      for (const e of errors) io.stderr.write(`eni-lens: config error: ${e.message}\n`);
      configFailed = true;
      continue;
    }
    const inputs = config.kustomize === false ? { files: manifests, parsed: undefined } : withKustomizeInputs(manifests);
    const sources = inputs.files.map(readManifest);
    if (stdin !== undefined) {
      sources.push({ file: '<stdin>', text: stdin });
      stdin = undefined;
    }
    out.push({ configFile, sources, analysis: analyze(sources, config, inputs.parsed) });
  }
  return configFailed ? 2 : out;
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Writes a command's output to --output or stdout; exit code 2 with a message when the file cannot be written. */
export function writeOutput(output: string | undefined, text: string, io: Io): 0 | 2 {
  if (!output) {
    io.stdout.write(text);
    return 0;
  }
  try {
    fs.writeFileSync(output, text);
    return 0;
  } catch (err) {
    io.stderr.write(`eni-lens: cannot write ${output}: ${(err as Error).message}\n`);
    return 2;
  }
}
