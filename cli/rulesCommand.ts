// `eni-lens rules`: every rule id with its default severity and summary, for --fail-on and disable comments.
import { RULE_DOCS } from '../shared';

export function formatRules(): string {
  const idWidth = Math.max(...RULE_DOCS.map((r) => r.id.length));
  const sevWidth = Math.max(...RULE_DOCS.map((r) => r.defaultSeverity.length));
  const lines = RULE_DOCS.map((r) => `${r.id.padEnd(idWidth)}  ${r.defaultSeverity.padEnd(sevWidth)}  ${r.summary}`);
  return `${lines.join('\n')}\n`;
}
