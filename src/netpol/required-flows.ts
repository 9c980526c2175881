/**
 * The flows the installed system needs (DESIGN.md "Knowledge with one home"): the model's data flows instantiated on
 * the inventory, plus what Kubernetes itself needs. Harden proves every one still holds after its change; the audit
 * (KTM-NET-008) reports those the cluster's own policies cut. Everything is derived from objects in the input — the
 * webhooks from their configurations, the mesh from what is installed — never from a list of names.
 *
 * Not checked: kubelet probes. They come from the node's own address, and the NetworkPolicy implementations of the
 * common CNIs (Calico, Cilium, Antrea, the AWS VPC CNI) always admit host → local pod traffic, so no policy can cut them.
 */
import type { Inventory, Resource, Workload } from '../k8s/types.js';
import type { KnativeConfig } from '../k8s/knative-config.js';
import { matchesLabelSelector, formatSelector, type LabelSelector } from '../k8s/selectors.js';
import { istioControlPlane, sidecarInjected } from '../k8s/environment.js';
import { isSystemNamespace } from '../k8s/system-namespaces.js';
import { workloadsIn } from '../k8s/inventory.js';
import { HUBS } from './knative-hops.js';
import { sharedHops } from '../k8s/shared-hops.js';
import type { Protocol } from './connection-set.js';

export type FlowFamily =
  | 'apiserver-to-webhook'
  | 'sidecar-to-mesh-control-plane'
  | 'hub-to-revision'
  | 'autoscaler-to-queue-proxy'
  | 'activator-to-autoscaler'
  | 'tenant-to-broker-ingress'
  | 'tenant-to-channel-ingress'
  | 'broker-filter-to-subscriber'
  | 'source-to-sink'
  | 'dns'
  | 'controller-to-apiserver';

/** One end of a flow: pods (a namespace and a selector), or the API server (its addresses, when the input shows them). */
export type FlowEnd =
  | { kind: 'pods'; namespace: string; selector: LabelSelector; text: string }
  | { kind: 'apiserver'; cidrs?: string[]; text: string }
  | { kind: 'address'; cidr: string; text: string };

export interface FlowPort {
  protocol: Protocol;
  port: number;
}

export interface RequiredFlow {
  /** Stable id: family, source and destination. */
  id: string;
  family: FlowFamily;
  from: FlowEnd;
  to: FlowEnd;
  ports: FlowPort[];
  /** Why the system needs it: the component or Kubernetes document that says so. */
  why: string;
  /** The object the flow was derived from (`Kind/namespace/name`). */
  source: string;
}

export interface FlowOptions {
  /** Where the API server calls webhooks from (`--apiserver-cidr`); overrides the Endpoints evidence. */
  apiserverCidr?: string;
}

/**
 * The ports `transport-encryption` makes Eventing's ingresses serve — the MT broker ingress, the InMemoryChannel
 * dispatcher, the Kafka channel receiver: HTTP 8080, HTTPS 8443 (eventing config-features; in-memory-channel.yaml's
 * imc-dispatcher Service maps 80 → 8080 and 443 → 8443).
 */
export function eventingIngressPorts(transportEncryption: string): number[] {
  if (transportEncryption === 'strict') return [8443];
  if (transportEncryption === 'permissive') return [8080, 8443];
  return [8080];
}

