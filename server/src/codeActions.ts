// textDocument/codeAction: the engine's fixes as quick fixes, plus ignoring a finding for its object
// (annotation) or its line (comment).
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type Range, type TextEdit as LspTextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { TextEdit } from '../../shared';
import { ignoreForLineEdit, ignoreForObjectEdit } from '../../shared/editor';
import { toDiagnostic } from './diagnostics';
import { canonicalUri } from './workspaceIndex';
import type { Session } from './session';

export async function codeActions(session: Session, params: CodeActionParams): Promise<CodeAction[]> {
  const only = params.context.only;
  if (only && !only.some((k) => CodeActionKind.QuickFix.startsWith(k))) return [];
  const uri = canonicalUri(params.textDocument.uri);
  const workspace = await session.fresh();
  const group = workspace.groupOf.get(uri);
  const text = session.index.get(uri)?.text;
  if (!group || text === undefined) return [];
  const toClient = (u: string) => session.index.toClient(u);
  const actions: CodeAction[] = [];
  for (const f of workspace.findingsByFile.get(uri) ?? []) {
    if (!overlaps(f.range, params.range)) continue;
    const diagnostic = toDiagnostic(f, toClient);
    for (const fix of f.fixes) {
      actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.preferred === true, edit: workspaceEdit(fix.edits, toClient) });
    }
    if (f.rule === 'config') continue; // the config file is not a manifest: no annotation, no disable comment
    const byObject = ignoreForObjectEdit(group.analysis, f, text);
    if (byObject) actions.push(ignoreAction(`Ignore ${f.rule} for this object`, byObject, diagnostic, toClient));
    actions.push(ignoreAction(`Ignore ${f.rule} for this line`, ignoreForLineEdit(f, text), diagnostic, toClient));
  }
  return actions;
}

function ignoreAction(title: string, edit: TextEdit, diagnostic: Diagnostic, toClient: (u: string) => string): CodeAction {
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: workspaceEdit([edit], toClient) };
}

export function workspaceEdit(edits: TextEdit[], toClient: (uri: string) => string): WorkspaceEdit {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const e of edits) (changes[toClient(e.file)] ??= []).push({ range: e.range, newText: e.newText });
  return { changes };
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}
