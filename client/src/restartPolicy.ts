// What the client does when the language server dies: restart it, up to MAX_RESTARTS times in a window
// (the same numbers as vscode-languageclient's default handler, made explicit so each restart is logged).
export const MAX_RESTARTS = 4;
export const RESTART_WINDOW_MS = 3 * 60 * 1000;

export interface RestartDecision {
  restart: boolean;
  /** What the "ENI Lens" output channel says. */
  message: string;
}

export class RestartPolicy {
  private crashes: number[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  /** Called when the connection to the server closed without a stop. */
  onServerClosed(): RestartDecision {
    const t = this.now();
    this.crashes = [...this.crashes.filter((c) => t - c <= RESTART_WINDOW_MS), t];
    const n = this.crashes.length;
    if (n <= MAX_RESTARTS) {
      return {
        restart: true,
        message: `The ENI Lens language server stopped unexpectedly; restarting it (${n} of ${MAX_RESTARTS} restarts allowed in ${RESTART_WINDOW_MS / 60_000} minutes).`,
      };
    }
    return {
      restart: false,
      message: `The ENI Lens language server stopped ${n} times in ${RESTART_WINDOW_MS / 60_000} minutes and is not restarted again. Run "ENI Lens: Restart Language Server" after fixing the cause shown above.`,
    };
  }
}

/**
 * vscode-languageclient logs every exit of the server process as an error, "[Error - 10:02:03] Server
 * process exited with code 0.", also after a deliberate stop or restart (shutdown + exit ends the process
 * with 0). Code 0 is a clean exit: say so at Info level. Other lines pass unchanged.
 */
export function clientLogLine(line: string): string {
  const clean = /^\[Error - ([^\]]*)\] Server process exited with code 0\.$/.exec(line);
  return clean ? `[Info  - ${clean[1]}] The language server stopped cleanly (exit code 0).` : line;
}

/** The first line of the output channel: which build runs where. */
export function versionBanner(version: string, vscodeVersion: string, nodeVersion: string): string {
  return `ENI Lens ${version} (VS Code ${vscodeVersion}, Node ${nodeVersion})`;
}
