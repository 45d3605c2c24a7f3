// Findings as LSP diagnostics, and publishing them: every file whose diagnostics changed (open or not),
// an empty set for files whose findings vanished, and the document version they were computed for.
import { DiagnosticSeverity, type Diagnostic, type PublishDiagnosticsParams } from 'vscode-languageserver';
import { ruleDocUrl, type Finding, type Severity } from '../../shared';

export const DIAGNOSTIC_SOURCE = 'eni-lens';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toDiagnostic(f: Finding, toClient: (uri: string) => string): Diagnostic {
  return {
    range: f.range,
    severity: SEVERITY[f.severity],
    code: f.rule,
    codeDescription: { href: ruleDocUrl(f.rule) },
    source: DIAGNOSTIC_SOURCE,
    // The one-sentence message only: VS Code shows a diagnostic's message and related information above the
    // hover, so the detail goes in the hover (after its summary line), not here.
    message: shownMessage(f),
    relatedInformation: f.related.map((r) => ({ location: { uri: toClient(r.file), range: r.range }, message: r.message })),
  };
}

/** The message as the editor shows it: config errors read "<file>:<line>: …" for the CLI; in the file the location is the squiggle. */
export function shownMessage(f: Finding): string {
  if (f.rule !== 'config') return f.message;
  const prefix = `${f.file}:`;
  return f.message.startsWith(prefix) ? f.message.slice(prefix.length).replace(/^\d+: /, '') : f.message;
}

export class DiagnosticsPublisher {
  /** Per canonical URI: what was last sent, to skip unchanged files and to clear vanished ones. */
  private sent = new Map<string, string>();

  constructor(
    private readonly send: (params: PublishDiagnosticsParams) => void,
    private readonly toClient: (uri: string) => string,
  ) {}

  publish(findingsByFile: Map<string, Finding[]>, versionOf: (uri: string) => number | undefined): number {
    let count = 0;
    const files = new Set([...findingsByFile.keys(), ...this.sent.keys()]);
    for (const uri of files) {
      const diagnostics = (findingsByFile.get(uri) ?? []).map((f) => toDiagnostic(f, this.toClient));
      const version = versionOf(uri);
      const fingerprint = `${version ?? ''}\0${JSON.stringify(diagnostics)}`;
      if (this.sent.get(uri) === fingerprint) continue;
      if (diagnostics.length > 0) this.sent.set(uri, fingerprint);
      else this.sent.delete(uri);
      this.send({ uri: this.toClient(uri), version, diagnostics });
      count++;
    }
    return count;
  }

  /** Forgets everything sent (after clearing it on the client), e.g. when the workspace is re-scanned from scratch. */
}
