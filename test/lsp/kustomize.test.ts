// The server over a kustomize tree: overlays' findings land where the values are written, and editing a
// base or a kustomization updates every overlay's diagnostics, through the incremental analysis.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { CATALOG, SG_POOL_CONFIG } from '../kustomize/fixtures';
import { LspClient } from './lspClient';

function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eni-lens-kustomize-'));
  fs.writeFileSync(path.join(dir, '.eni-lens.yaml'), SG_POOL_CONFIG);
  for (const [file, text] of Object.entries(CATALOG)) {
    fs.mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const BASE = 'apps/catalog/base/deployment.yaml';
const PROD = 'apps/catalog/overlays/prod/kustomization.yaml';
const HPA = 'apps/catalog/base/hpa.yaml';

test('editing a base updates both overlays; editing an overlay kustomization clears its finding', async (t) => {
  const source = workspace();
  t.after(() => fs.rmSync(source, { recursive: true, force: true }));
  const c = await LspClient.start(source);
  t.after(() => c.stop());
  const initial = await c.waitFor(PROD, (d) => d.length === 1, 'the prod overlay error at its replicas: entry');
  assert.deepEqual(
    initial.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character]),
    [['branch-eni-capacity', 14, 11, 13]],
  );
  assert.equal(initial.diagnostics[0].message, '12 pods need branch ENIs; pool sg (1 × m5.large) holds 9: 3 stay Pending (via overlays/prod)');
  await c.settle(300);
  assert.deepEqual(c.last(BASE)?.diagnostics ?? [], [], 'the base has nothing of its own');

  // The base's pods take the label the prod policy selects: dev's pods need branch ENIs too.
  const base = c.read(BASE);
  c.open(BASE, base);
  c.change(BASE, base.replace('        app: catalog\n', '        app: catalog\n        tier: sg\n'));
  // Dev's demand is its HPA's maxReplicas: the finding sits on that value in the base's HPA, the workload related.
  const dev = await c.waitFor(HPA, (d) => d.length === 1, "dev's error on the base HPA's maxReplicas");
  assert.deepEqual(
    dev.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]),
    [['branch-eni-capacity', 10, 15]],
  );
  assert.deepEqual(dev.diagnostics[0].relatedInformation?.[0]?.location.range.start, { line: 5, character: 12 }, 'the base replicas the overlay runs');
  assert.equal(dev.diagnostics[0].message, '14 pods need branch ENIs; pool sg (1 × m5.large) holds 9: 5 stay Pending (via overlays/dev)');
  await c.waitFor(PROD, (d) => d.length === 1 && /^14 pods need/.test(d[0].message), 'prod counts dev now');

  // Fewer prod replicas in its kustomization: 2 + 5 fit in 9, in both overlays.
  const prod = c.read(PROD);
  c.open(PROD, prod);
  c.change(PROD, prod.replace('count: 12', 'count: 5'));
  await c.waitFor(PROD, (d) => d.length === 0, 'the prod error to go');
  await c.waitFor(HPA, (d) => d.length === 0, 'the dev error to go');
});

test('an overlay with its own .eni-lens.yaml reads the base under another config, as the CLI does', async (t) => {
  const source = workspace();
  t.after(() => fs.rmSync(source, { recursive: true, force: true }));
  // The prod cluster's config sits in the prod overlay; the base and dev have none of their own (the root one).
  fs.renameSync(path.join(source, '.eni-lens.yaml'), path.join(source, 'apps/catalog/overlays/prod/.eni-lens.yaml'));
  const c = await LspClient.start(source);
  t.after(() => c.stop());
  const prod = await c.waitFor(PROD, (d) => d.length === 1, 'the prod error, judged against the prod config');
  assert.deepEqual(
    prod.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]),
    [['branch-eni-capacity', 14, 11]],
  );
  assert.equal(prod.diagnostics[0].message, '12 pods need branch ENIs; pool sg (1 × m5.large) holds 9: 3 stay Pending (via overlays/prod)');
  await c.settle(300);
  assert.deepEqual(c.last(BASE)?.diagnostics ?? [], []);
});
