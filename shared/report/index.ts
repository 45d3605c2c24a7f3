// The capacity report: a pure model built from the engine's analysis, and its self-contained HTML.
export { buildCapacityReport, type CapacityReport, type ReportGroup, type ReportPool, type ReportSection, type ReportWorkload } from './model';
export { renderReportHtml, type RenderOptions } from './html';
export type { Bar, BarResource, PoolBars, TypeFigures } from './bars';
