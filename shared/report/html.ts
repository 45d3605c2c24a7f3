// The capacity report as one self-contained HTML document: inline CSS and script, no external resource,
// a Content-Security-Policy that allows nothing else. Colours come from VS Code's theme variables inside a
// webview and from prefers-color-scheme elsewhere; every bar carries its labels and numbers as text.
import { showControls } from '../escape';
import type { Range } from '../types';
import { barsHtml } from './bars';
import type { CapacityReport, ReportPool, ReportSection, ReportWorkload } from './model';
import { pageScript } from './page';
import type { ReportTarget } from './protocol';
import { REPORT_CSS } from './style';

export interface RenderOptions {
  /** The CSP nonce of the inline style and script. */
  nonce: string;
  /** A link to a manifest location (the CLI: a path relative to the report); none: no href. */
  hrefFor?: (file: string, range: Range) => string | undefined;
  /** How a file is shown ("examples/seed/deployment.yaml"). */
  displayFile?: (file: string) => string;
  /** A pool to scroll to and mark when the page opens (a code lens's target). */
  reveal?: ReportTarget;
}

export function renderReportHtml(report: CapacityReport, options: RenderOptions): string {
  const nonce = esc(options.nonce);
  const data = {
    sections: report.sections.map((s) => ({
      key: s.configFile ?? s.title,
      prefixDelegation: s.prefixDelegation,
      securityGroupsForPods: s.securityGroupsForPods,
      pools: s.pools.map((p) => ({
        name: p.name,
        nodes: p.nodes,
        type: p.type,
        figures: p.figures,
        elastic: p.elastic,
        systemPods: p.systemPods,
        limits: p.limits,
        maxPodsOverride: p.maxPodsOverride,
      })),
      demands: s.demands,
      types: s.types,
      names: s.workloads.map((w) => showControls(w.label)), // the page's bars show them: no bidi override or NUL
    })),
    reveal: options.reveal && revealed(report, options.reveal),
  };
  const body = report.sections.length > 0 ? report.sections.map((s, i) => sectionHtml(s, i, options)).join('\n') : '<p>No Kubernetes YAML found.</p>';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ENI Lens capacity report</title>
<style nonce="${nonce}">${REPORT_CSS}</style>
</head>
<body>
<header><h1>ENI Lens capacity report</h1>
<p class="note">Per node pool: branch ENIs (security groups for pods), pod slots (max pods) and node IPs, from one placement of the pods: a pod is on the same pool in every bar. The what-if controls recompute the bars on this page only; no file is edited.</p></header>
<main>
${body}
</main>
<script type="application/json" id="eni-lens-data">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>
<script nonce="${nonce}">${pageScript()}</script>
</body>
</html>
`;
}

/** The section and pool index of a target: its config's section, else the first section with that pool. */
function revealed(report: CapacityReport, target: ReportTarget): { section: number; pool: number } | undefined {
  const hasPool = (s: ReportSection) => s.pools.some((p) => p.name === target.pool);
  let section = report.sections.findIndex((s) => s.configFile === target.configFile && hasPool(s));
  if (section < 0) section = report.sections.findIndex(hasPool);
  if (section < 0) return undefined;
  return { section, pool: report.sections[section].pools.findIndex((p) => p.name === target.pool) };
}

function sectionHtml(s: ReportSection, index: number, options: RenderOptions): string {
  const head = `<h2>${esc(s.title)}</h2>`;
  if (s.errors.length > 0) {
    return `<section class="group" data-section="${index}">${head}<p class="error">Config errors, so this group is not analysed:</p><ul>${s.errors.map((e) => `<li>${esc(e)}</li>`).join('')}</ul></section>`;
  }
  const onOff = (v: boolean) => (v ? 'on' : 'off');
  const settings = `<p class="settings">Prefix delegation ${onOff(s.prefixDelegation)} · security groups for pods ${onOff(s.securityGroupsForPods)} · custom networking ${onOff(s.customNetworking)}</p>`;
  const pools =
    s.pools.length > 0
      ? s.pools.map((p, i) => poolHtml(s, p, i)).join('\n')
      : '<p class="note">No node pools: declare them in .eni-lens.yaml, an eksctl ClusterConfig or a Karpenter NodePool, or pin an instance type.</p>';
  const unnamed = s.workloadCount - s.workloads.length;
  const shown =
    unnamed > 0
      ? `<p class="note workload-count">${s.workloads.length} of ${s.workloadCount} workloads: the largest of each set of pools, those the engine finds overcommitted, then the largest; ` +
        `the bars sum the other ${unnamed}. <code>eni-lens check</code> names every finding.</p>`
      : '';
  const workloads = s.workloads.length > 0 ? shown + workloadTable(s.workloads, options) : '<p class="note">No workloads.</p>';
  return `<section class="group" data-section="${index}">${head}${settings}
<div class="pools">${pools}</div>
<h3>Workloads</h3>
${workloads}
</section>`;
}

function poolHtml(s: ReportSection, p: ReportPool, index: number): string {
  const shape = p.elastic ? `${p.type} nodes (node count elastic)` : `${p.nodes} × ${p.type}`;
  const unknown = p.unknownTypes.length > 0 ? `<p class="error">Not in the EC2 data: ${esc(p.unknownTypes.join(', '))}</p>` : '';
  const noTrunk =
    p.unsupportedPods > 0
      ? `<p class="error">${p.unsupportedPods} pod${p.unsupportedPods === 1 ? ' needs' : 's need'} a branch ENI, but ${esc(p.type)} cannot host a trunk ENI: ${p.unsupportedPods === 1 ? 'it does' : 'they do'} not start (branch-eni-unsupported).</p>`
      : '';
  const override = p.maxPodsOverride !== undefined ? ` · maxPods ${p.maxPodsOverride} set` : '';
  const system = p.systemPods ? ` · ${p.systemPods} pod slot${p.systemPods === 1 ? '' : 's'} per node taken by system pods (aws-node, kube-proxy…)` : '';
  const id = `pool-${index}-${slug(s.title)}`;
  const whatIf =
    p.candidates.length > 0
      ? `<form class="what-if" data-pool-index="${index}" aria-label="What-if for ${esc(p.label)}">` +
        `<label>What if: instance type <select name="type">${p.candidates.map((c) => `<option${c === p.type ? ' selected' : ''}>${esc(c)}</option>`).join('')}</select></label> ` +
        `<label>nodes <input name="nodes" type="number" min="0" max="10000" step="1" value="${p.nodes}"></label> ` +
        `<button type="button" class="reset">Reset</button> <span class="what-if-state" aria-live="polite"></span></form>`
      : '';
  return `<article class="pool" data-pool="${esc(p.name)}" data-pool-index="${index}" aria-labelledby="${id}">
<h3 id="${id}">${esc(p.label)} <span class="shape">${esc(shape)}</span></h3>
<p class="note">${esc(p.declaredAs)}${override}${esc(system)}</p>${unknown}${noTrunk}
${whatIf}
<div class="bars">${barsHtml(
    s.bars[index],
    s.workloads.map((w) => showControls(w.label)),
  )}</div>
</article>`;
}

function workloadTable(workloads: ReportWorkload[], options: RenderOptions): string {
  const display = options.displayFile ?? ((f: string) => f);
  const rows = workloads.map((w, i) => {
    const r = w.range;
    const href = options.hrefFor?.(w.file, r);
    const where = `${display(w.file)}:${r.start.line + 1}`;
    // No pool accepts its pods: the engine's warning. Fargate or unknown nodes: not judged, not on the bars.
    const off = w.off === 'no-pool' ? 'warning' : 'not-judged';
    const link =
      `<a${href ? ` href="${esc(href)}"` : ' href="#"'} data-file="${esc(w.file)}" data-line="${r.start.line}" data-character="${r.start.character}" ` +
      `data-end-line="${r.end.line}" data-end-character="${r.end.character}">${esc(`${w.kind} ${w.namespace ? `${w.namespace}/` : ''}${w.name}`)}</a>`;
    return (
      `<tr data-workload="${esc(w.name)}"><th scope="row"><span class="swatch c${i % 8}" aria-hidden="true"></span>${link}<br><span class="note">${esc(where)}</span></th>` +
      `<td class="num">${w.pods}<br><span class="note">${esc(w.podsSource)}</span></td>` +
      `<td>${w.needsBranchEni ? 'yes' : 'no'}<br><span class="note">${esc(w.branchEniBecause)}</span></td>` +
      `<td>${esc(w.pools.join(', ') || '—')}</td>` +
      `<td class="verdict${w.branchEniError ? ' error' : w.off ? ` ${off}` : ''}">${esc(w.branchEniVerdict)}</td>` +
      `<td class="verdict${w.off ? ` ${off}` : ''}">${esc(w.podsVerdict)}</td></tr>`
    );
  });
  return `<table class="workloads"><thead><tr><th scope="col">Workload</th><th scope="col">Pods</th><th scope="col">Branch ENI</th><th scope="col">Pools</th><th scope="col">Branch ENIs (engine)</th><th scope="col">Pod slots (engine)</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`;
}

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 40);
}

/** HTML text or attribute; control and bidi characters from names shown as escapes, not obeyed. */
function esc(s: string): string {
  return showControls(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
