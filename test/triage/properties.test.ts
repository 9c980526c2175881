/**
 * Property tests of the triage engine under the built-in models (and the untrusted-tenants overlay).
 *
 * "A stronger attacker never lowers severity" is read as: if an attack works from a WEAKER attacker position
 * (less privilege), with MORE impact (higher C/I/A), or with FEWER preconditions (fewer `requires`, no user
 * interaction, low complexity, not equally bad in plain Kubernetes), its severity is never lower. Attacker
 * positions are ordered by what they include: none ≤ cluster-network ≤ workload ≤ namespace-admin ≤
 * knative-admin ≤ cluster-admin; none ≤ supply-chain ≤ workload (a developer can deploy any image);
 * none ≤ event-source-admin. The target is not ordered (another namespace is not "more" than one's own).
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { resolve } from 'node:path';
import { REPO_ROOT } from '../helpers/cli.js';
import { loadModel } from '../../src/model/loader.js';
import { triage } from '../../src/triage/engine.js';
import { severityRank } from '../../src/cvss/severity.js';
import { ACCESS_LEVELS, CATEGORIES, DOCUMENTED, IMPACT_LEVELS, PRECONDITIONS, REACHABILITY, TARGET_OWNERS, TARGETS, type VulnerabilityReport } from '../../src/triage/report.js';

const MODELS = [loadModel('knative-2021'), loadModel('knative-2025'), loadModel(resolve(REPO_ROOT, 'models/examples/untrusted-tenants.yaml'))];
const COMPONENTS = [...new Set(MODELS[0].components.map((c) => c.id)), 'other'];
const received = new Date('2024-01-02');
type Spec = VulnerabilityReport['spec'];

const WEAKER_THAN: Array<[string, string]> = (() => {
  const edges: Array<[string, string]> = [
    ['none', 'cluster-network'],
    ['cluster-network', 'workload'],
    ['workload', 'namespace-admin'],
    ['namespace-admin', 'knative-admin'],
    ['knative-admin', 'cluster-admin'],
    ['none', 'supply-chain'],
    ['supply-chain', 'workload'],
    ['none', 'event-source-admin'],
  ];
  const pairs = new Set(edges.map((e) => e.join('>')));
  let grew = true;
  while (grew) {
    grew = false;
    for (const a of [...pairs]) for (const b of [...pairs]) {
      const [x, y] = a.split('>');
      const [y2, z] = b.split('>');
      if (y === y2 && !pairs.has(`${x}>${z}`)) {
        pairs.add(`${x}>${z}`);
        grew = true;
      }
    }
  }
  return [...pairs].map((p) => p.split('>') as [string, string]);
})();

const report = (spec: Spec): VulnerabilityReport => ({
  apiVersion: 'ktm/v1',
  kind: 'VulnerabilityReport',
  metadata: { title: 'property', references: [] },
  spec,
});

const specArb: fc.Arbitrary<Spec> = fc.record({
  component: fc.constantFrom(...COMPONENTS),
  category: fc.constantFrom(...CATEGORIES),
  attacker: fc.record({ access: fc.constantFrom(...ACCESS_LEVELS), userInteraction: fc.constantFrom('none' as const, 'required' as const) }),
  target: fc.constantFrom(...TARGETS),
  impact: fc.record({
    confidentiality: fc.constantFrom(...IMPACT_LEVELS),
    integrity: fc.constantFrom(...IMPACT_LEVELS),
    availability: fc.constantFrom(...IMPACT_LEVELS),
  }),
  attackComplexity: fc.constantFrom('low' as const, 'high' as const),
  requires: fc.subarray([...PRECONDITIONS]),
  equallyAffectsKubernetes: fc.boolean(),
  targetOwner: fc.constantFrom(...TARGET_OWNERS),
  documented: fc.constantFrom(...DOCUMENTED),
  impactDemonstrated: fc.boolean(),
  cvss: fc.constant(null),
});

/** A dependency report: the same facts, plus a module whose reachability is stated (with or without evidence). */
const depArb = fc.record({
  module: fc.constantFrom('golang.org/x/net', 'google.golang.org/grpc'),
  reachability: fc.constantFrom(...REACHABILITY),
  evidence: fc.option(fc.constant('govulncheck: call trace'), { nil: undefined }),
});

/** Severity rank and derived CVSS score per model. */
function assess(spec: Spec): Array<{ rank: number; score: number; verdict: string }> {
  return triage(report(spec), MODELS, { received }).results.map((r) => ({
    rank: severityRank(r.severity),
    score: r.cvss!.score,
    verdict: r.verdict,
  }));
}

/** Severity rank per model (needs-info counts as none); and whether any result recommends an embargo. */
function ranks(spec: Spec): { rank: number[]; embargo: boolean } {
  const results = triage(report(spec), MODELS, { received }).results;
  return { rank: results.map((r) => severityRank(r.severity)), embargo: results.some((r) => r.embargo.recommended) };
}

function neverLower(easier: Spec, harder: Spec): void {
  const a = assess(easier);
  const b = assess(harder);
  a.forEach((x, i) => {
    expect(x.rank, `${MODELS[i].metadata.id}: ${JSON.stringify(easier)} vs ${JSON.stringify(harder)}`).toBeGreaterThanOrEqual(b[i].rank);
    expect(x.score).toBeGreaterThanOrEqual(b[i].score);
  });
}

const RUNS = 1500;

