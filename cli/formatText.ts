import { plural, showControls, type Finding } from '../shared';
import { plain, type Paint } from './color';
import { fixLine } from './fixLine';

/**
 * `file:line:col severity rule message`, 1-based, one finding a line with its remediation under it, then a
 * summary; `verbose` adds each finding's detail under its remediation.
 */
export function formatText(findings: Finding[], fileCount: number, paint: Paint = plain, verbose = false): string {
  const lines = findings.flatMap((f) => [
    `${shownFile(f.file)}:${f.range.start.line + 1}:${f.range.start.character + 1} ${paint(f.severity, f.severity)} ${f.rule} ${showControls(f.message)}`,
    ...remediation(f),
    ...(verbose && f.detail ? wrapped(showControls(f.detail), DETAIL_WIDTH).map((l) => `    ${l}`) : []),
  ]);
  lines.push(summaryLine(findings, fileCount));
  return `${lines.join('\n')}\n`;
}

function remediation(f: Finding): string[] {
  const line = fixLine(f);
  return line ? [showControls(line)] : [];
}

const DETAIL_WIDTH = 100;

/** Words in lines of at most `width` characters (a longer word gets a line of its own). */
function wrapped(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** `10 files checked: 5 errors, 2 warnings, 1 info`. */
export function summaryLine(findings: Finding[], fileCount: number): string {
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  return `${plural(fileCount, 'file')} checked: ${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('info')} info`;
}

/**
 * Control characters from names shown as escapes (no ESC sequence reaches the terminal, no CR/LF forges a
 * line), and a file name starting with `::` read as a path (`./::…`), never as a GitHub Actions workflow command.
 */
function shownFile(file: string): string {
  const shown = showControls(file);
  return shown.startsWith('::') ? `./${shown}` : shown;
}
