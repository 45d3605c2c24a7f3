import type { Finding } from '../shared';

/** The JSON contract: `{version: 1, findings: [...]}` with 0-based LSP ranges; `detail` is there when a finding has one. */
export function formatJson(findings: Finding[]): string {
  const out = findings.map((f) => ({
    rule: f.rule,
    severity: f.severity,
    file: f.file,
    range: f.range,
    ...(f.object ? { object: f.object } : {}),
    message: f.message,
    ...(f.detail ? { detail: f.detail } : {}),
    related: f.related,
    fixes: f.fixes.map((x) => ({ title: x.title, ...(x.preferred ? { preferred: true } : {}), edits: x.edits })),
  }));
  return `${JSON.stringify({ version: 1, findings: out }, null, 2)}\n`;
}
