// A manifest read from disk as the engine takes it (the CLI's main thread and the parse workers alike).
import type { SourceFile } from '../types';
import { MAX_FILE_BYTES } from '../yaml/parseSource';
import { readRegularFileSync, skippedBecause, type ReadOutcome } from './regularFile';

/**
 * A manifest as the engine takes it, named `file`. A file above the size limit is not read past the limit
 * (a multi-gigabyte file cannot even become a string), and a FIFO, device or dangling symlink is not opened:
 * the engine reports either as skipped. `within`: the folder it was found in (see readRegularFileSync).
 */
export function readSourceFile(fsPath: string, file: string, within?: string): SourceFile {
  return sourceFileOf(file, readRegularFileSync(fsPath, MAX_FILE_BYTES, within));
}

/** What readSourceFile makes of a read. */
export function sourceFileOf(file: string, read: ReadOutcome): SourceFile {
  if ('tooLarge' in read) return { file, text: '', size: read.tooLarge };
  if ('problem' in read) return { file, text: '', unreadable: skippedBecause(read.problem) };
  return { file, text: read.text };
}
