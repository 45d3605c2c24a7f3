// "ENI Lens: Show Capacity Report": a webview beside the editor with the report the server builds from the
// workspace analysis. It is rebuilt when the server says it analysed again (debounced), and a click on a
// workload opens its manifest at the workload. From a code lens it opens at the workload's pool.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { renderReportHtml, type CapacityReport } from '../../shared/report';
import { ANALYSED_NOTIFICATION, CAPACITY_REPORT_REQUEST, type ReportTarget } from '../../shared/report/protocol';

const REFRESH_DEBOUNCE_MS = 300;

interface OpenMessage {
  type: 'open';
  file: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export function registerCapacityReport(client: LanguageClient, output: vscode.OutputChannel): vscode.Disposable {
  let panel: vscode.WebviewPanel | undefined;
  let stale = false;
  let timer: NodeJS.Timeout | undefined;
  /** The pool the next render scrolls to; later refreshes keep the page where the user is. */
  let reveal: ReportTarget | undefined;

  const refresh = async () => {
    if (!panel) return;
    if (!panel.visible) {
      stale = true; // rebuilt when shown again
      return;
    }
    stale = false;
    try {
      const report = await client.sendRequest<CapacityReport>(CAPACITY_REPORT_REQUEST);
      if (!panel) return;
      panel.webview.html = renderReportHtml(report, {
        nonce: randomBytes(16).toString('base64'),
        displayFile: (uri) => vscode.workspace.asRelativePath(vscode.Uri.parse(uri)),
        reveal,
      });
      reveal = undefined;
    } catch (err) {
      output.appendLine(`capacity report failed: ${String(err)}`);
    }
  };

  const show = (target?: unknown) => {
    reveal = isReportTarget(target) ? target : undefined;
    if (panel) {
      panel.reveal(vscode.ViewColumn.Beside, true);
      return refresh();
    }
    panel = vscode.window.createWebviewPanel(
      'eniLens.capacityReport',
      'ENI Lens: Capacity Report',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [] },
    );
    panel.onDidDispose(() => (panel = undefined));
    panel.onDidChangeViewState(() => panel?.visible && stale && void refresh());
    panel.webview.onDidReceiveMessage((m: unknown) => isOpenMessage(m) && void openAt(m));
    return refresh();
  };

  const onAnalysed = client.onNotification(ANALYSED_NOTIFICATION, () => {
    if (!panel) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void refresh(), REFRESH_DEBOUNCE_MS);
  });

  return vscode.Disposable.from(vscode.commands.registerCommand('eniLens.showCapacityReport', show), onAnalysed, {
    dispose: () => {
      if (timer) clearTimeout(timer);
      panel?.dispose();
    },
  });
}

async function openAt(m: OpenMessage): Promise<void> {
  const { start, end } = m.range;
  await vscode.window.showTextDocument(vscode.Uri.parse(m.file), {
    viewColumn: vscode.ViewColumn.One,
    selection: new vscode.Range(start.line, start.character, end.line, end.character),
  });
}

function isReportTarget(t: unknown): t is ReportTarget {
  const o = t as Partial<ReportTarget> | undefined;
  return typeof o === 'object' && o !== null && typeof o.pool === 'string' && (o.configFile === undefined || typeof o.configFile === 'string');
}

function isOpenMessage(m: unknown): m is OpenMessage {
  const o = m as Partial<OpenMessage> | undefined;
  const pos = (p: unknown) => typeof p === 'object' && p !== null && Number.isInteger((p as { line: unknown }).line) && Number.isInteger((p as { character: unknown }).character);
  return o?.type === 'open' && typeof o.file === 'string' && pos(o.range?.start) && pos(o.range?.end);
}
