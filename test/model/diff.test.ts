import { describe, expect, test } from 'vitest';
import { loadModel } from '../../src/model/loader.js';
import { diffModels, isEmptyDiff } from '../../src/model/diff.js';
import { runCli } from '../helpers/cli.js';

const a = loadModel('knative-2021');
const b = loadModel('knative-2025');

describe('model diff', () => {
  test('a model compared with itself has no changes', () => {
    expect(isEmptyDiff(diffModels(a, loadModel('knative-2021')))).toBe(true);
  });

  test('2021 → 2025: namespace tenancy becomes supported, the multi-tenant exclusion goes, equal impact arrives', () => {
    const d = diffModels(a, b);
    expect(d.tenancy.find((t) => t.id === 'namespace')).toMatchObject({ from: { status: 'unsupported' }, to: { status: 'supported' } });
    expect(d.tenancy.find((t) => t.id === 'control-plane')?.to).toEqual({ status: 'supported-with-hardening', hardening: ['independent-knative-per-cluster'] });
    expect(d.tenancy.some((t) => t.id === 'cluster')).toBe(false);
    expect(d.clauses.removed.map((c) => c.rule)).toContain('multi-tenant-not-vulnerability');
    expect(d.clauses.added.map((c) => c.rule)).toContain('equal-impact-out-of-scope');
    const supported = d.clauses.changed.find((c) => c.id === 'tenancy.supported')!;
    expect(supported.changes.map((c) => c.field)).toContain('quote');
    expect(d.actors.added.map((x) => x.id)).toEqual(['event-source-admin']);
    expect(d.actors.removed.map((x) => x.id)).toEqual(['cluster-network-attacker']);
    expect(d.actors.changed.find((x) => x.id === 'developer')!.changes.find((c) => c.field === 'privilege')).toEqual({
      field: 'privilege',
      from: 'workload',
      to: 'namespace-admin',
    });
    expect(d.attackGoals.added).toHaveLength(5);
    expect(d.dataFlows.changed.find((x) => x.id === 'gateway-to-activator')!.changes).toContainEqual({ field: 'trust', from: undefined, to: 'low->low' });
  });

  test('changed, added and removed lists are sorted by id (stable machine output)', () => {
    const d = diffModels(a, b);
    for (const list of [d.clauses.added, d.clauses.removed, d.clauses.changed, d.components.changed]) {
      const ids = list.map((x) => x.id);
      expect(ids).toEqual([...ids].sort());
    }
  });

  test('diff accepts paths and reports the overlay changes', async () => {
    const r = await runCli(['model', 'diff', 'knative-2021', 'models/examples/untrusted-tenants.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('| Namespace-as-a-service (`namespace`) | unsupported (network-policy, container-isolation, shared-component-filtering) | supported with hardening (network-policy, container-isolation, shared-component-filtering) |');
    expect(r.stdout).toContain('- developers: trusted → untrusted');
  });

  test('an unknown --format is a usage error', async () => {
    const r = await runCli(['model', 'diff', 'knative-2021', 'knative-2025', '--format', 'html']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--format: "html" is not one of md, json/);
  });
});
