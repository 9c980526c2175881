/**
 * harden with ClusterNetworkPolicy v1alpha2 (`--cnp`, or automatically when the input holds the CRD) and on Gateway
 * API clusters (net-gateway-api with Envoy Gateway or Istio): audit(cluster + harden(cluster)) has no network finding
 * at moderate or above, the gateway proxies still reach the revisions, and tenants no longer reach each other.
 */
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ajv } from '../helpers/ajv.js';
import { runCli } from '../helpers/cli.js';
import { runAudit } from '../../src/audit/index.js';
import { harden, DEFAULT_HARDEN_OPTIONS, type HardenOptions, type HardenResult } from '../../src/harden/index.js';
import { buildInventory } from '../../src/k8s/inventory.js';
import { readSources } from '../../src/k8s/load.js';
import { analyzeReachability } from '../../src/netpol/index.js';
import { loadModel } from '../../src/model/loader.js';
import type { Resource } from '../../src/k8s/types.js';
import { FIXTURES, REPO_ROOT } from '../helpers/paths.js';
import { KUBE_DNS, overlay, resourcesFromText, STOCK_FILES, tenantYaml } from './fixtures.js';
import { validateEmitted, type CrdSchema } from './validate-emitted.js';

const model = loadModel('knative-2021');
const OPTIONS: HardenOptions = { ...DEFAULT_HARDEN_OPTIONS, sandbox: 'gvisor' };
const TENANTS = ['team-a', 'team-b'];
const CRD = resolve(FIXTURES, 'network-policy-api/config/crd/standard/policy.networking.k8s.io_clusternetworkpolicies.yaml');
const asResources = (result: HardenResult): Resource[] =>
  resourcesFromText(result.objects.map((g) => JSON.stringify(g.object)).join('\n---\n'), 'hardened.yaml');
const ids = (result: HardenResult) => result.objects.map((g) => `${g.object.kind}/${g.object.metadata.namespace ?? ''}/${g.object.metadata.name}`);
const tenantsYaml = TENANTS.map(tenantYaml).join('---\n') + '---\n' + KUBE_DNS;

function roundTrip(resources: Resource[], options: HardenOptions = OPTIONS) {
  const before = buildInventory(resources);
  const result = harden(before, model, options, TENANTS);
  const after = buildInventory(overlay(resources, asResources(result)));
  const serious = runAudit(after, { model, tenancy: ['namespace'] }).findings.filter((f) => f.id.startsWith('KTM-NET') && f.severity !== 'low');
  return { result, after, serious: serious.map((f) => `${f.id} ${f.resource}: ${f.message}`) };
}

describe('harden with ClusterNetworkPolicy v1alpha2', () => {
  const stock = () => [...readSources(STOCK_FILES), ...resourcesFromText(tenantsYaml)];

  it('--cnp: the cluster-wide parts are Admin-tier CNPs that validate against the CRD, and the round trip holds', () => {
    const { result, after, serious } = roundTrip(stock(), { ...OPTIONS, cnp: true });
    const cnps = result.objects.filter((g) => g.object.kind === 'ClusterNetworkPolicy');
    expect(cnps.map((g) => g.object.metadata.name).sort()).toEqual(['ktm-autoscaler-stats-from-activator', 'ktm-deny-cloud-metadata', 'ktm-protect-knative-serving']);
    expect(ids(result).filter((k) => k.startsWith('AdminNetworkPolicy/') || k.startsWith('NetworkPolicy/knative-serving/'))).toEqual([]);
    // knative-eventing has no cluster-wide counterpart: its NetworkPolicies are written with CNPs too.
    expect(ids(result).filter((k) => k.startsWith('NetworkPolicy/knative-eventing/'))).toEqual(
      expect.arrayContaining(['NetworkPolicy/knative-eventing/ktm-deny-ingress', 'NetworkPolicy/knative-eventing/ktm-allow-from-system']),
    );
    const crd = readSources([CRD])[0].obj;
    const schema = crd.spec.versions.find((v: { name: string }) => v.name === 'v1alpha2').schema.openAPIV3Schema;
    const ajv = new Ajv({ strict: false, allErrors: true });
    for (const { object } of cnps) expect(ajv.validate(schema, object), JSON.stringify(ajv.errors)).toBe(true);
    // the schema is a real check: a wrong tier fails it
    expect(ajv.validate(schema, { ...cnps[0].object, spec: { ...cnps[0].object.spec, tier: 'Middle' } })).toBe(false);
    expect(serious).toEqual([]);
    const reach = analyzeReachability(after);
    const activator = after.workloads.find((w) => w.name === 'activator')!;
    const tenantPod = after.workloads.find((w) => w.namespace === 'team-a')!;
    expect(reach.canReach(activator, { namespace: 'knative-serving', workload: 'autoscaler' }, { port: 8080 })).not.toEqual([]);
    expect(reach.canReach(tenantPod, { namespace: 'knative-serving', workload: 'autoscaler' }, { port: 8080 })).toEqual([]);
    expect(reach.reachesAddress(tenantPod, '169.254.169.254').isEmpty()).toBe(true);
  });

  it('emits v1alpha2 without an option when the input holds the CRD; v1alpha1 with --anp; neither without evidence', () => {
    const withCrd = [...stock(), ...readSources([CRD])];
    const auto = harden(buildInventory(withCrd), model, OPTIONS, TENANTS);
    expect(ids(auto)).toContain('ClusterNetworkPolicy//ktm-protect-knative-serving');
    const anp = harden(buildInventory(withCrd), model, { ...OPTIONS, anp: true }, TENANTS);
    expect(ids(anp)).toContain('AdminNetworkPolicy//ktm-protect-knative-serving');
    expect(ids(anp).some((k) => k.startsWith('ClusterNetworkPolicy/'))).toBe(false);
    const plain = harden(buildInventory(stock()), model, OPTIONS, TENANTS);
    expect(ids(plain).some((k) => k.startsWith('ClusterNetworkPolicy/') || k.startsWith('AdminNetworkPolicy/'))).toBe(false);
  });
});

