import { describe, expect, it } from 'vitest';
import { check } from '../../../src/audit/checks/KTM-NET-005.js';
import { inventory, plainTenant, runCheck } from '../helpers.js';
import { denyEgress } from '../net-fixtures.js';

const profilingOn = `
---
apiVersion: v1
kind: ConfigMap
metadata: {name: config-observability, namespace: knative-serving}
data: {runtime-profiling: enabled}
`;

describe('KTM-NET-005 system metrics/profiling/webhook/controller', () => {
  it('fires for webhook and metrics; profiling only when runtime profiling is on', () => {
    const off = runCheck(check, inventory(plainTenant('t-a'), { stock: true }));
    expect(off.map((f) => f.message).join('\n')).toMatch(/webhook/);
    expect(off.map((f) => f.message).join('\n')).not.toMatch(/profiling port 8008/);
    const on = runCheck(check, inventory(plainTenant('t-a') + profilingOn, { stock: true }));
    expect(on.map((f) => f.message).join('\n')).toMatch(/profiling port 8008.*knative-serving/);
  });
  it('stays quiet when the tenant has no egress', () => {
    expect(runCheck(check, inventory(plainTenant('t-a') + denyEgress('t-a'), { stock: true }))).toEqual([]);
  });
});
