// The engine's second entry point, for editors: what a language server asks of an analysis besides its
// findings (hovers, code lenses, completion, suppression edits) and the incremental analysis it keeps.
export { hoverAt } from './explain/hover';
export { workloadLenses } from './explain/codeLens';
export { instanceTypeCompletions } from './explain/completion';
export { instanceTypeMarkdown } from './explain/instanceType';
export { ignoreForLineEdit, ignoreForObjectEdit } from './edits/suppress';
export { IncrementalAnalyzer } from './incremental/incrementalAnalyzer';
export { releaseTrees } from './model/fileFacts';
