// `eni-lens`: the engine over files on disk, for terminals and CI. Exit 0: no errors; 1: error findings; 2: usage or config errors.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { analyze, compareFindings, type Finding } from '../shared';
import { collectManifestFiles, findConfigFile, groupByNearestConfig, loadConfigFile } from '../shared/node/files';
import { dataCommand } from './dataImport';
import { displayPath } from './displayPath';
import { formatJson } from './formatJson';
import { formatSarif } from './formatSarif';
import { formatText } from './formatText';
import { readManifest } from './readManifest';
import { report, REPORT_USAGE } from './report';

const USAGE = `Usage: eni-lens check [PATH…] [--config FILE] [--format text|json|sarif] [--output FILE]
       ${REPORT_USAGE}

       eni-lens data import FILE [--output instance-types.json] [--branch-enis TYPE=N …]

Analyses Kubernetes YAML for EKS network capacity: branch ENIs (security groups for pods) and max pods.
PATH is a file or a folder (walked for .yaml/.yml, skipping node_modules and .git); '-' reads standard
input; the default is the current folder. The config is the nearest .eni-lens.yaml in the first PATH or
its parents, unless --config names one.

Exit codes: 0 no error findings, 1 error findings, 2 usage or config errors (report: 0, or 2).`;

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

export async function main(argv: string[], io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream } = process): Promise<number> {
  if (argv[0] === 'data') return dataCommand(argv.slice(1), io, readStdin);
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        config: { type: 'string' },
        format: { type: 'string', default: 'text' },
        output: { type: 'string', short: 'o' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    });
  } catch (err) {
    io.stderr.write(`eni-lens: ${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.version) {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const [command, ...paths] = positionals;
  if (command === 'report') return report(paths.length > 0 ? paths : ['.'], { config: values.config, output: values.output }, io);
  if (command !== 'check') {
    io.stderr.write(`eni-lens: ${command ? `unknown command '${command}'` : 'missing command'}\n\n${USAGE}\n`);
    return 2;
  }
  const format = values.format as Format;
  if (!FORMATS.includes(format)) {
    io.stderr.write(`eni-lens: --format must be one of ${FORMATS.join(', ')}\n`);
    return 2;
  }
  return check(paths.length > 0 ? paths : ['.'], { config: values.config, format, output: values.output }, io);
}

interface CheckOptions {
  config?: string;
  format: Format;
  output?: string;
}

async function check(paths: string[], options: CheckOptions, io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }): Promise<number> {
  const diskPaths = paths.filter((p) => p !== '-');
  if (options.config && !fs.existsSync(options.config)) {
    io.stderr.write(`eni-lens: config file not found: ${options.config}\n`);
    return 2;
  }
  let groups: Map<string | undefined, string[]>;
  try {
    const files = collectManifestFiles(diskPaths);
    groups = options.config ? new Map([[options.config, files]]) : groupByNearestConfig(files);
  } catch (err) {
    io.stderr.write(`eni-lens: ${(err as Error).message}\n`);
    return 2;
  }
  const stdin = paths.includes('-') ? await readStdin() : undefined;
  if (stdin !== undefined && groups.size === 0) {
    groups.set(options.config ?? findConfigFile('.'), []);
  }

  const findings: Finding[] = [];
  let fileCount = 0;
  let stdinTaken = stdin === undefined;
  let configFailed = false;
  for (const [configFile, files] of groups) {
    const { config, errors } = loadConfigFile(configFile, configFile && displayPath(configFile));
    if (errors.length > 0) {
      for (const e of errors) io.stderr.write(`eni-lens: config error: ${e.message}\n`);
      configFailed = true;
      continue;
    }
    const sources = files.map(readManifest);
    if (!stdinTaken) {
      sources.push({ file: '<stdin>', text: stdin! });
      stdinTaken = true;
    }
    fileCount += sources.length;
    findings.push(...analyze(sources, config).findings);
  }
  if (configFailed) return 2;
  findings.sort(compareFindings);

  const output = render(options.format, findings, fileCount);
  if (options.output) fs.writeFileSync(options.output, output);
  else io.stdout.write(output);
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}

function render(format: Format, findings: Finding[], fileCount: number): string {
  switch (format) {
    case 'json':
      return formatJson(findings);
    case 'sarif':
      return formatSarif(findings, VERSION);
    case 'text':
      return formatText(findings, fileCount);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';