describe.each([
  ['envoy-gateway.yaml', ['envoy-gateway-system/edge-proxy-external', 'envoy-gateway-system/edge-proxy-local']],
  ['istio.yaml', ['istio-ingress/edge-proxy-a', 'istio-ingress/edge-proxy-b']],
])('harden round trip on the Gateway API cluster %s', (file, proxies) => {
  const resources = [
    ...readSources([join(FIXTURES, 'knative/serving-core.yaml'), join(REPO_ROOT, 'test/netpol/clusters/gateway-api', file)]),
    ...resourcesFromText(tenantsYaml),
  ];

  it('before: tenants reach each other through the gateway proxies, and the audit says so', () => {
    const before = buildInventory(resources);
    const reach = analyzeReachability(before);
    const hubs = new Set(reach.pathsBetween('team-a', 'team-b').filter((p) => p.kind === 'via-gateway').map((p) => p.hops[0].to));
    expect([...hubs].sort()).toEqual(proxies);
    // The round trip starts from a failing audit: without it, "no finding after" would prove nothing.
    const serious = runAudit(before, { model, tenancy: ['namespace'] }).findings.filter((f) => f.id.startsWith('KTM-NET') && f.severity !== 'low');
    expect(serious.length).toBeGreaterThan(0);
  });

  it('after: no network finding at moderate or above, proxies still reach every revision, tenants are apart', () => {
    const { after, serious } = roundTrip(resources);
    expect(serious).toEqual([]);
    const reach = analyzeReachability(after);
    const revisions = after.workloads.filter((w) => TENANTS.includes(w.namespace) && w.podLabels['serving.knative.dev/revision']);
    expect(revisions.length).toBe(TENANTS.length);
    for (const proxy of proxies) {
      const w = after.workloads.find((x) => `${x.namespace}/${x.name}` === proxy)!;
      for (const rev of revisions) expect(reach.canReach(w, { namespace: rev.namespace, workload: rev.name }, { port: 8012 }), `${proxy} → ${rev.namespace}`).not.toEqual([]);
    }
    const m = reach.namespaceMatrix(TENANTS);
    expect(m.cell('team-a', 'team-b')).toBe('none');
    expect(m.cell('team-b', 'team-a')).toBe('none');
  });
});

