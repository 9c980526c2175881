import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  formatSelector,
  isEmptySelector,
  matchesLabelSelector,
  parseSelectorString,
  selectorKeys,
  selectorProblem,
  type LabelSelector,
} from '../../src/k8s/selectors.js';
import { UsageError } from '../../src/util/errors.js';

const pod = { app: 'web', tier: 'front', env: 'prod' };

describe('matchesLabelSelector', () => {
  it('matches everything with the empty selector', () => {
    expect(matchesLabelSelector({}, pod)).toBe(true);
    expect(matchesLabelSelector({}, {})).toBe(true);
    expect(matchesLabelSelector({ matchLabels: {}, matchExpressions: [] }, {})).toBe(true);
    expect(matchesLabelSelector({ matchLabels: null, matchExpressions: null }, pod)).toBe(true);
    expect(isEmptySelector({})).toBe(true);
    expect(isEmptySelector({ matchLabels: { a: 'b' } })).toBe(false);
  });

  it('requires every matchLabels entry', () => {
    expect(matchesLabelSelector({ matchLabels: { app: 'web' } }, pod)).toBe(true);
    expect(matchesLabelSelector({ matchLabels: { app: 'web', tier: 'back' } }, pod)).toBe(false);
    expect(matchesLabelSelector({ matchLabels: { missing: '' } }, pod)).toBe(false);
    expect(matchesLabelSelector({ matchLabels: { missing: '' } }, { missing: '' })).toBe(true);
  });

  it('In: key present with one of the values', () => {
    const sel: LabelSelector = { matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] };
    expect(matchesLabelSelector(sel, pod)).toBe(true);
    expect(matchesLabelSelector(sel, { tier: 'db' })).toBe(false);
    expect(matchesLabelSelector(sel, {})).toBe(false);
  });

  it('NotIn: key absent, or a value not listed', () => {
    const sel: LabelSelector = { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] };
    expect(matchesLabelSelector(sel, pod)).toBe(false);
    expect(matchesLabelSelector(sel, { tier: 'back' })).toBe(true);
    expect(matchesLabelSelector(sel, {})).toBe(true);
  });

  it('Exists and DoesNotExist look at the key only', () => {
    expect(matchesLabelSelector({ matchExpressions: [{ key: 'env', operator: 'Exists' }] }, pod)).toBe(true);
    expect(matchesLabelSelector({ matchExpressions: [{ key: 'env', operator: 'Exists' }] }, { env: '' })).toBe(true);
    expect(matchesLabelSelector({ matchExpressions: [{ key: 'x', operator: 'Exists' }] }, pod)).toBe(false);
    expect(matchesLabelSelector({ matchExpressions: [{ key: 'x', operator: 'DoesNotExist' }] }, pod)).toBe(true);
    expect(matchesLabelSelector({ matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] }, pod)).toBe(false);
  });

  it('ANDs matchLabels and matchExpressions', () => {
    const sel: LabelSelector = {
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'env', operator: 'In', values: ['dev'] }],
    };
    expect(matchesLabelSelector(sel, pod)).toBe(false);
    expect(matchesLabelSelector(sel, { ...pod, env: 'dev' })).toBe(true);
  });

  it('does not treat inherited object properties as labels', () => {
    expect(matchesLabelSelector({ matchExpressions: [{ key: 'constructor', operator: 'Exists' }] }, {})).toBe(false);
    expect(matchesLabelSelector({ matchLabels: { toString: 'x' } }, {})).toBe(false);
  });

  it('an unknown operator matches nothing and is reported', () => {
    const sel = { matchExpressions: [{ key: 'a', operator: 'Equals' as never, values: ['x'] }] };
    expect(matchesLabelSelector(sel, { a: 'x' })).toBe(false);
    expect(selectorProblem(sel)).toMatch(/operator must be one of/);
  });

  it('property: adding a requirement never widens the match', () => {
    const label = fc.constantFrom('a', 'b', 'c');
    const labels = fc.dictionary(label, fc.constantFrom('1', '2', ''));
    const req = fc.record({
      key: label,
      operator: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist') as fc.Arbitrary<'In'>,
      values: fc.array(fc.constantFrom('1', '2'), { minLength: 1, maxLength: 2 }),
    });
    fc.assert(
      fc.property(fc.array(req, { maxLength: 3 }), req, labels, (reqs, extra, l) => {
        const narrower = matchesLabelSelector({ matchExpressions: [...reqs, extra] }, l);
        const wider = matchesLabelSelector({ matchExpressions: reqs }, l);
        return !narrower || wider;
      }),
    );
  });
});

