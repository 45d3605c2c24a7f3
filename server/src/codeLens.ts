// textDocument/codeLens: a line of pod-eni budget above each workload that needs branch ENIs.
import type { CodeLens, CodeLensParams } from 'vscode-languageserver';
import { workloadLenses } from '../../shared/editor';
import { canonicalUri } from './workspaceIndex';
import type { Session } from './session';

export async function codeLenses(session: Session, params: CodeLensParams): Promise<CodeLens[]> {
  if (!session.index.settingsFor(params.textDocument.uri).codeLens) return [];
  const group = await session.groupOf(params.textDocument.uri);
  if (!group) return [];
  // An empty command id makes the lens a plain label: there is nothing to run, only to read.
  return workloadLenses(group.analysis, canonicalUri(params.textDocument.uri)).map((l) => ({ range: l.range, command: { title: l.title, command: '' } }));
}
