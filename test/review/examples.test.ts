/**
 * The example designs (examples/designs/) against both built-in models: the findings that matter for each
 * real Knative feature (reference §4.2–4.5, §5).
 */
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { loadModel } from '../../src/model/loader.js';
import { loadDesign } from '../../src/review/design.js';
import { reviewDesign } from '../../src/review/review.js';
import type { ModelReview } from '../../src/review/result.js';
import { REPO_ROOT } from '../helpers/cli.js';

const review = (design: string, model = 'knative-2021'): ModelReview =>
  reviewDesign(loadModel(model), loadDesign(resolve(REPO_ROOT, 'examples/designs', `${design}.yaml`)));
const finding = (r: ModelReview, id: string) => r.findings.find((f) => f.id === id);
const tenancy = (r: ModelReview, id: string) => r.tenancy.find((t) => t.tenancy === id)!;

describe('tag-header-based routing', () => {
  const r = review('tag-header-based-routing');
  it('lets an actor with no permissions pick a private revision at the shared gateway', () => {
    const f = finding(r, 'unprivileged-reach:private-tagged-revision')!;
    expect(f.actor).toBe('none');
    expect(f.flows).toEqual(['gateway-to-tag-by-header']);
    expect(f.reason).toMatch(/caller chooses the destination at shared Ingress gateway/);
    expect(f.clauses.map((c) => c.rule)).toContain('unprivileged-most-significant');
  });
  it('recognises the flag that is off by default and lowers the concern', () => {
    const f = finding(r, 'unprivileged-reach:private-tagged-revision')!;
    expect(f.status).toBe('mitigated-by-default');
    expect(f.baseSeverity).toBe('moderate');
    expect(f.severity).toBe('low');
    expect(f.mitigations.find((m) => m.declared)).toMatchObject({ id: 'flag-off-by-default' });
    expect(f.mitigations.find((m) => m.declared)!.detail).toContain('tag-header-based-routing');
  });
  it('does not report the tag as a cross-tenant escalation (anyone on the internet gets it)', () => {
    expect(r.findings.map((f) => f.kind)).not.toContain('cross-tenant-reach');
  });
  it('lists STRIDE threats for the new flow with reasons', () => {
    const t = r.threats.find((x) => x.flow === 'gateway-to-tag-by-header')!;
    expect(t.threats.map((x) => x.category)).toEqual(['spoofing', 'tampering', 'repudiation', 'information-disclosure']);
    expect(t.threats.every((x) => x.reason.length > 20)).toBe(true);
  });
});

describe('hostNetwork pod-spec gate', () => {
  for (const model of ['knative-2021', 'knative-2025']) {
    const r = review('podspec-hostnetwork', model);
    it(`${model}: a deployer reaches other tenants' queue-proxy and user container straight from its pod`, () => {
      for (const c of ['queue-proxy', 'user-container']) {
        const f = finding(r, `cross-tenant-reach:${c}`)!;
        expect(f.actor).toBe('workload');
        expect(f.path[0]).toMatch(/^host-pod-to-.*: host-network-pod@A -> .*@B$/);
        expect(f.stride).toContain('elevation-of-privilege');
        expect(f.mitigations.map((m) => m.id)).toEqual(expect.arrayContaining(['flag-off-by-default', 'runtime-isolation']));
      }
      expect(finding(r, 'shared-surface:node-host')).toBeDefined();
    });
    it(`${model}: kept by default, blocks namespace tenancy when enabled`, () => {
      const ns = tenancy(r, 'namespace');
      expect(ns.impact).toBe('kept-by-default');
      expect(ns.summary).toContain('kubernetes.podspec-hostnetwork');
      // Shared nodes: an independent Knative per virtual cluster does not help.
      expect(tenancy(r, 'control-plane').impact).toBe('kept-by-default');
    });
  }
  it('cites the isolation assumption of the 2021 model', () => {
    const f = finding(review('podspec-hostnetwork'), 'cross-tenant-reach:user-container')!;
    expect(f.clauses).toContainEqual({ rule: 'untrusted-needs-isolation', id: 'assumption.untrusted-needs-isolation' });
  });
  it('is high when enabled under the 2025 model, where namespaces are tenants', () => {
    const f = finding(review('podspec-hostnetwork', 'knative-2025'), 'cross-tenant-reach:user-container')!;
    expect(f.baseSeverity).toBe('high');
    expect(tenancy(review('podspec-hostnetwork', 'knative-2025'), 'namespace').summary).toMatch(/^blocked if `kubernetes.podspec-hostnetwork` is enabled; to keep it then, /);
  });
});

