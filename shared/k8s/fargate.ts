// eksctl `fargateProfiles[]`: pods matching any selector of any profile (namespace, plus labels the pod
// must all carry; `*` and `?` wildcards allowed, as EKS accepts) run on Fargate, not on the node groups.
import type { Range } from '../types';
import { isEksctlClusterConfig } from './eksctl';
import type { KubeObject } from './objects';

export interface FargateSelector {
  namespace: string;
  labels: Map<string, string>;
  range?: Range;
}

export interface FargateProfile {
  name: string;
  file: string;
  nameRange?: Range;
  selectors: FargateSelector[];
}

export function readFargateProfiles(objects: KubeObject[]): FargateProfile[] {
  const out: FargateProfile[] = [];
  for (const o of objects) {
    if (!isEksctlClusterConfig(o)) continue;
    const r = o.reader;
    for (const p of r.items(r.get(o.root, 'fargateProfiles'))) {
      const nameNode = r.get(p, 'name');
      const name = r.string(nameNode);
      if (!name) continue;
      const selectors: FargateSelector[] = [];
      for (const s of r.items(r.get(p, 'selectors'))) {
        const namespace = r.string(r.get(s, 'namespace'));
        if (namespace) selectors.push({ namespace, labels: r.stringMap(r.get(s, 'labels')), range: r.range(s) });
      }
      if (selectors.length > 0) out.push({ name, file: o.file, nameRange: r.range(nameNode), selectors });
    }
  }
  return out;
}

/** The first profile with a selector matching a pod of `namespace` with `labels`. */
export function fargateProfileFor(profiles: FargateProfile[], namespace: string, labels: ReadonlyMap<string, string>): FargateProfile | undefined {
  return profiles.find((p) => p.selectors.some((s) => selectorMatches(s, namespace, labels)));
}

function selectorMatches(s: FargateSelector, namespace: string, labels: ReadonlyMap<string, string>): boolean {
  if (!glob(s.namespace, namespace)) return false;
  for (const [key, value] of s.labels) {
    const exact = labels.get(key);
    if (exact !== undefined ? !glob(value, exact) : ![...labels].some(([k, v]) => glob(key, k) && glob(value, v))) return false;
  }
  return true;
}

/** `*` any run, `?` one character; the greedy two-pointer match, linear in practice (no regex backtracking). */
export function glob(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === text[t])) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++resume;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}
