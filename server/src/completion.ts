// textDocument/completion: instance types where one is written, ranked by whether they carry the demand there.
import { CompletionItemKind, MarkupKind, type CompletionItem, type CompletionList, type CompletionParams } from 'vscode-languageserver';
import { instanceTypeCompletions, instanceTypeMarkdown } from '../../shared/editor';
import { canonicalUri } from './workspaceIndex';
import type { Session } from './session';

interface ItemData {
  prefixDelegation: boolean;
  /** The document completed in: its group's instance catalog (with any instanceData overlay) documents the item. */
  uri?: string;
}

/**
 * About 1400 items: with `itemDefaults` (LSP 3.17) the shared edit range and data are sent once, which
 * halves the response. `defaults` says which of them the client understands.
 */
export async function complete(session: Session, params: CompletionParams, defaults: { editRange: boolean; data: boolean }): Promise<CompletionList | null> {
  const uri = canonicalUri(params.textDocument.uri);
  const group = await session.groupOf(uri);
  const entry = session.index.get(uri);
  if (!group || !entry) return null;
  const result = instanceTypeCompletions(group.analysis, uri, entry.text, params.position);
  if (!result) return null;
  const data: ItemData = { prefixDelegation: group.analysis.model.config.prefixDelegation, uri };
  const range = result.slot.range;
  return {
    isIncomplete: false,
    itemDefaults: { ...(defaults.editRange ? { editRange: range } : {}), ...(defaults.data ? { data } : {}) },
    items: result.choices.map((c) => ({
      label: c.name,
      kind: CompletionItemKind.Value,
      detail: c.detail,
      sortText: c.sortText,
      ...(defaults.editRange ? {} : { textEdit: { range, newText: c.name } }),
      ...(defaults.data ? {} : { data }),
    })),
  };
}

/** The full instance-type table, only for the item the user looks at. */
export async function resolveCompletion(session: Session, item: CompletionItem): Promise<CompletionItem> {
  const data = item.data as ItemData | undefined;
  const group = typeof data?.uri === 'string' ? await session.groupOf(data.uri) : undefined;
  item.documentation = { kind: MarkupKind.Markdown, value: instanceTypeMarkdown(item.label, data?.prefixDelegation === true, group?.analysis.model.catalog) };
  return item;
}
