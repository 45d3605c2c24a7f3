// What the language status item says for an eniLens/status notification (no vscode import: unit-tested).
import type { StatusParams } from '../../shared/report/protocol';

export interface StatusView {
  text: string;
  detail: string;
  severity: 'error' | 'warning' | 'information';
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** `relative` shows a config URI as the user knows it (relative to the workspace). */
export function statusView(s: StatusParams, relative: (uri: string) => string): StatusView {
  const counts = [s.errors && plural(s.errors, 'error'), s.warnings && plural(s.warnings, 'warning'), s.infos && `${s.infos} info`].filter(Boolean);
  const configs = s.configFiles.map(relative);
  if (s.defaults) configs.push(configs.length > 0 ? 'defaults elsewhere' : 'defaults (no .eni-lens.yaml)');
  return {
    text: `ENI Lens: ${counts.length > 0 ? counts.join(', ') : 'no findings'}`,
    detail: `${plural(s.files, 'file')} · config ${configs.join(', ') || 'none'} · EC2 data ${s.dataDate}`,
    severity: s.errors > 0 ? 'error' : s.warnings > 0 ? 'warning' : 'information',
  };
}
