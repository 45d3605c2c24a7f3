// The language status item on YAML files: the workspace's findings, the config in use and the EC2 data's
// date, from the server's eniLens/status; a click opens the capacity report.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { STATUS_NOTIFICATION, type StatusParams } from '../../shared/report/protocol';
import { statusView } from './statusView';

const SEVERITY = {
  error: vscode.LanguageStatusSeverity.Error,
  warning: vscode.LanguageStatusSeverity.Warning,
  information: vscode.LanguageStatusSeverity.Information,
} as const;

export interface StatusItemReader {
  /** What the item shows now (for the extension's API, which the extension-host tests read). */
  current(): { text: string; detail?: string };
}

export function registerStatusItem(client: LanguageClient): vscode.Disposable & StatusItemReader {
  const item = vscode.languages.createLanguageStatusItem('eniLens.status', { language: 'yaml' });
  item.name = 'ENI Lens';
  item.text = 'ENI Lens: analysing…';
  item.busy = true;
  item.command = { title: 'Show Capacity Report', command: 'eniLens.showCapacityReport' };
  const listener = client.onNotification(STATUS_NOTIFICATION, (s: StatusParams) => {
    const view = statusView(s, (uri) => vscode.workspace.asRelativePath(vscode.Uri.parse(uri)));
    item.busy = false;
    item.text = view.text;
    item.detail = view.detail;
    item.severity = SEVERITY[view.severity];
  });
  return Object.assign(vscode.Disposable.from(item, listener), { current: () => ({ text: item.text, detail: item.detail }) });
}
