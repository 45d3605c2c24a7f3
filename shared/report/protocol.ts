// The language server's capacity-report extension of LSP, shared by the server and the VS Code client.

/** Request, no params: returns the workspace's CapacityReport (files are client URIs). */
export const CAPACITY_REPORT_REQUEST = 'eniLens/capacityReport';

/**
 * Notification, no params: the workspace was analysed again, so a shown report is out of date. Sent only
 * to clients that ask for it with `initializationOptions.analysisNotifications: true`.
 */
export const ANALYSED_NOTIFICATION = 'eniLens/analysed';
