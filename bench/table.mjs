// The benchmark results as the Markdown table docs/performance.md shows.
export function markdownTable(r) {
  const m = r.machine;
  const w = r.workspaces;
  const b = r.batch;
  const e = r.edits;
  const rows = [
    ['workspaces (files / documents / MB)', ...['S', 'M', 'L'].map((s) => `${s}: ${w[s].files} / ${w[s].documents} / ${w[s].MB}`)],
    ['parse floor: read + `yaml.parseAllDocuments` (ms, median)', b.S.parseFloorMs, b.M.parseFloorMs, b.L.parseFloorMs],
    ['`eni-lens check` in-process (ms, median)', b.S.cliInProcessMs, b.M.cliInProcessMs, b.L.cliInProcessMs],
    ['`eni-lens check` as a process (ms; M median, L one run)', '', b.M.cliProcessMs, b.L.cliProcessMs],
    [
      `kustomize-heavy K (${w.K ? `${w.K.files} files, 450 overlays` : 'not measured'}): check in-process, rendered / as files lie (ms)`,
      '',
      '',
      b.K ? `${b.K.cliInProcessMs} / ${b.K.noKustomizeMs}` : '',
    ],
    ['analysis / parse floor', ratio(b.S.cliInProcessMs, b.S.parseFloorMs), ratio(b.M.cliInProcessMs, b.M.parseFloorMs), ratio(b.L.cliInProcessMs, b.L.parseFloorMs)],
  ];
  const edits = [
    ['ENI Lens, 5,000-line file, L indexed', e.L.bigFile],
    ['ENI Lens, SecurityGroupPolicy edit → other file, L indexed', e.L.policy],
    ['ENI Lens, 5,000-line file, S indexed', e.S.bigFile],
    ['yaml-language-server, same file', e.yamlLs.bigFile],
  ];
  const lines = [
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB, ${m.os}, Node ${m.node}.`,
    '',
    '| batch | S | M | L |',
    '| --- | ---: | ---: | ---: |',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    '',
    '| edit → publishDiagnostics (200 ms debounce included in both servers) | edits | p50 ms | p95 ms |',
    '| --- | ---: | ---: | ---: |',
    ...edits.map(([name, s]) => `| ${name} | ${s.edits} | ${s.p50Ms} | ${s.p95Ms} |`),
    '',
    '| target | measured |',
    '| --- | ---: |',
    `| full analysis / parse floor on L (≤ 1.5) | ${r.ratios.analysisOverParse} |`,
    `| p95 edit, ENI Lens / yaml-language-server (≤ 1) | ${r.ratios.editP95OverYamlLs} |`,
    `| p95 edit, L / S (≤ 1.5) | ${r.ratios.editP95LargeOverSmall} |`,
    `| server RSS with L indexed (≤ 300 MB) | ${r.serverRssMB} MB |`,
    `| server cold start to first diagnostics, L | ${r.coldStartMs} ms |`,
    `| .vsix (≤ 2 MB) | ${r.vsixKB === null ? 'not built (`npm run package`)' : `${r.vsixKB} KB`} |`,
  ];
  return lines.join('\n');
}

function ratio(a, b) {
  return b ? (a / b).toFixed(2) : '';
}
