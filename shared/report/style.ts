// The report's stylesheet. Inside a VS Code webview the --vscode-* variables carry the theme (light, dark,
// high contrast); in a browser the fallbacks apply, switched by prefers-color-scheme.
export const REPORT_CSS = `
:root {
  color-scheme: light dark;
  --fg: var(--vscode-editor-foreground, #1f2328);
  --bg: var(--vscode-editor-background, #ffffff);
  --muted: var(--vscode-descriptionForeground, #59636e);
  --border: var(--vscode-contrastBorder, var(--vscode-panel-border, #d0d7de));
  --track: var(--vscode-editorWidget-background, #f6f8fa);
  --focus: var(--vscode-focusBorder, #0969da);
  --link: var(--vscode-textLink-foreground, #0969da);
  --over: var(--vscode-editorError-foreground, #cf222e);
  --warn: var(--vscode-editorWarning-foreground, #9a6700);
  --c0: var(--vscode-charts-blue, #2f6fdb);
  --c1: var(--vscode-charts-green, #1a7f37);
  --c2: var(--vscode-charts-purple, #8250df);
  --c3: var(--vscode-charts-orange, #bc4c00);
  --c4: var(--vscode-charts-yellow, #9a6700);
  --c5: var(--vscode-terminal-ansiCyan, #1b7c83);
  --c6: var(--vscode-terminal-ansiMagenta, #bf3989);
  --c7: var(--vscode-charts-foreground, #57606a);
}
@media (prefers-color-scheme: dark) {
  :root {
    --fg: var(--vscode-editor-foreground, #e6edf3);
    --bg: var(--vscode-editor-background, #0d1117);
    --muted: var(--vscode-descriptionForeground, #9198a1);
    --border: var(--vscode-contrastBorder, var(--vscode-panel-border, #3d444d));
    --track: var(--vscode-editorWidget-background, #151b23);
    --focus: var(--vscode-focusBorder, #4493f8);
    --link: var(--vscode-textLink-foreground, #4493f8);
    --over: var(--vscode-editorError-foreground, #f85149);
    --warn: var(--vscode-editorWarning-foreground, #d29922);
    --c0: var(--vscode-charts-blue, #4493f8);
    --c1: var(--vscode-charts-green, #3fb950);
    --c2: var(--vscode-charts-purple, #ab7df8);
    --c3: var(--vscode-charts-orange, #db6d28);
    --c4: var(--vscode-charts-yellow, #d29922);
    --c5: var(--vscode-terminal-ansiCyan, #39c5cf);
    --c6: var(--vscode-terminal-ansiMagenta, #db61a2);
    --c7: var(--vscode-charts-foreground, #9198a1);
  }
}
body { margin: 0; padding: 1rem 1.5rem; color: var(--fg); background: var(--bg);
  font-family: var(--vscode-font-family, system-ui, -apple-system, "Segoe UI", sans-serif); font-size: var(--vscode-font-size, 14px); line-height: 1.45; }
h1 { font-size: 1.4em; margin: 0 0 .25em; }
h2 { font-size: 1.2em; border-bottom: 1px solid var(--border); padding-bottom: .2em; margin-top: 1.5em; }
h3 { font-size: 1.05em; margin: .2em 0; }
a { color: var(--link); }
:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
.note, .settings, .per-node, .seg-list, .ips-note { color: var(--muted); font-size: .9em; margin: .2em 0; }
.error { color: var(--over); }
.warning { color: var(--warn); }
.not-judged { color: var(--muted); font-style: italic; }
.pools { display: grid; grid-template-columns: repeat(auto-fill, minmax(30rem, 1fr)); gap: 1rem; }
.pool { border: 1px solid var(--border); border-radius: 6px; padding: .75rem 1rem; }
.pool.changed { border-style: dashed; border-color: var(--focus); }
.pool.revealed { border-color: var(--focus); box-shadow: 0 0 0 1px var(--focus); }
.shape { font-weight: normal; font-family: var(--vscode-editor-font-family, ui-monospace, monospace); margin-left: .4em; }
.what-if { display: flex; flex-wrap: wrap; gap: .5em; align-items: center; margin: .4em 0; font-size: .9em; }
.what-if select, .what-if input, .what-if button { font: inherit; color: var(--vscode-input-foreground, var(--fg));
  background: var(--vscode-input-background, var(--bg)); border: 1px solid var(--vscode-input-border, var(--border)); border-radius: 3px; padding: .1em .3em; }
.what-if input { width: 5em; }
.what-if button { cursor: pointer; }
.what-if-state { color: var(--focus); }
.bar-row { margin: .6em 0; }
.bar-head { display: flex; flex-wrap: wrap; gap: .6em; align-items: baseline; }
.bar-title { font-weight: 600; }
.figure { margin-left: auto; font-variant-numeric: tabular-nums; }
.bar-row[data-over] .figure { color: var(--over); font-weight: 600; }
.bar { position: relative; display: flex; height: 1.7em; margin-top: .2em; background: var(--track); border: 1px solid var(--border); border-radius: 3px; overflow: hidden; }
.seg { display: block; flex: none; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; font-size: .8em; line-height: 2.05em;
  padding: 0 .3em; box-sizing: border-box; border-right: 1px solid var(--bg); color: var(--fg);
  background: color-mix(in srgb, var(--cN) 35%, var(--bg)); border-left: 4px solid var(--cN); }
.c0 { --cN: var(--c0); } .c1 { --cN: var(--c1); } .c2 { --cN: var(--c2); } .c3 { --cN: var(--c3); }
.c4 { --cN: var(--c4); } .c5 { --cN: var(--c5); } .c6 { --cN: var(--c6); } .c7 { --cN: var(--c7); }
.seg.others { --cN: var(--muted); font-style: italic; }
.seg.over { --cN: var(--over); font-weight: 600;
  background: repeating-linear-gradient(135deg, color-mix(in srgb, var(--over) 30%, var(--bg)) 0 6px, var(--bg) 6px 12px); }
.cap { position: absolute; top: -1px; bottom: -1px; width: 0; border-left: 2px solid var(--fg); }
.why { border-left: 3px solid var(--over); padding: .3em .6em; margin: .6em 0 0; }
.swatch { display: inline-block; width: .8em; height: .8em; margin-right: .4em; vertical-align: baseline; background: var(--cN); border: 1px solid var(--border); }
table.workloads { border-collapse: collapse; width: 100%; font-size: .92em; }
table.workloads th, table.workloads td { text-align: left; vertical-align: top; padding: .35em .5em; border-bottom: 1px solid var(--border); }
table.workloads thead th { font-weight: 600; }
table.workloads tbody th { font-weight: normal; }
.num { font-variant-numeric: tabular-nums; }
body.vscode-high-contrast .seg, body.vscode-high-contrast-light .seg { background: var(--bg); border: 1px solid var(--border); border-left: 4px solid var(--cN); }
@media (forced-colors: active) {
  .seg { border: 1px solid CanvasText; }
  .seg.over { border-style: dashed; }
  .cap { border-color: CanvasText; }
}
`;
