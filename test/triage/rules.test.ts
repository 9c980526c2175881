/** One test per verdict rule, through the engine, under each built-in model. */
import { describe, it, expect } from 'vitest';
import { loadModel } from '../../src/model/loader.js';
import { computeTimeline } from '../../src/triage/timeline.js';
import { BASE_SPEC, runSpec, type Spec } from './spec-helpers.js';
import type { ThreatModel } from '../../src/model/schema.js';

const m2021 = loadModel('knative-2021');
const m2025 = loadModel('knative-2025');
const base = BASE_SPEC;
const run = (spec: Partial<Spec>, model: ThreatModel) => runSpec(spec, model);
const tagOf = (model: ThreatModel, id: string) => model.clauses.find((c) => c.id === id)?.rule;

describe('verdict rules', () => {
  it('an untrusted attacker, no exclusion: vulnerability, most significant under 2021', () => {
    const r = run({}, m2021);
    expect([r.verdict, r.priority, r.severity]).toEqual(['vulnerability', 'most-significant', 'high']);
    expect(r.trace.map((id) => tagOf(m2021, id))).toContain('unprivileged-most-significant');
  });

  it.each([
    ['compromised-runtime', 'runtime-network-trusted'],
    ['container-escape', 'runtime-network-trusted'],
    ['compromised-network', 'runtime-network-trusted'],
    ['compromised-supply-chain', 'platform-trusted'],
  ] as const)('%s → requires-compromised-platform citing %s', (pre, tag) => {
    for (const m of [m2021, m2025]) {
      const r = run({ requires: [pre] }, m);
      expect(r.reason).toBe('requires-compromised-platform');
      expect(tagOf(m, r.trace[0])).toBe(tag);
    }
  });

  it('a trusted actor follows the model data; 2025 has no administrator-trusted clause and says so', () => {
    const r21 = run({ attacker: { access: 'cluster-admin', userInteraction: 'none' } }, m2021);
    expect(r21.reason).toBe('trusted-administrator');
    const r25 = run({ attacker: { access: 'knative-admin', userInteraction: 'none' } }, m2025);
    expect(r25.reason).toBe('trusted-administrator');
    expect(r25.notes.join(' ')).toMatch(/no clause tagged "administrator-trusted"/);
    // A model that distrusts its administrators: the same report is a vulnerability.
    const distrust = { ...m2021, actors: m2021.actors.map((a) => ({ ...a, trusted: false })) };
    expect(run({ attacker: { access: 'cluster-admin', userInteraction: 'none' } }, distrust).verdict).toBe('vulnerability');
  });

  it('component other → out-of-model', () => {
    expect(run({ component: 'other' }, m2021).reason).toBe('out-of-model');
  });

  it('a component the model puts outside its scope, or counts as the underlying platform → out-of-model', () => {
    // 2025 on Functions: an untagged out-of-scope clause on the component; 2021 has none for func-cli.
    const func = run({ component: 'func-cli', attacker: { access: 'supply-chain', userInteraction: 'required' }, target: 'external' }, m2025);
    expect([func.verdict, func.reason, func.trace]).toEqual(['not-a-vulnerability', 'out-of-model', ['scope.functions']]);
    expect(func.rationale).toContain('needs a different threat model');
    expect(run({ component: 'func-cli', target: 'external' }, m2021).verdict).toBe('vulnerability');
    // A tagged out-of-scope clause on a component (replay at brokers) excludes only its kind of report.
    expect(run({ component: 'broker-ingress' }, m2025).verdict).toBe('vulnerability');
    // The Kubernetes API server cites the platform-trusted clause: a Kubernetes problem, not Knative's.
    for (const m of [m2021, m2025]) {
      const api = run({ component: 'kube-apiserver', target: 'cluster' }, m);
      expect([api.verdict, api.reason, api.trace]).toEqual(['not-a-vulnerability', 'out-of-model', ['assumption.underlying-cluster']]);
    }
  });

  it('a developer attacking another namespace is multi-tenant-only in 2021, a vulnerability in 2025', () => {
    const spec = { attacker: { access: 'namespace-admin', userInteraction: 'none' }, target: 'other-namespace' } as const;
    expect(run(spec, m2021).reason).toBe('multi-tenant-only');
    const r = run(spec, m2025);
    expect(r.verdict).toBe('vulnerability');
    expect(r.trace.map((id) => tagOf(m2025, id))).toContain('namespace-isolation-goal');
    // With no tenant position, crossing namespaces is a vulnerability in 2021 too.
    expect(run({ target: 'other-namespace' }, m2021).verdict).toBe('vulnerability');
  });

  it('victim-application-bug → application-level in 2025; 2021 decides it by its purpose clause and says so', () => {
    expect(run({ requires: ['victim-application-bug'] }, m2025).reason).toBe('application-level');
    const r = run({ requires: ['victim-application-bug'] }, m2021);
    expect(r.verdict).toBe('not-a-vulnerability');
    expect(r.reason).toBe('application-level');
    expect(r.trace).toEqual(['purpose.triage']);
    expect(r.notes.join(' ')).toMatch(/application-level-excluded/);
  });

  it('documented-insecure-config → insecure-configuration', () => {
    expect(run({ requires: ['documented-insecure-config'] }, m2021).reason).toBe('insecure-configuration');
    expect(run({ requires: ['documented-insecure-config'] }, m2025).reason).toBe('insecure-configuration');
  });

  it('event replay → expected-behaviour where the model says so (2025)', () => {
    const spec = { component: 'broker-ingress', category: 'event-replay' } as const;
    expect(run(spec, m2025).reason).toBe('expected-behaviour');
    expect(run(spec, m2021).verdict).toBe('vulnerability');
  });

  it('equally bad in Kubernetes: 2021 excludes availability only, 2025 any impact', () => {
    const conf = { equallyAffectsKubernetes: true };
    expect(run(conf, m2021).verdict).toBe('vulnerability');
    expect(run(conf, m2025).reason).toBe('inherited-from-kubernetes');
    const avail = { ...conf, impact: { confidentiality: 'none', integrity: 'none', availability: 'high' } } as const;
    expect(run(avail, m2021).reason).toBe('inherited-from-kubernetes');
  });

  it('embargo for significant remote or escalation issues only', () => {
    expect(run({ target: 'other-namespace' }, m2021).embargo.recommended).toBe(true);
    expect(run({ impact: { confidentiality: 'low', integrity: 'none', availability: 'none' } }, m2021).embargo.recommended).toBe(false);
  });
});

describe('timeline', () => {
  it('3 working days skip the weekend; 90 calendar days to disclose', () => {
    expect(computeTimeline(new Date('2024-06-07'), true)).toEqual({ received: '2024-06-07', acknowledgeBy: '2024-06-12', discloseBy: '2024-09-05' });
    expect(computeTimeline(new Date('2024-06-08'), false)).toEqual({ received: '2024-06-08', acknowledgeBy: '2024-06-12', discloseBy: null });
  });
});
