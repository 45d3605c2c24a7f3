import type { SourceFile } from '../shared';
import { readSourceFile } from '../shared/node';
import { displayPath } from './displayPath';

/** A manifest's text, named as the user would write its path (see readSourceFile). */
export function readManifest(file: string, within?: string): SourceFile {
  return readSourceFile(file, displayPath(file), within);
}
