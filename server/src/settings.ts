// The `eniLens.*` settings (and `files.exclude`) as the server uses them, per workspace folder.
import { excluder } from './glob';

export interface FolderSettings {
  codeLens: boolean;
  /** Relative path (forward slashes) → excluded by `files.exclude` or `eniLens.exclude`. */
  isExcluded: (relativePath: string) => boolean;
}

export const DEFAULT_SETTINGS: FolderSettings = { codeLens: true, isExcluded: () => false };

/** Builds folder settings from the raw `eniLens` and `files.exclude` sections; anything malformed reads as the default. */
export function folderSettings(eniLens: unknown, filesExclude: unknown): FolderSettings {
  const section = (eniLens && typeof eniLens === 'object' ? eniLens : {}) as Record<string, unknown>;
  const patterns: string[] = [];
  if (Array.isArray(section.exclude)) patterns.push(...section.exclude.filter((p): p is string => typeof p === 'string'));
  if (filesExclude && typeof filesExclude === 'object') {
    // `true` excludes; `{ when: … }` depends on sibling files, which VS Code itself evaluates: treated as not excluded.
    for (const [glob, on] of Object.entries(filesExclude as Record<string, unknown>)) if (on === true) patterns.push(glob);
  }
  return { codeLens: section.codeLens !== false, isExcluded: excluder(patterns) };
}
