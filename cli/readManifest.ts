import { MAX_FILE_BYTES, type SourceFile } from '../shared';
import { readRegularFileSync, skippedBecause } from '../shared/node';
import { displayPath } from './displayPath';

/**
 * A manifest's text, named as the user would write its path. A file above the size limit is not read past
 * the limit (a multi-gigabyte file cannot even become a string), and a FIFO, device or dangling symlink is
 * not opened: the engine reports either as skipped. `within`: the folder it was found in (see readRegularFileSync).
 */
export function readManifest(file: string, within?: string): SourceFile {
  const read = readRegularFileSync(file, MAX_FILE_BYTES, within);
  if ('tooLarge' in read) return { file: displayPath(file), text: '', size: read.tooLarge };
  if ('problem' in read) return { file: displayPath(file), text: '', unreadable: skippedBecause(read.problem) };
  return { file: displayPath(file), text: read.text };
}
