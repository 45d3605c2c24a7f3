// The language server's capacity-report extension of LSP, shared by the server and the VS Code client.

/** Request, no params: returns the workspace's CapacityReport (files are client URIs). */
export const CAPACITY_REPORT_REQUEST = 'eniLens/capacityReport';

/**
 * Notification, no params: the workspace was analysed again, so a shown report is out of date. Sent only
 * to clients that ask for it with `initializationOptions.analysisNotifications: true`.
 */
export const ANALYSED_NOTIFICATION = 'eniLens/analysed';

/**
 * Notification with StatusParams: what the editor's status item shows, sent after every analysis to clients
 * that ask with `initializationOptions.analysisNotifications: true`.
 */
export const STATUS_NOTIFICATION = 'eniLens/status';

export interface StatusParams {
  /** Findings by severity over the workspace (config errors included). */
  errors: number;
  warnings: number;
  infos: number;
  /** YAML files analysed. */
  files: number;
  /** Client URIs of the .eni-lens.yaml files in use, sorted; empty: defaults everywhere. */
  configFiles: string[];
  /** Whether some analysed files have no .eni-lens.yaml and use the defaults. */
  defaults: boolean;
  /** The bundled EC2 data's generation date (YYYY-MM-DD). */
  dataDate: string;
}

/** The argument of the `eniLens.showCapacityReport` command from a code lens: the pool to scroll to. */
export interface ReportTarget {
  /** The client URI of the section's .eni-lens.yaml; undefined: the section without one. */
  configFile?: string;
  pool: string;
}