const tcp = (port: number): FlowPort => ({ protocol: 'TCP', port });
const resourceId = (r: Resource) => `${r.kind}/${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
const podsEnd = (namespace: string, selector: LabelSelector, what?: string): FlowEnd => ({
  kind: 'pods',
  namespace,
  selector,
  text: what ?? `${namespace}/{${formatSelector(selector)}}`,
});

/** Every flow the installed system needs, sorted by id. */
export function requiredFlows(inv: Inventory, config: KnativeConfig, opts: FlowOptions = {}): RequiredFlow[] {
  const flows = new Map<string, RequiredFlow>();
  const add = (f: Omit<RequiredFlow, 'id'>) => {
    const id = `${f.family}:${f.from.text}->${f.to.text}`;
    const have = flows.get(id);
    if (have) {
      for (const p of f.ports) if (!have.ports.some((q) => q.protocol === p.protocol && q.port === p.port)) have.ports.push(p);
      return;
    }
    flows.set(id, { id, ...f, ports: [...f.ports] });
  };
  const apiserver = apiserverEnd(inv, opts);
  webhookFlows(inv, apiserver, add);
  meshFlows(inv, add);
  if (config.serving.installed) servingFlows(inv, config, add);
  if (config.eventing.installed) {
    brokerFlows(inv, config, add);
    channelFlows(inv, config, add);
    subscriberFlows(inv, config, add);
    sourceFlows(inv, config, add);
  }
  dnsFlows(inv, add);
  controllerFlows(inv, config, apiserver, add);
  const out = [...flows.values()];
  for (const f of out) f.ports.sort((a, b) => a.protocol.localeCompare(b.protocol) || a.port - b.port);
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

/** The API server's addresses: `--apiserver-cidr`, else the `default/kubernetes` Endpoints, else unknown. */
function apiserverEnd(inv: Inventory, opts: FlowOptions): Extract<FlowEnd, { kind: 'apiserver' }> {
  if (opts.apiserverCidr) return { kind: 'apiserver', cidrs: [opts.apiserverCidr], text: 'apiserver' };
  const ep = inv.find('Endpoints', 'default', 'kubernetes');
  const ips = ((ep?.obj.subsets ?? []) as Array<{ addresses?: Array<{ ip?: string }> }>).flatMap((s) => (s.addresses ?? []).map((a) => a.ip)).filter((ip): ip is string => typeof ip === 'string' && /^\d+\.\d+\.\d+\.\d+$/.test(ip));
  return ips.length ? { kind: 'apiserver', cidrs: [...new Set(ips)].sort().map((ip) => `${ip}/32`), text: 'apiserver' } : { kind: 'apiserver', text: 'apiserver' };
}

type Add = (f: Omit<RequiredFlow, 'id'>) => void;

/** A Service's pods and the container port a Service port leads to (numeric or named targetPort). */
function serviceTarget(inv: Inventory, namespace: string, name: string, port: number): { selector: LabelSelector; port: number; service: Resource } | undefined {
  const svc = inv.find('Service', namespace, name);
  const sel = svc?.obj.spec?.selector as Record<string, string> | undefined;
  if (!svc || !sel || Object.keys(sel).length === 0) return undefined;
  const sp = ((svc.obj.spec?.ports ?? []) as Array<{ port?: number; targetPort?: number | string }>).find((p) => p.port === port);
  const target = sp?.targetPort ?? port;
  if (typeof target === 'number') return { selector: { matchLabels: sel }, port: target, service: svc };
  if (/^\d+$/.test(target)) return { selector: { matchLabels: sel }, port: Number(target), service: svc };
  const pod = workloadsIn(inv, namespace).find((w) => matchesLabelSelector({ matchLabels: sel }, w.podLabels));
  const named = pod?.ports.find((p) => p.name === target);
  return named ? { selector: { matchLabels: sel }, port: named.containerPort, service: svc } : undefined;
}

/** What a cut call from the API server breaks, per kind that names the Service (Kubernetes documentation). */
const WEBHOOK_CONSEQUENCE: Record<string, string> = {
  ValidatingWebhookConfiguration: 'with failurePolicy Fail a cut call rejects every matching request (Kubernetes: Dynamic Admission Control)',
  MutatingWebhookConfiguration: 'with failurePolicy Fail a cut call rejects every matching request (Kubernetes: Dynamic Admission Control)',
  APIService: 'every request to the aggregated API fails while it is cut, and namespace deletion hangs on it (Kubernetes: API aggregation layer)',
  CustomResourceDefinition: 'objects stored in another version cannot be read or written while it is cut (Kubernetes: CRD conversion webhooks)',
};

/** API server → the pods behind every admission webhook, aggregated API and CRD conversion webhook, any vendor. */
function webhookFlows(inv: Inventory, apiserver: FlowEnd, add: Add): void {
  const refs: Array<{ from: Resource; service: { namespace?: string; name?: string; port?: number } }> = [];
  for (const kind of ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']) {
    for (const r of inv.byKind(kind)) {
      for (const w of (r.obj.webhooks ?? []) as Array<{ clientConfig?: { service?: { namespace?: string; name?: string; port?: number } } }>) {
        if (w?.clientConfig?.service) refs.push({ from: r, service: w.clientConfig.service });
      }
    }
  }
  for (const r of inv.byKind('APIService')) if (r.obj.spec?.service) refs.push({ from: r, service: r.obj.spec.service });
  for (const r of inv.byKind('CustomResourceDefinition')) {
    const s = r.obj.spec?.conversion?.webhook?.clientConfig?.service;
    if (s) refs.push({ from: r, service: s });
  }
  for (const { from, service } of refs) {
    if (!service.namespace || !service.name) continue;
    const t = serviceTarget(inv, service.namespace, service.name, service.port ?? 443);
    if (!t) continue;
    add({
      family: 'apiserver-to-webhook',
      from: apiserver,
      to: podsEnd(service.namespace, t.selector, `${service.namespace}/${service.name}`),
      ports: [tcp(t.port)],
      why: `the API server calls ${from.kind} ${from.name} at Service ${service.namespace}/${service.name}; ${WEBHOOK_CONSEQUENCE[from.kind] ?? ''}`,
      source: resourceId(from),
    });
  }
}

/** Sidecars → the mesh control plane: Istio's XDS/CA port 15012 from every namespace with injection on. */
function meshFlows(inv: Inventory, add: Add): void {
  const cp = istioControlPlane(inv);
  if (!cp) return;
  for (const ns of [...inv.namespaces.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    if (!sidecarInjected(ns.labels)) continue;
    if (workloadsIn(inv, ns.name).length === 0) continue;
    add({
      family: 'sidecar-to-mesh-control-plane',
      from: podsEnd(ns.name, {}),
      to: podsEnd(cp.namespace, { matchLabels: cp.podLabels }, `${cp.namespace}/istiod`),
      ports: [tcp(15012)],
      why: `sidecars in ${ns.name} fetch their configuration and certificates from istiod on 15012 (Istio: ports used by Istio); without it no injected pod becomes ready`,
      source: `Namespace/${ns.name}`,
    });
  }
}

const isRevision = (w: Workload) => w.podLabels['serving.knative.dev/revision'] !== undefined;
const REVISIONS: LabelSelector = { matchExpressions: [{ key: 'serving.knative.dev/revision', operator: 'Exists' }] };

/** Gateways and activator → revisions (queue-proxy), autoscaler → queue-proxy metrics, activator → autoscaler. */
function servingFlows(inv: Inventory, config: KnativeConfig, add: Add): void {
  const ns = config.serving.namespace;
  const tls = config.network.systemInternalTls().value;
  // queue-proxy serves HTTP on 8012 and, with system-internal-tls, HTTPS on 8112 (serving pkg/networking).
  const queuePorts = [tcp(8012), ...(tls ? [tcp(8112)] : [])];
  const revisionNamespaces = [...new Set(inv.workloads.filter(isRevision).map((w) => w.namespace))].sort();
  const hubs = HUBS.filter((h) => h.kind !== 'broker').flatMap((h) => inv.workloads.filter(h.matches));
  const activator = workloadsIn(inv, ns).find((w) => w.podLabels.app === 'activator');
  const autoscaler = workloadsIn(inv, ns).find((w) => w.podLabels.app === 'autoscaler');
  const hubEnds = new Map<string, FlowEnd>();
  for (const h of hubs) {
    const sel = h.podLabels.app ? { matchLabels: { app: h.podLabels.app } } : h.podLabels.istio ? { matchLabels: { istio: h.podLabels.istio } } : { matchLabels: h.podLabels };
    hubEnds.set(`${h.namespace}/${formatSelector(sel)}`, podsEnd(h.namespace, sel, `${h.namespace}/${h.name}`));
  }
  for (const rns of revisionNamespaces) {
    const to = podsEnd(rns, REVISIONS, `${rns}/revisions`);
    for (const from of hubEnds.values()) {
      add({
        family: 'hub-to-revision',
        from,
        to,
        ports: queuePorts,
        why: `${from.text} forwards requests to the revisions' queue-proxy (Knative Serving request flow)${tls ? '; system-internal-tls is on, so also its TLS port 8112' : ''}`,
        source: `Namespace/${rns}`,
      });
    }
    if (autoscaler) {
      add({
        family: 'autoscaler-to-queue-proxy',
        from: podsEnd(ns, { matchLabels: { app: 'autoscaler' } }, `${ns}/autoscaler`),
        to,
        ports: [tcp(9090)],
        why: 'the autoscaler scrapes queue-proxy metrics on 9090 to decide the scale (Knative Serving autoscaling)',
        source: `Namespace/${rns}`,
      });
    }
  }
  if (activator && autoscaler) {
    add({
      family: 'activator-to-autoscaler',
      from: podsEnd(ns, { matchLabels: { app: 'activator' } }, `${ns}/activator`),
      to: podsEnd(ns, { matchLabels: { app: 'autoscaler' } }, `${ns}/autoscaler`),
      ports: [tcp(8080)],
      why: 'the activator reports request load to the autoscaler stat websocket on 8080; without it revisions never scale from zero',
      source: `Deployment/${ns}/autoscaler`,
    });
  }
}

