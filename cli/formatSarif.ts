import { escapeMarkdown, RULE_DOCS, RULES_URL, ruleDocUrl, type Finding, type Range, type Severity } from '../shared';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** SARIF 2.1.0, one run, rules with help text, results with locations, related locations and fixes. */
export function formatSarif(findings: Finding[], version: string): string {
  const ruleIndex = new Map(RULE_DOCS.map((r, i) => [r.id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'eni-lens',
            version,
            informationUri: RULES_URL,
            rules: RULE_DOCS.map((r) => ({
              id: r.id,
              name: r.id.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase()),
              shortDescription: { text: r.summary },
              fullDescription: { text: `${r.summary} ${r.help}` },
              help: { text: r.help, markdown: r.help },
              helpUri: ruleDocUrl(r.id),
              defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: ruleIndex.get(f.rule),
          level: LEVEL[f.severity],
          message: resultMessage(f),
          locations: [location(f.file, f.range, f.object ? `${f.object.kind}/${f.object.name}` : undefined)],
          relatedLocations: f.related.map((r, i) => ({ id: i + 1, ...location(r.file, r.range), message: { text: r.message } })),
          fixes: f.fixes.map((x) => ({
            description: { text: x.title },
            artifactChanges: groupByFile(x.edits).map(([file, edits]) => ({
              artifactLocation: { uri: uri(file) },
              replacements: edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })),
            })),
          })),
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/**
 * `text` is the one-sentence message (what GitHub code scanning shows as the alert); viewers that render
 * Markdown get the message and its detail, both escaped: names from the files are never Markdown.
 */
function resultMessage(f: Finding): { text: string; markdown?: string } {
  if (!f.detail) return { text: f.message };
  return { text: f.message, markdown: `${escapeMarkdown(f.message)}\n\n${escapeMarkdown(f.detail)}` };
}

function location(file: string, range: Range, logicalName?: string) {
  return {
    physicalLocation: { artifactLocation: { uri: uri(file) }, region: region(range) },
    ...(logicalName ? { logicalLocations: [{ fullyQualifiedName: logicalName, kind: 'object' }] } : {}),
  };
}

function region(range: Range) {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

function uri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function groupByFile<T extends { file: string }>(items: T[]): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(item.file, [...(groups.get(item.file) ?? []), item]);
  return [...groups];
}
