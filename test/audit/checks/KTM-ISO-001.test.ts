import { describe, expect, it } from 'vitest';
import { check } from '../../../src/audit/checks/KTM-ISO-001.js';
import { nodeUserns } from '../../../src/audit/userns.js';
import { buildInventory } from '../../../src/k8s/inventory.js';
import { readSources } from '../../../src/k8s/load.js';
import { FIXTURES } from '../../helpers/cli.js';
import { join } from 'node:path';
import { audit, inventory, plainTenant, resourcesFromYaml, runCheck } from '../helpers.js';

const serving = (runtimeClass: string) => `
---
apiVersion: v1
kind: ConfigMap
metadata: {name: config-deployment, namespace: knative-serving}
data:
  runtime-class-name: |
${runtimeClass.split('\n').map((l) => `    ${l}`).join('\n')}
---
apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata: {name: gvisor}
handler: runsc
---
apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata: {name: fast}
handler: runc
`;
const knativeOnly = `
apiVersion: v1
kind: Namespace
metadata: {name: t-a}
---
apiVersion: serving.knative.dev/v1
kind: Service
metadata: {name: api, namespace: t-a}
spec: {template: {spec: {containers: [{image: x}]}}}
`;
const node = (kubelet: string, runtime: string, kernel: string) => `
---
apiVersion: v1
kind: Node
metadata: {name: n1}
status: {nodeInfo: {kubeletVersion: ${kubelet}, containerRuntimeVersion: "${runtime}", kernelVersion: ${kernel}, operatingSystem: linux}}
`;
const userns = `
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: worker, namespace: t-a}
spec:
  selector: {matchLabels: {app: w}}
  template:
    metadata: {labels: {app: w}}
    spec:
      hostUsers: false
      securityContext: {seccompProfile: {type: RuntimeDefault}}
      containers: [{name: w, image: x}]
`;