describe('cross-namespace event links', () => {
  it('without knsubscribe: any namespace can pull another namespace\'s events once the flag is on', () => {
    const r = review('cross-namespace-event-links', 'knative-2025');
    const f = finding(r, 'cross-tenant-data:filter-to-foreign-subscriber')!;
    expect(f.stride).toEqual(['information-disclosure']);
    expect(f.status).toBe('mitigated-by-default');
    expect(f.baseSeverity).toBe('high');
    expect(f.actors).toEqual(['workload', 'namespace-admin']);
    expect(f.mitigations.filter((m) => !m.declared).map((m) => m.id)).toContain('rbac-verb');
    expect(tenancy(r, 'namespace').impact).toBe('kept-by-default');
  });
  it('with knsubscribe held by no default role: mitigated, and the verb is named', () => {
    const r = review('cross-namespace-event-links-knsubscribe', 'knative-2025');
    const f = finding(r, 'cross-tenant-data:filter-to-foreign-subscriber')!;
    expect(f.status).toBe('mitigated');
    expect(f.severity).toBe('none');
    const verb = f.mitigations.find((m) => m.id === 'rbac-verb')!;
    expect(verb.declared).toBe(true);
    expect(verb.detail).toContain('knsubscribe');
    expect(r.verdict).toBe('none');
    expect(tenancy(r, 'namespace').impact).toBe('none');
  });
});

describe('DomainMapping with autocreate-cluster-domain-claims', () => {
  it('any namespace claims any domain: spoofing and disclosure on the shared ingress, open', () => {
    for (const [model, severity] of [['knative-2021', 'moderate'], ['knative-2025', 'high']] as const) {
      const r = review('domain-mapping-autocreate', model);
      const f = finding(r, 'cross-tenant-data:gateway-to-mapped-service')!;
      expect(f.status).toBe('open');
      expect(f.severity).toBe(severity);
      expect(f.stride).toEqual(['spoofing', 'information-disclosure']);
      expect(f.reason).toMatch(/answers, requests meant for another tenant/);
      expect(f.mitigations.some((m) => m.declared)).toBe(false);
    }
  });
  it('blocks namespace tenancy under 2025, adds hardening to the unsupported 2021 namespace tenancy', () => {
    expect(tenancy(review('domain-mapping-autocreate', 'knative-2025'), 'namespace')).toMatchObject({ impact: 'blocked', keeps: false });
    expect(tenancy(review('domain-mapping-autocreate'), 'namespace')).toMatchObject({ impact: 'adds-hardening', keeps: true, after: 'unsupported' });
  });
});

describe('a feature without security impact', () => {
  for (const model of ['knative-2021', 'knative-2025']) {
    it(`${model}: reports nothing`, () => {
      const r = review('request-log-format', model);
      expect(r.findings).toEqual([]);
      expect(r.verdict).toBe('none');
      expect(r.crossings).toEqual([]);
      expect(r.threats).toEqual([]);
      expect(r.sharedComponents).toEqual([]);
      expect(r.actors.every((a) => a.newlyReaches.length === 0 && a.newlyReceives.length === 0)).toBe(true);
      expect(r.tenancy.every((t) => t.impact === 'none' && t.keeps)).toBe(true);
    });
  }
});

describe('tenancy impact and its sentence agree', () => {
  it('impact is blocked exactly when the summary says blocked, for every design and model', () => {
    const designs = ['tag-header-based-routing', 'podspec-hostnetwork', 'cross-namespace-event-links', 'cross-namespace-event-links-knsubscribe', 'domain-mapping-autocreate', 'request-log-format'];
    const files = [...designs.map((d) => resolve(REPO_ROOT, 'examples/designs', `${d}.yaml`)), resolve(REPO_ROOT, 'test/review/designs/shared-relay.yaml')];
    let seen = 0;
    for (const file of files) {
      for (const model of ['knative-2021', 'knative-2025']) {
        for (const t of reviewDesign(loadModel(model), loadDesign(file)).tenancy) {
          if (t.impact === 'blocked' || t.impact === 'weakened') {
            seen++;
            expect(t.summary.startsWith(t.impact), `${file} ${model} ${t.tenancy}: ${t.impact} vs "${t.summary}"`).toBe(true);
          }
        }
      }
    }
    expect(seen).toBeGreaterThan(0);
  });

  it('a new shared relay with caller-chosen destinations blocks namespace tenancy under 2025', () => {
    const r = reviewDesign(loadModel('knative-2025'), loadDesign(resolve(REPO_ROOT, 'test/review/designs/shared-relay.yaml')));
    expect(r.tenancy.find((t) => t.tenancy === 'namespace')?.impact).toBe('blocked');
  });
});
