import { plural, showControls, type Finding } from '../shared';

/** `file:line:col severity rule message`, 1-based, one finding a line, then a summary. */
export function formatText(findings: Finding[], fileCount: number): string {
  const lines = findings.map(
    (f) => `${shownFile(f.file)}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.rule} ${showControls(f.message)}`,
  );
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  lines.push(`${plural(fileCount, 'file')} checked: ${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('info')} info`);
  return `${lines.join('\n')}\n`;
}

/**
 * Control characters from names shown as escapes (no ESC sequence reaches the terminal, no CR/LF forges a
 * line), and a file name starting with `::` read as a path (`./::…`), never as a GitHub Actions workflow command.
 */
function shownFile(file: string): string {
  const shown = showControls(file);
  return shown.startsWith('::') ? `./${shown}` : shown;
}