/** Tenants → the broker ingress, on the port `transport-encryption` implies. */
function brokerFlows(inv: Inventory, config: KnativeConfig, add: Add): void {
  const ens = config.eventing.namespace;
  const ingress = workloadsIn(inv, ens).find((w) => w.podLabels['eventing.knative.dev/brokerRole'] === 'ingress');
  if (!ingress) return;
  const mode = transportMode(config);
  const namespaces = [...new Set(inv.byKind('Broker').map((b) => b.namespace!).filter((n) => n && workloadsIn(inv, n).length > 0))].sort();
  for (const ns of namespaces) {
    add({
      family: 'tenant-to-broker-ingress',
      from: podsEnd(ns, {}),
      to: podsEnd(ens, { matchLabels: { 'eventing.knative.dev/brokerRole': 'ingress' } }, `${ens}/broker-ingress`),
      ports: eventingIngressPorts(mode).map(tcp),
      why: `${ns} has a Broker; senders post to the MT broker ingress${mode === 'disabled' ? '' : ` — transport-encryption is ${mode}, so on its HTTPS port 8443`}`,
      source: `Broker/${ns}`,
    });
  }
}

/** The channel implementations whose ingress is a shared Eventing workload, by channel kind (release manifests). */
const CHANNEL_INGRESS: Array<{ kinds: string[]; labels: Record<string, string>; what: string }> = [
  // in-memory-channel.yaml: the imc-dispatcher Deployment receives events for every InMemoryChannel.
  { kinds: ['InMemoryChannel'], labels: { 'messaging.knative.dev/channel': 'in-memory-channel', 'messaging.knative.dev/role': 'dispatcher' }, what: 'imc-dispatcher' },
  // eventing-kafka-broker's channel data plane: the kafka-channel-receiver receives events for every KafkaChannel.
  { kinds: ['KafkaChannel'], labels: { app: 'kafka-channel-receiver' }, what: 'kafka-channel-receiver' },
];

