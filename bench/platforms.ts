/**
 * The parts of a generated cluster that depend on how it is run (bench/generate.ts options): which networking layer
 * routes Knative (`ingress`: net-kourier, net-istio with Istio's sidecars and policies, or net-gateway-api on Istio's
 * Gateway API implementation), which Eventing sources and channels teams use (`sourcesShare`), and whether the dump
 * holds what `kubectl get -A -o json` of a live cluster holds (`liveObjects`: ReplicaSets, Pods, Knative's own
 * Configurations, Routes and Revisions with their Deployments, Endpoints).
 *
 * The objects follow the upstream install manifests (net-istio.yaml, net-gateway-api's Istio setup, eventing-core.yaml,
 * in-memory-channel.yaml) and what Knative's controllers create (one HTTPRoute per Knative Service and visibility,
 * owned by its KIngress; a Revision's Deployment `<revision>-deployment` with the user container and queue-proxy).
 * Where a real cluster varies, the choice is an assumption, named where it is made.
 */
import type { K8sObject } from '../src/k8s/types.js';
import { groupBy } from '../src/util/arrays.js';

export type IngressLayer = 'kourier' | 'istio' | 'gateway-api';
export const INGRESS_LAYERS: readonly IngressLayer[] = ['kourier', 'istio', 'gateway-api'];

type Rand = () => number;
type Port = { name: string; containerPort: number; protocol?: string };

function namespace(name: string): K8sObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name } } };
}

function systemDeployment(ns: string, name: string, labels: Record<string, string>, ports: Port[], image: string): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns, labels },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name, image, ports }] } } },
  };
}

const port = (name: string, containerPort: number): Port => ({ name, containerPort });

function configNetwork(ingressClass: string): K8sObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config-network', namespace: 'knative-serving' }, data: { 'ingress-class': ingressClass } };
}

/** The namespace of the layer's gateway pods: what tenants' policies admit as "the ingress gateway". */
export const GATEWAY_NAMESPACE: Record<IngressLayer, string> = { kourier: 'kourier-system', istio: 'istio-system', 'gateway-api': 'istio-system' };

/**
 * The networking layer's system objects besides Kourier's (which bench/generate.ts writes itself, as it always has):
 * istiod with net-istio's or net-gateway-api's gateways.
 */
export function ingressObjects(layer: IngressLayer): K8sObject[] {
  if (layer === 'kourier') return [];
  const proxy = 'docker.io/istio/proxyv2:1.24.0';
  const out: K8sObject[] = [
    namespace('istio-system'),
    systemDeployment('istio-system', 'istiod', { app: 'istiod', istio: 'pilot' }, [port('grpc-xds', 15010), port('https-dns', 15012), port('https-webhook', 15017)], 'docker.io/istio/pilot:1.24.0'),
    // Mesh-wide default, as istioctl installs it: PERMISSIVE until a namespace says otherwise.
    { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'istio-system' }, spec: { mtls: { mode: 'PERMISSIVE' } } },
  ];
  if (layer === 'istio') {
    // net-istio.yaml: its controller and webhook, the two Istio Gateways (the cluster-local one on the same ingress
    // gateway pods, targetPort 8081), and the ingress class.
    out.push(
      systemDeployment('istio-system', 'istio-ingressgateway', { app: 'istio-ingressgateway', istio: 'ingressgateway' }, [port('http2', 8080), port('https', 8443), port('http-local', 8081), port('status-port', 15021)], proxy),
      systemDeployment('knative-serving', 'net-istio-controller', { app: 'net-istio-controller' }, [port('metrics', 9090)], 'gcr.io/knative-releases/net-istio-controller:v1.16.0'),
      systemDeployment('knative-serving', 'net-istio-webhook', { app: 'net-istio-webhook', role: 'net-istio-webhook' }, [port('https-webhook', 8443), port('metrics', 9090)], 'gcr.io/knative-releases/net-istio-webhook:v1.16.0'),
      { apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'knative-ingress-gateway', namespace: 'knative-serving' }, spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] } },
      { apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'knative-local-gateway', namespace: 'knative-serving' }, spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 8081, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'knative-local-gateway', namespace: 'istio-system' }, spec: { selector: { istio: 'ingressgateway' }, ports: [{ name: 'http2', port: 80, targetPort: 8081 }] } },
      configNetwork('istio.ingress.networking.knative.dev'),
    );
    return out;
  }
  // net-gateway-api on Istio's implementation: the GatewayClass, the external and cluster-local Gateways (its default
  // names), their proxies (labelled by Istio with the Gateway's name), and net-gateway-api's controller.
  const gateway = (name: string, listenerPort: number): K8sObject => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name, namespace: 'istio-system' },
    spec: { gatewayClassName: 'istio', listeners: [{ name: 'http', port: listenerPort, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } }] },
  });
  out.push(
    { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: { name: 'istio' }, spec: { controllerName: 'istio.io/gateway-controller' } },
    gateway('knative-gateway', 80),
    gateway('knative-local-gateway', 8081),
    systemDeployment('istio-system', 'knative-gateway-istio', { 'gateway.networking.k8s.io/gateway-name': 'knative-gateway' }, [port('http', 80)], proxy),
    systemDeployment('istio-system', 'knative-local-gateway-istio', { 'gateway.networking.k8s.io/gateway-name': 'knative-local-gateway' }, [port('http', 8081)], proxy),
    systemDeployment('knative-serving', 'net-gateway-api-controller', { app: 'net-gateway-api-controller' }, [port('metrics', 9090)], 'gcr.io/knative-releases/net-gateway-api-controller:v1.16.0'),
    configNetwork('gateway-api.ingress.networking.knative.dev'),
  );
  return out;
}

