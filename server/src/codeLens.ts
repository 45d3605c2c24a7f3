// textDocument/codeLens: a line of pod-eni budget above each workload that needs branch ENIs; a click opens
// the capacity report at the workload's pool.
import type { CodeLens, CodeLensParams } from 'vscode-languageserver';
import { workloadLenses } from '../../shared/editor';
import type { ReportTarget } from '../../shared/report/protocol';
import { canonicalUri } from './workspaceIndex';
import type { Session } from './session';

export async function codeLenses(session: Session, params: CodeLensParams): Promise<CodeLens[]> {
  if (!session.index.settingsFor(params.textDocument.uri).codeLens) return [];
  const group = await session.groupOf(params.textDocument.uri);
  if (!group) return [];
  const configFile = group.configUri && session.index.toClient(group.configUri);
  return workloadLenses(group.analysis, canonicalUri(params.textDocument.uri)).map((l) => {
    const target: ReportTarget[] = l.pool !== undefined ? [{ configFile, pool: l.pool }] : [];
    return { range: l.range, command: { title: l.title, command: 'eniLens.showCapacityReport', arguments: target } };
  });
}