describe('ktm harden --cnp (CLI)', () => {
  it('writes ClusterNetworkPolicies with --cnp, and refuses --anp with --cnp (exit 2)', async () => {
    const example = resolve(REPO_ROOT, 'examples/cluster');
    const ok = await runCli(['harden', example, '--cnp']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('kind: ClusterNetworkPolicy');
    expect(ok.stdout).not.toContain('kind: AdminNetworkPolicy');
    const both = await runCli(['harden', example, '--cnp', '--anp']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--anp and --cnp exclude each other');
  });
});

// Harden emits mesh policies only where the input shows the mesh control plane (issue 12 preconditions).
const ISTIOD = `---
apiVersion: apps/v1
kind: Deployment
metadata: { name: istiod, namespace: istio-system }
spec:
  selector: { matchLabels: { app: istiod } }
  template:
    metadata: { labels: { app: istiod } }
    spec: { containers: [{ name: discovery, image: istio/pilot, ports: [{ containerPort: 15012 }] }] }
`;

it('--mesh istio on the Istio Gateway API cluster binds the cluster-local Gateway proxy, and tenants stay apart', () => {
  const sidecar = (ns: string) => `---\napiVersion: v1\nkind: Namespace\nmetadata: { name: ${ns}, labels: { istio-injection: enabled } }\n`;
  const resources = [
    ...readSources([join(FIXTURES, 'knative/serving-core.yaml'), join(REPO_ROOT, 'test/netpol/clusters/gateway-api/istio.yaml')]),
    ...resourcesFromText(tenantsYaml + TENANTS.map(sidecar).join('') + sidecar('knative-serving') + ISTIOD),
  ];
  const { result, after, serious } = roundTrip(resources, { ...OPTIONS, mesh: 'istio' });
  const binding = result.objects.find((g) => g.object.metadata.name === 'ktm-local-gateway-namespace-binding')!.object;
  expect(binding.metadata.namespace).toBe('istio-ingress');
  expect(binding.spec.selector.matchLabels).toEqual({ 'gateway.networking.k8s.io/gateway-name': 'knative-local-gateway' });
  expect(serious).toEqual([]);
  const m = analyzeReachability(after).namespaceMatrix(TENANTS);
  expect(m.cell('team-a', 'team-b')).toBe('none');
});

it('Envoy Gateway proxies absent from the manifests (the controller creates them): harden still admits them by their labels', () => {
  const resources = [
    ...readSources([join(FIXTURES, 'knative/serving-core.yaml'), join(REPO_ROOT, 'test/netpol/clusters/gateway-api/envoy-gateway.yaml')]),
    ...resourcesFromText(tenantsYaml),
  ].filter((r) => !r.name.startsWith('edge-proxy-'));
  const result = harden(buildInventory(resources), model, OPTIONS, TENANTS);
  const dataPlane = result.objects.find((g) => g.object.kind === 'NetworkPolicy' && g.object.metadata.namespace === 'team-a' && g.object.metadata.name === 'ktm-allow-knative-data-plane')!.object;
  const peers = JSON.stringify(dataPlane.spec.ingress);
  for (const gw of ['knative-external', 'knative-local']) {
    expect(peers).toContain(`{"namespaceSelector":{"matchLabels":{"kubernetes.io/metadata.name":"envoy-gateway-system"}},"podSelector":{"matchLabels":{"gateway.envoyproxy.io/owning-gateway-name":"${gw}","gateway.envoyproxy.io/owning-gateway-namespace":"envoy-gateway-system"}}}`);
  }
});

it("Cilium's Gateway API proxy: harden says to admit Cilium's `ingress` identity, which NetworkPolicies cannot; other implementations need no such step", () => {
  const cilium = `
---
apiVersion: v1
kind: ConfigMap
metadata: {name: config-gateway, namespace: knative-serving}
data:
  local-gateways: |
    - class: cilium
      gateway: kube-system/knative-local
---
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: cilium}
spec: {controllerName: io.cilium/gateway-controller}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: cilium-envoy, namespace: kube-system}
spec:
  selector: {matchLabels: {k8s-app: cilium-envoy}}
  template:
    metadata: {labels: {k8s-app: cilium-envoy}}
    spec: {hostNetwork: true, containers: [{name: envoy, image: cilium-envoy}]}
`;
  const step = (r: HardenResult) => r.manual.find((m) => m.text.includes('reserved `ingress` identity'));
  const withCilium = harden(buildInventory([...readSources([join(FIXTURES, 'knative/serving-core.yaml')]), ...resourcesFromText(tenantsYaml + cilium)]), model, OPTIONS, TENANTS);
  expect(step(withCilium)?.resources).toEqual(['Namespace/team-a', 'Namespace/team-b']);
  const eg = harden(
    buildInventory([...readSources([join(FIXTURES, 'knative/serving-core.yaml'), join(REPO_ROOT, 'test/netpol/clusters/gateway-api/envoy-gateway.yaml')]), ...resourcesFromText(tenantsYaml)]),
    model,
    OPTIONS,
    TENANTS,
  );
  expect(step(eg)).toBeUndefined();
});

it('every object harden writes here validates against its schema, no exceptions: --cnp, CRD-detected v1alpha2, Gateway API clusters, --mesh istio', async () => {
  const crds: CrdSchema[] = readSources([CRD]).map((r) => ({ group: r.obj.spec.group, kind: r.obj.spec.names.kind, versions: r.obj.spec.versions }));
  const gatewayApi = (file: string) => [...readSources([join(FIXTURES, 'knative/serving-core.yaml'), join(REPO_ROOT, 'test/netpol/clusters/gateway-api', file)]), ...resourcesFromText(tenantsYaml)];
  const stock = [...readSources(STOCK_FILES), ...resourcesFromText(tenantsYaml)];
  const runs: Array<[string, Resource[], HardenOptions]> = [
    ['--cnp', stock, { ...OPTIONS, cnp: true }],
    ['CRD in the input', [...stock, ...readSources([CRD])], OPTIONS],
    ['envoy-gateway', gatewayApi('envoy-gateway.yaml'), OPTIONS],
    ['istio gateway api --mesh istio', gatewayApi('istio.yaml'), { ...OPTIONS, mesh: 'istio' }],
  ];
  for (const [name, resources, options] of runs) {
    const result = harden(buildInventory(resources), model, options, TENANTS);
    expect(result.objects.length, name).toBeGreaterThan(0);
    const problems = (await Promise.all(result.objects.map((g) => validateEmitted(g.object, crds)))).flat();
    expect(problems, name).toEqual([]);
  }
});
