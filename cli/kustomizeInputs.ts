// `eni-lens check overlays/prod` must see the base the overlay names (`../../base`), though it lies outside
// the path given: the files kustomizations refer to are added to their group, as kustomize build reads them.
import fs from 'node:fs';
import path from 'node:path';
import { isKustomizationFile, isWithinFolder, KUSTOMIZATION_FILE_NAMES, MAX_FILE_BYTES, parseSource, readKustomization, type ParsedSource } from '../shared';
import { isManifestPath, readRegularFileSync, resolvesInside } from '../shared/node';
import { displayPath } from './displayPath';

/** Above this many added files the walk stops: a kustomization cannot sensibly name more. */
const MAX_ADDED = 10_000;

/** The files plus those their kustomizations name; `parsed`: the kustomizations read on the way, by shown name, for the engine to reuse. */
export function withKustomizeInputs(files: string[]): { files: string[]; parsed: Map<string, ParsedSource> } {
  const known = new Set(files.map((f) => path.resolve(f)));
  const out = [...files];
  const parsed = new Map<string, ParsedSource>();
  const queue = files.filter(isKustomizationFile);
  while (queue.length > 0 && out.length - files.length < MAX_ADDED) {
    const file = queue.shift()!;
    // Read as every manifest is (a regular file, within the byte limit); one that is not is reported by readManifest.
    const read = readRegularFileSync(file, MAX_FILE_BYTES);
    if (!('text' in read)) continue;
    const source = parseSource({ file: displayPath(file), text: read.text }, undefined, { allKinds: true });
    parsed.set(source.file, source);
    const k = readKustomization(source);
    if (!k) continue;
    const dir = path.dirname(file);
    const refs = [...k.resources, ...k.components, ...[...k.patches, ...k.patchesStrategicMerge, ...k.patchesJson6902].flatMap((p) => (p.path ? [p.path] : []))];
    for (const ref of refs) {
      if (/^[a-z][a-z0-9+.-]*:|^git@|\?ref=/i.test(ref.value)) continue;
      const target = path.join(dir, ref.value);
      // Most entries name files already collected: no file system call for those.
      if (known.has(path.resolve(target)) || KUSTOMIZATION_FILE_NAMES.some((n) => known.has(path.resolve(target, n)))) continue;
      const stat = fs.statSync(target, { throwIfNoEntry: false });
      // A file above the kustomization's folder is refused by kustomize (the engine says so): not read.
      const candidates = stat?.isDirectory() ? KUSTOMIZATION_FILE_NAMES.map((n) => path.join(target, n)) : stat?.isFile() && isBelow(dir, ref.value) ? [target] : [];
      for (const c of candidates) {
        if (known.has(path.resolve(c)) || !fs.existsSync(c) || (!isManifestPath(c) && !isKustomizationFile(c))) continue;
        known.add(path.resolve(c));
        out.push(c);
        if (isKustomizationFile(c)) queue.push(c);
        break;
      }
    }
  }
  return { files: out.sort(), parsed };
}

/** In or below `dir` as kustomize's load restrictor sees it: by the entry, and by where its symbolic links lead. */
function isBelow(dir: string, entry: string): boolean {
  return isWithinFolder(dir, entry) && resolvesInside(path.resolve(dir, entry), dir);
}
