import type { Finding } from '../shared';

/** `  fix: use r6g.large (…)`: the finding's preferred fix (else its first), as a remediation line under it. */
export function fixLine(f: Finding): string | undefined {
  const fix = f.fixes.find((x) => x.preferred) ?? f.fixes[0];
  if (!fix) return undefined;
  return `  fix: ${fix.title.charAt(0).toLowerCase()}${fix.title.slice(1)}`;
}