/** Whether a tenant namespace gets Istio's sidecars: a share of them with Kourier, most of them when Istio is the ingress (an assumption). */
export function istioInjectionShare(layer: IngressLayer): number {
  return layer === 'kourier' ? 0.3 : 0.8;
}

/**
 * Per tenant namespace, what the layer adds. Istio: in each injected namespace a PeerAuthentication (STRICT in 70 %)
 * and an AuthorizationPolicy admitting the namespace itself and the platform, in a quarter also a DENY of /metrics from
 * other namespaces (the shapes of Istio's security examples). Gateway API: the two HTTPRoutes Knative creates for each
 * Knative Service (external and cluster-local), owned by its KIngress.
 */
export function tenantIngressObjects(rand: Rand, layer: IngressLayer, objs: readonly K8sObject[]): K8sObject[] {
  const out: K8sObject[] = [];
  if (layer === 'istio') {
    for (const ns of objs) {
      if (ns.kind !== 'Namespace' || !ns.metadata.labels?.tenant || ns.metadata.labels['istio-injection'] !== 'enabled') continue;
      const name = ns.metadata.name;
      out.push({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: name }, spec: { mtls: { mode: rand() < 0.7 ? 'STRICT' : 'PERMISSIVE' } } });
      out.push({
        apiVersion: 'security.istio.io/v1',
        kind: 'AuthorizationPolicy',
        metadata: { name: 'allow-own-and-platform', namespace: name },
        spec: { action: 'ALLOW', rules: [{ from: [{ source: { namespaces: [name, 'knative-serving', 'istio-system', 'monitoring'] } }] }] },
      });
      if (rand() < 0.25) {
        out.push({
          apiVersion: 'security.istio.io/v1',
          kind: 'AuthorizationPolicy',
          metadata: { name: 'deny-foreign-metrics', namespace: name },
          spec: { action: 'DENY', rules: [{ from: [{ source: { notNamespaces: [name, 'monitoring'] } }], to: [{ operation: { paths: ['/metrics'] } }] }] },
        });
      }
    }
  }
  if (layer === 'gateway-api') {
    for (const ks of objs) {
      if (ks.kind !== 'Service' || ks.apiVersion !== 'serving.knative.dev/v1') continue;
      const { name, namespace: ns } = ks.metadata;
      for (const [visibility, gateway, host] of [
        ['external', 'knative-gateway', `${name}.${ns}.example.com`],
        ['cluster-local', 'knative-local-gateway', `${name}.${ns}.svc.cluster.local`],
      ] as const) {
        out.push({
          apiVersion: 'gateway.networking.k8s.io/v1',
          kind: 'HTTPRoute',
          metadata: {
            name: host,
            namespace: ns,
            labels: { 'networking.knative.dev/visibility': visibility, 'serving.knative.dev/route': name!, 'serving.knative.dev/routeNamespace': ns! },
            ownerReferences: [{ apiVersion: 'networking.internal.knative.dev/v1alpha1', kind: 'Ingress', name: name!, uid: `kingress-${ns}-${name}`, controller: true }],
          },
          spec: {
            parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: gateway, namespace: 'istio-system' }],
            hostnames: [host],
            rules: [{ backendRefs: [{ kind: 'Service', name: `${name}-00001`, port: 80 }] }],
          },
        });
      }
    }
  }
  return out;
}

