// The command line of an `eni-lens` task (tasks.json `"type": "eni-lens"`), no vscode import: unit-tested.
export interface EniLensTaskDefinition {
  type: 'eni-lens';
  paths?: string[];
  config?: string;
  failOn?: 'error' | 'warning' | 'info' | 'never';
}

/** `check PATH… [--config FILE] [--fail-on X] --no-color`: plain text, which the $eni-lens problem matcher reads. */
export function taskArgs(d: EniLensTaskDefinition): string[] {
  const paths = Array.isArray(d.paths) && d.paths.length > 0 ? d.paths.filter((p) => typeof p === 'string') : ['.'];
  const args = ['check', ...paths];
  if (typeof d.config === 'string' && d.config) args.push('--config', d.config);
  if (typeof d.failOn === 'string') args.push('--fail-on', d.failOn);
  args.push('--format', 'text', '--no-color');
  return args;
}
