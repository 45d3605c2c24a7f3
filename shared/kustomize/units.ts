// What the model is built from when kustomizations are among the analysed files: the output of every
// kustomization no other one includes (its entry points), plus the files no kustomization uses. A file a
// kustomization uses (a base, a patch, a component) is judged only through the entry points that use it.
import type { KubeObject } from '../k8s/objects';
import { documentFactsOf, factsOfObjects, objectsOf, type FileFacts } from '../model/fileFacts';
import type { Finding } from '../types';
import type { ParsedSource } from '../yaml/parseSource';
import { isKustomizationFile, kustomizationIn, readKustomization, type Kustomization } from './kustomization';
import { joinPath } from './paths';
import { safeBuild, type Build } from './render';

export interface Units {
  /** In file order: a plain file's own facts (document by document), and an entry point's rendered facts at its kustomization's place. */
  facts: FileFacts[];
  /** The file each fact sorts by: its file, or the entry point's kustomization. */
  keys: string[];
  findings: Finding[];
  /** The objects whose ignore annotations apply to findings in `file`. */
  objectsFor(file: string): KubeObject[];
}

export interface BuildCache {
  builds: Map<string, { build: Build; facts: FileFacts }>;
}

/** `sources` in file order. With `cache` (kept between calls), an entry point none of whose files changed is not built again. */
export function unitsOf(sources: ParsedSource[], kustomize: boolean, cache?: BuildCache): Units {
  const kustomizations = kustomize ? sources.filter((s) => isKustomizationFile(s.file) && readKustomization(s)) : [];
  if (kustomizations.length === 0) {
    if (cache) cache.builds.clear();
    const facts: FileFacts[] = [];
    const keys: string[] = [];
    for (const s of sources) addDocuments(s, facts, keys);
    return { facts, keys, findings: [], objectsFor: plainObjectsFor(sources) };
  }
  const byFile = new Map(sources.map((s) => [s.file, s]));

  const entries = entryPoints(
    kustomizations.map((s) => readKustomization(s)!),
    (f) => byFile.has(f),
  );
  const builds = new Map<string, { build: Build; facts: FileFacts }>();
  const parsed = new Map<ParsedSource, ParsedSource['documents']>();
  for (const entry of entries) {
    const cached = cache?.builds.get(entry);
    if (cached && [...cached.build.lookups].every(([file, source]) => byFile.get(file) === source)) builds.set(entry, cached);
    else {
      const b = safeBuild(entry, (f) => byFile.get(f), parsed);
      builds.set(entry, { build: b, facts: factsOfObjects(b.objects) });
    }
  }
  if (cache) cache.builds = builds;

  const usersOf = new Map<string, Build[]>();
  for (const { build: b } of builds.values()) {
    for (const [file, source] of b.lookups) {
      if (!source) continue;
      const list = usersOf.get(file);
      if (list) list.push(b);
      else usersOf.set(file, [b]);
    }
  }
  const facts: FileFacts[] = [];
  const keys: string[] = [];
  for (const s of sources) {
    const built = builds.get(s.file);
    if (built) {
      facts.push(built.facts);
      keys.push(s.file);
    } else if (!usersOf.has(s.file) && !(isKustomizationFile(s.file) && readKustomization(s))) {
      addDocuments(s, facts, keys);
    }
  }

  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const { build: b } of builds.values()) {
    for (const f of b.findings) {
      const key = `${f.file}\0${f.range.start.line}\0${f.range.start.character}\0${f.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push(f);
    }
  }
  const rendered = new Map<string, KubeObject[]>();
  return {
    facts,
    keys,
    findings,
    objectsFor(file) {
      const users = usersOf.get(file);
      if (users) {
        let objects = rendered.get(file);
        if (!objects) rendered.set(file, (objects = users.flatMap((b) => b.objects)));
        return objects;
      }
      const source = byFile.get(file);
      return source ? objectsOf(source) : [];
    },
  };
}

/** `objectsFor` of units rendered from no kustomization: a file's own objects (`sources` in file order, found by halving: findings are few). */
export function plainObjectsFor(sources: ParsedSource[]): (file: string) => KubeObject[] {
  return (file) => {
    let lo = 0;
    let hi = sources.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const name = sources[mid].file;
      if (name < file) lo = mid + 1;
      else hi = mid - 1;
    }
    // The last source of that name, as a map by name would keep.
    let at = lo;
    if (sources[at]?.file !== file) return [];
    while (sources[at + 1]?.file === file) at++;
    return objectsOf(sources[at]);
  };
}

/** A plain file's units: its facts document by document, each sorting by the file. */
function addDocuments(s: ParsedSource, facts: FileFacts[], keys: string[]): void {
  for (const f of documentFactsOf(s)) {
    facts.push(f);
    keys.push(s.file);
  }
}

/**
 * The kustomizations no other one includes, in file order. Kustomizations only reachable through a cycle
 * (each includes another) get one entry point, the first by name, so the cycle is reported, not lost.
 */
function entryPoints(all: Kustomization[], has: (file: string) => boolean): string[] {
  const edges = new Map<string, string[]>();
  const included = new Set<string>();
  for (const k of all) {
    const out: string[] = [];
    for (const e of [...k.resources, ...k.components]) {
      const target = joinPath(k.dir, e.value);
      const nested = isKustomizationFile(target) ? (has(target) ? target : undefined) : kustomizationIn(target, has);
      if (nested && nested !== k.file) {
        out.push(nested);
        included.add(nested);
      }
    }
    edges.set(k.file, out);
  }
  const entries = all.map((k) => k.file).filter((f) => !included.has(f));
  const reached = new Set<string>();
  const reach = (from: string) => {
    const stack = [from];
    while (stack.length > 0) {
      const file = stack.pop()!;
      if (reached.has(file)) continue;
      reached.add(file);
      stack.push(...(edges.get(file) ?? []));
    }
  };
  entries.forEach(reach);
  for (const k of all) {
    if (reached.has(k.file)) continue;
    entries.push(k.file);
    reach(k.file);
  }
  return entries.sort();
}
