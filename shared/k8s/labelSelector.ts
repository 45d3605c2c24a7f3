// Kubernetes LabelSelector semantics (matchLabels AND matchExpressions), as the resource controller uses them.
import type { NodeReader } from '../yaml/nodes';

export interface LabelRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values: string[];
}

export interface LabelSelector {
  requirements: LabelRequirement[];
  /** Set when the selector cannot be evaluated (bad operator, wrong types): it then matches nothing. */
  invalid?: string;
}

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

export function readLabelSelector(reader: NodeReader, node: unknown): LabelSelector | undefined {
  const map = reader.map(node);
  if (!map) return node === undefined || reader.deref(node) === undefined ? undefined : { requirements: [], invalid: 'not a map' };
  const requirements: LabelRequirement[] = [];
  const matchLabels = reader.get(map, 'matchLabels');
  if (matchLabels !== undefined && !reader.map(matchLabels) && reader.deref(matchLabels) !== undefined) {
    return { requirements, invalid: 'matchLabels is not a map' };
  }
  for (const [key, value] of reader.stringMap(matchLabels)) requirements.push({ key, operator: 'In', values: [value] });
  for (const expr of reader.items(reader.get(map, 'matchExpressions'))) {
    const key = reader.string(reader.get(expr, 'key'));
    const operator = reader.string(reader.get(expr, 'operator'));
    if (!key || !operator || !OPERATORS.has(operator)) {
      return { requirements, invalid: `matchExpressions entry with ${key ? `operator '${operator ?? ''}'` : 'no key'}` };
    }
    const values = reader
      .items(reader.get(expr, 'values'))
      .map((v) => reader.string(v))
      .filter((v): v is string => v !== undefined);
    requirements.push({ key, operator: operator as LabelRequirement['operator'], values });
  }
  return { requirements };
}

export function selectorMatches(selector: LabelSelector, labels: ReadonlyMap<string, string>): boolean {
  if (selector.invalid) return false;
  return selector.requirements.every((r) => requirementMatches(r, labels));
}

export function requirementMatches(r: LabelRequirement, labels: ReadonlyMap<string, string>): boolean {
  const value = labels.get(r.key);
  switch (r.operator) {
    case 'In':
      return value !== undefined && r.values.includes(value);
    case 'NotIn':
      return value === undefined || !r.values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
  }
}

export function describeSelector(selector: LabelSelector): string {
  if (selector.invalid) return `(invalid: ${selector.invalid})`;
  if (selector.requirements.length === 0) return '{} (everything)';
  return selector.requirements
    .map((r) => {
      switch (r.operator) {
        case 'In':
          return r.values.length === 1 ? `${r.key}=${r.values[0]}` : `${r.key} in (${r.values.join(', ')})`;
        case 'NotIn':
          return `${r.key} notin (${r.values.join(', ')})`;
        case 'Exists':
          return r.key;
        case 'DoesNotExist':
          return `!${r.key}`;
      }
    })
    .join(', ');
}
