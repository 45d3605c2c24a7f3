// The report page's own script: the what-if controls and, inside a VS Code webview, the workload links.
// It reruns the engine-side bar code (bars.ts, FlowNetwork), whose source is embedded next to it.
import { FlowNetwork } from '../model/maxFlow';
import { allocate, barsHtml, computeBars } from './bars';

// Plain JS (it runs in the page, not in Node); `lib` holds the embedded bar functions.
const MAIN = `function main(lib) {
  var data = JSON.parse(document.getElementById('eni-lens-data').textContent);
  var vscode = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
  function widths(root) {
    root.querySelectorAll('[data-w]').forEach(function (el) { el.style.width = el.getAttribute('data-w') + '%'; });
    root.querySelectorAll('[data-at]').forEach(function (el) { el.style.left = el.getAttribute('data-at') + '%'; });
  }
  function shape(p) { return p.elastic ? p.type + ' nodes (node count elastic)' : p.nodes + ' \\u00d7 ' + p.type; }
  widths(document);
  // What-if choices survive the page being rebuilt (every analysis) through the webview's state.
  var whatIf = (vscode && vscode.getState() && vscode.getState().whatIf) || {};
  function remember(key, choice) {
    if (choice) whatIf[key] = choice;
    else delete whatIf[key];
    if (vscode) vscode.setState(Object.assign({}, vscode.getState() || {}, { whatIf: whatIf }));
  }
  data.sections.forEach(function (section, si) {
    var root = document.querySelector('[data-section="' + si + '"]');
    if (!root) return;
    var initial = section.pools;
    var state = initial.map(function (p) { return Object.assign({}, p); });
    function figuresFor(pi, type) {
      if (type === initial[pi].type) return initial[pi].figures;
      var f = section.types[type];
      return f && Object.assign({}, f, initial[pi].maxPodsOverride != null ? { maxPods: initial[pi].maxPodsOverride } : {});
    }
    function redraw() {
      var all = lib.computeBars(lib.FlowNetwork, lib.allocate, { prefixDelegation: section.prefixDelegation, securityGroupsForPods: section.securityGroupsForPods, pools: state, demands: section.demands });
      all.forEach(function (bars, pi) {
        var pool = root.querySelector('[data-pool-index="' + pi + '"]');
        var box = pool.querySelector('.bars');
        box.innerHTML = lib.barsHtml(bars, section.names);
        widths(box);
        pool.querySelector('.shape').textContent = shape(state[pi]);
        var changed = state[pi].type !== initial[pi].type || state[pi].nodes !== initial[pi].nodes;
        pool.classList.toggle('changed', changed);
        var note = pool.querySelector('.what-if-state');
        if (note) note.textContent = changed ? 'What-if: ' + shape(initial[pi]) + ' \\u2192 ' + shape(state[pi]) + '. No file is edited.' : '';
      });
    }
    root.querySelectorAll('form.what-if').forEach(function (form) {
      var pi = Number(form.getAttribute('data-pool-index'));
      var select = form.querySelector('select');
      var nodes = form.querySelector('input');
      var key = section.key + '\\u0000' + initial[pi].name;
      function change() {
        var n = Math.max(0, Math.min(10000, Math.floor(Number(nodes.value)) || 0));
        state[pi] = Object.assign({}, state[pi], { type: select.value, nodes: n, figures: figuresFor(pi, select.value) });
        var changed = select.value !== initial[pi].type || n !== initial[pi].nodes;
        remember(key, changed ? { type: select.value, nodes: n } : undefined);
        redraw();
      }
      var saved = whatIf[key];
      if (saved && Array.prototype.some.call(select.options, function (o) { return o.value === saved.type; })) {
        select.value = saved.type;
        nodes.value = String(saved.nodes);
        change();
      }
      select.addEventListener('change', change);
      nodes.addEventListener('input', change);
      form.addEventListener('submit', function (e) { e.preventDefault(); });
      form.querySelector('.reset').addEventListener('click', function () {
        select.value = initial[pi].type;
        nodes.value = String(initial[pi].nodes);
        change();
      });
    });
  });
  if (data.reveal) {
    var target = document.querySelector('[data-section="' + data.reveal.section + '"] article.pool[data-pool-index="' + data.reveal.pool + '"]');
    if (target) {
      target.classList.add('revealed');
      var heading = target.querySelector('h3');
      heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: true });
      target.scrollIntoView({ block: 'start' });
    }
  }
  if (vscode) {
    document.addEventListener('click', function (e) {
      var a = e.target && e.target.closest ? e.target.closest('a[data-file]') : null;
      if (!a) return;
      e.preventDefault();
      var n = function (k) { return Number(a.getAttribute('data-' + k)); };
      vscode.postMessage({ type: 'open', file: a.getAttribute('data-file'),
        range: { start: { line: n('line'), character: n('character') }, end: { line: n('end-line'), character: n('end-character') } } });
    });
  }
}`;

/** The page script: the embedded bar code, then the controller. */
export function pageScript(): string {
  return [
    '(() => {',
    `const FlowNetwork = (${FlowNetwork.toString()});`,
    `const allocate = (${allocate.toString()});`,
    `const computeBars = (${computeBars.toString()});`,
    `const barsHtml = (${barsHtml.toString()});`,
    `(${MAIN})({ FlowNetwork, allocate, computeBars, barsHtml });`,
    '})();',
  ].join('\n');
}
