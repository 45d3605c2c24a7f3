// Reading (and writing) files a repository names, safely: only regular files, after resolving symlinks, are
// opened; FIFOs, devices, sockets and folders are named instead (a FIFO would block the reader forever,
// /dev/zero would fill memory). The byte limit is enforced while reading: `stat().size` is 0 for devices and
// /proc files, and a file may grow between the stat and the read.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export type ReadOutcome =
  | { text: string }
  /** Above the limit: not read further. `bytes` is at least limit + 1. */
  | { tooLarge: number }
  /** Not read, and why: "it is a FIFO (named pipe), not a regular file", "it is a dangling symbolic link", … */
  | { problem: string; code?: string };

/** O_NONBLOCK where the platform has it: a FIFO swapped in after the check opens without waiting for a writer. */
const READ_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);
const CHUNK = 64 * 1024;

/** What a non-regular file is, as the messages name it. */
export function kindOf(stat: fs.Stats): string {
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  if (stat.isDirectory()) return 'a folder';
  if (stat.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

function notRegular(stat: fs.Stats): { problem: string } {
  return { problem: `it is ${kindOf(stat)}, not a regular file` };
}

export const NO_SUCH_FILE = 'it does not exist';

/** Why reading `file` failed, as a clause about it ("it is a dangling symbolic link"). */
export function failure(err: unknown, file: string): { problem: string; code?: string } {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    // A name read from a folder that is not UTF-8 comes back with U+FFFD in it, and names no file.
    if (file.includes('\uFFFD')) return { problem: 'it has a name that is not valid UTF-8', code };
    // realpath fails on a link whose target is missing; lstat still sees the link itself.
    const link = fs.lstatSync(file, { throwIfNoEntry: false });
    return link?.isSymbolicLink() ? { problem: 'it is a dangling symbolic link', code } : { problem: NO_SUCH_FILE, code };
  }
  if (code === 'EACCES' || code === 'EPERM') return { problem: `it cannot be read: permission denied (${code})`, code };
  if (code === 'ELOOP') return { problem: 'it is a symbolic link loop', code };
  return { problem: `it cannot be read (${code ?? String(err)})`, code };
}

/** "the file is a FIFO (named pipe), not a regular file, so it is not read": the sentence findings carry. */
export function skippedBecause(problem: string, what: 'file' | 'folder' = 'file'): string {
  return `the ${what} ${problem.replace(/^it /, '')}${/^it (is|has) /.test(problem) ? ', so it is not read' : ''}`;
}

const OUTSIDE = { problem: 'it is a symbolic link to a file outside the folder checked' };

/** `real` lies below `realWithin` (both resolved). */
function inside(real: string, realWithin: string): boolean {
  const rel = path.relative(realWithin, real);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

/** `file`, its symbolic links followed, lies below `folder` (followed too); false when either cannot be resolved. */
export function resolvesInside(file: string, folder: string): boolean {
  try {
    return inside(fs.realpathSync(file), fs.realpathSync(folder));
  } catch {
    return false;
  }
}

/**
 * Reads `file` as UTF-8 when it is (or links to) a regular file of at most `maxBytes` bytes. With `within`
 * (the folder being walked), a symlink leading out of it is not read: a hostile change must not make CI print
 * what files elsewhere on the machine hold. Never throws.
 */
export function readRegularFileSync(file: string, maxBytes: number, within?: string): ReadOutcome {
  let fd: number | undefined;
  try {
    const real = fs.realpathSync(file);
    const stat = fs.statSync(real);
    if (!stat.isFile()) return notRegular(stat);
    if (within !== undefined && !inside(real, fs.realpathSync(within))) return OUTSIDE;
    if (stat.size > maxBytes) return { tooLarge: stat.size };
    fd = fs.openSync(real, READ_FLAGS);
    const opened = fs.fstatSync(fd);
    if (!opened.isFile()) return notRegular(opened); // swapped after the check
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buffer = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes + 1 - total));
      const n = fs.readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      chunks.push(n === buffer.length ? buffer : buffer.subarray(0, n));
      total += n;
      if (total > maxBytes) return { tooLarge: Math.max(total, opened.size) };
    }
    return { text: Buffer.concat(chunks, total).toString('utf8') };
  } catch (err) {
    return failure(err, file);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** The same, without blocking the event loop. */
export async function readRegularFile(file: string, maxBytes: number, within?: string): Promise<ReadOutcome> {
  let handle: fsp.FileHandle | undefined;
  try {
    const real = await fsp.realpath(file);
    const stat = await fsp.stat(real);
    if (!stat.isFile()) return notRegular(stat);
    if (within !== undefined && !inside(real, await fsp.realpath(within))) return OUTSIDE;
    if (stat.size > maxBytes) return { tooLarge: stat.size };
    handle = await fsp.open(real, READ_FLAGS);
    const opened = await handle.stat();
    if (!opened.isFile()) return notRegular(opened);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buffer = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      chunks.push(bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) return { tooLarge: Math.max(total, opened.size) };
    }
    return { text: Buffer.concat(chunks, total).toString('utf8') };
  } catch (err) {
    return failure(err, file);
  } finally {
    await handle?.close();
  }
}

/** "5.0 MB" */
export function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Why `file` must not be written (a FIFO, a device, a folder, a dangling symlink), or undefined when it is
 * absent or a regular file (possibly through a symlink).
 */
export function unwritableReason(file: string): string | undefined {
  // The null device takes any write at once (`--output /dev/null` in scripts and benchmarks): the one special file written to.
  if (path.resolve(file) === os.devNull) return undefined;
  const link = fs.lstatSync(file, { throwIfNoEntry: false });
  if (!link) return undefined;
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) return link.isSymbolicLink() ? 'it is a dangling symbolic link' : undefined;
  return stat.isFile() ? undefined : notRegular(stat).problem;
}

/** The input `output` is (the same file, however named), if any: an output must not overwrite what was read. */
export function sameFileAs(output: string, inputs: Iterable<string>): string | undefined {
  const out = fs.statSync(output, { throwIfNoEntry: false });
  if (!out) return undefined;
  for (const input of inputs) {
    const s = fs.statSync(input, { throwIfNoEntry: false });
    if (s && s.ino === out.ino && s.dev === out.dev) return input;
  }
  return undefined;
}

/** Writes `text` to a regular file (created if absent); a FIFO swapped in after the check fails (ENXIO) instead of blocking. */
export function writeRegularFileSync(file: string, text: string): void {
  const reason = unwritableReason(file);
  if (reason) throw new Error(reason);
  const flag = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC | (fs.constants.O_NONBLOCK ?? 0);
  fs.writeFileSync(file, text, { flag: flag as unknown as string });
}
