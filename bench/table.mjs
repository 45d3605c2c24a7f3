// The benchmark results as the Markdown tables docs/performance.md shows, and the targets of issue 16 with pass/fail.
const XL = 'XL-mix';

/** Each target: what it limits, how to read it from results.json, and its limit (measured ≤ max passes). */
export const TARGETS = [
  { name: '`check` / parse floor on L', max: 0.6, value: (r) => r.ratios?.checkOverParseL },
  { name: '`check` / parse floor on XL-mix', max: 0.3, value: (r) => r.ratios?.checkOverParseXLmix },
  { name: 'server cold start to first diagnostics / parse floor, L', max: 0.7, value: (r) => r.ratios?.coldStartOverParseL },
  { name: 'p95 edit, ENI Lens / yaml-language-server', max: 0.8, value: (r) => r.ratios?.editP95OverYamlLs },
  { name: 'p95 edit, L / S', max: 1.3, value: (r) => r.ratios?.editP95LargeOverSmall },
  { name: 'server RSS with L indexed', max: 250, unit: 'MB', value: (r) => r.serverRssMB },
  { name: 'server RSS with XL-mix indexed', max: 200, unit: 'MB', value: (r) => r.serverRssXLmixMB },
  { name: '.vsix', max: 2048, unit: 'KB', value: (r) => r.vsixKB },
];

/** `{ name, measured, verdict }` per target, and one for identical findings; verdict 'pass', 'FAIL' or 'not measured'. */
export function targetRows(r) {
  const rows = TARGETS.map((t) => {
    const v = t.value(r);
    const measured = typeof v === 'number' ? `${v}${t.unit ? ` ${t.unit}` : ''}` : 'not measured';
    const verdict = typeof v !== 'number' ? 'not measured' : v <= t.max ? 'pass' : 'FAIL';
    return { name: `${t.name} (≤ ${t.max}${t.unit ? ` ${t.unit}` : ''})`, measured, verdict };
  });
  const same = r.identicalFindings;
  if (same && typeof same === 'object') {
    const sizes = Object.keys(same);
    const differing = sizes.filter((s) => !same[s]);
    rows.push({
      name: 'findings with `--jobs 1` byte-identical to the default',
      measured: differing.length === 0 ? `identical on ${sizes.join(', ')}` : `differ on ${differing.join(', ')}`,
      verdict: sizes.length === 0 ? 'not measured' : differing.length === 0 ? 'pass' : 'FAIL',
    });
  } else rows.push({ name: 'findings with `--jobs 1` byte-identical to the default', measured: typeof same === 'string' ? same : 'not measured', verdict: 'not measured' });
  return rows;
}

/** The targets that failed, as "name: measured". */
export function failedTargets(r) {
  return targetRows(r)
    .filter((row) => row.verdict === 'FAIL')
    .map((row) => `${row.name}: ${row.measured}`);
}

export function markdownTable(r) {
  const m = r.machine;
  const w = r.workspaces;
  const b = r.batch;
  const e = r.edits;
  const sizes = ['S', 'M', 'L', XL];
  const cells = (f) => sizes.map((s) => (b[s] ? (f(b[s], s) ?? '') : ''));
  const jobs1 = (x) => (x.cliProcessJobs1Ms === undefined ? x.cliProcessMs : `${x.cliProcessMs} / ${x.cliProcessJobs1Ms}`);
  const rows = [
    ['workspaces (files / documents / MB)', ...sizes.map((s) => (w[s] ? `${s}: ${w[s].files} / ${w[s].documents} / ${w[s].MB}` : ''))],
    ['parse floor: read + `yaml.parseAllDocuments` (ms, median)', ...cells((x) => x.parseFloorMs)],
    [
      `js-yaml${r.jsYamlVersion ? ` ${r.jsYamlVersion}` : ''} \`loadAll\` of the same files (ms, median; files it rejects)`,
      ...cells((x) => (x.jsYamlLoadAllMs === undefined ? '' : `${x.jsYamlLoadAllMs} (${x.jsYamlFailedFiles})`)),
    ],
    ['`eni-lens check` in-process (ms, median)', ...cells((x) => x.cliInProcessMs)],
    [`\`eni-lens check\` as a process (ms${r.jobsFlag ? '; default / `--jobs 1`' : ''}; one run, M median)`, ...cells((x) => (x.cliProcessMs === undefined ? '' : jobs1(x)))],
    [
      `kustomize-heavy K (${w.K ? `${w.K.files} files, 450 overlays` : 'not measured'}): check in-process, rendered / as files lie (ms)`,
      '',
      '',
      b.K ? `${b.K.cliInProcessMs} / ${b.K.noKustomizeMs}` : '',
      '',
    ],
    ['`check` / parse floor', ...cells((x) => ratio(x.cliInProcessMs, x.parseFloorMs))],
  ];
  const edits = [
    ['ENI Lens, 5,000-line file, L indexed', e.L?.bigFile],
    ['ENI Lens, SecurityGroupPolicy edit → other file, L indexed', e.L?.policy],
    ['ENI Lens, 5,000-line file, S indexed', e.S?.bigFile],
    ['yaml-language-server, same file', e.yamlLs?.bigFile],
  ].filter(([, s]) => s);
  const kinds = w[XL]?.documentsByKind;
  const lines = [
    ...(r.note ? [`**${r.note}**`, ''] : []),
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB, ${m.os}, Node ${m.node}.${r.benchSeconds ? ` The bench took ${r.benchSeconds} s.` : ''}`,
    '',
    '| batch | S | M | L | XL-mix |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    '',
    ...(kinds
      ? [
          `XL-mix documents by kind: ${Object.entries(kinds)
            .sort((a, c) => c[1] - a[1])
            .map(([k, n]) => `${k} ${n}`)
            .join(', ')}.`,
          '',
        ]
      : []),
    '| edit → publishDiagnostics (200 ms debounce included in both servers) | edits | p50 ms | p95 ms |',
    '| --- | ---: | ---: | ---: |',
    ...edits.map(([name, s]) => `| ${name} | ${s.edits} | ${s.p50Ms} | ${s.p95Ms} |`),
    '',
    '| language server | L | XL-mix |',
    '| --- | ---: | ---: |',
    `| cold start to first diagnostics (ms) | ${r.coldStartMs ?? ''} | ${r.coldStartXLmixMs ?? ''} |`,
    `| RSS (MB; L after the edits, XL-mix 5 s after its first diagnostics) | ${r.serverRssMB ?? ''} | ${r.serverRssXLmixMB ?? ''} |`,
    '',
    '| target | measured | |',
    '| --- | ---: | --- |',
    ...targetRows(r).map((t) => `| ${t.name} | ${t.measured} | ${t.verdict} |`),
  ];
  return lines.join('\n');
}

function ratio(a, b) {
  return a !== undefined && b ? (a / b).toFixed(2) : '';
}
