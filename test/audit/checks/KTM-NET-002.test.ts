import { describe, expect, it } from 'vitest';
import { check } from '../../../src/audit/checks/KTM-NET-002.js';
import { inventory, plainTenant, runCheck } from '../helpers.js';
import { denyIngress, TENANTS } from '../net-fixtures.js';

describe('KTM-NET-002 direct tenant-to-tenant reach', () => {
  it('fires per destination tenant with a hop path', () => {
    const f = runCheck(check, inventory(TENANTS.map((t) => plainTenant(t)).join('')));
    expect(f).toHaveLength(3);
    expect(f[0].hops?.[0]).toMatch(/^t-b\/\S+ → t-a\//);
  });
  it('stays quiet when every tenant denies ingress by default', () => {
    expect(runCheck(check, inventory(TENANTS.map((t) => plainTenant(t) + denyIngress(t)).join('')))).toEqual([]);
  });
});
