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
      return { restart: true, message: `The ENI Lens language server stopped unexpectedly; restarting it (${n} of ${MAX_RESTARTS} restarts allowed in ${RESTART_WINDOW_MS / 60_000} minutes).` };
    }
    return {
      restart: false,
      message: `The ENI Lens language server stopped ${n} times in ${RESTART_WINDOW_MS / 60_000} minutes and is not restarted again. Run "ENI Lens: Restart Language Server" after fixing the cause shown above.`,
    };
  }
}