const transportMode = (config: KnativeConfig) => config.eventingFeature('transport-encryption', ['disabled', 'permissive', 'strict'], 'disabled').value;

/** The installed ingress workload of a channel kind (a generic `Channel` is backed by the default channel: any of them). */
function channelIngresses(inv: Inventory, config: KnativeConfig, kind: string): Array<{ end: FlowEnd; what: string }> {
  const ens = config.eventing.namespace;
  const out: Array<{ end: FlowEnd; what: string }> = [];
  for (const c of CHANNEL_INGRESS) {
    if (kind !== 'Channel' && !c.kinds.includes(kind)) continue;
    const w = workloadsIn(inv, ens).find((x) => matchesLabelSelector({ matchLabels: c.labels }, x.podLabels));
    if (w) out.push({ end: podsEnd(ens, { matchLabels: c.labels }, `${ens}/${c.what}`), what: c.what });
  }
  return out;
}

/** Tenants → the channel ingress of every Channel in their namespace, on the port `transport-encryption` implies. */
function channelFlows(inv: Inventory, config: KnativeConfig, add: Add): void {
  const mode = transportMode(config);
  for (const kind of ['Channel', 'InMemoryChannel', 'KafkaChannel']) {
    for (const ch of inv.byKind(kind).filter((c) => c.obj.apiVersion.startsWith('messaging.knative.dev/')).sort((a, b) => resourceId(a).localeCompare(resourceId(b)))) {
      const ns = ch.namespace;
      if (!ns || workloadsIn(inv, ns).length === 0) continue;
      for (const { end, what } of channelIngresses(inv, config, kind)) {
        add({
          family: 'tenant-to-channel-ingress',
          from: podsEnd(ns, {}),
          to: end,
          ports: eventingIngressPorts(mode).map(tcp),
          why: `${ns} has ${kind} ${ch.name}; senders post to the ${what}${mode === 'disabled' ? '' : ` — transport-encryption is ${mode}, so on its HTTPS port 8443`} (Knative Eventing channels)`,
          source: resourceId(ch),
        });
      }
    }
  }
}