/** The shared Eventing data plane the sources and channels use (eventing-core.yaml, in-memory-channel.yaml). */
function sourcesSystemObjects(): K8sObject[] {
  const image = (x: string) => `gcr.io/knative-releases/${x}:v1.16.0`;
  return [
    systemDeployment('knative-eventing', 'pingsource-mt-adapter', { 'eventing.knative.dev/source': 'ping-source-controller', 'sources.knative.dev/role': 'adapter' }, [port('metrics', 9090)], image('mtping')),
    systemDeployment('knative-eventing', 'imc-controller', { 'messaging.knative.dev/channel': 'in-memory-channel', 'messaging.knative.dev/role': 'controller' }, [port('metrics', 9090)], image('imc-controller')),
    systemDeployment('knative-eventing', 'imc-dispatcher', { 'messaging.knative.dev/channel': 'in-memory-channel', 'messaging.knative.dev/role': 'dispatcher' }, [port('http', 8080), port('metrics', 9090)], image('imc-dispatcher')),
  ];
}

/**
 * Eventing sources and channels in `share` of the tenant namespaces (drawn from a stream of their own): a PingSource
 * in each, an ApiServerSource in a third, a SinkBinding in a quarter, a ContainerSource in a fifth, an InMemoryChannel
 * with a Subscription in a sixth where there is a Knative Service to subscribe. Each delivers to the namespace's
 * Broker, else its first Knative Service, else its first Kubernetes Service. The proportions are assumptions: the
 * PingSource is the one every Knative tutorial starts with.
 */
