// Edits that silence one finding: the `eni-lens.io/ignore` annotation on its object (merged with an
// existing one), or a `# eni-lens-disable-next-line <rule>` comment above its line. Both are what the
// engine reads back (engine.ts applySettings, parseSource's disabled lines).
import { isMap, isScalar, type YAMLMap } from 'yaml';
import { IGNORE_ANNOTATION, type Analysis } from '../engine';
import type { Finding, TextEdit } from '../types';
import type { NodeReader } from '../yaml/nodes';
import { DISABLE_NEXT_LINE, splitLines } from '../text';

const DISABLE_COMMENT = new RegExp(`^(\\s*#\\s*${DISABLE_NEXT_LINE}\\b)([^\\n]*)$`);

/** Adds the finding's rule to its object's ignore annotation; undefined when there is no block-style metadata to edit. */
export function ignoreForObjectEdit(analysis: Analysis, finding: Finding, text: string): TextEdit | undefined {
  const ref = finding.object;
  if (!ref) return undefined;
  const o = analysis.model.objects.find((x) => x.file === finding.file && x.kind === ref.kind && x.namespace === ref.namespace && x.name === ref.name);
  if (!o) return undefined;
  const r = o.reader;
  const metadata = r.map(r.get(o.root, 'metadata'));
  if (!metadata || metadata.flow || metadata.items.length === 0) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const file = finding.file;
  const rule = finding.rule;

  const annotationsPair = r.pair(metadata, 'annotations');
  if (!annotationsPair) {
    const at = r.keyRange(metadata.items[0])!.start;
    const indent = ' '.repeat(at.character);
    return { file, range: { start: at, end: at }, newText: `annotations:${eol}${indent}  ${IGNORE_ANNOTATION}: ${rule}${eol}${indent}` };
  }
  const annotations = r.deref(annotationsPair.value);
  const existing = r.pair(annotations, IGNORE_ANNOTATION);
  if (existing) {
    const rules = (r.string(existing.value) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (rules.includes(rule) || rules.includes('all')) return undefined;
    const range = r.range(existing.value);
    const value = [...rules, rule].join(',');
    // In a flow map a comma would end the entry; keep quotes the author used.
    const quoted = (isMap(annotations) && annotations.flow) || (isScalar(existing.value) && existing.value.type !== 'PLAIN');
    return range && { file, range, newText: quoted ? JSON.stringify(value) : scalar(value) };
  }
  if (isMap(annotations)) return addToMap(r, annotations, file, `${IGNORE_ANNOTATION}: ${rule}`, eol);
  // `annotations:` with no value: give it a block map on the next line.
  const keyRange = r.keyRange(annotationsPair)!;
  const lineEnd = { line: keyRange.start.line, character: splitLines(text)[keyRange.start.line].length };
  return { file, range: { start: lineEnd, end: lineEnd }, newText: `${eol}${' '.repeat(keyRange.start.character + 2)}${IGNORE_ANNOTATION}: ${rule}` };
}

function addToMap(r: NodeReader, map: YAMLMap, file: string, entry: string, eol: string): TextEdit | undefined {
  if (map.flow) {
    // Insert before the closing brace.
    const mapEnd = r.range(map)!.end;
    const end = { line: mapEnd.line, character: mapEnd.character - 1 };
    return { file, range: { start: end, end }, newText: map.items.length > 0 ? `, ${entry}` : ` ${entry} ` };
  }
  const at = r.keyRange(map.items[0])?.start;
  return at && { file, range: { start: at, end: at }, newText: `${entry}${eol}${' '.repeat(at.character)}` };
}

/** A `# eni-lens-disable-next-line <rule>` comment above the finding's line, indented like it (or the rule added to one already there). */
export function ignoreForLineEdit(finding: Finding, text: string): TextEdit {
  const lines = splitLines(text);
  const line = finding.range.start.line;
  const above = line > 0 ? DISABLE_COMMENT.exec(lines[line - 1]) : null;
  if (above) {
    const rest = above[2];
    const reasonAt = rest.indexOf('--');
    const rulesPart = (reasonAt >= 0 ? rest.slice(0, reasonAt) : rest).trimEnd();
    const at = { line: line - 1, character: above[1].length + rulesPart.length };
    return { file: finding.file, range: { start: at, end: at }, newText: ` ${finding.rule}` };
  }
  const indent = /^[ \t]*/.exec(lines[line] ?? '')![0];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const at = { line, character: 0 };
  return { file: finding.file, range: { start: at, end: at }, newText: `${indent}# ${DISABLE_NEXT_LINE} ${finding.rule}${eol}` };
}

/** A plain scalar when YAML reads it back as the same string, else a double-quoted one. */
function scalar(value: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9,._/-]*$/.test(value) ? value : JSON.stringify(value);
}
