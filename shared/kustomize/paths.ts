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

/** How messages name `file`: relative to the folder it shares with `from` (the file the message is about). */
export function shownPath(file: string, from: string): string {
  const a = file.split(/[\\/]/);
  const b = from.split(/[\\/]/);
  let i = 0;
  while (i < a.length - 1 && i < b.length - 1 && a[i] === b[i]) i++;
  const shown = a.slice(i).join('/');
  try {
    return URI_PREFIX.test(file) ? decodeURIComponent(shown) : shown;
  } catch {
    return shown;
  }
}
