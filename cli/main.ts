// `eni-lens`: the engine over files on disk, for terminals and CI. Exit 0: no errors; 1: error findings; 2: usage or config errors.
import { compareFindings, type Finding } from '../shared';
import { analyzePaths, readStdin, writeOutput, type Io } from './analyzePaths';
import { dataCommand } from './dataImport';
import { formatJson } from './formatJson';
import { formatSarif } from './formatSarif';
import { formatText } from './formatText';
import { report, REPORT_USAGE } from './report';
import { parseCommandArgs } from './args';

const USAGE = `Usage: eni-lens check [PATH…] [--config FILE] [--nodes FILE] [--format text|json|sarif] [--output FILE] [--no-kustomize]
       ${REPORT_USAGE}

       eni-lens data import FILE [--output instance-types.json] [--branch-enis TYPE=N …]

Analyses Kubernetes YAML for EKS network capacity: branch ENIs (security groups for pods) and max pods.
PATH is a file or a folder (walked for .yaml/.yml, skipping node_modules and .git); '-' reads standard
input; the default is the current folder. The config is the nearest .eni-lens.yaml in the first PATH or
its parents, unless --config names one. --nodes FILE (or nodes: in the config) is the live cluster's node
list, the output of \`kubectl get nodes -o yaml\` (or -o json): its nodes are the cluster. Kustomizations are
rendered as \`kustomize build\` would (the files they name are read even outside PATH); --no-kustomize
analyses every file as it lies.

Exit codes: 0 no error findings, 1 error findings, 2 usage or config errors (report: 0, or 2).`;

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

export async function main(argv: string[], io: Io = process): Promise<number> {
  if (argv[0] === 'data') return dataCommand(argv.slice(1), io, readStdin);
  const parsed = parseCommandArgs(
    argv,
    {
      config: { type: 'string' },
      nodes: { type: 'string' },
      format: { type: 'string', default: 'text' },
      output: { type: 'string', short: 'o' },
      version: { type: 'boolean' },
      'no-kustomize': { type: 'boolean' },
    },
    USAGE,
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (values.version) {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const [command, ...paths] = positionals;
  const kustomize = values['no-kustomize'] ? false : undefined;
  if (command === 'report') return report(paths.length > 0 ? paths : ['.'], { config: values.config, nodes: values.nodes, output: values.output, kustomize }, io);
  if (command !== 'check') {
    io.stderr.write(`eni-lens: ${command ? `unknown command '${command}'` : 'missing command'}\n\n${USAGE}\n`);
    return 2;
  }
  const format = values.format as Format;
  if (!FORMATS.includes(format)) {
    io.stderr.write(`eni-lens: --format must be one of ${FORMATS.join(', ')}\n`);
    return 2;
  }
  return check(paths.length > 0 ? paths : ['.'], { config: values.config, nodes: values.nodes, format, output: values.output, kustomize }, io);
}

interface CheckOptions {
  config?: string;
  nodes?: string;
  format: Format;
  output?: string;
  kustomize?: false;
}

async function check(paths: string[], options: CheckOptions, io: Io): Promise<number> {
  const groups = await analyzePaths(paths, options.config, io, { nodes: options.nodes, kustomize: options.kustomize });
  if (groups === 2) return 2;
  const findings = groups.flatMap((g) => g.analysis.findings).sort(compareFindings);
  const fileCount = groups.reduce((n, g) => n + g.sources.length, 0);
  const written = writeOutput(options.output, render(options.format, findings, fileCount), io, groups);
  if (written !== 0) return written;
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


declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';
