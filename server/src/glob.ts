// Glob patterns as VS Code writes them in `files.exclude` and as users write `eniLens.exclude`: `**`, `*`,
// `?`, `{a,b}` and `[...]`, matched against a path relative to the workspace folder (forward slashes).
// A pattern also excludes everything under a folder it matches.

export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${translate(glob.replace(/\\/g, '/').replace(/^\.\//, ''))}$`);
}

function translate(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const atSegmentStart = i === 0 || glob[i - 1] === '/';
        const slashAfter = glob[i + 2] === '/';
        i++;
        if (atSegmentStart && slashAfter) {
          out += '(?:[^/]*/)*'; // `**/`: any number of folders, none included
          i++;
        } else out += '.*';
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '{') {
      const close = matchingBrace(glob, i);
      if (close < 0) out += '\\{';
      else {
        out += `(?:${splitAlternatives(glob.slice(i + 1, close)).map(translate).join('|')})`;
        i = close;
      }
    } else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) out += '\\[';
      else {
        const body = glob.slice(i + 1, close).replace(/\\/g, '\\\\');
        out += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
        i = close;
      }
    } else out += c.replace(/[.+^$()|\\\]]/g, '\\$&');
  }
  return out;
}

function matchingBrace(glob: string, open: number): number {
  let depth = 0;
  for (let i = open; i < glob.length; i++) {
    if (glob[i] === '{') depth++;
    else if (glob[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function splitAlternatives(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '{') depth++;
    else if (body[i] === '}') depth--;
    else if (body[i] === ',' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}

/** A predicate over relative paths: true when the path, or a folder above it, matches one of the patterns. */
export function excluder(patterns: string[]): (relativePath: string) => boolean {
  const regexps = patterns.filter((p) => p.trim().length > 0).map(globToRegExp);
  if (regexps.length === 0) return () => false;
  return (relativePath) => {
    const segments = relativePath.split('/');
    for (let n = 1; n <= segments.length; n++) {
      const prefix = segments.slice(0, n).join('/');
      if (regexps.some((r) => r.test(prefix))) return true;
    }
    return false;
  };
}
