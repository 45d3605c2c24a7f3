import { plural, type Finding } from '../shared';

/** `file:line:col severity rule message`, 1-based, one finding a line, then a summary. */
export function formatText(findings: Finding[], fileCount: number): string {
  const lines = findings.map(
    (f) => `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.rule} ${f.message}`,
  );
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  lines.push(`${plural(fileCount, 'file')} checked: ${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('info')} info`);
  return `${lines.join('\n')}\n`;
}
