// Kustomization entries resolved against the names the engine is given: CLI paths (either separator) and
// server URIs, with `.` and `..` folded as Kustomize does.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { joinPath, shownPaths } from '../../shared/kustomize/paths';

test('entries resolve against paths and URIs alike', () => {
  assert.equal(joinPath('apps/catalog/overlays/prod', '../../base'), 'apps/catalog/base');
  assert.equal(joinPath('apps/catalog/overlays/prod', './patch.yaml'), 'apps/catalog/overlays/prod/patch.yaml');
  assert.equal(joinPath('overlays/prod', '../../../shared/base'), '../shared/base');
  assert.equal(joinPath('/repo/overlays/prod', '../../../../base'), '/base');
  assert.equal(joinPath('C:\\repo\\overlays\\prod', '../../base'), 'C:\\repo\\base');
  assert.equal(joinPath('file:///home/me/repo/overlays/prod', '../../base/deployment.yaml'), 'file:///home/me/repo/base/deployment.yaml');
  assert.equal(joinPath('file:///c%3A/repo/overlays/prod', '../my base'), 'file:///c%3A/repo/overlays/my%20base');
});

test('messages name related files from the folder they share', () => {
  assert.deepEqual(shownPaths(['apps/catalog/base/deployment.yaml', 'apps/catalog/overlays/prod/kustomization.yaml']), [
    'base/deployment.yaml',
    'overlays/prod/kustomization.yaml',
  ]);
  assert.deepEqual(shownPaths(['file:///w/my%20app/base/d.yaml', 'file:///w/my%20app/overlays/dev/kustomization.yaml']), ['base/d.yaml', 'overlays/dev/kustomization.yaml']);
});
