// Plain data shared by the engine, the CLI and the language server. Positions are 0-based, as in LSP;
// `character` counts UTF-16 code units, like the `yaml` package's LineCounter and like LSP.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info';

export const RULE_IDS = [
  'branch-eni-capacity',
  'branch-eni-unsupported',
  'max-pods',
  'ip-capacity',
  'security-groups-per-eni',
  'unknown-instance-type',
  'sgp-invalid',
  'rollout-surge',
  'no-matching-pool',
  'security-groups-for-pods-disabled',
  'duplicate-object',
  'kustomize-invalid',
  'kustomize-remote',
  'template-skipped',
  'yaml-syntax',
  'config',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export interface ObjectRef {
  kind: string;
  namespace: string;
  name: string;
}

export interface Location {
  file: string;
  range: Range;
}

export interface RelatedInfo extends Location {
  message: string;
}

export interface TextEdit extends Location {
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The best of the offered fixes; editors show it as the preferred quick fix. */
  preferred?: boolean;
}

export interface Finding {
  rule: RuleId;
  severity: Severity;
  file: string;
  range: Range;
  object?: ObjectRef;
  /** One sentence (at most 120 characters) with the verdict and its numbers: what the Problems panel shows. */
  message: string;
  /** Why, what was assumed and how the numbers come about: shown in hovers, `--verbose` and the JSON/SARIF output. */
  detail?: string;
  related: RelatedInfo[];
  fixes: Fix[];
}

/** A finding's words: the one-sentence verdict, and the explanation behind it. */
export type FindingText = Pick<Finding, 'message' | 'detail'>;

/** A file handed to the engine: `file` is how findings name it (a path for the CLI, a URI for the server). */
export interface SourceFile {
  file: string;
  text: string;
  /** Bytes on disk, set by a caller that did not read a file above MAX_FILE_BYTES (`text` is then empty). */
  size?: number;
  /** Set by a caller that did not read the file, and why ("the file is a FIFO (named pipe), not a regular file, so it is not read"). */
  unreadable?: string;
}
