// The Node.js edge of the engine: finding manifests and the config file on disk. Used by the CLI and the
// language server; the engine proper (the rest of shared/) never touches the file system.
import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE_NAME, defaultConfig, parseConfig, type ConfigResult } from '../config/config';

const SKIPPED_DIRS = new Set(['node_modules', '.git']);

export function isManifestPath(file: string): boolean {
  const base = path.basename(file);
  return (file.endsWith('.yaml') || file.endsWith('.yml')) && base !== CONFIG_FILE_NAME;
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

export function loadConfigFile(file: string | undefined, displayName = file): ConfigResult {
  if (!file) return { config: defaultConfig(), errors: [] };
  return parseConfig(fs.readFileSync(file, 'utf8'), displayName ?? file);
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