describe('matchesLabelSelector with long value lists (looked up in a set)', () => {
  it('answers In and NotIn as the short path does, values compared as strings', () => {
    const names = Array.from({ length: 40 }, (_, i) => `team-${i}`);
    const values = [...names, 7 as unknown as string];
    const cases: Record<string, string>[] = [{ ns: 'team-0' }, { ns: 'team-39' }, { ns: 'team-40' }, { ns: '7' }, {}];
    for (const l of cases) {
      const short = values.filter((v) => String(v) === l.ns).length > 0;
      expect(matchesLabelSelector({ matchExpressions: [{ key: 'ns', operator: 'In', values }] }, l)).toBe('ns' in l && short);
      expect(matchesLabelSelector({ matchExpressions: [{ key: 'ns', operator: 'NotIn', values }] }, l)).toBe(!('ns' in l) || !short);
    }
  });
});

describe('selectorKeys', () => {
  it('lists every key once, sorted', () => {
    expect(
      selectorKeys({
        matchLabels: { z: '1', a: '2' },
        matchExpressions: [
          { key: 'a', operator: 'Exists' },
          { key: 'm', operator: 'In', values: ['x'] },
        ],
      }),
    ).toEqual(['a', 'm', 'z']);
    expect(selectorKeys({})).toEqual([]);
  });
});

describe('selectorProblem', () => {
  it('accepts valid selectors', () => {
    expect(selectorProblem({})).toBeUndefined();
    expect(selectorProblem({ matchLabels: { 'app.kubernetes.io/name': 'x' } })).toBeUndefined();
    expect(selectorProblem({ matchExpressions: [{ key: 'a', operator: 'In', values: ['b'] }] })).toBeUndefined();
  });
  it('refuses In without values, Exists with values, bad keys', () => {
    expect(selectorProblem({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] })).toMatch(/at least one value/);
    expect(selectorProblem({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] })).toMatch(/takes no values/);
    expect(selectorProblem({ matchLabels: { '-bad': 'x' } })).toMatch(/invalid label key/);
    expect(selectorProblem({ matchLabels: { a: 'bad value' } })).toMatch(/invalid label value/);
    expect(selectorProblem({ podSelector: {} })).toMatch(/unknown selector field/);
    expect(selectorProblem([])).toMatch(/mapping/);
  });
});

describe('parseSelectorString', () => {
  it('parses every term form', () => {
    const sel = parseSelectorString('env=prod, tier!=x,team in (a, b),!legacy,owner, zone notin (z1),app==web');
    expect(sel).toEqual({
      matchLabels: { env: 'prod', app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'NotIn', values: ['x'] },
        { key: 'team', operator: 'In', values: ['a', 'b'] },
        { key: 'legacy', operator: 'DoesNotExist' },
        { key: 'owner', operator: 'Exists' },
        { key: 'zone', operator: 'NotIn', values: ['z1'] },
      ],
    });
  });

  it('gives the semantics kubectl gives', () => {
    const sel = parseSelectorString('tier!=x');
    expect(matchesLabelSelector(sel, {})).toBe(true); // != matches pods without the key
    expect(matchesLabelSelector(sel, { tier: 'x' })).toBe(false);
    expect(matchesLabelSelector(parseSelectorString(''), { any: 'thing' })).toBe(true);
    expect(matchesLabelSelector(parseSelectorString('a=1,a=2'), { a: '1' })).toBe(false);
  });

  it('accepts prefixed keys and empty values', () => {
    expect(parseSelectorString('tenant.example.com/team=,x')).toEqual({
      matchLabels: { 'tenant.example.com/team': '' },
      matchExpressions: [{ key: 'x', operator: 'Exists' }],
    });
  });

  it('round-trips through formatSelector', () => {
    const text = 'env=prod,legacy,!old,team in (a,b),tier notin (x)';
    const sel = parseSelectorString(text);
    expect(parseSelectorString(formatSelector(sel))).toEqual(sel);
    expect(formatSelector({})).toBe('<all>');
  });

  it.each([
    ['env=prod,', /expected a term after ","/],
    ['env in (a', /expected "\)"|expected ","/],
    ['env in ()', /at least one value|invalid label value/],
    ['=prod', /expected a label key/],
    ['env=pr od', /expected ",", found "o"/],
    ['env=-bad', /invalid label value/],
    ['env ~ x', /expected =, ==, !=/],
    ['a,,b', /expected a label key/],
  ])('refuses %j with a usage error', (text, message) => {
    let err: unknown;
    try {
      parseSelectorString(text, '--tenant-selector');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(/^option --tenant-selector: /);
    expect((err as Error).message).toMatch(message);
  });
});
