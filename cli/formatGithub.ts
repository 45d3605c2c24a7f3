// `--format github`: one workflow command per finding, which GitHub Actions shows as an annotation on the
// file and line of the pull request (https://docs.github.com/actions/reference/workflow-commands-for-github-actions).
import { showControls, type Finding, type Severity } from '../shared';
import { fixLine } from './fixLine';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', info: 'notice' };

export function formatGithub(findings: Finding[], summary: string): string {
  const lines = findings.map((f) => {
    const { start, end } = f.range;
    const properties = [
      ['file', showControls(f.file)],
      ['line', start.line + 1],
      ['col', start.character + 1],
      ['endLine', end.line + 1],
      ['endColumn', end.character + 1],
      ['title', `eni-lens ${f.rule}`],
    ]
      .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
      .join(',');
    const fix = fixLine(f);
    // Control characters from names are shown as escapes (an ESC never reaches the log); the runner's escaping then keeps
    // the one line break between message and fix.
    const message = showControls(f.message);
    return `::${COMMAND[f.severity]} ${properties}::${escapeData(fix ? `${message}\n${showControls(fix.trim())}` : message)}`;
  });
  // Plain log text: the run's summary, as the text format ends.
  lines.push(summary);
  return `${lines.join('\n')}\n`;
}

/** The runner's own escaping of a command's message (toCommandValue/escapeData in @actions/core). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value also escapes the separators `:` and `,` (escapeProperty in @actions/core). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