describe('a stronger attack never lowers severity', () => {
  it('a weaker attacker position', () => {
    fc.assert(
      fc.property(specArb, fc.constantFrom(...WEAKER_THAN), (spec, [weak, strong]) => {
        neverLower(
          { ...spec, attacker: { ...spec.attacker, access: weak as Spec['attacker']['access'] } },
          { ...spec, attacker: { ...spec.attacker, access: strong as Spec['attacker']['access'] } },
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('more impact', () => {
    const up = { none: ['none', 'low', 'high'], low: ['low', 'high'], high: ['high'] } as const;
    fc.assert(
      fc.property(specArb, fc.nat(), fc.nat(), fc.nat(), (spec, i, j, k) => {
        const { confidentiality: c, integrity: g, availability: a } = spec.impact;
        const more = {
          confidentiality: up[c][i % up[c].length],
          integrity: up[g][j % up[g].length],
          availability: up[a][k % up[a].length],
        };
        neverLower({ ...spec, impact: more }, spec);
      }),
      { numRuns: RUNS },
    );
  });

  it('fewer preconditions', () => {
    fc.assert(
      fc.property(specArb, fc.func(fc.boolean()), (spec, keep) => {
        const fewer: Spec = {
          ...spec,
          requires: spec.requires.filter((p) => keep(p)),
          attacker: { ...spec.attacker, userInteraction: keep('ui') ? spec.attacker.userInteraction : 'none' },
          attackComplexity: keep('ac') ? spec.attackComplexity : 'low',
          equallyAffectsKubernetes: keep('k8s') ? spec.equallyAffectsKubernetes : false,
        };
        neverLower(fewer, spec);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('dependency reports', () => {
  const DEP_RUNS = 600;
  const ORDER = ['not-reached', 'unknown', 'reached'] as const;
  it('more evidence of non-reachability never raises severity', () => {
    fc.assert(
      fc.property(specArb, depArb, fc.nat(2), fc.nat(2), (spec, dep, i, j) => {
        const [lo, hi] = [Math.min(i, j), Math.max(i, j)];
        const less = ranks({ ...spec, dependency: { ...dep, reachability: ORDER[lo] } });
        const more = ranks({ ...spec, dependency: { ...dep, reachability: ORDER[hi] } });
        less.rank.forEach((r, k) => expect(r).toBeLessThanOrEqual(more.rank[k]));
      }),
      { numRuns: DEP_RUNS },
    );
  });

  it('not-reached or unknown is never high/critical nor embargoed; a scanner claim without evidence neither', () => {
    fc.assert(
      fc.property(specArb, depArb, fc.constantFrom('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', null), (spec, dep, vector) => {
        const s = { ...spec, cvss: vector, dependency: dep };
        const out = ranks(s);
        if (dep.reachability !== 'reached' || dep.evidence === undefined) {
          for (const r of out.rank) expect(r).toBeLessThanOrEqual(severityRank('moderate'));
          expect(out.embargo).toBe(false);
        }
      }),
      { numRuns: DEP_RUNS },
    );
  });
});

describe('invariants', () => {
  it('a report that requires a compromised platform is never a vulnerability', () => {
    fc.assert(
      fc.property(specArb, (spec) => {
        const s = { ...spec, requires: [...new Set([...spec.requires, 'compromised-platform' as const])] };
        for (const r of triage(report(s), MODELS, { received }).results) {
          expect(r.verdict).toBe('not-a-vulnerability');
          expect(r.severity).toBe('none');
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('--model all never crashes, and every result is explained (systematic enumeration)', () => {
    // Exhaustive over category × access × target × requires (none, each one, all) × equallyAffectsKubernetes ×
    // seven impact patterns; user interaction and complexity vary with the index. 59,136 reports × 2 models.
    const impacts: Array<Spec['impact']> = [
      { confidentiality: 'none', integrity: 'none', availability: 'none' },
      { confidentiality: 'none', integrity: 'none', availability: 'low' },
      { confidentiality: 'none', integrity: 'none', availability: 'high' },
      { confidentiality: 'high', integrity: 'none', availability: 'none' },
      { confidentiality: 'none', integrity: 'low', availability: 'none' },
      { confidentiality: 'low', integrity: 'high', availability: 'low' },
      { confidentiality: 'high', integrity: 'high', availability: 'high' },
    ];
    const requireSets: Array<Spec['requires']> = [[], ...PRECONDITIONS.map((p) => [p]), [...PRECONDITIONS]];
    const builtins = [loadModel('knative-2021'), loadModel('knative-2025')];
    const clauseIds = builtins.map((m) => new Set(m.clauses.map((c) => c.id)));
    let n = 0;
    for (const category of CATEGORIES)
      for (const access of ACCESS_LEVELS)
        for (const target of TARGETS)
          for (const requires of requireSets)
            for (const equallyAffectsKubernetes of [false, true])
              for (const impact of impacts) {
                n++;
                const spec: Spec = {
                  component: n % 7 === 0 ? 'other' : COMPONENTS[n % COMPONENTS.length],
                  category,
                  attacker: { access, userInteraction: n % 2 ? 'none' : 'required' },
                  target,
                  impact,
                  attackComplexity: n % 3 ? 'low' : 'high',
                  requires,
                  equallyAffectsKubernetes,
                  targetOwner: TARGET_OWNERS[n % 3],
                  documented: DOCUMENTED[n % 4],
                  impactDemonstrated: n % 5 !== 0,
                  cvss: null,
                };
                const out = triage(report(spec), builtins, { received });
                out.results.forEach((r, i) => {
                  if (r.rationale.length === 0 || (r.verdict === 'not-a-vulnerability') !== (r.reason !== null)) {
                    throw new Error(`bad result for ${JSON.stringify(spec)}: ${JSON.stringify(r)}`);
                  }
                  for (const id of r.trace) if (!clauseIds[i].has(id)) throw new Error(`${id} not in ${r.model}`);
                });
              }
    expect(n).toBe(8 * 8 * 6 * 11 * 2 * 7);
  });
});
