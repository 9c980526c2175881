/**
 * The runner evaluates checks once per distinct trust profile (--tenancy all: trusted developers for `cluster`,
 * untrusted for `namespace` and `control-plane`). A check that never reads ctx.trust gives the same evidence for every
 * profile, so it runs once and its findings carry every tenancy; one that reads it runs per profile.
 */
import { describe, expect, it } from 'vitest';
import type { Check } from '../../src/audit/index.js';
import { audit, inventory, plainTenant } from './helpers.js';

function fakeCheck(id: string, message: (ctx: Parameters<Check['evaluate']>[0]) => string, calls: { n: number }): Check {
  return {
    id,
    title: id,
    severity: 'moderate',
    tenancy: ['cluster', 'namespace', 'control-plane'],
    clauseRule: 'tenancy-hardening',
    crosswalk: { none: 'test check' },
    description: id,
    fix: 'none',
    evaluate(ctx) {
      calls.n++;
      return [{ resource: { kind: 'Namespace', name: ctx.tenants[0] }, path: '', message: message(ctx) }];
    },
  };
}

describe('checks per trust profile', () => {
  const inv = inventory(plainTenant('t-a') + plainTenant('t-b'));

  it('runs a check that does not read the trust profile once, and one that does once per profile', () => {
    const free = { n: 0 };
    const reads = { n: 0 };
    const checks = [
      fakeCheck('KTM-TEST-001', (ctx) => `${ctx.tenants.length} tenants`, free),
      fakeCheck('KTM-TEST-002', (ctx) => `developers ${ctx.trust.developers}`, reads),
    ];
    const r = audit(inv, { checks });
    expect(free.n).toBe(1);
    expect(reads.n).toBe(2);
    const byCheck = (id: string) => r.findings.filter((f) => f.id === id).map((f) => [f.message, f.tenancy]);
    expect(byCheck('KTM-TEST-001')).toEqual([['2 tenants', ['cluster', 'namespace', 'control-plane']]]);
    expect(byCheck('KTM-TEST-002')).toEqual([
      ['developers trusted', ['cluster']],
      ['developers untrusted', ['namespace', 'control-plane']],
    ]);
  });

  it('runs each check once when every tenancy has the same profile', () => {
    const reads = { n: 0 };
    audit(inv, { checks: [fakeCheck('KTM-TEST-002', (ctx) => ctx.trust.users, reads)], developers: 'untrusted' });
    expect(reads.n).toBe(1);
  });
});
