/**
 * Harden turns on only what the input shows can work (cert-manager, a sandbox runtime handler on nodes, a mesh), keeps
 * every webhook reachable, and strips tenant subjects by the audit's definition. Each rule: one case that makes it act,
 * one that keeps it quiet.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { harden, DEFAULT_HARDEN_OPTIONS, type HardenOptions } from '../../src/harden/index.js';
import { loadModel } from '../../src/model/loader.js';
import { readSources } from '../../src/k8s/load.js';
import { buildInventory } from '../../src/k8s/inventory.js';
import { FIXTURES, REPO_ROOT } from '../helpers/paths.js';
import { resourcesFromText, stockWithTenants } from './fixtures.js';

const model = loadModel('knative-2021');
const TENANTS = ['team-a', 'team-b'];
const opts = (o: Partial<HardenOptions> = {}): HardenOptions => ({ ...DEFAULT_HARDEN_OPTIONS, ...o });
const clusterFile = (f: string) => readFileSync(resolve(REPO_ROOT, 'test/harden/clusters', f), 'utf8');
const find = (r: ReturnType<typeof harden>, kind: string, ns: string | undefined, name: string) =>
  r.objects.find((g) => g.object.kind === kind && g.object.metadata.namespace === ns && g.object.metadata.name === name)?.object;
const node = (name: string, labels: string, extra = '') => `---
apiVersion: v1
kind: Node
metadata: { name: ${name}, labels: { ${labels} } }
${extra}
`;

describe('preconditions', () => {
  it('cert-manager absent: transport-encryption stays, a manual step names what to install; present: strict and the broker port 8443', () => {
    const without = harden(stockWithTenants(TENANTS).inventory, model, opts(), TENANTS);
    // the cluster's own value is kept (the object is written for OIDC): not strict
    expect(find(without, 'ConfigMap', 'knative-eventing', 'config-features')?.data?.['transport-encryption']).toBe('disabled');
    expect(find(without, 'ConfigMap', 'knative-serving', 'config-network')?.data?.['system-internal-tls']).toBeUndefined();
    expect(without.manual.filter((m) => /Install cert-manager first/.test(m.text)).map((m) => m.fixes[0]).sort()).toEqual(['KTM-EVT-001', 'KTM-TLS-001']);
    expect(find(without, 'NetworkPolicy', 'team-a', 'ktm-allow-eventing')?.spec.egress[0].ports).toEqual([{ protocol: 'TCP', port: 8080 }]);

    const withCm = harden(stockWithTenants(TENANTS, '---\n' + clusterFile('environment.yaml')).inventory, model, opts(), TENANTS);
    expect(find(withCm, 'ConfigMap', 'knative-eventing', 'config-features')?.data?.['transport-encryption']).toBe('strict');
    expect(find(withCm, 'NetworkPolicy', 'team-a', 'ktm-allow-eventing')?.spec.egress[0].ports).toEqual([{ protocol: 'TCP', port: 8443 }]);
    expect(withCm.proofs.find((p) => p.id.startsWith('tenant-to-broker-ingress:team-a/'))).toMatchObject({ status: 'holds', ports: ['TCP 8443'] });
  });

  it('sandbox: no node shows the handler → no RuntimeClass and no runtime-class-name, a manual step instead', () => {
    const r = harden(stockWithTenants(TENANTS, node('n1', 'pool: general')).inventory, model, opts({ sandbox: 'gvisor' }), TENANTS);
    expect(r.objects.filter((g) => g.object.kind === 'RuntimeClass' || g.object.data?.['runtime-class-name'])).toEqual([]);
    expect(r.manual.find((m) => m.fixes.includes('KTM-ISO-001') && /no node in the input shows the runsc runtime handler/.test(m.text))?.resources).toContain('Namespace/team-a');
  });

  it('sandbox: gVisor nodes by label → a RuntimeClass scheduled onto them, tolerating their taint', () => {
    const nodes = node('n1', 'pool: general') + node('n2', 'sandbox.gke.io/runtime: gvisor', 'spec: { taints: [{ key: sandbox.gke.io/runtime, value: gvisor, effect: NoSchedule }] }');
    const r = harden(stockWithTenants(TENANTS, nodes).inventory, model, opts({ sandbox: 'gvisor' }), TENANTS);
    expect(find(r, 'RuntimeClass', undefined, 'gvisor')).toMatchObject({
      handler: 'runsc',
      scheduling: { nodeSelector: { 'sandbox.gke.io/runtime': 'gvisor' }, tolerations: [{ key: 'sandbox.gke.io/runtime', operator: 'Equal', value: 'gvisor', effect: 'NoSchedule' }] },
    });
    expect(find(r, 'ConfigMap', 'knative-serving', 'config-deployment')?.data?.['runtime-class-name']).toBe('gvisor: {}\n');
  });

  it('sandbox: status.runtimeHandlers on some nodes only, with no label telling them apart → manual step', () => {
    const withHandler = node('n2', 'pool: general', 'status: { runtimeHandlers: [{ name: runsc }] }');
    const r = harden(stockWithTenants(TENANTS, node('n1', 'pool: general') + withHandler).inventory, model, opts({ sandbox: 'gvisor' }), TENANTS);
    expect(r.objects.filter((g) => g.object.kind === 'RuntimeClass')).toEqual([]);
    expect(r.manual.some((m) => /only some nodes run the runsc handler/.test(m.text))).toBe(true);
  });

  it('--mesh istio without istiod: no injection, no mesh policy, a manual step; with istiod: sidecars keep their path to it', () => {
    const without = harden(stockWithTenants(TENANTS).inventory, model, opts({ mesh: 'istio' }), TENANTS);
    expect(without.objects.filter((g) => g.concern === 'mesh-policies' || g.object.metadata.labels?.['istio-injection'])).toEqual([]);
    expect(without.manual.some((m) => /no Istio control plane \(istiod\) was found/.test(m.text))).toBe(true);
    const withIstio = harden(stockWithTenants(TENANTS, '---\n' + clusterFile('istio.yaml')).inventory, model, opts({ mesh: 'istio' }), TENANTS);
    const repair = find(withIstio, 'NetworkPolicy', 'team-a', 'ktm-required-sidecar-to-mesh-control-plane-out-1');
    expect(repair?.spec.egress[0]).toEqual({
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } }, podSelector: { matchLabels: { app: 'istiod' } } }],
      ports: [{ protocol: 'TCP', port: 15012 }],
    });
  });
});

describe('webhooks of the installed networking layer', () => {
  it("net-istio's webhook in knative-serving keeps ingress from the API server on its own port", () => {
    const resources = [
      ...readSources([resolve(FIXTURES, 'knative/serving-core.yaml'), resolve(FIXTURES, 'knative/net-istio.yaml'), resolve(REPO_ROOT, 'test/harden/clusters/istio.yaml')]),
      ...resourcesFromText(`apiVersion: v1\nkind: Namespace\nmetadata: { name: team-a }\n`),
    ];
    const r = harden(buildInventory(resources), model, opts(), ['team-a']);
    const webhooks = r.objects.filter((g) => g.object.metadata.namespace === 'knative-serving' && g.object.metadata.name.startsWith('ktm-allow-webhook'));
    expect(webhooks.map((g) => [g.object.spec.podSelector.matchLabels.app, g.object.spec.ingress[0].ports])).toEqual([
      ['net-istio-webhook', [{ protocol: 'TCP', port: 8443 }]],
      ['webhook', [{ protocol: 'TCP', port: 8443 }]],
    ]);
    expect(r.proofs.filter((p) => p.id.startsWith('apiserver-to-webhook:')).every((p) => p.status === 'holds')).toBe(true);
  });
});

describe('tenant subjects, as the audit defines them', () => {
  const bindings = `
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: everyone-views }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
subjects: [{ kind: Group, name: system:authenticated, apiGroup: rbac.authorization.k8s.io }, { kind: User, name: alice@example.com, apiGroup: rbac.authorization.k8s.io }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: alice-edit, namespace: team-a }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
subjects: [{ kind: User, name: alice@example.com, apiGroup: rbac.authorization.k8s.io }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: b-deployer, namespace: team-a }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
subjects: [{ kind: ServiceAccount, name: deployer, namespace: team-b }, { kind: ServiceAccount, name: deployer, namespace: team-a }]
`;
  it('strips system:authenticated from a ClusterRoleBinding and another tenant from a RoleBinding; names the person', () => {
    const r = harden(stockWithTenants(TENANTS, bindings).inventory, model, opts(), TENANTS);
    expect(find(r, 'ClusterRoleBinding', undefined, 'everyone-views')?.subjects).toEqual([{ kind: 'User', name: 'alice@example.com', apiGroup: 'rbac.authorization.k8s.io' }]);
    expect(find(r, 'RoleBinding', 'team-a', 'b-deployer')?.subjects).toEqual([{ kind: 'ServiceAccount', name: 'deployer', namespace: 'team-a' }]);
    expect(r.manual.find((m) => m.resources?.includes('ClusterRoleBinding/everyone-views'))?.text).toMatch(/User alice@example.com, who also belongs to a tenant namespace/);
  });
  it('leaves own ServiceAccounts and bindings of harmless roles alone', () => {
    const own = bindings.replace('{ kind: ServiceAccount, name: deployer, namespace: team-b }, ', '').replace('name: view }', 'name: system:public-info-viewer }');
    const r = harden(stockWithTenants(TENANTS, own).inventory, model, opts(), TENANTS);
    expect(r.objects.filter((g) => g.concern === 'rbac' && /Binding$/.test(g.object.kind))).toEqual([]);
  });
});
