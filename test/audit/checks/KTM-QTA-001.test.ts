import { describe, expect, it } from 'vitest';
import { check } from '../../../src/audit/checks/KTM-QTA-001.js';
import { inventory, runCheck } from '../helpers.js';

const ns = `
apiVersion: v1
kind: Namespace
metadata: {name: team-a}
`;
const bounded = `${ns}
---
apiVersion: v1
kind: ResourceQuota
metadata: {name: q, namespace: team-a}
spec: {hard: {pods: "10"}}
---
apiVersion: v1
kind: LimitRange
metadata: {name: l, namespace: team-a}
spec: {limits: [{type: Container, default: {cpu: 500m}}]}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: config-autoscaler, namespace: knative-serving}
data: {max-scale-limit: "50"}
`;

describe('KTM-QTA-001 quotas', () => {
  it('fires for a tenant namespace without quota and limits, and for unbounded max-scale-limit', () => {
    const f = runCheck(check, inventory(`${ns}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: config-autoscaler, namespace: knative-serving}\ndata: {max-scale-limit: "0"}`));
    expect(f.map((x) => x.resource).sort()).toEqual(['ConfigMap/knative-serving/config-autoscaler', 'Namespace/team-a']);
  });
  it('stays quiet when the namespace has both and max-scale-limit is set', () => {
    expect(runCheck(check, inventory(bounded))).toEqual([]);
  });
});
