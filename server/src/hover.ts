// textDocument/hover: the shared explainers' Markdown, for the analysis group the document belongs to.
import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import { hoverAt } from '../../shared/editor';
import { canonicalUri } from './workspaceIndex';
import { shownMessage } from './diagnostics';
import type { Session } from './session';

export async function hover(session: Session, params: HoverParams): Promise<Hover | null> {
  const group = await session.groupOf(params.textDocument.uri);
  if (!group) return null;
  // The findings the file shows (a group with config errors shows only those), each detail after the hover's summary.
  const shown = group.config.errors.length > 0 ? group.config.errors.map((e) => ({ ...e, message: shownMessage(e) })) : group.analysis.findings;
  const content = hoverAt({ ...group.analysis, findings: shown }, canonicalUri(params.textDocument.uri), params.position);
  return content ? { contents: { kind: MarkupKind.Markdown, value: content.markdown }, range: content.range } : null;
}
