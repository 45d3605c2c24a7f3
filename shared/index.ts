// Public surface of the engine, for the CLI and the language server.
export * from './types';
export { analyze, analyzeParsed, compareFindings, IGNORE_ANNOTATION, parseOptionsFor, prebuiltKustomizations, type Analysis, type Prepared } from './engine';
export { parseSource, type ParsedSource, MAX_FILE_BYTES } from './yaml/parseSource';
export { parseConfig, defaultConfig, CONFIG_FILE_NAME, type EniLensConfig, type ConfigResult } from './config/config';
export { RULES, RULE_DOCS, RULES_URL, ruleDocUrl, type RuleDoc } from './rules';
export * as instances from './instances';
export { baseName, capitalize, compareStrings, isYamlFileName, plural, splitLines } from './text';
export { isInstanceTypeName, parseOverlay, serializeOverlay, type OverlayEntry } from './instances/overlay';
export { escapeIcons, escapeMarkdown, showControls } from './escape';
export { isKustomizationFile, KUSTOMIZATION_FILE_NAMES, namedFiles, readKustomization } from './kustomize/kustomization';
export { isWithinFolder, joinPath } from './kustomize/paths';
