import { describe, expect, it } from 'vitest';
import { check } from '../../../src/audit/checks/KTM-CP-001.js';
import { inventory, runCheck } from '../helpers.js';

const vcluster = (ns: string) => `
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: ${ns}, namespace: ${ns}, labels: {app: vcluster, release: ${ns}}}
spec: {selector: {matchLabels: {app: vcluster}}, template: {metadata: {labels: {app: vcluster}}, spec: {containers: [{name: syncer, image: x}]}}}
`;
const serving = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: activator, namespace: knative-serving}
spec: {selector: {matchLabels: {app: activator}}, template: {metadata: {labels: {app: activator}}, spec: {containers: [{name: a, image: x}]}}}
`;

describe('KTM-CP-001 shared Knative across virtual clusters', () => {
  it('fires when two virtual clusters share the host Knative', () => {
    const f = runCheck(check, inventory(serving + vcluster('vc-a') + vcluster('vc-b')));
    expect(f).toHaveLength(1);
    expect(f[0].message).toMatch(/2 virtual control plane/);
    expect(f[0].tenancy).toEqual(['control-plane']);
  });
  it('stays quiet with one virtual cluster and no other Knative users, or without Knative', () => {
    expect(runCheck(check, inventory(serving + vcluster('vc-a')))).toEqual([]);
    expect(runCheck(check, inventory(vcluster('vc-a') + vcluster('vc-b')))).toEqual([]);
  });
});