type SinkRef = { apiVersion?: string; kind?: string; name?: string; namespace?: string };

/** A cluster-local gateway's pods and listener: where a Knative Service sink is addressed. */
type GatewaySink = { to: FlowEnd; ports: FlowPort[] };

/** Where a Destination (`spec.sink.ref`) delivers: the pods and ports of the Service, Broker, Channel or Knative Service. */
function sinkTargets(inv: Inventory, config: KnativeConfig, ref: SinkRef, namespace: string, localGateways: () => GatewaySink[]): Array<{ to: FlowEnd; ports: FlowPort[]; what: string }> {
  if (!ref.name || !ref.kind) return [];
  const group = (ref.apiVersion ?? 'v1').split('/')[0];
  const ns = ref.namespace ?? namespace;
  const mode = transportMode(config);
  if (ref.kind === 'Service' && (ref.apiVersion ?? 'v1') === 'v1') {
    const svc = inv.find('Service', ns, ref.name);
    const t = serviceTarget(inv, ns, ref.name, (svc?.obj.spec?.ports?.[0]?.port as number | undefined) ?? 80);
    return t ? [{ to: podsEnd(ns, t.selector, `${ns}/${ref.name}`), ports: [tcp(t.port)], what: `Service ${ns}/${ref.name}` }] : [];
  }
  if (ref.kind === 'Broker' && group === 'eventing.knative.dev') {
    const ens = config.eventing.namespace;
    const ingress = workloadsIn(inv, ens).some((w) => w.podLabels['eventing.knative.dev/brokerRole'] === 'ingress');
    return ingress ? [{ to: podsEnd(ens, { matchLabels: { 'eventing.knative.dev/brokerRole': 'ingress' } }, `${ens}/broker-ingress`), ports: eventingIngressPorts(mode).map(tcp), what: `Broker ${ns}/${ref.name}` }] : [];
  }
  if (group === 'messaging.knative.dev') {
    return channelIngresses(inv, config, ref.kind).map(({ end }) => ({ to: end, ports: eventingIngressPorts(mode).map(tcp), what: `${ref.kind} ${ns}/${ref.name}` }));
  }
  if (ref.kind === 'Service' && group === 'serving.knative.dev') {
    // A Knative Service's address is the cluster-local gateway; its flows on to the revisions are listed above.
    return localGateways().map((g) => ({ ...g, what: `Knative Service ${ns}/${ref.name} (through its cluster-local gateway)` }));
  }
  return [];
}

/**
 * Who sends a source's events: the shared adapters of PingSource and KafkaSource in the Eventing namespace, the pods
 * a SinkBinding binds (its subject) or a ContainerSource runs (its template labels), and for an ApiServerSource —
 * whose adapter Deployment the controller creates — every pod of its namespace.
 */
