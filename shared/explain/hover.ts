// Hover content for a position of an analysed file: instance types, SecurityGroupPolicies, workloads, pools.
import { clusterScoped, type Analysis } from '../engine';
import { escapeMarkdown as md, showControls } from '../escape';
import { describeObject } from '../k8s/objects';
import { describePolicySelectors, type SecurityGroupPolicy } from '../k8s/securityGroupPolicy';
import type { Resource } from '../model/capacity';
import type { WorkloadModel } from '../model/cluster';
import { describePool } from '../model/pools';
import { shownPath } from '../kustomize/paths';
import type { Position, Range } from '../types';
import { budgetHeadline, budgetOf, isBudget } from '../model/budget';
import { instanceTypeMarkdown } from './instanceType';
import { contains, targetAt, type Target } from './locate';
import { poolMarkdown } from './poolHover';

export { poolMarkdown };

export interface HoverContent {
  markdown: string;
  range: Range;
}

export function hoverAt(analysis: Analysis, file: string, position: Position): HoverContent | undefined {
  const target = targetAt(analysis, file, position);
  const content = target && targetHover(analysis, target);
  const findings = analysis.findings.filter((f) => f.detail && f.file === file && contains(f.range, position));
  if (findings.length === 0) return content;
  // The explanation of each finding here, after the hover's own summary: its message, then its detail.
  const explained = findings.map((f) => `**${md(f.message)}**\n\n${md(f.detail!)}`).join('\n\n---\n\n');
  return content ? { markdown: `${content.markdown}\n\n---\n\n${explained}`, range: content.range } : { markdown: explained, range: findings[0].range };
}

function targetHover(analysis: Analysis, target: Target): HoverContent {
  const pd = analysis.model.config.prefixDelegation;
  switch (target.kind) {
    case 'instanceType': {
      const context = target.workload ? copiesMarkdown(analysis, target.workload) : target.pool ? poolMarkdown(analysis, target.pool) : undefined;
      const table = instanceTypeMarkdown(target.name, pd, analysis.model.catalog);
      return { markdown: context ? `${context}\n\n---\n\n${table}` : table, range: target.range };
    }
    case 'policy':
      return { markdown: policyMarkdown(analysis, target.policy), range: target.range };
    case 'workload':
      return { markdown: copiesMarkdown(analysis, target.workload), range: target.range };
    case 'pool':
      return { markdown: poolMarkdown(analysis, target.pool), range: target.range };
  }
}

/** A base rendered by several kustomizations: each entry point's copy, under the kustomization it comes through. */
function copiesMarkdown(analysis: Analysis, w: WorkloadModel): string {
  const o = w.workload.object;
  if (!o.via) return workloadMarkdown(analysis, w);
  const copies = analysis.model.workloads.filter((x) => {
    const c = x.workload.object;
    return c.via && c.file === o.file && c.place.document === o.place.document && c.place.item === o.place.item;
  });
  return copies.map((c) => `_Through ${shownPath(c.workload.object.via!, o.file)}:_\n\n${workloadMarkdown(analysis, c)}`).join('\n\n---\n\n');
}

const RESOURCE_LABEL: Record<Resource, string> = { branchEnis: 'Branch ENIs', pods: 'Max pods' };

export function workloadMarkdown(analysis: Analysis, w: WorkloadModel): string {
  const lines = [`**${md(describeObject(w.workload.object))}** · ${w.workload.kind === 'DaemonSet' ? 'one pod per node' : `${w.pods} pods (${md(w.podsSource)})`}`, ''];
  if (analysis.clusters) {
    // Clusters never add up: the budget of each cluster the workload can land on.
    for (const c of analysis.clusters) {
      const own = c.model.workloads.find((m) => m.workload === w.workload);
      if (!own) continue;
      lines.push(`On cluster ${md(c.name)}:`, ...budgetLines(clusterScoped(analysis, c), own), '');
    }
    lines.pop();
  } else lines.push(...budgetLines(analysis, w));
  const policies = w.branchEni.policies.map((p) => md(describeObject(p.object)));
  if (policies.length > 0) lines.push('', `Each pod needs a branch ENI: selected by ${policies.join(', ')}.`);
  else if (w.branchEni.explicitRequest) lines.push('', 'Each pod needs a branch ENI: it requests `vpc.amazonaws.com/pod-eni` itself.');
  if (w.placement.kind === 'pools') lines.push('', `Nodes: ${w.placement.pools.map((p) => md(describePool(p, analysis.model.config))).join('; ')}.`);
  return lines.join('\n');
}

function budgetLines(analysis: Analysis, w: WorkloadModel): string[] {
  const lines: string[] = [];
  for (const resource of ['branchEnis', 'pods'] as Resource[]) {
    const b = budgetOf(analysis, w, resource);
    if (!isBudget(b)) {
      lines.push(`- ${RESOURCE_LABEL[resource]}: ${md(b.reason)}`);
      continue;
    }
    const sharing = b.sharing.length > 0 ? ` (with ${b.sharing.map((s) => `${md(s.name)}: ${s.pods}`).join(', ')})` : '';
    lines.push(`- ${RESOURCE_LABEL[resource]}: **${md(budgetHeadline(b))}**${sharing}`);
  }
  return lines;
}

export function policyMarkdown(analysis: Analysis, policy: SecurityGroupPolicy): string {
  const head = `**${md(describeObject(policy.object))}** selects ${md(describePolicySelectors(policy) || 'nothing')}`;
  if (policy.ignoredBecause) return `${head}\n\nThe VPC resource controller ignores it: ${md(policy.ignoredBecause)}.`;
  const matched = analysis.model.workloads.filter((w) => w.branchEni.policies.includes(policy));
  const exempt = analysis.model.workloads.filter((w) => w.branchEni.exemptPolicies?.includes(policy));
  const exemptLines =
    exempt.length === 0
      ? []
      : [
          '',
          'Selects these pods too, which get no branch ENI:',
          ...exempt.map(
            (w) =>
              `- ${md(describeObject(w.workload.object))}: ${md(w.branchEni.exemptBecause ?? '')}${w.placement.kind === 'fargate' ? ' (Fargate applies the security groups itself)' : ''}`,
          ),
        ];
  if (matched.length === 0) return [`${head}\n\nIt matches no workload needing a branch ENI in these files, so it asks for no branch ENIs.`, ...exemptLines].join('\n');
  const podsOf = (w: WorkloadModel) => {
    const demands = analysis.branchEniVerdict.demandsOf.get(w);
    return demands ? demands.reduce((n, d) => n + d.pods, 0) : w.pods;
  };
  const total = matched.reduce((n, w) => n + podsOf(w), 0);
  return [
    head,
    '',
    `Matches ${matched.length} workload${matched.length === 1 ? '' : 's'}: **${total} branch ENIs (pod-eni) needed** in all, one per pod.`,
    '',
    ...matched.map((w) => `- ${md(describeObject(w.workload.object))}: ${podsOf(w)} (${w.workload.kind === 'DaemonSet' ? 'one per node' : md(w.podsSource)})`),
    ...exemptLines,
    '',
    `Security groups: ${policy.groupIds.map(codeSpan).join(', ')}`,
  ].join('\n');
}

/** A code span shows its text literally; only a backtick could end it early. */
function codeSpan(s: string): string {
  return `\`${showControls(s).replace(/`/g, "'")}\``;
}
