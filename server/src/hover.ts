// textDocument/hover: the shared explainers' Markdown, for the analysis group the document belongs to.
import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import { hoverAt } from '../../shared/editor';
import { canonicalUri } from './workspaceIndex';
import type { Session } from './session';

export async function hover(session: Session, params: HoverParams): Promise<Hover | null> {
  const group = await session.groupOf(params.textDocument.uri);
  if (!group) return null;
  const content = hoverAt(group.analysis, canonicalUri(params.textDocument.uri), params.position);
  return content ? { contents: { kind: MarkupKind.Markdown, value: content.markdown }, range: content.range } : null;
}
