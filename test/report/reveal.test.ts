// A code lens opens the report at its workload's pool: the render names the pool, and the page script
// scrolls to it, marks it and focuses its heading (run in a context with a stand-in document).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import vm from 'node:vm';
import { renderReportHtml } from '../../shared/report';
import { exampleReport } from './exampleReport';

function embedded(html: string, id: string): string {
  return new RegExp(`<script[^>]*${id}[^>]*>([\\s\\S]*?)</script>`).exec(html)![1];
}

/** Runs the page script against a document that has only the element the reveal should find. */
function runPage(html: string) {
  const calls: string[] = [];
  const heading = { setAttribute: (k: string, v: string) => calls.push(`heading ${k}=${v}`), focus: () => calls.push('heading focus') };
  const pool = {
    classList: { add: (c: string) => calls.push(`class ${c}`) },
    querySelector: (s: string) => (s === 'h3' ? heading : null),
    scrollIntoView: () => calls.push('scroll'),
  };
  const data = embedded(html, 'id="eni-lens-data"');
  const document = {
    getElementById: (id: string) => (id === 'eni-lens-data' ? { textContent: data } : null),
    querySelectorAll: () => [],
    querySelector: (s: string) => {
      calls.push(`query ${s}`);
      return s.includes('article.pool') ? pool : null;
    },
    addEventListener: () => undefined,
  };
  vm.runInNewContext(embedded(html, 'nonce='), { document });
  return calls;
}

test('the report opened at a pool: the target in the page data, and the page scrolls to that pool', () => {
  const report = exampleReport('multi-pool');
  assert.deepEqual(
    report.sections[0].pools.map((p) => p.name),
    ['sg-arm', 'general'],
  );
  const html = renderReportHtml(report, { nonce: 'n', reveal: { pool: 'general' } });
  assert.deepEqual(JSON.parse(embedded(html, 'id="eni-lens-data"')).reveal, { section: 0, pool: 1 });
  assert.deepEqual(runPage(html).slice(-5), ['query [data-section="0"] article.pool[data-pool-index="1"]', 'class revealed', 'heading tabindex=-1', 'heading focus', 'scroll']);
  // No target, or one the report does not have: the page opens at the top.
  assert.equal(JSON.parse(embedded(renderReportHtml(report, { nonce: 'n' }), 'id="eni-lens-data"')).reveal, undefined);
  const unknown = renderReportHtml(report, { nonce: 'n', reveal: { pool: 'nope' } });
  assert.equal(JSON.parse(embedded(unknown, 'id="eni-lens-data"')).reveal, undefined);
  assert.ok(!runPage(unknown).some((c) => c.includes('article.pool')));
});