function sourceSenders(inv: Inventory, config: KnativeConfig, src: Resource): FlowEnd | undefined {
  const ens = config.eventing.namespace;
  const ns = src.namespace!;
  const shared = (labels: Record<string, string>, what: string) =>
    workloadsIn(inv, ens).some((w) => matchesLabelSelector({ matchLabels: labels }, w.podLabels)) ? podsEnd(ens, { matchLabels: labels }, `${ens}/${what}`) : undefined;
  switch (src.kind) {
    case 'PingSource': // eventing-core.yaml: pingsource-mt-adapter
      return shared({ 'eventing.knative.dev/source': 'ping-source-controller', 'sources.knative.dev/role': 'adapter' }, 'pingsource-mt-adapter');
    case 'KafkaSource': // eventing-kafka-broker: kafka-source-dispatcher
      return shared({ app: 'kafka-source-dispatcher' }, 'kafka-source-dispatcher');
    case 'SinkBinding': {
      const subject = src.obj.spec?.subject as { kind?: string; name?: string; namespace?: string; selector?: LabelSelector } | undefined;
      const sns = subject?.namespace ?? ns;
      if (subject?.selector) return podsEnd(sns, subject.selector, `${sns}/{${formatSelector(subject.selector)}}`);
      const w = subject?.name ? workloadsIn(inv, sns).find((x) => x.name === subject.name && x.kind === subject.kind) : undefined;
      return w ? podsEnd(sns, { matchLabels: w.podLabels }, `${sns}/${w.name}`) : podsEnd(ns, {});
    }
    case 'ContainerSource': {
      const labels = src.obj.spec?.template?.metadata?.labels as Record<string, string> | undefined;
      return labels && Object.keys(labels).length ? podsEnd(ns, { matchLabels: labels }, `${ns}/${src.name}`) : podsEnd(ns, {});
    }
    default:
      return podsEnd(ns, {});
  }
}

const SOURCE_KINDS = ['ApiServerSource', 'PingSource', 'ContainerSource', 'SinkBinding', 'KafkaSource'];

