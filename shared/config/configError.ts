import type { Finding, Range } from '../types';

/** A `config` finding: a mistake in .eni-lens.yaml or in the instance data file it names, at its line. */
export function configError(file: string, range: Range | undefined, message: string, detail?: string): Finding {
  return {
    rule: 'config',
    severity: 'error',
    file,
    message: `${file}:${(range?.start.line ?? 0) + 1}: ${message}`,
    ...(detail ? { detail } : {}),
    range: range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    related: [],
    fixes: [],
  };
}
