import { describe, expect, it } from 'vitest';
import { check } from '../../../src/audit/checks/KTM-NET-006.js';
import { inventory, plainTenant, runCheck } from '../helpers.js';
import { egressExceptMetadata } from '../net-fixtures.js';

describe('KTM-NET-006 cloud metadata address', () => {
  it('fires when egress is open', () => {
    const f = runCheck(check, inventory(plainTenant('t-a')));
    expect(f).toHaveLength(1);
    expect(f[0].hops![0]).toMatch(/169\.254\.169\.254/);
  });
  it('stays quiet when egress excepts the metadata address', () => {
    expect(runCheck(check, inventory(plainTenant('t-a') + egressExceptMetadata('t-a')))).toEqual([]);
  });
});
