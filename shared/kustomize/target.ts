// Patch targets as Kustomize selects them: group, version, kind, name and namespace are anchored regular
// expressions (name and namespace match the original or the current value), plus label and annotation
// selectors in the `a=b,c in (x,y),!d` syntax.
import { requirementMatches, type LabelRequirement } from '../k8s/labelSelector';
import type { Target } from './kustomization';
import { apiVersionOf, effective, groupOf, kindOf, nameOf, namespaceOf, TREE, versionOf, type Resource } from './resource';

export class SelectorError extends Error {}

export function selectTargets(resources: Resource[], t: Target): Resource[] {
  const group = pattern(t.group);
  const version = pattern(t.version);
  const kind = pattern(t.kind);
  const name = pattern(t.name);
  const namespace = pattern(t.namespace);
  const labels = t.labelSelector !== undefined ? parseSelector(t.labelSelector) : undefined;
  const annotations = t.annotationSelector !== undefined ? parseSelector(t.annotationSelector) : undefined;
  return resources.filter((r) => {
    const apiVersion = apiVersionOf(r);
    if (group && !group.test(groupOf(apiVersion))) return false;
    if (version && !version.test(versionOf(apiVersion))) return false;
    if (kind && !kind.test(kindOf(r))) return false;
    if (name && !name.test(r.names[0]) && !name.test(nameOf(r))) return false;
    if (namespace && !namespace.test(effective(r.namespaces[0])) && !namespace.test(effective(namespaceOf(r)))) return false;
    if (labels && !labels.every((q) => requirementMatches(q, TREE.stringMap(TREE.at(r.root, 'metadata', 'labels'))))) return false;
    if (annotations && !annotations.every((q) => requirementMatches(q, TREE.stringMap(TREE.at(r.root, 'metadata', 'annotations'))))) return false;
    return true;
  });
}

function pattern(value: string | undefined): RegExp | undefined {
  if (value === undefined || value === '') return undefined;
  try {
    return new RegExp(`^(?:${value})$`);
  } catch {
    throw new SelectorError(`'${value}' is not a valid regular expression`);
  }
}

/** A label selector string (`app=web,tier!=db,env in (a,b),!legacy`), as kubectl and Kustomize read it. */
export function parseSelector(text: string): LabelRequirement[] {
  const out: LabelRequirement[] = [];
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of text) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  for (const raw of parts) {
    const part = raw.trim();
    if (part === '') continue;
    let m: RegExpExecArray | null;
    if ((m = /^([^\s!=()]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part))) {
      out.push({
        key: m[1],
        operator: m[2] === 'in' ? 'In' : 'NotIn',
        values: m[3]
          .split(',')
          .map((v) => v.trim())
          .filter(Boolean),
      });
    } else if ((m = /^([^\s!=]+)\s*!=\s*(\S*)$/.exec(part))) {
      out.push({ key: m[1], operator: 'NotIn', values: [m[2]] });
    } else if ((m = /^([^\s!=]+)\s*==?\s*(\S*)$/.exec(part))) {
      out.push({ key: m[1], operator: 'In', values: [m[2]] });
    } else if ((m = /^!\s*([^\s!=]+)$/.exec(part))) {
      out.push({ key: m[1], operator: 'DoesNotExist', values: [] });
    } else if (/^[^\s!=()]+$/.test(part)) {
      out.push({ key: part, operator: 'Exists', values: [] });
    } else throw new SelectorError(`'${text}' is not a valid selector`);
  }
  return out;
}
