// Kustomization entries resolved against the names the engine is given: CLI paths (either separator) and
// server URIs, with `.` and `..` folded as Kustomize does.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isWithinFolder, joinPath, shownPaths } from '../../shared/kustomize/paths';

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

test('a file entry is in or below its kustomization folder as kustomize resolves it, whatever the separator or prefix', () => {
  const cases: Array<[string, string, boolean]> = [
    ['overlays/prod', 'replicas.yaml', true],
    ['overlays/prod', 'patches/../replicas.yaml', true],
    ['overlays/prod', '../prod/replicas.yaml', true],
    ['overlays/prod', '../../base/deployment.yaml', false],
    ['overlays/prod', '../dev/replicas.yaml', false],
    ['overlays/prod', '..', false],
    ['overlays/prod', '.', false],
    ['', 'deployment.yaml', true],
    ['', '../deployment.yaml', false],
    ['..', '../x.yaml', false],
    ['..', 'x.yaml', true],
    ['../overlay', '../x.yaml', false],
    ['C:\\repo\\overlays\\prod', 'replicas.yaml', true],
    ['C:\\repo\\overlays\\prod', '../../base/d.yaml', false],
    ['file:///home/me/repo/overlays/prod', 'replicas.yaml', true],
    ['file:///home/me/repo/overlays/prod', '../prod-extra/replicas.yaml', false],
    ['/repo/overlays/prod', '../../../../etc/x.yaml', false],
  ];
  for (const [dir, entry, want] of cases) assert.equal(isWithinFolder(dir, entry), want, `${dir} + ${entry}`);
});
