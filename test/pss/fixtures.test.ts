/**
 * Conformance: every upstream PSA fixture, evaluated at its own level and version only (README point 1):
 * pass → allowed by all checks in effect; fail → rejected, the rejection text contains the check's expected
 * substring and the named check (or the restricted check that overrides it) is among the violations.
 */
import { describe, expect, it } from 'vitest';
import { evaluatePod, rejectionMessage, checksFor, type PssLevel } from '../../src/pss/index.js';
import { EXPECTED_SUBSTRING, loadPssFixtures, type PssFixture } from './load-fixtures.js';

const fixtures = loadPssFixtures();

function evaluate(f: PssFixture, level: PssLevel = f.level) {
  return evaluatePod(f.pod.metadata, f.pod.spec, level, `v1.${f.minor}`);
}

/** Lower-cased ids of the checks that may reject a fixture named after `key` at a level/version. */
function acceptableChecks(key: string, level: PssLevel, minor: number): Set<string> {
  const ids = new Set([key]);
  for (const { check, version } of checksFor(level, minor)) {
    if (version.overrides?.some((o) => o.toLowerCase() === key)) ids.add(check.id.toLowerCase());
  }
  return ids;
}

describe('PSS conformance fixtures', () => {
  it('finds all 3,403 fixtures', () => {
    expect(fixtures.length).toBe(3403);
    expect(fixtures.filter((f) => f.outcome === 'pass').length).toBe(322 + 465);
  });

  it('allows every pass fixture at its own level and version', () => {
    const wrong = fixtures
      .filter((f) => f.outcome === 'pass')
      .map((f) => ({ f, r: evaluate(f) }))
      .filter(({ r }) => !r.allowed)
      .map(({ f, r }) => `${f.level}/v1.${f.minor}/${f.name}: ${rejectionMessage(r)}`);
    expect(wrong).toEqual([]);
  });

  it('rejects every fail fixture with the expected substring, from the named (or overriding) check', () => {
    const wrong: string[] = [];
    for (const f of fixtures.filter((x) => x.outcome === 'fail')) {
      const r = evaluate(f);
      const text = rejectionMessage(r);
      const substring = EXPECTED_SUBSTRING[f.checkKey];
      const where = `${f.level}/v1.${f.minor}/${f.name}`;
      if (!substring) wrong.push(`${where}: no expected substring for ${f.checkKey}`);
      else if (r.allowed) wrong.push(`${where}: allowed`);
      else if (!text.includes(substring)) wrong.push(`${where}: "${text}" lacks "${substring}"`);
      else if (text.includes('unknown forbidden reason')) wrong.push(`${where}: unknown forbidden reason`);
      else {
        const ok = acceptableChecks(f.checkKey, f.level, f.minor);
        if (!r.violations.some((v) => ok.has(v.check.toLowerCase()))) {
          wrong.push(`${where}: rejected by ${r.violations.map((v) => v.check).join(', ')}, not ${[...ok].join('/')}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('PSS cross-level properties (README point 3)', () => {
  it('every restricted pass fixture is allowed at baseline for the same version', () => {
    const wrong = fixtures
      .filter((f) => f.level === 'restricted' && f.outcome === 'pass')
      .filter((f) => !evaluate(f, 'baseline').allowed)
      .map((f) => f.file);
    expect(wrong).toEqual([]);
  });

  it('every baseline fail fixture is rejected at restricted for the same version', () => {
    const baselineFails = fixtures.filter((f) => f.level === 'baseline' && f.outcome === 'fail');
    expect(baselineFails.length).toBe(845);
    expect(baselineFails.filter((f) => evaluate(f, 'restricted').allowed).map((f) => f.file)).toEqual([]);
  });

  it('every baseline pass fixture is rejected at restricted (the baseline minimal pod is not restricted)', () => {
    const baselinePasses = fixtures.filter((f) => f.level === 'baseline' && f.outcome === 'pass');
    expect(baselinePasses.length).toBe(322);
    expect(baselinePasses.filter((f) => evaluate(f, 'restricted').allowed).map((f) => f.file)).toEqual([]);
  });

  it('restricted fail fixtures: 894 rejected at baseline, 877 allowed (those named after restricted-only checks)', () => {
    const restrictedOnly = new Set([
      'allowprivilegeescalation', 'capabilities_restricted', 'procmount_restricted', 'restrictedvolumes',
      'runasnonroot', 'runasuser', 'seccompprofile_restricted',
    ]);
    const fails = fixtures.filter((f) => f.level === 'restricted' && f.outcome === 'fail');
    const atBaseline = fails.map((f) => ({ f, r: evaluate(f, 'baseline') }));
    expect(atBaseline.filter(({ r }) => !r.allowed).length).toBe(894);
    expect(atBaseline.filter(({ r }) => r.allowed).length).toBe(877);
    // Fixtures named after baseline checks are always rejected at baseline.
    expect(atBaseline.filter(({ f, r }) => !restrictedOnly.has(f.checkKey) && r.allowed).map(({ f }) => f.file)).toEqual([]);
    // Restricted-only fixtures are rejected at baseline only when their pod also carries a baseline violation:
    // a hostPath volume (restrictedvolumes*) or an Unconfined seccomp profile (seccompprofile_restricted*).
    const crossing = atBaseline.filter(({ f, r }) => restrictedOnly.has(f.checkKey) && !r.allowed);
    for (const { f, r } of crossing) {
      const ids = r.violations.map((v) => v.check);
      const expected = f.checkKey === 'restrictedvolumes' ? 'hostPathVolumes' : 'seccompProfile_baseline';
      expect(ids, f.file).toEqual([expected]);
    }
  });
});
