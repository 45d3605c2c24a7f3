import { analyze, parseConfig, type Finding, type Range } from '../../shared';
import { assertShortMessages } from './messageLength';

export const CONFIG_PATH = 'cluster/.eni-lens.yaml';

/** Analyses inline manifests (file name → YAML) against an inline config, as the CLI would. */
export function findingsFor(files: Record<string, string>, configText = ''): Finding[] {
  const { config, errors } = parseConfig(configText, CONFIG_PATH);
  if (errors.length > 0) throw new Error(`test config is broken: ${errors.map((e) => e.message).join('; ')}`);
  const analysis = analyze(
    Object.entries(files).map(([file, text]) => ({ file, text })),
    config,
  );
  // Every inline fixture holds its findings to the short-message contract on the way.
  assertShortMessages(analysis, [...Object.keys(files), CONFIG_PATH]);
  return analysis.findings;
}

/** The 0-based [line, startChar, endChar] of a finding's range, for compact exact assertions. */
export function at(f: Pick<Finding, 'range'>): [number, number, number] {
  return [f.range.start.line, f.range.start.character, f.range.end.character];
}

/** [startLine, startChar, endLine, endChar] of a range that may span lines. */
export function spanOf(r: Range): [number, number, number, number] {
  return [r.start.line, r.start.character, r.end.line, r.end.character];
}

export function ofRule(findings: Finding[], rule: string): Finding[] {
  return findings.filter((f) => f.rule === rule);
}

/** Builds a Deployment manifest; `extra` lines go into the pod spec (indented by the caller's 6 spaces). */
export function deployment(opts: {
  name: string;
  namespace?: string;
  replicas?: number;
  labels?: Record<string, string>;
  instanceType?: string;
  serviceAccount?: string;
  podSpecExtra?: string;
  specExtra?: string;
}): string {
  const labels = opts.labels ?? { app: opts.name };
  const labelLines = Object.entries(labels)
    .map(([k, v]) => `        ${k}: ${v}`)
    .join('\n');
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${opts.name}`,
    `  namespace: ${opts.namespace ?? 'default'}`,
    'spec:',
    ...(opts.replicas !== undefined ? [`  replicas: ${opts.replicas}`] : []),
    ...(opts.specExtra ? [opts.specExtra] : []),
    '  template:',
    '    metadata:',
    '      labels:',
    labelLines,
    '    spec:',
    ...(opts.serviceAccount ? [`      serviceAccountName: ${opts.serviceAccount}`] : []),
    ...(opts.instanceType ? ['      nodeSelector:', `        node.kubernetes.io/instance-type: ${opts.instanceType}`] : []),
    ...(opts.podSpecExtra ? [opts.podSpecExtra] : []),
    '      containers:',
    '        - name: app',
    '          image: nginx',
    '',
  ].join('\n');
}

export function policy(opts: { name: string; namespace?: string; podLabels?: Record<string, string>; saLabels?: Record<string, string>; groups?: string[] }): string {
  const lines = [
    'apiVersion: vpcresources.k8s.aws/v1beta1',
    'kind: SecurityGroupPolicy',
    'metadata:',
    `  name: ${opts.name}`,
    `  namespace: ${opts.namespace ?? 'default'}`,
    'spec:',
  ];
  if (opts.podLabels) {
    lines.push('  podSelector:', '    matchLabels:', ...Object.entries(opts.podLabels).map(([k, v]) => `      ${k}: ${v}`));
  }
  if (opts.saLabels) {
    lines.push('  serviceAccountSelector:', '    matchLabels:', ...Object.entries(opts.saLabels).map(([k, v]) => `      ${k}: ${v}`));
  }
  const groups = opts.groups ?? ['sg-0123456789abcdef0'];
  if (groups.length > 0) lines.push('  securityGroups:', '    groupIds:', ...groups.map((g) => `      - ${g}`));
  return `${lines.join('\n')}\n`;
}
