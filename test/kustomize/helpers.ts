// Renders fixture trees (file name → YAML) as the engine does, and gives rendered objects as plain data.
import { isMap, isScalar, isSeq, type Pair } from 'yaml';
import { parseSource, type ParsedSource } from '../../shared';
import { build } from '../../shared/kustomize/render';

export function sourcesOf(files: Record<string, string>): Map<string, ParsedSource> {
  return new Map(Object.entries(files).map(([file, text]) => [file, parseSource({ file, text })]));
}

/** What `kustomize build <dir of entry>` prints, as data, and the build's findings. */
export function built(files: Record<string, string>, entry: string) {
  const sources = sourcesOf(files);
  const b = build(entry, (f) => sources.get(f));
  return { objects: b.objects.map((o) => toData(o.root)), findings: b.findings, build: b };
}

export function toData(node: unknown): unknown {
  if (isMap(node)) return Object.fromEntries((node.items as Pair[]).map((p) => [String((p.key as { value: unknown }).value), toData(p.value)]));
  if (isSeq(node)) return node.items.map(toData);
  if (isScalar(node)) return node.value;
  return null;
}

export function yaml(lines: string[]): string {
  return `${lines.join('\n')}\n`;
}
