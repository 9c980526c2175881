import { describe, expect, it } from 'vitest';
import { check } from '../../../src/audit/checks/KTM-NET-003.js';
import { inventory, plainTenant, runCheck } from '../helpers.js';
import { allowFromSystem, allowSameNamespace, denyIngress, TENANTS } from '../net-fixtures.js';

describe('KTM-NET-003 reach through shared components', () => {
  it('fires via the activator and the gateway on the stock manifests, with hops through knative-serving', () => {
    const f = runCheck(check, inventory(TENANTS.map((t) => plainTenant(t) + denyIngress(t) + allowFromSystem(t)).join(''), { stock: true }));
    const msgs = f.map((x) => x.message).join('\n');
    expect(msgs).toMatch(/activator/);
    expect(msgs).toMatch(/gateway/);
    const viaAct = f.find((x) => /activator/.test(x.message))!;
    expect(viaAct.hops!.join(' ')).toMatch(/knative-serving\/activator/);
  });
  it('stays quiet when tenants accept traffic only from their own namespace', () => {
    const inv = inventory(TENANTS.map((t) => plainTenant(t) + denyIngress(t) + allowSameNamespace(t)).join(''), { stock: true });
    expect(runCheck(check, inv)).toEqual([]);
  });
});
