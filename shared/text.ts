// Small text helpers every layer uses (the lowest module of the engine: it imports nothing).

/** Lines as LSP counts them: \r\n, \r and \n all end one. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** "1 pod", "3 pods". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The last segment of a path or URI ("deployment.yaml"). */
export function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}

/** Code-unit order, the same on every machine (unlike localeCompare): findings and files sort by it. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A name the analysis reads as YAML: `.yaml`/`.yml`, and Kustomize's extension-less `Kustomization`. */
export function isYamlFileName(name: string): boolean {
  return name.endsWith('.yaml') || name.endsWith('.yml') || baseName(name) === 'Kustomization';
}

/** The comment that suppresses findings on the next line: `# eni-lens-disable-next-line [rule,…] [-- reason]`. */
export const DISABLE_NEXT_LINE = 'eni-lens-disable-next-line';
