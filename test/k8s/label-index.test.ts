/** LabelIndex answers exactly what filtering every item with matchesLabelSelector answers, in the same order. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LabelIndex, matchesLabelSelector, type LabelSelector } from '../../src/k8s/selectors.js';

const KEYS = ['team', 'env', 'app', 'tier'];
const VALUES = ['a', 'b', 'c'];
const labelsArb = fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 4 });
const reqArb = fc.record({
  key: fc.constantFrom(...KEYS),
  operator: fc.constantFrom('In' as const, 'NotIn' as const, 'Exists' as const, 'DoesNotExist' as const),
  values: fc.subarray(VALUES),
});
const selArb: fc.Arbitrary<LabelSelector> = fc.record(
  { matchLabels: fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 2 }), matchExpressions: fc.array(reqArb, { maxLength: 3 }) },
  { requiredKeys: [] },
);

describe('LabelIndex', () => {
  it('matches exactly the items a scan with matchesLabelSelector matches', () => {
    fc.assert(
      fc.property(fc.array(labelsArb, { maxLength: 30 }), fc.array(selArb, { minLength: 1, maxLength: 5 }), (items, sels) => {
        const index = new LabelIndex(items, (x) => x);
        for (const sel of sels) expect(index.matching(sel)).toEqual(items.filter((x) => matchesLabelSelector(sel, x)));
      }),
      { numRuns: 300 },
    );
  });
});
