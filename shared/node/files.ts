// The Node.js edge of the engine: finding manifests and the config file on disk. Used by the CLI and the
// language server; the engine proper (the rest of shared/) never touches the file system.
import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE_NAME, defaultConfig, parseConfig, type ConfigResult, type EniLensConfig } from '../config/config';
import { catalogWithOverlay } from '../instances/catalog';
import { MAX_OVERLAY_BYTES, overlayEntryToType, overlayError, parseOverlay } from '../instances/overlay';

const SKIPPED_DIRS = new Set(['node_modules', '.git']);

export function isManifestPath(file: string): boolean {
  const base = path.basename(file);
  return ((file.endsWith('.yaml') || file.endsWith('.yml')) && base !== CONFIG_FILE_NAME) || base === 'Kustomization';
}

/** Every .yaml/.yml file under the given paths (files are taken as given), sorted, without duplicates. */
export function collectManifestFiles(paths: string[]): string[] {
  const out = new Set<string>();
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name)) walk(full);
      } else if (e.isFile() && isManifestPath(full)) out.add(full);
    }
  };
  for (const p of paths) {
    const stat = fs.statSync(p, { throwIfNoEntry: false });
    if (!stat) throw new Error(`no such file or folder: ${p}`);
    if (stat.isDirectory()) walk(p);
    else out.add(p);
  }
  return [...out].sort();
}

/** The nearest .eni-lens.yaml in `start` (a folder, or a file's folder) or its parents. */
export function findConfigFile(start: string): string | undefined {
  let dir = path.resolve(start);
  if (fs.statSync(dir, { throwIfNoEntry: false })?.isFile()) dir = path.dirname(dir);
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
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
  const result = parseConfig(fs.readFileSync(file, 'utf8'), shown);
  if (options.readInstanceData === false) return result;
  // The overlay is named like the config: relative to where the config is shown.
  return readInstanceData(result, file, (overlay) => path.posix.join(path.posix.dirname(shown.split(path.sep).join('/')), path.relative(path.dirname(file), overlay).split(path.sep).join('/')));
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
  const configError = (message: string): ConfigResult => {
    const file = result.config.file ?? configPath;
    return { ...result, errors: [...result.errors, overlayError(file, ref.range, `instanceData: ${message}`)] };
  };
  let text: string;
  try {
    const stat = fs.statSync(overlayPath);
    if (!stat.isFile()) return configError(`${ref.value} is not a file`);
    if (stat.size > MAX_OVERLAY_BYTES) return configError(`${ref.value} is ${(stat.size / 1024 / 1024).toFixed(1)} MB, above the ${MAX_OVERLAY_BYTES / 1024 / 1024} MB limit`);
    text = fs.readFileSync(overlayPath, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return configError(`cannot read ${ref.value}${code === 'ENOENT' ? ': no such file (create it with eni-lens data import)' : code ? ` (${code})` : ''}`);
  }
  const overlay = parseOverlay(text, shown);
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
export function groupByNearestConfig(files: string[]): Map<string | undefined, string[]> {
  const byDir = new Map<string, string | undefined>();
  const groups = new Map<string | undefined, string[]>();
  for (const file of files) {
    const dir = path.dirname(path.resolve(file));
    if (!byDir.has(dir)) byDir.set(dir, findConfigFile(dir));
    const config = byDir.get(dir);
    groups.set(config, [...(groups.get(config) ?? []), file]);
  }
  return groups;
}
