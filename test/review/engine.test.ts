/**
 * The review engine on models built in the test from the schema types: rules fire on flow properties, the
 * design's own mitigations are recognised, and adding flows never removes reach.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ThreatModel } from '../../src/model/schema.js';
import { design, miniModel } from './mini-model.js';
import { reviewDesign } from '../../src/review/review.js';
import { baseline } from '../../src/review/apply.js';
import { buildGraph } from '../../src/review/graph.js';
import { computeReach } from '../../src/review/reach.js';
import { scenario } from '../../src/review/scenario.js';

const model: ThreatModel = miniModel({
  components: [{ id: 'cache', name: 'Cache', kind: 'data-plane', namespace: 'system', boundary: 'system', shared: true, description: '' }],
});

// A shared "relay" tenants call, which forwards to an app of the caller's choosing in any namespace.
const relay = {
  components: [{ id: 'relay', name: 'Relay', kind: 'data-plane', namespace: 'system', boundary: 'system', shared: true, forwardsForCaller: true }],
  flows: [
    { id: 'app-relay', from: 'app', to: 'relay', protocol: 'HTTP', authenticated: false },
    { id: 'relay-app', from: 'relay', to: 'app', protocol: 'HTTP', authenticated: false, destinationChosenBy: 'caller' },
  ],
};

describe('rules on a synthetic model', () => {
  it('a shared relay with caller-chosen destinations is a confused deputy and gives cross-tenant reach', () => {
    const r = reviewDesign(model, design(relay));
    const deputy = r.findings.find((f) => f.id === 'confused-deputy:relay-app')!;
    expect(deputy).toMatchObject({ status: 'open', severity: 'high' });
    expect(deputy.clauses).toContainEqual({ rule: 'shared-component-filtering', id: 'c.filter' });
    // New means new: every tenant's app is already public through the gateway, so the relay adds no reach to it;
    // what it adds is the deputy hop.
    expect(r.findings.find((f) => f.id === 'cross-tenant-reach:app')).toBeUndefined();
    expect(r.sharedComponents).toEqual([expect.objectContaining({ component: 'relay', identitySurvives: false, confusedDeputy: true, reachableFromTenants: true })]);
    expect(r.tenancy.find((t) => t.tenancy === 'namespace')).toMatchObject({ impact: 'blocked', keeps: false });
    // Cluster tenancy is about outsiders; tenants reaching each other does not concern it.
    expect(r.tenancy.find((t) => t.tenancy === 'cluster')!.impact).toBe('none');
  });

  it('recognises a namespace check the design declares: the same findings become mitigated', () => {
    const r = reviewDesign(model, design({ ...relay, mitigations: [{ kind: 'namespace-check', flow: 'relay-app' }] }));
    for (const id of ['confused-deputy:relay-app']) {
      const f = r.findings.find((x) => x.id === id)!;
      expect(f.status).toBe('mitigated');
      expect(f.severity).toBe('none');
    }
    expect(r.findings.find((x) => x.id === 'confused-deputy:relay-app')!.mitigations).toContainEqual(expect.objectContaining({ id: 'namespace-check', declared: true }));
    expect(r.verdict).not.toBe('high');
  });

  it('a NetworkPolicy that keeps tenants away from the relay removes the tenant reach', () => {
    const r = reviewDesign(model, design({ ...relay, mitigations: [{ kind: 'network-policy', component: 'relay', allowFrom: ['gw'] }] }));
    expect(r.findings.find((x) => x.id === 'shared-surface:relay')!.status).toBe('mitigated');
  });

  it('a new unauthenticated shared component tenants can call is new shared surface; authenticated is lower', () => {
    const mk = (authenticated: boolean) =>
      reviewDesign(
        model,
        design({
          flows: [{ id: 'app-cache', from: 'app', to: 'cache', protocol: 'HTTP', authenticated }],
        }),
      ).findings.find((f) => f.id === 'shared-surface:cache')!;
    expect(mk(false).severity).toBe('moderate');
    expect(mk(true).severity).toBe('low');
  });

  it('a cluster-wide service account with write on secrets is reported; a namespaced read-only one is not', () => {
    const sa = (scope: string, verbs: string[], resources: string[]) =>
      reviewDesign(model, design({ components: [{ id: 'cache', serviceAccount: { name: 'cache', rules: [{ resources, verbs, scope }] } }] })).findings;
    expect(sa('cluster', ['update'], ['secrets']).map((f) => f.id)).toEqual(['broad-rbac:cache']);
    expect(sa('namespace', ['get'], ['configmaps'])).toEqual([]);
  });

  it('an authenticated flow between system components no actor reaches raises nothing', () => {
    const r = reviewDesign(
      model,
      design({
        components: [{ id: 'ctl', name: 'Controller', kind: 'control-plane', namespace: 'system', boundary: 'system', shared: true }],
        flows: [{ id: 'ctl-cache', from: 'ctl', to: 'cache', protocol: 'gRPC over mTLS', authenticated: true }],
      }),
    );
    expect(r.findings).toEqual([]);
    expect(r.threats).toEqual([]);
  });

  it('but a gateway that forwards for callers into a new component exposes it to the internet', () => {
    const r = reviewDesign(model, design({ flows: [{ id: 'gw-cache', from: 'gw', to: 'cache', protocol: 'HTTP', authenticated: true }] }));
    expect(r.findings.map((f) => f.id)).toEqual(['unprivileged-reach:cache']);
    expect(r.findings[0].severity).toBe('high');
  });
});

describe('reach is monotone', () => {
  const ids = ['client', 'gw', 'app', 'cache'];
  const flowArb = fc.record({
    from: fc.constantFrom(...ids),
    to: fc.constantFrom(...ids),
    caller: fc.boolean(),
  });
  it('adding a flow never removes a reachable state for any actor', () => {
    fc.assert(
      fc.property(fc.array(flowArb, { maxLength: 6 }), flowArb, (flows, extra) => {
        const mk = (list: typeof flows) => {
          const m = { ...model, dataFlows: [...model.dataFlows] };
          list.forEach((f, i) =>
            m.dataFlows.push({ id: `f${i}`, from: f.from, to: f.to, protocol: 'HTTP', description: '', authenticated: false, destinationChosenBy: f.caller ? 'caller' : 'component', clauses: [] }),
          );
          return baseline(m);
        };
        const small = mk(flows);
        const big = mk([...flows, extra]);
        for (const actor of ['none', 'workload', 'namespace-admin'] as const) {
          const sc = scenario('default', design({}).design);
          const a = computeReach(buildGraph(small, sc, actor), small, actor);
          const b = computeReach(buildGraph(big, sc, actor), big, actor);
          for (const s of a.reached.keys()) if (!b.reached.has(s) && !b.controlled.has(s)) return false;
        }
        return true;
      }),
      { numRuns: 200 },
    );
  });
});
