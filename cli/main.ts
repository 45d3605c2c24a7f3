// `eni-lens`: the engine over files on disk, for terminals and CI. Exit 0: nothing at or above --fail-on
// (default: error); 1: such findings; 2: usage or config errors.
import { compareFindings, type Finding, type Severity } from '../shared';
import { analyzePaths, readStdin, writeOutput, type Io } from './analyzePaths';
import { ansi, plain, useColor } from './color';
import { dataCommand } from './dataImport';
import { formatGithub } from './formatGithub';
import { formatJson } from './formatJson';
import { formatSarif } from './formatSarif';
import { formatText, summaryLine } from './formatText';
import { FORMATS, outputTargets, type Format, type OutputTarget } from './outputs';
import { report, REPORT_USAGE } from './report';
import { formatRules } from './rulesCommand';
import { parseCommandArgs } from './args';
import { VERSION } from './version';

const USAGE = `Usage: eni-lens check [PATH…] [--config FILE] [--nodes FILE] [--format ${FORMATS.join('|')} [--output FILE]]…
                      [--fail-on error|warning|info|never] [--color | --no-color] [--no-kustomize] [--verbose]
       ${REPORT_USAGE}
       eni-lens rules      (every rule id, its default severity and summary)
       eni-lens version    (also -v, --version)

       eni-lens data import FILE [--output instance-types.json] [--branch-enis TYPE=N …]

Analyses Kubernetes YAML for EKS network capacity: branch ENIs (security groups for pods) and max pods.
PATH is a file or a folder (walked for .yaml/.yml, skipping node_modules and .git); '-' reads standard
input; the default is the current folder. The config is the nearest .eni-lens.yaml in the first PATH or
its parents, unless --config names one. --nodes FILE (or nodes: in the config) is the live cluster's node
list, the output of \`kubectl get nodes -o yaml\` (or -o json): its nodes are the cluster. Kustomizations are
rendered as \`kustomize build\` would (the files they name are read even outside PATH); --no-kustomize
analyses every file as it lies.

--format may be given several times, each followed by its own --output (one may go to standard output):
  eni-lens check --format github --format sarif --output eni-lens.sarif
'github' prints GitHub Actions annotations. Text is coloured only on a terminal and without NO_COLOR;
--verbose adds each finding's explanation (its detail) under it.

Exit codes: 0 no findings at or above --fail-on (default error; 'never': always 0), 1 such findings,
2 usage or config errors (report: 0, or 2).`;

const FAIL_ON = ['error', 'warning', 'info', 'never'] as const;
type FailOn = (typeof FAIL_ON)[number];
const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export async function main(argv: string[], io: Io = process): Promise<number> {
  if (argv[0] === 'data') return dataCommand(argv.slice(1), io, readStdin);
  // `--no-color` by hand: parseArgs learnt allowNegative after Node 20.0.
  const noColor = argv.includes('--no-color');
  const parsed = parseCommandArgs(
    argv.filter((a) => a !== '--no-color'),
    {
      config: { type: 'string' },
      nodes: { type: 'string' },
      'no-kustomize': { type: 'boolean' },
      format: { type: 'string', multiple: true },
      output: { type: 'string', short: 'o', multiple: true },
      'fail-on': { type: 'string', default: 'error' },
      color: { type: 'boolean' },
      version: { type: 'boolean', short: 'v' },
      verbose: { type: 'boolean' },
    },
    USAGE,
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals, tokens } = parsed;
  const [command, ...paths] = positionals;
  if (values.version || command === 'version') {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (command === 'rules') {
    if (paths.length > 0) return usageError(`unexpected argument '${paths[0]}'`, io);
    io.stdout.write(formatRules());
    return 0;
  }
  const kustomize = values['no-kustomize'] ? false : undefined;
  if (command === 'report') {
    if ((values.output?.length ?? 0) > 1) return usageError('report writes one file: give --output once', io);
    return report(paths.length > 0 ? paths : ['.'], { config: values.config, nodes: values.nodes, output: values.output?.[0], kustomize }, io);
  }
  if (command !== 'check') {
    io.stderr.write(`eni-lens: ${command ? `unknown command '${command}'` : 'missing command'}\n\n${USAGE}\n`);
    return 2;
  }
  const targets = outputTargets(tokens);
  if (typeof targets === 'string') return usageError(targets, io);
  const failOn = values['fail-on'] as FailOn;
  if (!FAIL_ON.includes(failOn)) return usageError(`--fail-on must be one of ${FAIL_ON.join(', ')}`, io);
  const color = noColor ? false : values.color;
  return check(paths.length > 0 ? paths : ['.'], { config: values.config, nodes: values.nodes, kustomize, targets, failOn, color, verbose: values.verbose }, io);
}

function usageError(message: string, io: Io): 2 {
  io.stderr.write(`eni-lens: ${message}\n`);
  return 2;
}

interface CheckOptions {
  config?: string;
  nodes?: string;
  kustomize?: false;
  targets: OutputTarget[];
  failOn: FailOn;
  color?: boolean;
  verbose?: boolean;
}

async function check(paths: string[], options: CheckOptions, io: Io): Promise<number> {
  const groups = await analyzePaths(paths, options.config, io, { nodes: options.nodes, kustomize: options.kustomize });
  if (groups === 2) return 2;
  const findings = groups.flatMap((g) => g.analysis.findings).sort(compareFindings);
  const fileCount = groups.reduce((n, g) => n + g.sources.length, 0);
  for (const target of options.targets) {
    const colored = target.format === 'text' && !target.file && useColor(options.color, io.stdout);
    const written = writeOutput(target.file, render(target.format, findings, fileCount, colored, options.verbose === true), io, groups);
    if (written !== 0) return written;
  }
  const failOn = options.failOn;
  if (failOn === 'never') return 0;
  return findings.some((f) => RANK[f.severity] >= RANK[failOn]) ? 1 : 0;
}

function render(format: Format, findings: Finding[], fileCount: number, colored: boolean, verbose: boolean): string {
  switch (format) {
    case 'json':
      return formatJson(findings);
    case 'sarif':
      return formatSarif(findings, VERSION);
    case 'github':
      return formatGithub(findings, summaryLine(findings, fileCount));
    case 'text':
      return formatText(findings, fileCount, colored ? ansi : plain, verbose);
  }
}
