import path from 'node:path';

/** Paths as the user would write them: relative to the working directory, with forward slashes. */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  const climbs = rel === '..' || rel.startsWith(`..${path.sep}`); // not `..data/`, a folder inside
  return (rel && !climbs && !path.isAbsolute(rel) ? rel : file).split(path.sep).join('/');
}
