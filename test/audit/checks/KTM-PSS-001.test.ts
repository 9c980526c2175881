import { describe, expect, it } from 'vitest';
import { check } from '../../../src/audit/checks/KTM-PSS-001.js';
import { inventory, runCheck } from '../helpers.js';

const deploy = (ns: string, sc: string) => `
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: app, namespace: ${ns}}
spec:
  selector: {matchLabels: {app: x}}
  template:
    metadata: {labels: {app: x}}
    spec:
      containers: [{name: c, image: x, securityContext: ${sc}}]
`;

describe('KTM-PSS-001 baseline', () => {
  it('fires for a privileged tenant workload, naming the PSS check', () => {
    const f = runCheck(check, inventory(deploy('t-a', '{privileged: true}')));
    expect(f).toHaveLength(1);
    expect(f[0].message).toMatch(/privileged/);
    expect(f[0].path).toBe('spec.template.spec');
  });
  it('stays quiet for a plain workload and for system namespaces', () => {
    expect(runCheck(check, inventory(deploy('t-a', '{}')))).toEqual([]);
    expect(runCheck(check, inventory(deploy('kube-system', '{privileged: true}')))).toEqual([]);
  });
});
