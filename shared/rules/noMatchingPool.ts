import { describeTaint } from '../k8s/taints';
import { describePool, isDeclaredInFile } from '../model/pools';
import type { Fix, RelatedInfo } from '../types';
import { tolerationFix } from './tolerationFix';
import { anchorOf, workloadFinding } from './findingParts';
import { plural } from '../text';
import type { Rule } from './rule';

export const noMatchingPool: Rule = {
  id: 'no-matching-pool',
  defaultSeverity: 'warning',
  summary: 'No declared node pool accepts the pods: a taint they do not tolerate, or node labels their nodeSelector/affinity does not match, on every pool.',
  help:
    'A pod lands only on nodes whose NoSchedule/NoExecute taints it tolerates and whose labels match its nodeSelector and required node affinity. ' +
    'When no pool qualifies the pods stay Pending. Add the toleration of the dedicated pool (key, value and effect of its taint), or fix the selector.',
  check(ctx) {
    const { model } = ctx;
    const findings = [];
    for (const w of model.workloads) {
      // A DaemonSet that reaches no node simply runs no pod: nothing is Pending.
      if (w.placement.kind !== 'unknown' || !w.placement.refusals || w.pods <= 0 || w.workload.kind === 'DaemonSet') continue;
      const refusals = w.placement.refusals;
      const kinds = [...new Set(refusals.flatMap((r) => [...(r.taint ? ['a taint not tolerated'] : []), ...(!r.taint || r.besidesTaint ? ['node labels not matched'] : [])]))];
      const message = `No node pool accepts its ${plural(w.pods, 'pod')} (${kinds.join(', ')}): all stay Pending`;
      const detail =
        `No node pool accepts this ${w.workload.kind}'s pods, so all ${plural(w.pods, 'pod')} (${w.podsSource}) stay Pending: ` +
        `${refusals.map((r) => `${describePool(r.pool, model.config)}: ${r.reason}`).join('; ')}.` +
        (refusals.some((r) => r.taint && !r.besidesTaint) ? " Add a toleration with the taint's key, value and effect to the pod template to use a tainted pool." : '');
      const related: RelatedInfo[] = [];
      for (const r of refusals) {
        if (!isDeclaredInFile(r.pool)) continue;
        const range = r.taint?.range ?? r.pool.nameRange;
        if (range)
          related.push({
            file: r.pool.file,
            range,
            message: r.taint ? `taint ${describeTaint(r.taint)} of '${r.pool.name}'${r.besidesTaint ? `, and ${r.besidesTaint}` : ''}` : `node pool '${r.pool.name}': ${r.reason}`,
          });
      }
      const fixes = refusals.map((r) => (r.taint ? tolerationFix(w, r.pool, model.catalog) : undefined)).filter((f): f is Fix => f !== undefined);
      findings.push(workloadFinding(this.id, this.defaultSeverity, w, anchorOf(w), { message, detail }, related, fixes));
    }
    return findings;
  },
};
