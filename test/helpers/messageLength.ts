// The short-message contract: a finding's `message` is one sentence of at most MESSAGE_LIMIT characters.
// Names the user wrote (objects, namespaces, pools, files, quoted values) are counted as at most
// NAME_ALLOWANCE characters each, so a long name may push a message past the limit, the wording never.
import type { Analysis, Finding } from '../../shared';

export const MESSAGE_LIMIT = 120;
export const NAME_ALLOWANCE = 20;

/** Every name of an analysis a message may interpolate, with the shorter forms messages show of paths. */
export function namesOf(analysis: Pick<Analysis, 'model' | 'findings'>, files: Iterable<string> = []): Set<string> {
  const names = new Set<string>();
  const addPath = (file: string | undefined) => {
    if (!file) return;
    const parts = file.split(/[\\/]/);
    // Every tail of the path ("overlays/dev/kustomization.yaml", "dev/kustomization.yaml"), and the folders of those tails.
    for (let i = 0; i < parts.length; i++) {
      for (let j = parts.length; j > i; j--) names.add(parts.slice(i, j).join('/'));
    }
    names.add(file);
  };
  for (const f of files) addPath(f);
  for (const o of analysis.model.objects) {
    names.add(o.name);
    names.add(o.namespace);
    names.add(`${o.namespace}/${o.name}`);
    addPath(o.file);
    addPath(o.via);
  }
  for (const p of analysis.model.pools) {
    names.add(p.name);
    addPath(p.file);
  }
  for (const f of analysis.findings) {
    addPath(f.file);
    if (f.object) [f.object.name, f.object.namespace, `${f.object.namespace}/${f.object.name}`].forEach((n) => names.add(n));
  }
  names.delete('');
  return names;
}

/** The length of `message` with each long name (and each quoted '…' value) counted as NAME_ALLOWANCE characters. */
export function measuredLength(message: string, names: Iterable<string>): number {
  const placeholder = '#'.repeat(NAME_ALLOWANCE);
  let text = message;
  for (const name of [...names].filter((n) => n.length > NAME_ALLOWANCE).sort((a, b) => b.length - a.length)) text = text.split(name).join(placeholder);
  text = text.replace(/(?<=^|[\s(])'[^'\n]{21,}?'/g, `'${placeholder}'`);
  return text.length;
}

/** The findings whose message measures past the limit or is more than one line, as "rule (length): message". */
export function overLimit(findings: Finding[], names: Iterable<string>): string[] {
  const known = [...names];
  return findings
    .filter((f) => f.message.includes('\n') || measuredLength(f.message, known) > MESSAGE_LIMIT)
    .map((f) => `${f.rule} (${measuredLength(f.message, known)}): ${f.message}`);
}

/** Throws when a finding of `analysis` breaks the contract: every test analysing inline fixtures checks it on the way. */
export function assertShortMessages(analysis: Pick<Analysis, 'model' | 'findings'>, files: Iterable<string> = []): void {
  const over = overLimit(analysis.findings, namesOf(analysis, files));
  if (over.length > 0) throw new Error(`messages over ${MESSAGE_LIMIT} characters (names counted as ${NAME_ALLOWANCE}):\n${over.join('\n')}`);
}
