import { describe, expect, it } from 'vitest';
import { check } from '../../../src/audit/checks/KTM-PSS-002.js';
import { inventory, runCheck } from '../helpers.js';

const ksvc = `
apiVersion: serving.knative.dev/v1
kind: Service
metadata: {name: api, namespace: t-a}
spec:
  template:
    spec:
      containers: [{image: x}]
`;
const features = (v: string) => `
---
apiVersion: v1
kind: ConfigMap
metadata: {name: config-features, namespace: knative-serving}
data: {secure-pod-defaults: ${v}}
`;
const hardened = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: app, namespace: t-a}
spec:
  selector: {matchLabels: {app: x}}
  template:
    metadata: {labels: {app: x}}
    spec:
      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
      containers:
        - name: c
          image: x
          securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
`;

describe('KTM-PSS-002 restricted', () => {
  it('fires for a Knative Service as written when secure-pod-defaults is off', () => {
    const f = runCheck(check, inventory(ksvc + features('disabled')), { developers: 'untrusted' });
    expect(f).toHaveLength(1);
    expect(f[0].message).toMatch(/runAsNonRoot|allowPrivilegeEscalation/);
  });
  it('judges Knative workloads after secure-pod-defaults: enabled fills what restricted needs', () => {
    expect(runCheck(check, inventory(ksvc + features('enabled')), { developers: 'untrusted' })).toEqual([]);
  });
  it('stays quiet for a hardened workload and for trusted developers', () => {
    expect(runCheck(check, inventory(hardened), { developers: 'untrusted' })).toEqual([]);
    expect(runCheck(check, inventory(ksvc), { developers: 'trusted' })).toEqual([]);
  });
});
