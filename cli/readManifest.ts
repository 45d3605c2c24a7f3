import fs from 'node:fs';
import { MAX_FILE_BYTES, type SourceFile } from '../shared';
import { displayPath } from './displayPath';

/**
 * A manifest's text, named as the user would write its path. A file above the size limit is not read (a
 * multi-gigabyte file cannot even become a string): the engine reports it as skipped from its size alone.
 */
export function readManifest(file: string): SourceFile {
  const size = fs.statSync(file).size;
  if (size > MAX_FILE_BYTES) return { file: displayPath(file), text: '', size };
  return { file: displayPath(file), text: fs.readFileSync(file, 'utf8') };
}
