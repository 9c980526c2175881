/**
 * Gateway API implementations as Knative shared hops (net-gateway-api): the proxies of the Gateways Knative's
 * routes attach to are hubs like Kourier's, recognised from config-gateway / HTTPRoutes → Gateway → GatewayClass,
 * not from names. Clusters: test/netpol/clusters/gateway-api/ plus the stock serving-core manifests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSources } from '../../src/k8s/load.js';
import { buildInventory } from '../../src/k8s/inventory.js';
import { readKnativeConfig } from '../../src/k8s/knative-config.js';
import { gatewayApiHubs, installedGateways, sharedHops } from '../../src/k8s/shared-hops.js';
import { analyzeReachability } from '../../src/netpol/index.js';
import { platformNamespacesByWorkload, tenantNamespaces } from '../../src/audit/tenants.js';
import type { Resource } from '../../src/k8s/types.js';
import { CALLER_AND_SERVICE_TENANTS as TENANTS, resourcesFromYaml } from '../helpers/cluster.js';
import { FIXTURES } from '../helpers/paths.js';

const CLUSTERS = join(__dirname, 'clusters/gateway-api');

function cluster(file: string, extra = ''): Resource[] {
  return [...readSources([join(FIXTURES, 'knative/serving-core.yaml'), join(CLUSTERS, file)]), ...resourcesFromYaml(TENANTS + extra)];
}

const names = (ws: Array<{ namespace: string; name: string }>) => ws.map((w) => `${w.namespace}/${w.name}`).sort();

describe.each([
  ['envoy-gateway.yaml', 'envoy-gateway', 'envoy-gateway-system', ['envoy-gateway-system/edge-proxy-external', 'envoy-gateway-system/edge-proxy-local']],
  ['istio.yaml', 'istio', 'istio-ingress', ['istio-ingress/edge-proxy-a', 'istio-ingress/edge-proxy-b']],
])('Gateway API cluster %s', (file, implementation, gatewayNs, proxies) => {
  const inv = buildInventory(cluster(file));

  it(`recognises the ${implementation} proxies from GatewayClass → Gateway → labels`, () => {
    const hubs = sharedHops(inv, readKnativeConfig(inv)).filter((h) => h.kind === 'gateway');
    expect(names(hubs.map((h) => h.workload))).toEqual(proxies);
    for (const h of hubs) {
      expect(h.implementation).toBe(implementation);
      expect(h.evidence).toMatch(/ConfigMap knative-serving\/config-gateway data\.(external|local)-gateways\[0\] → Gateway .* → GatewayClass .* \(controllerName /);
    }
    // the controller is not a hub
    expect(hubs.some((h) => h.workload.name === 'envoy-gateway')).toBe(false);
  });

  it('shows the hub path tenant-a → gateway proxy → tenant-b revision, and the matrix cell', () => {
    const r = analyzeReachability(inv);
    // without policies the cell is direct; the hub paths are listed beside it
    expect(r.namespaceMatrix(['tenant-a', 'tenant-b']).cell('tenant-a', 'tenant-b')).toBe('direct');
    const viaGateway = r.pathsBetween('tenant-a', 'tenant-b').filter((p) => p.kind === 'via-gateway');
    expect(viaGateway.length).toBeGreaterThan(0);
    expect(new Set(viaGateway.map((p) => p.hops[0].to))).toEqual(new Set(proxies));
    expect(viaGateway.every((p) => p.hops.at(-1)!.to.startsWith('tenant-b/'))).toBe(true);
  });

  it('a NetworkPolicy that admits only the gateway namespace leaves the hub path and closes the direct one', () => {
    const np = `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: only-gateways, namespace: tenant-b}
spec:
  podSelector: {}
  ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ${gatewayNs}}}}]}]
`;
    const r = analyzeReachability(buildInventory(cluster(file, np)));
    const m = r.namespaceMatrix(['tenant-a', 'tenant-b']);
    expect(m.cell('tenant-a', 'tenant-b')).toBe('via-gateway');
    // and closing the gateway's namespace as well closes the path
    const closed = analyzeReachability(buildInventory(cluster(file, np.replace(`name: ${gatewayNs}`, 'name: nobody'))));
    expect(closed.namespaceMatrix(['tenant-a', 'tenant-b']).cell('tenant-a', 'tenant-b')).toBe('none');
  });

  it('harden reads the same gateways: its NetworkPolicies admit the proxies to the revisions', () => {
    const gws = installedGateways(inv, readKnativeConfig(inv));
    const api = gws.filter((g) => g.kind === implementation);
    expect(api.length).toBe(2);
    for (const g of api) expect(g.namespace).toBe(gatewayNs);
  });
});

describe('Gateway API recognition stays quiet without evidence', () => {
  it('Gateways of a cluster whose Knative does not use net-gateway-api are not hubs', () => {
    const plain = cluster('envoy-gateway.yaml').filter(
      (r) => !(r.kind === 'ConfigMap' && (r.name === 'config-gateway' || r.name === 'config-network') && r.source.file?.includes('gateway-api')) && r.name !== 'net-gateway-api-controller',
    );
    const inv = buildInventory(plain);
    expect(gatewayApiHubs(inv, readKnativeConfig(inv))).toEqual([]);
    expect(sharedHops(inv, readKnativeConfig(inv)).filter((h) => h.kind === 'gateway')).toEqual([]);
  });

  it('without the GatewayClass the implementation is unknown: only the standard gateway-name label (or the Service) selects pods', () => {
    const inv = buildInventory(cluster('envoy-gateway.yaml').filter((r) => r.kind !== 'GatewayClass'));
    const hubs = sharedHops(inv, readKnativeConfig(inv)).filter((h) => h.kind === 'gateway');
    // config-gateway's `service:` still points at the local proxy through the Service's selector
    expect(names(hubs.map((h) => h.workload))).toEqual(['envoy-gateway-system/edge-proxy-local']);
    expect(hubs[0].implementation).toBe('gateway-api');
    expect(hubs[0].evidence).toContain('GatewayClass not in the input');
  });

  it('net-gateway-api defaults (no config-gateway): istio-system/knative-gateway and knative-local-gateway', () => {
    const inv = buildInventory(cluster('istio.yaml').filter((r) => r.name !== 'config-gateway'));
    const hubs = gatewayApiHubs(inv, readKnativeConfig(inv));
    expect(hubs.map((h) => h.gateways[0]).sort()).toEqual(['istio-system/knative-gateway', 'istio-system/knative-local-gateway']);
  });

  it('the HTTPRoutes Knative created name further Gateways', () => {
    const route = `
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: api.tenant-b.example.com
  namespace: tenant-b
  labels: {networking.knative.dev/visibility: ""}
  ownerReferences: [{apiVersion: networking.internal.knative.dev/v1alpha1, kind: Ingress, name: api, uid: x}]
spec:
  parentRefs: [{name: extra, namespace: istio-ingress}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: unrelated, namespace: tenant-a}
spec:
  parentRefs: [{name: other, namespace: istio-ingress}]
`;
    const inv = buildInventory(cluster('istio.yaml', route));
    const gateways = gatewayApiHubs(inv, readKnativeConfig(inv)).map((h) => h.gateways[0]).sort();
    expect(gateways).toContain('istio-ingress/extra');
    expect(gateways).not.toContain('istio-ingress/other');
  });

  it('a Gateway named by thousands of HTTPRoutes says the first few and counts the rest', () => {
    // One HTTPRoute per Knative Service and visibility: at 10,000 namespaces tens of thousands name the same Gateway.
    const routes = Array.from({ length: 2000 }, (_, i) => `
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: svc-${i}.tenant-b.svc.cluster.local
  namespace: tenant-b
  labels: {networking.knative.dev/visibility: cluster-local}
spec:
  parentRefs: [{name: extra, namespace: istio-ingress}, {name: extra, namespace: istio-ingress}]
`).join('');
    const inv = buildInventory(cluster('istio.yaml', routes));
    const extra = gatewayApiHubs(inv, readKnativeConfig(inv)).find((h) => h.gateways[0] === 'istio-ingress/extra')!;
    expect(extra.evidence).toBe(
      'HTTPRoute tenant-b/svc-0.tenant-b.svc.cluster.local spec.parentRefs[0] → Gateway istio-ingress/extra (not in the input)' +
        '; HTTPRoute tenant-b/svc-0.tenant-b.svc.cluster.local spec.parentRefs[1]; HTTPRoute tenant-b/svc-1.tenant-b.svc.cluster.local spec.parentRefs[0]' +
        '; HTTPRoute tenant-b/svc-1.tenant-b.svc.cluster.local spec.parentRefs[1]; and 3996 more',
    );
  });
});

describe('L7 filters on Gateway API hubs', () => {
  const hostBinding = (target: string) => `
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: local-gateway-binding, namespace: istio-ingress}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: ${target}}]
  action: ALLOW
  rules:
  - from: [{source: {namespaces: [tenant-a]}}]
    to: [{operation: {hosts: ["*.tenant-a.svc.cluster.local", "*.tenant-a.svc"]}}]
  - from: [{source: {namespaces: [tenant-b]}}]
    to: [{operation: {hosts: ["*.tenant-b.svc.cluster.local", "*.tenant-b.svc"]}}]
`;

  it("Istio enforces an AuthorizationPolicy attached to the Gateway by targetRefs: Host bound to the caller's namespace closes the hop", () => {
    const r = analyzeReachability(buildInventory(cluster('istio.yaml', hostBinding('knative-local-gateway'))));
    const viaLocal = r.pathsBetween('tenant-a', 'tenant-b').filter((p) => p.kind === 'via-gateway' && p.hops[0].to === 'istio-ingress/edge-proxy-b');
    expect(viaLocal).toEqual([]);
    // the external gateway has no policy: still open
    const viaExternal = r.pathsBetween('tenant-a', 'tenant-b').filter((p) => p.hops[0].to === 'istio-ingress/edge-proxy-a');
    expect(viaExternal.length).toBeGreaterThan(0);
    expect(viaExternal[0].filter).toBe('no AuthorizationPolicy enforced');
  });

  it('a policy targeting another Gateway does not apply to this one', () => {
    const r = analyzeReachability(buildInventory(cluster('istio.yaml', hostBinding('somewhere-else'))));
    expect(r.pathsBetween('tenant-a', 'tenant-b').filter((p) => p.hops[0].to === 'istio-ingress/edge-proxy-b').length).toBeGreaterThan(0);
  });
});

describe('a Gateway API proxy outside the system namespaces', () => {
  it('makes its namespace a platform namespace, named in the notes, not a tenant', () => {
    const moved = readSources([join(FIXTURES, 'knative/serving-core.yaml')]).concat(
      resourcesFromYaml(
        TENANTS +
          '\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: edge}\n---\n' +
          readFileSync(join(CLUSTERS, 'istio.yaml'), 'utf8').replaceAll('istio-ingress', 'edge'),
      ),
    );
    const inv = buildInventory(moved);
    expect(tenantNamespaces(inv)).toEqual(['tenant-a', 'tenant-b']);
    expect(platformNamespacesByWorkload(inv).get('edge')).toEqual([
      'Deployment/edge-proxy-a (proxy of Gateway edge/knative-gateway)',
      'Deployment/edge-proxy-b (proxy of Gateway edge/knative-local-gateway)',
    ]);
  });
});

describe('Contour and Cilium Gateway API proxies', () => {
  const knative = (cls: string, gw: string) => `
---
apiVersion: v1
kind: ConfigMap
metadata: {name: config-gateway, namespace: knative-serving}
data:
  local-gateways: |
    - class: ${cls}
      gateway: ${gw}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: ${gw.split('/')[1]}, namespace: ${gw.split('/')[0]}}
spec:
  gatewayClassName: ${cls}
  listeners: [{name: http, port: 80, protocol: HTTP}]
`;
  const proxy = (ns: string, name: string, labels: string, kind = 'DaemonSet') => `
---
apiVersion: apps/v1
kind: ${kind}
metadata: {name: ${name}, namespace: ${ns}}
spec:
  selector: {matchLabels: ${labels}}
  template:
    metadata: {labels: ${labels}}
    spec: {containers: [{name: envoy, image: envoy}]}
`;

  it.each([
    [
      'contour',
      'projectcontour.io/gateway-controller',
      'projectcontour/contour',
      proxy('projectcontour', 'gw-envoy', '{app.kubernetes.io/component: envoy, gateway.networking.k8s.io/gateway-name: contour}') +
        proxy('projectcontour', 'unrelated-envoy', '{app.kubernetes.io/component: envoy, gateway.networking.k8s.io/gateway-name: other}'),
      ['projectcontour/gw-envoy'],
      [80, 8080],
    ],
    [
      'cilium',
      'io.cilium/gateway-controller',
      'kube-system/cilium-gw',
      proxy('kube-system', 'cilium-envoy', '{k8s-app: cilium-envoy}') + proxy('kube-system', 'coredns', '{k8s-app: kube-dns}', 'Deployment'),
      ['kube-system/cilium-envoy'],
      [80],
    ],
  ])('%s: the proxies of the Gateway, with the listener ports they serve', (cls, controller, gw, workloads, expected, listen) => {
    const gc = `\n---\napiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: ${cls}}\nspec: {controllerName: ${controller}}\n`;
    const inv = buildInventory([...readSources([join(FIXTURES, 'knative/serving-core.yaml')]), ...resourcesFromYaml(TENANTS + knative(cls, gw) + gc + workloads)]);
    const hubs = sharedHops(inv, readKnativeConfig(inv)).filter((h) => h.kind === 'gateway');
    expect(names(hubs.map((h) => h.workload))).toEqual(expected);
    expect(hubs[0].implementation).toBe(cls);
    expect(hubs[0].listen).toEqual(listen);
    expect(hubs[0].localPort).toBe(listen.at(-1));
  });
});

it('an unreadable config-gateway entry list is a warning, not a crash; the other list still counts', () => {
  const bad = `
---
apiVersion: v1
kind: ConfigMap
metadata: {name: config-gateway, namespace: knative-serving}
data:
  external-gateways: "- class: [eg"
  local-gateways: |
    - class: eg
      gateway: envoy-gateway-system/knative-local
`;
  const inv = buildInventory(cluster('envoy-gateway.yaml', bad));
  const r = analyzeReachability(inv);
  expect(r.warnings.some((w) => w.startsWith('config-gateway data.external-gateways is not valid YAML'))).toBe(true);
  expect(names(r.hops!.hubs('gateway'))).toEqual(['envoy-gateway-system/edge-proxy-local']);
});