/** Sources → their sinks (`spec.sink.ref` resolved to pods); a `sink.uri` names no object and is left to the user. */
function sourceFlows(inv: Inventory, config: KnativeConfig, add: Add): void {
  // The cluster-local gateways, found once: thousands of sources deliver to Knative Services.
  let gateways: GatewaySink[] | undefined;
  const localGateways = () =>
    (gateways ??= sharedHops(inv, config)
      .filter((h) => h.kind === 'gateway' && h.localPort !== undefined)
      .map((h) => ({ to: podsEnd(h.workload.namespace, { matchLabels: h.workload.podLabels }, `${h.workload.namespace}/${h.workload.name}`), ports: [tcp(h.localPort!)] })));
  for (const kind of SOURCE_KINDS) {
    for (const src of inv.byKind(kind).filter((s) => s.namespace && /^sources\.knative\.dev\//.test(s.obj.apiVersion))) {
      const ref = src.obj.spec?.sink?.ref as SinkRef | undefined;
      if (!ref) continue;
      const from = sourceSenders(inv, config, src);
      if (!from) continue;
      for (const t of sinkTargets(inv, config, ref, src.namespace!, localGateways)) {
        add({
          family: 'source-to-sink',
          from,
          to: t.to,
          ports: t.ports,
          why: `${kind} ${src.namespace}/${src.name} delivers its events to its sink, ${t.what} (Knative Eventing sources: spec.sink)`,
          source: resourceId(src),
        });
      }
    }
  }
}

/**
 * Broker filter → each Trigger's subscriber when it is a Kubernetes Service (its pods, on the Service's target port).
 * Knative Service subscribers are reached through the cluster-local gateway, whose flows to revisions are listed above.
 */
function subscriberFlows(inv: Inventory, config: KnativeConfig, add: Add): void {
  const ens = config.eventing.namespace;
  const filter = workloadsIn(inv, ens).find((w) => w.podLabels['eventing.knative.dev/brokerRole'] === 'filter');
  if (!filter) return;
  for (const t of inv.byKind('Trigger')) {
    const ref = t.obj.spec?.subscriber?.ref as { apiVersion?: string; kind?: string; name?: string; namespace?: string } | undefined;
    if (!ref?.name || ref.kind !== 'Service' || (ref.apiVersion ?? 'v1') !== 'v1') continue;
    const ns = ref.namespace ?? t.namespace!;
    const svc = inv.find('Service', ns, ref.name);
    const port = (svc?.obj.spec?.ports?.[0]?.port as number | undefined) ?? 80;
    const target = serviceTarget(inv, ns, ref.name, port);
    if (!target) continue;
    add({
      family: 'broker-filter-to-subscriber',
      from: podsEnd(ens, { matchLabels: { 'eventing.knative.dev/brokerRole': 'filter' } }, `${ens}/broker-filter`),
      to: podsEnd(ns, target.selector, `${ns}/${ref.name}`),
      ports: [tcp(target.port)],
      why: `the broker filter delivers the events Trigger ${t.namespace}/${t.name} matches to its subscriber Service ${ns}/${ref.name}`,
      source: `Trigger/${t.namespace}/${t.name}`,
    });
  }
}

/** Every namespace with workloads → cluster DNS (UDP and TCP 53), and node-local DNS where it is installed. */
function dnsFlows(inv: Inventory, add: Add): void {
  const dns = inv.workloads.filter((w) => w.podLabels['k8s-app'] === 'kube-dns');
  const nodeLocal = nodeLocalDnsAddress(inv);
  if (dns.length === 0 && !nodeLocal) return;
  const namespaces = [...new Set(inv.workloads.map((w) => w.namespace))].sort();
  for (const ns of namespaces) {
    for (const d of dns) {
      if (d.namespace === ns) continue;
      add({
        family: 'dns',
        from: podsEnd(ns, {}),
        to: podsEnd(d.namespace, { matchLabels: { 'k8s-app': 'kube-dns' } }, `${d.namespace}/kube-dns`),
        ports: [{ protocol: 'UDP', port: 53 }, tcp(53)],
        why: 'every pod resolves names through cluster DNS, over UDP and (for large answers) TCP 53',
        source: `${d.kind}/${d.namespace}/${d.name}`,
      });
    }
    if (nodeLocal) {
      add({
        family: 'dns',
        from: podsEnd(ns, {}),
        to: { kind: 'address', cidr: `${nodeLocal.address}/32`, text: `node-local-dns ${nodeLocal.address}` },
        ports: [{ protocol: 'UDP', port: 53 }, tcp(53)],
        why: `node-local DNS answers on the link-local address ${nodeLocal.address} of every node (NodeLocal DNSCache)`,
        source: nodeLocal.source,
      });
    }
  }
}

/** NodeLocal DNSCache: the address its Corefile binds (`bind 169.254.20.10 …`), default 169.254.20.10. */
export function nodeLocalDnsAddress(inv: Inventory): { address: string; source: string } | undefined {
  const ds = inv.byKind('DaemonSet').find((d) => d.obj.spec?.template?.metadata?.labels?.['k8s-app'] === 'node-local-dns');
  if (!ds) return undefined;
  const cm = inv.find('ConfigMap', ds.namespace, 'node-local-dns');
  const bind = /\bbind\s+(\d+\.\d+\.\d+\.\d+)/.exec(cm?.obj.data?.Corefile ?? '');
  return { address: bind?.[1] ?? '169.254.20.10', source: resourceId(ds) };
}

/** Knative's controllers and webhooks → the API server (they watch and write objects). */
function controllerFlows(inv: Inventory, config: KnativeConfig, apiserver: Extract<FlowEnd, { kind: 'apiserver' }>, add: Add): void {
  const namespaces = [config.serving.installed && config.serving.namespace, config.eventing.installed && config.eventing.namespace].filter((n): n is string => Boolean(n));
  const ports = apiserverPorts(inv);
  for (const ns of namespaces) {
    for (const w of workloadsIn(inv, ns).filter((x) => x.resource.kind === 'Deployment' && isSystemNamespace(ns)).sort((a, b) => a.name.localeCompare(b.name))) {
      const app = w.podLabels.app;
      add({
        family: 'controller-to-apiserver',
        from: podsEnd(ns, app ? { matchLabels: { app } } : { matchLabels: w.podLabels }, `${ns}/${w.name}`),
        to: apiserver,
        ports: ports.map(tcp),
        why: `${w.name} watches and updates Kubernetes objects through the API server`,
        source: `Deployment/${ns}/${w.name}`,
      });
    }
  }
}

/** The port the API server listens on: the `default/kubernetes` Endpoints' port, else 443 and 6443 (kubeadm). */
function apiserverPorts(inv: Inventory): number[] {
  const ep = inv.find('Endpoints', 'default', 'kubernetes');
  const ports = ((ep?.obj.subsets ?? []) as Array<{ ports?: Array<{ port?: number }> }>).flatMap((s) => (s.ports ?? []).map((p) => p.port)).filter((p): p is number => typeof p === 'number');
  return ports.length ? [...new Set(ports)].sort((a, b) => a - b) : [443, 6443];
}
