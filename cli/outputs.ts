// `--format F [--output FILE]`, repeatable: each --output belongs to the --format just before it (an
// --output before any --format, to the first); a --format without one writes to stdout, which only one may.
export const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export interface OutputTarget {
  format: Format;
  /** undefined: standard output. */
  file?: string;
}

interface OptionToken {
  kind: string;
  name?: string;
  value?: string;
}

/** The targets in command-line order, or a usage error message. */
export function outputTargets(tokens: readonly OptionToken[]): OutputTarget[] | string {
  const formats: { format: string; file?: string }[] = [];
  let early: string | undefined;
  for (const t of tokens) {
    if (t.kind !== 'option' || t.value === undefined) continue;
    if (t.name === 'format') formats.push({ format: t.value });
    else if (t.name === 'output') {
      const last = formats.at(-1);
      if (!last) {
        if (early !== undefined) return `--output ${t.value}: only one --output may come before the first --format`;
        early = t.value;
      } else if (last.file === undefined) last.file = t.value;
      else return `--output ${t.value} has no --format of its own (each --format takes one --output)`;
    }
  }
  if (formats.length === 0) formats.push({ format: 'text' });
  if (early !== undefined) {
    if (formats[0].file !== undefined) return `--output ${early} has no --format of its own (each --format takes one --output)`;
    formats[0].file = early;
  }
  const bad = formats.find((f) => !(FORMATS as readonly string[]).includes(f.format));
  if (bad) return `--format must be one of ${FORMATS.join(', ')} (got '${bad.format}')`;
  if (formats.filter((f) => f.file === undefined).length > 1) return 'only one --format can write to standard output; give the others an --output FILE';
  return formats as OutputTarget[];
}