describe('KTM-ISO-001 sandbox or user namespaces', () => {
  it('fires for tenant workloads without a sandbox, naming the versions relied on', () => {
    const f = runCheck(check, inventory(plainTenant('t-a')));
    expect(f.map((x) => x.resource)).toEqual(['Namespace/t-a']);
    expect(f[0].message).toMatch(/containerd ≥2\.0 or CRI-O ≥1\.25, Linux ≥6\.3/);
  });
  it('fires when runtime-class-name names a class whose handler is runc', () => {
    const f = runCheck(check, inventory(knativeOnly + serving('fast: {}')));
    expect(f.some((x) => x.path === 'data.runtime-class-name')).toBe(true);
  });
  it('does not count hostUsers: false on nodes that cannot do user namespaces', () => {
    const f = runCheck(check, inventory(`apiVersion: v1\nkind: Namespace\nmetadata: {name: t-a}\n${userns}${node('v1.34.1', 'containerd://1.7.20', '6.8.0')}`));
    expect(f).toHaveLength(1);
    expect(f[0].message).toMatch(/containerd 1\.7\.20 < 2\.0/);
  });
  it('stays quiet when a gVisor RuntimeClass is applied to every revision', () => {
    expect(runCheck(check, inventory(knativeOnly + serving('gvisor: {}')))).toEqual([]);
  });
  it('stays quiet for hostUsers: false + seccomp on capable nodes', () => {
    expect(runCheck(check, inventory(`apiVersion: v1\nkind: Namespace\nmetadata: {name: t-a}\n${userns}${node('v1.34.1', 'containerd://2.1.0', '6.8.0')}`))).toEqual([]);
  });
  it('taints: a node no plain pod can land on does not decide user-namespace support', () => {
    const capable = node('v1.34.1', 'containerd://2.1.0', '6.8.0');
    const old = (name: string, spec: string) =>
      node('v1.34.1', 'containerd://1.7.20', '6.8.0').replace('metadata: {name: n1}', `metadata: {name: ${name}}\nspec: ${spec}`);
    const base = `apiVersion: v1\nkind: Namespace\nmetadata: {name: t-a}\n${userns}${capable}`;
    // quiet: the old node is a tainted control-plane node, or cordoned
    expect(runCheck(check, inventory(base + old('cp-1', '{taints: [{key: node-role.kubernetes.io/control-plane, effect: NoSchedule}]}')))).toEqual([]);
    expect(runCheck(check, inventory(base + old('old-1', '{unschedulable: true}')))).toEqual([]);
    // fires: a PreferNoSchedule taint does not keep plain pods away
    expect(runCheck(check, inventory(base + old('old-2', '{taints: [{key: x, effect: PreferNoSchedule}]}')))).toHaveLength(1);
  });
  it('does not apply to trusted developers', () => {
    expect(runCheck(check, inventory(plainTenant('t-a')), { developers: 'trusted' })).toEqual([]);
  });
  it('judges nodes by version', () => {
    expect(nodeUserns({ kubeletVersion: 'v1.30.2', containerRuntimeVersion: 'cri-o://1.30.1', kernelVersion: '6.6.1', operatingSystem: 'linux' }).support).toBe('gate');
    expect(nodeUserns({ kubeletVersion: 'v1.33.0', containerRuntimeVersion: 'cri-o://1.33.0', kernelVersion: '5.15.0-91-generic' }).support).toBe('no');
    expect(nodeUserns({ kubeletVersion: 'v1.33.0', containerRuntimeVersion: 'containerd://2.0.1', kernelVersion: '6.3.0' }).support).toBe('yes');
  });

  describe('with Knative Serving installed (serving-core)', () => {
    const servingCore = readSources([join(FIXTURES, 'knative', 'serving-core.yaml')]);
    const features = `
apiVersion: v1
kind: ConfigMap
metadata: {name: config-features, namespace: knative-serving}
data: {secure-pod-defaults: Enabled}
`;
    const ksvc = (name: string, hostUsers: boolean) => `
---
apiVersion: serving.knative.dev/v1
kind: Service
metadata: {name: ${name}, namespace: t-a}
spec: {template: {spec: {${hostUsers ? 'hostUsers: false, ' : ''}containers: [{image: x}]}}}
`;
    const capable = node('v1.34.0', 'containerd://2.0.4', '6.8.0');
    const cluster = (text: string) => buildInventory([...servingCore, ...resourcesFromYaml(`${features}---\napiVersion: v1\nkind: Namespace\nmetadata: {name: t-a}\n${text}`)]);

    it('stays quiet when every tenant revision runs with hostUsers: false on capable nodes (and notes it)', () => {
      const r = audit(cluster(ksvc('api', true) + capable), { tenancy: ['namespace'], checks: [check] });
      expect(r.findings).toEqual([]);
      expect(r.verdicts.namespace).not.toBe('fail');
      expect(r.notes.join('\n')).toMatch(/KTM-ISO-001: 1 tenant workload\(s\) \(t-a\/api\) count as isolated by hostUsers: false \+ seccomp, judged from the Node objects/);
    });
    it('points at config-deployment naming the unprotected revision when one is not isolated', () => {
      const f = runCheck(check, cluster(ksvc('api', true) + ksvc('web', false) + capable));
      const cfg = f.find((x) => x.resource === 'ConfigMap/knative-serving/config-deployment');
      expect(cfg?.message).toMatch(/1 tenant Knative workload\(s\) run unprotected: t-a\/\w+\/web/);
      expect(cfg?.message).not.toMatch(/\bapi\b/);
      expect(f.find((x) => x.resource === 'Namespace/t-a')?.message).toMatch(/web/);
    });
    it('fires at config-deployment when the nodes cannot do user namespaces', () => {
      const f = runCheck(check, cluster(ksvc('api', true) + node('v1.34.0', 'containerd://1.7.20', '6.8.0')));
      expect(f.map((x) => x.resource).sort()).toEqual(['ConfigMap/knative-serving/config-deployment', 'Namespace/t-a']);
    });
    it('with no tenant Knative workload yet: a note, not a finding', () => {
      const r = audit(cluster(''), { tenancy: ['namespace'], checks: [check] });
      expect(r.findings).toEqual([]);
      expect(r.notes.join('\n')).toMatch(/KTM-ISO-001: Knative Serving is installed but no tenant Knative workload/);
    });
  });
});

