// The Node.js edge of the engine: finding manifests and the config file on disk. Used by the CLI and the
// language server; the engine proper (the rest of shared/) never touches the file system.
import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE_NAME, defaultConfig, parseConfig, type ConfigResult, type EniLensConfig } from '../config/config';
import { catalogWithOverlay } from '../instances/catalog';
import { MAX_OVERLAY_BYTES, overlayEntryToType, parseOverlay } from '../instances/overlay';
import { configError } from '../config/configError';
import { isYamlFileName } from '../text';
import { MAX_FILE_BYTES } from '../yaml/parseSource';
import { failure, megabytes, NO_SUCH_FILE, readRegularFileSync, skippedBecause, type ReadOutcome } from './regularFile';

const SKIPPED_DIRS = new Set(['node_modules', '.git']);

export function isManifestPath(file: string): boolean {
  const base = path.basename(file);
  return isYamlFileName(file) && base !== CONFIG_FILE_NAME;
}

/**
 * Every .yaml/.yml file under the given paths (files are taken as given), sorted, without duplicates. A
 * folder that cannot be read is listed too, with why in `unreadFolders` ("the folder cannot be read: …").
 * `walkedFrom` gets the PATH each file was found under (files named as PATHs have none).
 */
export function collectManifestFiles(paths: string[], unreadFolders = new Map<string, string>(), walkedFrom = new Map<string, string>()): string[] {
  const out = new Set<string>();
  let root = '';
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      out.add(dir);
      unreadFolders.set(dir, skippedBecause(failure(err, dir).problem, 'folder'));
      return;
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name)) walk(full);
      } else if (isManifestPath(full)) {
        out.add(full); // FIFOs, devices and symlinks too: readManifest says what they are
        if (!walkedFrom.has(full)) walkedFrom.set(full, root);
      }
    }
  };
  for (const p of paths) {
    const stat = fs.statSync(p, { throwIfNoEntry: false });
    if (!stat) throw new Error(`no such file or folder: ${p}`);
    if (stat.isDirectory()) {
      root = p;
      walk(p);
    } else out.add(p);
  }
  return [...out].sort();
}

/**
 * The nearest .eni-lens.yaml in `start` (a folder, or a file's folder) or its parents, up to `ceiling`
 * (included): a config above the workspace or repository (a shared temp folder, a CI home) must not govern it.
 * A `start` outside `ceiling` looks in its own folder only.
 */
export function findConfigFile(start: string, ceiling: string): string | undefined {
  let dir = path.resolve(start);
  if (fs.statSync(dir, { throwIfNoEntry: false })?.isFile()) dir = path.dirname(dir);
  const top = path.resolve(ceiling);
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir || dir === top || !isInside(parent, top)) return undefined;
    dir = parent;
  }
}

