// Checks that every range a finding carries (its own, related locations, fix edits) lies inside the text
// of the file it names, counting lines and UTF-16 characters as the `yaml` parser and the LSP do.
import type { Finding, Range } from '../../shared';

/** Line lengths in UTF-16 code units, with the line ends of LSP: `\n`, `\r\n` and a lone `\r`. */
export function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((l) => l.length);
}

export function rangeProblems(findings: Finding[], texts: Map<string, string>): string[] {
  const problems: string[] = [];
  const check = (file: string, range: Range, what: string) => {
    const text = texts.get(file);
    if (text === undefined) {
      problems.push(`${what} names a file that was not analysed: ${file}`);
      return;
    }
    const lines = lineLengths(text);
    const { start, end } = range;
    for (const [label, p] of [
      ['start', start],
      ['end', end],
    ] as const) {
      if (!Number.isInteger(p.line) || !Number.isInteger(p.character) || p.line < 0 || p.character < 0 || p.line >= lines.length || p.character > lines[p.line]) {
        problems.push(`${what} ${label} ${p.line}:${p.character} lies outside ${file} (${lines.length} lines)`);
      }
    }
    if (start.line > end.line || (start.line === end.line && start.character > end.character)) problems.push(`${what} ends before it starts: ${JSON.stringify(range)}`);
  };
  for (const f of findings) {
    check(f.file, f.range, `${f.rule} finding`);
    for (const r of f.related) check(r.file, r.range, `${f.rule} related location`);
    for (const fix of f.fixes) for (const e of fix.edits) check(e.file, e.range, `${f.rule} fix '${fix.title}'`);
  }
  return problems;
}
