import { refOf } from '../k8s/objects';
import { isDeclaredInFile } from '../model/pools';
import type { Finding, Range } from '../types';
import type { Rule } from './rule';

export const unknownInstanceType: Rule = {
  id: 'unknown-instance-type',
  defaultSeverity: 'warning',
  summary: "An instance-type value that is not in ENI Lens's EC2 data (a typo, or a type newer than the data).",
  help:
    'Check the spelling. A type newer than the data can be added: `eni-lens data import` the output of ' +
    '`aws ec2 describe-instance-types` into a file and name it with `instanceData` in .eni-lens.yaml. ' +
    'The VPC resource controller treats a type missing from its own table as unsupported for security groups for pods.',
  check(ctx) {
    const findings: Finding[] = [];
    const { catalog } = ctx.model;
    // Nodes of a node list run their type, whether the data knows it or not.
    const listed = new Set(ctx.model.pools.filter((p) => p.origin === 'nodes').flatMap((p) => p.instanceTypes));
    const report = (file: string, range: Range, value: string, base: Omit<Finding, 'rule' | 'severity' | 'file' | 'range' | 'message' | 'fixes' | 'related'>) => {
      if (catalog.lookup(value) || listed.has(value)) return;
      const suggestions = catalog.closest(value);
      findings.push({
        ...base,
        rule: this.id,
        severity: this.defaultSeverity,
        file,
        range,
        message: `Unknown instance type '${value}': capacity not judged${suggestions.length > 0 ? `; did you mean ${suggestions.slice(0, 2).join(', ')}?` : ''}`,
        detail:
          `'${value}' is not in ${catalog.description}, so its capacity is not judged. ` +
          `${suggestions.length > 0 ? `Did you mean ${suggestions.join(', ')}? ` : ''}If it is a new type, add it: run \`eni-lens data import\` on the output of ` +
          `\`aws ec2 describe-instance-types --instance-types ${value} --output json\` (with \`--branch-enis ${value}=N\`, N from the VPC resource controller's limits) ` +
          'and set `instanceData: ./instance-types.json` in .eni-lens.yaml. The VPC resource controller may not support security groups for pods on a new type yet.',
        related: [],
        // A well-formed name may be a type newer than the data: offer the closest names, never as the preferred fix.
        fixes: suggestions.map((s, i) => ({ title: `Change to ${s}`, edits: [{ file, range, newText: s }], preferred: i === 0 && !looksLikeInstanceType(value) })),
      });
    };
    // Every pinned type is a type of some pool (a pin no pool declares gets an implicit pool of its own),
    // so when every pool type is known no pin can be unknown, and thousands of workloads need no visit.
    const poolTypesKnown = ctx.model.pools.every((p) => p.instanceTypes.every((t) => catalog.lookup(t) || listed.has(t)));
    for (const w of poolTypesKnown ? [] : ctx.model.workloads) {
      for (const pin of w.workload.template.placement.pinnedInstanceTypes) {
        report(pin.file ?? w.workload.object.file, pin.range, pin.value, { object: refOf(w.workload.object) });
      }
    }
    for (const pool of ctx.model.pools) {
      if (!isDeclaredInFile(pool)) continue;
      pool.instanceTypes.forEach((t, i) => {
        const range = pool.instanceTypeRanges[i];
        if (range) report(pool.file!, range, t, {});
      });
    }
    return findings;
  },
};

const SIZE = /^(nano|micro|small|medium|large|\d*xlarge|metal(-\d+xl)?)$/;

/** `family.size` as EC2 names its types (m9z.large, u7i-12tb.224xlarge, mac2-m2pro.metal): a typo rarely is. */
export function looksLikeInstanceType(value: string): boolean {
  const dot = value.indexOf('.');
  return dot > 0 && /^[a-z][a-z0-9-]*\d[a-z0-9-]*$/.test(value.slice(0, dot)) && SIZE.test(value.slice(dot + 1));
}
