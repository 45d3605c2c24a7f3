// `files.exclude` / `eniLens.exclude` patterns, matched with minimatch against paths relative to the
// workspace folder (forward slashes). A pattern also excludes everything under a folder it matches.
import { minimatch } from 'minimatch';

export function globMatches(glob: string, relativePath: string): boolean {
  return minimatch(relativePath, glob.replace(/\\/g, '/').replace(/^\.\//, ''), { dot: true });
}

/** A predicate over relative paths: true when the path, or a folder above it, matches one of the patterns. */
export function excluder(patterns: string[]): (relativePath: string) => boolean {
  const globs = patterns.filter((p) => p.trim().length > 0);
  if (globs.length === 0) return () => false;
  return (relativePath) => {
    const segments = relativePath.split('/');
    for (let n = 1; n <= segments.length; n++) {
      const prefix = segments.slice(0, n).join('/');
      if (globs.some((g) => globMatches(g, prefix))) return true;
    }
    return false;
  };
}
