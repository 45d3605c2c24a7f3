import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { instances } from '../../shared';
import { REPO_ROOT } from '../helpers/paths';

const publishedPath = path.join(REPO_ROOT, 'data', 'eks-max-pods.json');

test('max pods in secondary-IP mode equals the published EKS figure for every type in both tables', () => {
  const published: Record<string, number> = JSON.parse(fs.readFileSync(publishedPath, 'utf8')).maxPods;
  const shared = Object.keys(published).filter((name) => instances.lookupInstanceType(name) && instances.lookupInstanceType(name)!.maxPodsOnly === undefined);
  const mismatches = shared
    .map((name) => ({ name, ours: instances.maxPodsSecondaryIp(instances.lookupInstanceType(name)!), theirs: published[name] }))
    .filter((m) => m.ours !== m.theirs);
  assert.equal(shared.length, 1372, 'types in both tables (README: 1372)');
  assert.deepEqual(mismatches, []);
});

test('the data module carries the facts the README quotes', () => {
  const t = (n: string) => instances.lookupInstanceType(n)!;
  assert.equal(instances.allInstanceTypeNames().length, 1401 + 19, 'the table and the types known by published max pods only');
  assert.deepEqual([t('r6g.medium').branchEnis, t('r6g.large').branchEnis, t('r6g.xlarge').branchEnis, t('r6g.2xlarge').branchEnis, t('m5.large').branchEnis], [4, 9, 18, 38, 9]);
  assert.equal(t('t3.large').trunking, false);
  assert.equal(t('t3.large').branchEnis, 0);
  assert.equal(instances.allInstanceTypes().filter((x) => !x.trunking && x.maxPodsOnly === undefined).length, 103);
  assert.equal(t('p5.48xlarge').enisDefaultCard, 2);
  assert.equal(t('p5.48xlarge').enisAllCards, 64);
  assert.equal(t('r6g.medium').architecture, 'arm64');
  assert.equal(t('m5.large').architecture, 'amd64');
  assert.equal(instances.lookupInstanceType('r6g.mediun'), undefined);
  assert.equal(instances.lookupInstanceType('constructor'), undefined);
});

test('max pods with and without prefix delegation follow the README examples', () => {
  const t = (n: string) => instances.lookupInstanceType(n)!;
  assert.equal(instances.maxPodsSecondaryIp(t('m5.large')), 29);
  assert.equal(instances.maxPodsPrefixUncapped(t('m5.large')), 434);
  assert.equal(instances.defaultMaxPods(t('m5.large'), true).value, 110);
  assert.equal(instances.maxPodsSecondaryIp(t('c5.18xlarge')), 737);
  assert.equal(instances.defaultMaxPods(t('c5.18xlarge'), true).value, 250);
  assert.equal(instances.maxPodsSecondaryIp(t('p4d.24xlarge')), 737);
  assert.equal(instances.defaultMaxPods(t('r6g.medium'), false).value, 8);
  // Xen: prefix delegation falls back to secondary-IP mode.
  assert.equal(instances.defaultMaxPods(t('m4.large'), true).value, instances.maxPodsSecondaryIp(t('m4.large')));
  // The trunk ENI takes one slot: (E − 1) × (I − 1) pod IPs, plus the 2 host-network pods: m5.large 29 → 20, r6g.medium 8 → 5.
  assert.equal(instances.podIpsWithTrunk(t('m5.large'), false) + 2, 20);
  assert.equal(instances.podIpsWithTrunk(t('r6g.medium'), false) + 2, 5);
});

test('closest names for a typo', () => {
  assert.equal(instances.closestInstanceTypes('r6g.mediun')[0], 'r6g.medium');
  assert.equal(instances.closestInstanceTypes('m5.larg')[0], 'm5.large');
});

test('types only the published max pods know (trn2, hpc7a, u-*.metal…) are known by that figure, without trunking', () => {
  const published: Record<string, number> = JSON.parse(fs.readFileSync(publishedPath, 'utf8')).maxPods;
  const only = instances.allInstanceTypes().filter((t) => t.maxPodsOnly !== undefined);
  assert.equal(only.length, 19);
  for (const t of only) {
    assert.equal(t.maxPodsOnly, published[t.name], t.name);
    assert.deepEqual([t.trunking, t.branchEnis, t.vcpus], [false, 0, null], t.name);
  }
  const trn2 = instances.lookupInstanceType('trn2.48xlarge')!;
  assert.deepEqual(instances.defaultMaxPods(trn2, false), { value: 100, basis: "the published max pods of trn2.48xlarge (eni-max-pods.txt; its ENIs are not in ENI Lens's data)" });
  assert.equal(instances.defaultMaxPods(trn2, true).value, 100);
  assert.equal(instances.lookupInstanceType('u-6tb1.metal')!.bareMetal, true);
});
