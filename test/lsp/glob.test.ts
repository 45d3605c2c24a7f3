import assert from 'node:assert/strict';
import { test } from 'node:test';
import { excluder, globMatches } from '../../server/src/glob';

test('globs match as in files.exclude', () => {
  const cases: [string, string, boolean][] = [
    ['**/node_modules', 'node_modules', true],
    ['**/node_modules', 'a/b/node_modules', true],
    ['**/node_modules', 'a/node_modules_x', false],
    ['*.yaml', 'x.yaml', true],
    ['*.yaml', 'dir/x.yaml', false],
    ['**/*.{yaml,yml}', 'a/b.yml', true],
    ['charts/**', 'charts/x/values.yaml', true],
    ['charts/**', 'chartsx/values.yaml', false],
    ['file?.yaml', 'file1.yaml', true],
    ['file[0-9].yaml', 'filea.yaml', false],
    ['file[!0-9].yaml', 'filea.yaml', true],
    ['a.b', 'axb', false],
  ];
  for (const [glob, p, expected] of cases) assert.equal(globMatches(glob, p), expected, `${glob} vs ${p}`);
});

test('a pattern that matches a folder excludes what is under it', () => {
  const excluded = excluder(['**/templates', 'generated']);
  assert.equal(excluded('chart/templates/deployment.yaml'), true);
  assert.equal(excluded('generated/x.yaml'), true);
  assert.equal(excluded('src/generated.yaml'), false);
  assert.equal(excluder([])('anything.yaml'), false);
});