/** `p` is `dir` or below it. */
export function isInside(p: string, dir: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

/**
 * Where the CLI stops looking for a config above a PATH: the repository root holding it (the nearest folder
 * with a `.git`), else the working directory when the PATH is inside it, else the PATH itself (a file's folder).
 */
export function configCeiling(p: string, cwd = process.cwd()): string {
  const abs = path.resolve(p);
  const own = fs.statSync(abs, { throwIfNoEntry: false })?.isDirectory() ? abs : path.dirname(abs);
  for (let dir = own; ;) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return isInside(own, path.resolve(cwd)) ? path.resolve(cwd) : own;
}

export interface LoadConfigOptions {
  /**
   * Read the file `instanceData` names (default true). False in an untrusted workspace: the overlay is not
   * read, and its types stay unknown.
   */
  readInstanceData?: boolean;
}

export function loadConfigFile(file: string | undefined, displayName = file, options: LoadConfigOptions = {}): ConfigResult {
  if (!file) return { config: defaultConfig(), errors: [] };
  const shown = displayName ?? file;
  const read = readRegularFileSync(file, MAX_FILE_BYTES);
  if (!('text' in read)) return unreadableConfig(shown, read);
  const result = parseConfig(read.text, shown);
  if (options.readInstanceData === false) return result;
  // The overlay is named like the config: relative to where the config is shown.
  return readInstanceData(result, file, (overlay) =>
    path.posix.join(path.posix.dirname(shown.split(path.sep).join('/')), path.relative(path.dirname(file), overlay).split(path.sep).join('/')),
  );
}

/** A config that could not be read: defaults, and one error saying why (the same words for the CLI and the server). */
export function unreadableConfig(shown: string, outcome: Exclude<ReadOutcome, { text: string }>): ConfigResult {
  const why = 'tooLarge' in outcome ? `the file is ${megabytes(outcome.tooLarge)}, above ENI Lens's ${MAX_FILE_BYTES / 1024 / 1024} MB limit` : outcome.problem;
  return { config: defaultConfig(), errors: [configError(shown, undefined, `not read: ${why}`)] };
}

/** Changes when the overlay a config names changes on disk (or appears, or goes): for caches of loaded configs. */
export function instanceDataStamp(config: EniLensConfig, configPath: string): string {
  if (!config.instanceData) return '';
  const overlayPath = path.resolve(path.dirname(configPath), config.instanceData.value);
  const stat = fs.statSync(overlayPath, { throwIfNoEntry: false });
  return stat ? `${overlayPath}\0${stat.mtimeMs}\0${stat.size}` : `${overlayPath}\0missing`;
}

/**
 * Reads the overlay a parsed config names (`instanceData`, relative to `configPath`) and hands the engine
 * the table plus its types as `config.catalog`. Mistakes become config errors; nothing throws.
 * `displayOf` names the overlay file in errors and messages (a path for the CLI, a URI for the server).
 */
export function readInstanceData(result: ConfigResult, configPath: string, displayOf: (overlayPath: string) => string = (p) => p): ConfigResult {
  const ref = result.config.instanceData;
  if (!ref) return result;
  const overlayPath = path.resolve(path.dirname(configPath), ref.value);
  const shown = displayOf(overlayPath);
  const withError = (message: string, detail?: string): ConfigResult => {
    const file = result.config.file ?? configPath;
    return { ...result, errors: [...result.errors, configError(file, ref.range, `instanceData: ${message}`, detail)] };
  };
  const read = readRegularFileSync(overlayPath, MAX_OVERLAY_BYTES);
  if ('tooLarge' in read) return withError(`${ref.value} is ${megabytes(read.tooLarge)}, above the ${MAX_OVERLAY_BYTES / 1024 / 1024} MB limit`);
  if ('problem' in read)
    return withError(
      `cannot read ${ref.value}: ${read.problem === NO_SUCH_FILE ? 'no such file' : read.problem}`,
      read.problem === NO_SUCH_FILE ? 'Create it with eni-lens data import.' : undefined,
    );
  const overlay = parseOverlay(read.text, shown);
  const types = [...overlay.entries].map(([name, entry]) => overlayEntryToType(name, entry));
  return {
    config: { ...result.config, catalog: catalogWithOverlay(types, shown) },
    errors: [...result.errors, ...overlay.errors],
  };
}

/**
 * Files grouped by their nearest config, so a repository holding several clusters (one .eni-lens.yaml
 * per folder) analyses each against its own. Files without a config form one group under `undefined`.
 */
export function groupByNearestConfig(files: string[], ceilingOf: (dir: string) => string): Map<string | undefined, string[]> {
  const groups = new Map<string | undefined, string[]>();
  // findConfigFile for every folder, each folder looked in once: files share their parents.
  const nearest = new Map<string, string | undefined>();
  const lookup = (dir: string, top: string): string | undefined => {
    const key = `${top}\0${dir}`;
    if (nearest.has(key)) return nearest.get(key);
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    const parent = path.dirname(dir);
    const found = fs.existsSync(candidate) ? candidate : parent === dir || dir === top || !isInside(parent, top) ? undefined : lookup(parent, top);
    nearest.set(key, found);
    return found;
  };
  const byDir = new Map<string, string | undefined>();
  for (const file of files) {
    const dir = path.dirname(path.resolve(file));
    if (!byDir.has(dir)) byDir.set(dir, lookup(dir, path.resolve(ceilingOf(dir))));
    const config = byDir.get(dir);
    const group = groups.get(config);
    if (group) group.push(file);
    else groups.set(config, [file]);
  }
  return groups;
}