export function sourceObjects(rand: Rand, objs: readonly K8sObject[], share: number): K8sObject[] {
  if (share <= 0) return [];
  const byNs = groupBy(
    objs.filter((o) => o.metadata?.namespace && (o.kind === 'Broker' || o.kind === 'Service')),
    (o) => o.metadata.namespace!,
  );
  const out = sourcesSystemObjects();
  for (const ns of objs) {
    if (ns.kind !== 'Namespace' || !ns.metadata.labels?.tenant) continue;
    if (rand() >= share) continue;
    const name = ns.metadata.name!;
    const here = byNs.get(name) ?? [];
    const ksvc = here.find((o) => o.kind === 'Service' && o.apiVersion === 'serving.knative.dev/v1');
    const svc = here.find((o) => o.kind === 'Service' && o.apiVersion === 'v1');
    const target = here.find((o) => o.kind === 'Broker') ?? ksvc ?? svc;
    if (!target) continue;
    const sink = { ref: { apiVersion: target.apiVersion, kind: target.kind, name: target.metadata.name } };
    const source = (kind: string, sourceName: string, spec: Record<string, unknown>): K8sObject => ({ apiVersion: 'sources.knative.dev/v1', kind, metadata: { name: sourceName, namespace: name }, spec: { ...spec, sink } });
    out.push(source('PingSource', 'heartbeat', { schedule: '*/5 * * * *', data: '{"ping": true}' }));
    if (rand() < 1 / 3) out.push(source('ApiServerSource', 'k8s-events', { mode: 'Reference', serviceAccountName: 'deployer', resources: [{ apiVersion: 'v1', kind: 'Event' }] }));
    if (rand() < 1 / 4) out.push(source('SinkBinding', 'bind-jobs', { subject: { apiVersion: 'batch/v1', kind: 'Job', selector: { matchLabels: { 'bindings.knative.dev/include': 'true' } } } }));
    if (rand() < 1 / 5) out.push(source('ContainerSource', 'feed', { template: { metadata: { labels: { app: `${name}-feed` } }, spec: { containers: [{ name: 'feed', image: 'registry.example/feed:1.0' }] } } }));
    if (ksvc && rand() < 1 / 6) {
      out.push({ apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel', metadata: { name: 'orders', namespace: name } });
      out.push({
        apiVersion: 'messaging.knative.dev/v1',
        kind: 'Subscription',
        metadata: { name: 'orders-to-service', namespace: name },
        spec: { channel: { apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel', name: 'orders' }, subscriber: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: ksvc.metadata.name } } },
      });
    }
  }
  return out;
}

/**
 * The cluster as `kubectl get -A -o json` of a live cluster gives it: each Deployment with its ReplicaSet and two
 * Pods (ownerReferences, pod IPs), each Knative Service with its Configuration, Route, Revision and the Revision's
 * Deployment (user container and queue-proxy, as the Serving controller creates it) with its ReplicaSet and Pods, and
 * an Endpoints object per Kubernetes Service with a selector. Deterministic (no random draws).
 */
export function liveObjects(objs: readonly K8sObject[]): K8sObject[] {
  const out: K8sObject[] = [];
  let serial = 0;
  const uid = () => `00000000-0000-4000-8000-${(++serial).toString(16).padStart(12, '0')}`;
  const podIp = () => `10.${(serial >> 16) & 255}.${(serial >> 8) & 255}.${serial & 255}`;
  const owner = (o: K8sObject) => [{ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, uid: o.metadata.uid, controller: true, blockOwnerDeletion: true }];
  const withPods = (d: K8sObject) => {
    d.metadata.uid ??= uid();
    out.push(d);
    const hash = (Math.imul(serial + 1, 2654435761) >>> 0).toString(16).padStart(8, '0').slice(0, 8);
    const labels = { ...(d.spec.template.metadata?.labels ?? {}), 'pod-template-hash': hash };
    const rs: K8sObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: `${d.metadata.name}-${hash}`, namespace: d.metadata.namespace, uid: uid(), labels, ownerReferences: owner(d) },
      spec: { replicas: 2, selector: { matchLabels: { ...d.spec.selector.matchLabels, 'pod-template-hash': hash } }, template: { ...d.spec.template, metadata: { ...d.spec.template.metadata, labels } } },
    };
    out.push(rs);
    for (const suffix of ['x7k2p', 'q9m4w']) {
      out.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `${rs.metadata.name}-${suffix}`, namespace: d.metadata.namespace, uid: uid(), labels, annotations: d.spec.template.metadata?.annotations, ownerReferences: owner(rs) },
        spec: { ...d.spec.template.spec, serviceAccountName: d.spec.template.spec.serviceAccountName ?? 'default', nodeName: `node-${serial % 64}` },
        status: { phase: 'Running', podIP: podIp() },
      });
    }
  };
  for (const o of objs) {
    if (o.kind === 'Deployment') {
      withPods(structuredClone(o));
      continue;
    }
    out.push(o);
    if (o.kind === 'Service' && o.apiVersion === 'v1' && o.spec?.selector) {
      out.push({
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name: o.metadata.name, namespace: o.metadata.namespace },
        subsets: [{ addresses: [{ ip: `10.96.${serial % 256}.${(serial >> 8) % 256}` }], ports: (o.spec.ports ?? []).map((p: any) => ({ name: p.name, port: typeof p.targetPort === 'number' ? p.targetPort : p.port })) }],
      });
    }
    if (o.kind === 'Service' && o.apiVersion === 'serving.knative.dev/v1') {
      const { name, namespace: ns } = o.metadata;
      const revision = `${name}-00001`;
      const labels = { 'serving.knative.dev/service': name!, 'serving.knative.dev/configuration': name!, 'serving.knative.dev/revision': revision };
      const ownedBy = (kind: string, n: string) => [{ apiVersion: 'serving.knative.dev/v1', kind, name: n, uid: `${kind}-${ns}-${n}`, controller: true }];
      out.push({ apiVersion: 'serving.knative.dev/v1', kind: 'Configuration', metadata: { name, namespace: ns, labels: { 'serving.knative.dev/service': name! }, ownerReferences: ownedBy('Service', name!) }, spec: { template: o.spec.template } });
      out.push({ apiVersion: 'serving.knative.dev/v1', kind: 'Route', metadata: { name, namespace: ns, labels: { 'serving.knative.dev/service': name! }, ownerReferences: ownedBy('Service', name!) }, spec: { traffic: [{ configurationName: name, latestRevision: true, percent: 100 }] } });
      out.push({ apiVersion: 'serving.knative.dev/v1', kind: 'Revision', metadata: { name: revision, namespace: ns, labels, ownerReferences: ownedBy('Configuration', name!) }, spec: o.spec.template.spec });
      const user = o.spec.template.spec.containers?.[0] ?? { image: 'registry.example/unknown:1.0' };
      withPods({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: `${revision}-deployment`, namespace: ns, labels: { ...labels, app: revision }, ownerReferences: ownedBy('Revision', revision) },
        spec: {
          selector: { matchLabels: { 'serving.knative.dev/revision': revision } },
          template: {
            metadata: { labels: { ...(o.spec.template.metadata?.labels ?? {}), ...labels, app: revision } },
            spec: {
              containers: [
                { ...user, name: 'user-container', ports: [{ name: 'user-port', containerPort: 8080 }] },
                { name: 'queue-proxy', image: 'gcr.io/knative-releases/queue:v1.16.0', ports: [port('http-queueadm', 8022), port('http-autometric', 9090), port('http-usermetric', 9091), port('queue-port', 8012), port('https-port', 8112)] },
              ],
            },
          },
        },
      });
    }
  }
  return out;
}
