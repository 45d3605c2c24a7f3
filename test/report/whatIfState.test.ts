// What-if choices survive the report being rebuilt: the page script keeps them in the webview's state
// (getState/setState) and puts them back on the next page. Run in a context with a stand-in document.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import vm from 'node:vm';
import { renderReportHtml } from '../../shared/report';
import { exampleReport } from './exampleReport';

function embedded(html: string, id: string): string {
  return new RegExp(`<script[^>]*${id}[^>]*>([\\s\\S]*?)</script>`).exec(html)![1];
}

type Listener = () => void;
function element<T extends object>(extra: T = {} as T) {
  const listeners: Record<string, Listener> = {};
  return { listeners, addEventListener: (type: string, fn: Listener) => (listeners[type] = fn), querySelectorAll: () => [], ...extra };
}

/** Loads the page once with `state` as the webview state; returns the controls, the pool's shape text and the state after. */
function loadPage(html: string, state: unknown) {
  const data = JSON.parse(embedded(html, 'id="eni-lens-data"'));
  const pool = data.sections[0].pools[0];
  const options = data.sections[0].types ? Object.keys(data.sections[0].types).map((value) => ({ value })) : [];
  const select = element({ value: pool.type, options });
  const nodes = element({ value: String(pool.nodes) });
  const reset = element();
  const form = element({ getAttribute: () => '0', querySelector: (s: string) => (s === 'select' ? select : s === 'input' ? nodes : reset) });
  const shape = { textContent: '' };
  const poolEl = element({
    classList: { toggle: () => undefined },
    querySelector: (s: string) => (s === '.bars' ? element({ innerHTML: '' }) : s === '.shape' ? shape : { textContent: '' }),
  });
  const root = { querySelectorAll: (s: string) => (s === 'form.what-if' ? [form] : []), querySelector: () => poolEl };
  let saved = state;
  const document = {
    getElementById: () => ({ textContent: embedded(html, 'id="eni-lens-data"') }),
    querySelectorAll: () => [],
    querySelector: (s: string) => (s === '[data-section="0"]' ? root : null),
    addEventListener: () => undefined,
  };
  const acquireVsCodeApi = () => ({ getState: () => saved, setState: (s: unknown) => (saved = s), postMessage: () => undefined });
  vm.runInNewContext(embedded(html, 'nonce='), { document, acquireVsCodeApi });
  // Through JSON, as VS Code stores it (and out of the context's realm, for deepEqual).
  return { select, nodes, reset, shape, state: () => (saved === undefined ? undefined : JSON.parse(JSON.stringify(saved))) };
}

test('a what-if choice is kept in the webview state and restored when the page is rebuilt; reset forgets it', () => {
  const html = renderReportHtml(exampleReport('seed'), { nonce: 'n' });
  const first = loadPage(html, undefined);
  assert.equal(first.select.value, 'r6g.medium');
  first.select.value = 'r6g.large';
  first.nodes.value = '2';
  first.select.listeners.change();
  const state = first.state() as { whatIf: Record<string, unknown> };
  assert.deepEqual(Object.values(state.whatIf), [{ type: 'r6g.large', nodes: 2 }]);
  assert.equal(first.shape.textContent, '2 × r6g.large');

  // The next analysis rebuilds the page: the choice comes back, and the bars are drawn for it.
  const second = loadPage(html, state);
  assert.deepEqual([second.select.value, second.nodes.value, second.shape.textContent], ['r6g.large', '2', '2 × r6g.large']);
  second.reset.listeners.click();
  assert.deepEqual((second.state() as { whatIf: Record<string, unknown> }).whatIf, {});

  // A saved type the pool no longer offers is not applied.
  const stale = loadPage(html, { whatIf: { [Object.keys(state.whatIf)[0]]: { type: 'x9.huge', nodes: 2 } } });
  assert.deepEqual([stale.select.value, stale.shape.textContent], ['r6g.medium', '']);
});
