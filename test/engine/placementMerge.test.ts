import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { components, findOvercommits, type Demand, type Overcommit } from '../../shared/model/placement';
import { textbookOvercommit } from '../helpers/textbookFlow';

/** The textbook network per group, zero-pod demands named as the merged network names them. */
function perDemandOvercommits(demands: Demand<string>[], capacityOf: (p: string) => number): Overcommit<string>[] {
  return components(demands).flatMap((group) => textbookOvercommit(group, capacityOf, true) ?? []);
}

const POOLS = ['a', 'b', 'c', 'd', 'e'];

test('merging demands that reach the same pools gives the same overcommits as one node per demand', () => {
  const demand = fc.record({ pods: fc.integer({ min: 0, max: 12 }), pools: fc.subarray(POOLS, { minLength: 1 }) });
  fc.assert(
    fc.property(fc.array(demand, { maxLength: 14 }), fc.array(fc.integer({ min: 0, max: 15 }), { minLength: POOLS.length, maxLength: POOLS.length }), (raw, caps) => {
      const demands = raw.map((d, i) => ({ id: `${i}`, ...d }));
      const capacityOf = (p: string) => caps[POOLS.indexOf(p)];
      assert.deepEqual(findOvercommits(demands, capacityOf), perDemandOvercommits(demands, capacityOf));
    }),
    { numRuns: 400, seed: 5 },
  );
});

test('an overcommit names exactly the demands whose pools are all overcommitted', () => {
  // x and y share pool a (3 slots) with 5 pods; z also reaches b (plenty): only x and y are named.
  const demands = [
    { id: 'x', pods: 2, pools: ['a'] },
    { id: 'y', pods: 3, pools: ['a'] },
    { id: 'z', pods: 4, pools: ['a', 'b'] },
  ];
  const capacity: Record<string, number> = { a: 3, b: 10 };
  assert.deepEqual(
    findOvercommits(demands, (p) => capacity[p]),
    [{ demandIds: ['x', 'y'], pools: ['a'], demand: 5, capacity: 3 }],
  );
});
