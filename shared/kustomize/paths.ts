// Paths inside the set of analysed files, whose names are paths (the CLI, either separator) or URIs (the
// server). Kustomize resolves every entry relative to the folder of the kustomization that names it.

const URI_PREFIX = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i;

/** The folder part of a file name (without the trailing separator). */
export function dirOf(file: string): string {
  const i = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return i < 0 ? '' : file.slice(0, i);
}

export function baseNameOf(file: string): string {
  const i = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return file.slice(i + 1);
}

/** `relative` (a kustomization entry, always `/`-separated) resolved against `dir`; `.` and `..` folded away. */
export function joinPath(dir: string, relative: string): string {
  const prefix = URI_PREFIX.exec(dir)?.[0] ?? '';
  const rest = dir.slice(prefix.length);
  const sep = !prefix && rest.includes('\\') && !rest.includes('/') ? '\\' : '/';
  const absolute = rest.startsWith('/') || rest.startsWith('\\');
  const segments = rest.split(/[\\/]/).filter((s) => s !== '' && s !== '.');
  const encode = prefix ? (s: string) => encodeURIComponent(s) : (s: string) => s;
  for (const s of relative.split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..' && segments.length > 0 && segments[segments.length - 1] !== '..') segments.pop();
    else if (s === '..' && (absolute || prefix)) continue;
    else segments.push(s === '..' ? s : encode(s));
  }
  return prefix + (absolute || prefix ? sep : '') + segments.join(sep);
}

/**
 * Whether a relative entry of a kustomization in `dir` stays in or below `dir` once resolved: kustomize's
 * load restrictor (on by default) reads a file only there, and fails the build on one above it. Absolute
 * entries are not judged here: whether they are below `dir` depends on the machine that builds.
 */
export function isWithinFolder(dir: string, relative: string): boolean {
  if (relative.startsWith('/')) return true;
  const resolved = joinPath(dir, relative);
  return resolved !== joinPath(dir, '') && isAtOrAbove(dir, resolved);
}

/** Whether folder `dir` is `below` or one of the folders above it (both resolved alike: paths or URIs). */
export function isAtOrAbove(dir: string, below: string): boolean {
  const folder = segmentsOf(joinPath(dir, ''));
  const resolved = segmentsOf(joinPath(below, ''));
  // Normalised, `..` segments lead: a path at or below `folder` has as many, then every segment of `folder`.
  const ups = (segments: string[]) => {
    const named = segments.findIndex((x) => x !== '..');
    return named < 0 ? segments.length : named;
  };
  return resolved.length >= folder.length && ups(resolved) === ups(folder) && folder.every((x, i) => resolved[i] === x);
}

function segmentsOf(path: string): string[] {
  return path.split(/[\\/]/).filter((x) => x !== '');
}

/** How messages name files that belong together: each relative to the folder they all share. */
export function shownPaths(files: string[]): string[] {
  if (files.length === 0) return [];
  const split = files.map((f) => f.split(/[\\/]/));
  let common = 0;
  const shortest = Math.min(...split.map((s) => s.length - 1));
  while (common < shortest && split.every((s) => s[common] === split[0][common])) common++;
  return split.map((s, i) => {
    const shown = s.slice(common).join('/');
    try {
      return URI_PREFIX.test(files[i]) ? decodeURIComponent(shown) : shown;
    } catch {
      return shown;
    }
  });
}

/** `file` as messages about `near` name it (relative to the folder the two share). */
export function shownPath(file: string, near: string): string {
  return shownPaths([file, near])[0];
}
