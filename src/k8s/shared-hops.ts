/**
 * Which pods are Knative's shared hops: the activator, the ingress gateways of every networking layer
 * (net-kourier, net-istio, net-contour, net-gateway-api) and the MT broker ingress. The one home of this
 * knowledge: reach (netpol/knative-hops.ts), the audit (through reach) and harden (harden/installed.ts) all read it.
 *
 * Gateway API (net-gateway-api) gateways are recognised from objects, not names:
 *   config-gateway `external-gateways` / `local-gateways` (or net-gateway-api's defaults) and the parentRefs of
 *   Knative's HTTPRoutes name the Gateways; each Gateway's `gatewayClassName` names a GatewayClass whose
 *   `controllerName` names the implementation; the implementation says how its proxy pods are labelled:
 *     Envoy Gateway  gateway.envoyproxy.io/owning-gateway-{name,namespace} (any namespace, usually envoy-gateway-system)
 *     Istio          gateway.networking.k8s.io/gateway-name (or istio.io/gateway-name) in the Gateway's namespace
 *     Contour        gateway.networking.k8s.io/gateway-name (or projectcontour.io/owning-gateway-name) there
 *     Cilium         the node proxy: k8s-app=cilium-envoy (or the agent, k8s-app=cilium) in any namespace
 *     other          gateway.networking.k8s.io/gateway-name in the Gateway's namespace (GEP-1762's label)
 *   and the config's `service: ns/name` selects the proxy pods through the Service's selector, whatever the
 *   implementation.
 */
import type { Inventory, Resource, Workload } from './types.js';
import type { KnativeConfig } from './knative-config.js';
import { matchesLabelSelector } from './selectors.js';
import { parseDocuments } from '../util/parse.js';

export type HubKind = 'activator' | 'gateway' | 'broker';

export type GatewayImplementation = 'kourier' | 'istio' | 'contour' | 'envoy-gateway' | 'cilium' | 'gateway-api';

/** Pods chosen by labels, in one namespace or (namespace undefined) in any. */
export interface PodSelection {
  namespace?: string;
  labels: Record<string, string>;
}

export interface GatewayHub {
  implementation: GatewayImplementation;
  /** Where the pods run and how they are labelled (any selection matches). */
  pods: PodSelection[];
  /** TCP ports callers send requests to; undefined = any TCP port (listeners unknown). */
  listen?: number[];
  /** Container port of the cluster-local listener, where L7 filters are judged. */
  localPort?: number;
  /** Gateway API objects this hub serves (`ns/name`). */
  gateways: string[];
  /** True when config-gateway names it among `local-gateways` (cluster-local traffic). */
  local: boolean;
  /** Why ktm took these pods for a gateway: the objects and fields it read. */
  evidence: string;
}

/** Listeners of the classic networking layers: Kourier and net-istio/net-contour Envoys (http, cluster-local, https). */
export const CLASSIC_GATEWAY_PORTS = [8080, 8081, 8443, 8444];
/** The cluster-local listener of Kourier (`http2-internal`) and net-istio's knative-local-gateway (targetPort). */
export const CLASSIC_LOCAL_PORT = 8081;
export const ACTIVATOR_PORTS = [8012, 8013, 8112];
export const BROKER_INGRESS_PORTS = [8080, 8443];

/** Where net-contour installs Contour (contour-internal/-external) and where a plain Contour install lives. */
const CONTOUR_NAMESPACES = ['contour-internal', 'contour-external', 'projectcontour'];

/**
 * The classic networking layers' gateway pods, by namespace and label as their release manifests install them:
 * net-kourier's gateway, net-istio's ingress and local gateways, net-contour's Envoy DaemonSets.
 */
export const CLASSIC_GATEWAYS: readonly { implementation: GatewayImplementation; pods: PodSelection }[] = [
  { implementation: 'kourier', pods: { namespace: 'kourier-system', labels: { app: '3scale-kourier-gateway' } } },
  { implementation: 'istio', pods: { namespace: 'istio-system', labels: { istio: 'ingressgateway' } } },
  { implementation: 'istio', pods: { namespace: 'istio-system', labels: { istio: 'knative-local-gateway' } } },
  ...CONTOUR_NAMESPACES.map((namespace) => ({ implementation: 'contour' as const, pods: { namespace, labels: { app: 'envoy' } } })),
];

export function selects(sel: PodSelection, w: Workload): boolean {
  return (sel.namespace === undefined || sel.namespace === w.namespace) && matchesLabelSelector({ matchLabels: sel.labels }, w.podLabels);
}

export function isActivator(w: Workload, servingNs = 'knative-serving'): boolean {
  return w.namespace === servingNs && w.podLabels.app === 'activator';
}

export function isBrokerIngress(w: Workload, eventingNs = 'knative-eventing'): boolean {
  return w.namespace === eventingNs && w.podLabels['eventing.knative.dev/brokerRole'] === 'ingress';
}

export function isClassicGateway(w: Workload): boolean {
  return CLASSIC_GATEWAYS.some((g) => selects(g.pods, w));
}

// ---- Gateway API --------------------------------------------------------------------------------------------

/** GatewayClass `controllerName` → implementation (prefix match; Contour's static mode names its own controller). */
const CONTROLLERS: ReadonlyArray<[string, GatewayImplementation]> = [
  ['gateway.envoyproxy.io/', 'envoy-gateway'],
  ['istio.io/', 'istio'],
  ['projectcontour.io/', 'contour'],
  ['io.cilium/', 'cilium'],
];

const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';
const NET_GATEWAY_API_CLASS = 'gateway-api.ingress.networking.knative.dev';

/** net-gateway-api's defaults when config-gateway is absent (its config/config-gateway.yaml). */
const DEFAULT_GATEWAYS: ReadonlyArray<GatewayRef & { visibility: 'external' | 'local' }> = [
  { visibility: 'external', className: 'istio', gateway: 'istio-system/knative-gateway', service: 'istio-system/istio-ingressgateway', source: 'net-gateway-api default external gateway' },
  { visibility: 'local', className: 'istio', gateway: 'istio-system/knative-local-gateway', service: 'istio-system/knative-local-gateway', source: 'net-gateway-api default local gateway' },
];

interface GatewayRef {
  className?: string;
  gateway: string;
  service?: string;
  source: string;
}

/** True when Knative routes through net-gateway-api (its ingress class, its controller, or its config). */
export function usesGatewayApi(inv: Inventory, config: KnativeConfig): boolean {
  const ns = config.serving.namespace;
  const network = config.configData(ns, 'config-network');
  if ((network['ingress-class'] ?? network['ingress.class']) === NET_GATEWAY_API_CLASS) return true;
  if (config.operator.serving?.obj.spec?.ingress?.['gateway-api']?.enabled === true) return true;
  return inv.byKind('Deployment').some((d) => d.name === 'net-gateway-api-controller') || config.configMap(ns, 'config-gateway') !== undefined;
}

function configuredGateways(inv: Inventory, config: KnativeConfig, warnings: string[]): Array<GatewayRef & { visibility: 'external' | 'local' }> {
  const ns = config.serving.namespace;
  const data = config.configData(ns, 'config-gateway');
  const out: Array<GatewayRef & { visibility: 'external' | 'local' }> = [];
  let any = false;
  for (const [key, visibility] of [['external-gateways', 'external'], ['local-gateways', 'local']] as const) {
    const text = data[key];
    if (text === undefined) continue;
    any = true;
    const file = config.configMap(ns, 'config-gateway')?.source?.file ?? `${ns}/config-gateway`;
    let list: unknown;
    try {
      list = parseDocuments(text, `${file} (data.${key})`)[0]?.value;
    } catch (e) {
      warnings.push(`config-gateway data.${key} is not valid YAML (${(e as Error).message}); its gateways are not recognised`);
      continue;
    }
    if (!Array.isArray(list)) continue;
    for (const [i, entry] of list.entries()) {
      if (!entry || typeof entry !== 'object' || typeof (entry as any).gateway !== 'string') continue;
      const e = entry as Record<string, unknown>;
      out.push({
        visibility,
        className: typeof e.class === 'string' ? e.class : undefined,
        gateway: e.gateway as string,
        service: typeof e.service === 'string' ? e.service : undefined,
        source: `ConfigMap ${ns}/config-gateway data.${key}[${i}]`,
      });
    }
  }
  void inv;
  return any ? out : [...DEFAULT_GATEWAYS];
}

/** Gateways named by the parentRefs of the HTTPRoutes Knative created (owned by a Knative Ingress, or labelled by Knative). */
function routedGateways(inv: Inventory): GatewayRef[] {
  const out: GatewayRef[] = [];
  for (const r of inv.byKind('HTTPRoute.gateway.networking.k8s.io')) {
    const owners: any[] = Array.isArray(r.obj.metadata?.ownerReferences) ? r.obj.metadata.ownerReferences : [];
    const labels = (r.obj.metadata?.labels ?? {}) as Record<string, string>;
    const knative =
      owners.some((o) => o?.kind === 'Ingress' && String(o?.apiVersion ?? '').startsWith('networking.internal.knative.dev/')) ||
      Object.keys(labels).some((k) => k.startsWith('serving.knative.dev/') || k.startsWith('networking.knative.dev/') || k.startsWith('networking.internal.knative.dev/'));
    if (!knative) continue;
    const parents: any[] = Array.isArray(r.obj.spec?.parentRefs) ? r.obj.spec.parentRefs : [];
    for (const [i, p] of parents.entries()) {
      if (typeof p?.name !== 'string' || (p.kind ?? 'Gateway') !== 'Gateway' || (p.group ?? 'gateway.networking.k8s.io') !== 'gateway.networking.k8s.io') continue;
      out.push({ gateway: `${p.namespace ?? r.namespace}/${p.name}`, source: `HTTPRoute ${r.namespace}/${r.name} spec.parentRefs[${i}]` });
    }
  }
  return out;
}

function implementationOf(controller: string | undefined): GatewayImplementation {
  for (const [prefix, impl] of CONTROLLERS) if (controller?.startsWith(prefix)) return impl;
  return 'gateway-api';
}

/** Container ports a listener port lands on: Envoy Gateway shifts privileged ports by 10000, Contour's Envoy listens on 8080/8443. */
function containerPorts(impl: GatewayImplementation, port: number): number[] {
  if (impl === 'envoy-gateway' && port < 1024) return [port, port + 10000];
  if (impl === 'contour') return port === 80 ? [80, 8080] : port === 443 ? [443, 8443] : [port];
  return [port];
}

function podsOf(impl: GatewayImplementation, gwNs: string, gwName: string, className: string | undefined): PodSelection[] {
  switch (impl) {
    case 'envoy-gateway': {
      const own: PodSelection[] = [{ labels: { 'gateway.envoyproxy.io/owning-gateway-name': gwName, 'gateway.envoyproxy.io/owning-gateway-namespace': gwNs } }];
      // A merged-gateways EnvoyProxy runs one proxy per GatewayClass.
      if (className) own.push({ labels: { 'gateway.envoyproxy.io/owning-gatewayclass': className } });
      return own;
    }
    case 'istio':
      return [{ namespace: gwNs, labels: { [GATEWAY_NAME_LABEL]: gwName } }, { namespace: gwNs, labels: { 'istio.io/gateway-name': gwName } }];
    case 'contour':
      return [{ namespace: gwNs, labels: { [GATEWAY_NAME_LABEL]: gwName } }, { namespace: gwNs, labels: { 'projectcontour.io/owning-gateway-name': gwName } }];
    case 'cilium':
      return [{ labels: { 'k8s-app': 'cilium-envoy' } }, { labels: { 'k8s-app': 'cilium' } }];
    default:
      return [{ namespace: gwNs, labels: { [GATEWAY_NAME_LABEL]: gwName } }];
  }
}

const split = (ref: string, defNs: string): [string, string] => {
  const i = ref.indexOf('/');
  return i < 0 ? [defNs, ref] : [ref.slice(0, i), ref.slice(i + 1)];
};

/**
 * The Gateway API gateways Knative's routes attach to, with their proxy pods. Empty unless Knative uses
 * net-gateway-api. `warnings` receives what could not be resolved.
 */
export function gatewayApiHubs(inv: Inventory, config: KnativeConfig, warnings: string[] = []): GatewayHub[] {
  if (!usesGatewayApi(inv, config)) return [];
  const refs = [...configuredGateways(inv, config, warnings), ...routedGateways(inv)];
  const byGateway = new Map<string, GatewayHub>();
  // The other objects that name a Gateway (one HTTPRoute per Knative Service and visibility: thousands), said once.
  const moreSources = new Map<string, Set<string>>();
  for (const ref of refs) {
    const [gwNs, gwName] = split(ref.gateway, config.serving.namespace);
    const key = `${gwNs}/${gwName}`;
    const gw = inv.find('Gateway.gateway.networking.k8s.io', gwNs, gwName);
    const className: string | undefined = typeof gw?.obj.spec?.gatewayClassName === 'string' ? gw.obj.spec.gatewayClassName : ref.className;
    const gc = className ? inv.find('GatewayClass.gateway.networking.k8s.io', undefined, className) : undefined;
    const controller: string | undefined = typeof gc?.obj.spec?.controllerName === 'string' ? gc.obj.spec.controllerName : undefined;
    const impl = implementationOf(controller);
    const pods = podsOf(impl, gwNs, gwName, className);
    const service = ref.service ? serviceSelection(inv, ref.service, gwNs) : undefined;
    if (service) pods.push(service);
    const listeners: any[] = Array.isArray(gw?.obj.spec?.listeners) ? gw.obj.spec.listeners : [];
    const ports = listeners.map((l) => l?.port).filter((p): p is number => Number.isInteger(p));
    const listen = ports.length ? [...new Set(ports.flatMap((p) => containerPorts(impl, p)))].sort((a, b) => a - b) : undefined;
    const local = 'visibility' in ref && (ref as { visibility: string }).visibility === 'local';
    const http = listeners.find((l) => l?.protocol === 'HTTP' && Number.isInteger(l?.port));
    const localPort = local && http ? containerPorts(impl, http.port).at(-1) : undefined;
    const evidence =
      `${ref.source} → Gateway ${key}${gw ? '' : ' (not in the input)'}` +
      (className ? ` → GatewayClass ${className}` : '') +
      (controller ? ` (controllerName ${controller})` : className ? ' (GatewayClass not in the input)' : '');
    const prev = byGateway.get(key);
    if (prev) {
      for (const p of pods) if (!prev.pods.some((q) => q.namespace === p.namespace && JSON.stringify(q.labels) === JSON.stringify(p.labels))) prev.pods.push(p);
      prev.localPort ??= localPort;
      prev.local ||= local;
      moreSources.get(key)!.add(ref.source);
      continue;
    }
    byGateway.set(key, { implementation: impl, pods, listen, localPort, gateways: [key], local, evidence });
    moreSources.set(key, new Set([ref.source]));
  }
  for (const [key, hub] of byGateway) {
    const [, ...more] = moreSources.get(key)!;
    const named = more.slice(0, MORE_SOURCES_NAMED).map((source) => `; ${source}`).join('');
    const rest = more.length - MORE_SOURCES_NAMED;
    hub.evidence += named + (rest > 0 ? `; and ${rest} more` : '');
  }
  return [...byGateway.values()];
}

/** How many further objects naming a Gateway its evidence lists before counting the rest. */
const MORE_SOURCES_NAMED = 3;

/** The pods behind a Service named by config-gateway (`ns/name`), through its selector. */
function serviceSelection(inv: Inventory, ref: string, defNs: string): PodSelection | undefined {
  const [ns, name] = split(ref.replace(/\.svc(\.[a-z0-9.-]+)?$/, ''), defNs);
  const svc = inv.find('Service', ns, name);
  const sel = svc?.obj.spec?.selector;
  if (!sel || typeof sel !== 'object' || Object.keys(sel).length === 0) return undefined;
  return { namespace: ns, labels: Object.fromEntries(Object.entries(sel).map(([k, v]) => [k, String(v)])) };
}

// ---- the installed gateways, for harden --------------------------------------------------------------------

/** One installed gateway as harden uses it: where its pods run and one label set that selects them. */
export interface InstalledGateway {
  kind: GatewayImplementation | 'unknown';
  namespace?: string;
  gatewayLabels?: Record<string, string>;
}

function deploymentLabels(d: Resource | undefined): Record<string, string> | undefined {
  const l = d?.obj.spec?.template?.metadata?.labels;
  return l && typeof l === 'object' ? (l as Record<string, string>) : undefined;
}

/**
 * The gateways a cluster runs, as NetworkPolicy peers: classic layers by their controllers/deployments (and, under
 * the Operator, by KnativeServing `spec.ingress.<kind>.enabled`), Gateway API gateways by the objects above (one
 * entry per proxy workload found; a Gateway whose pods are not in the input gets its first selection).
 */
export function installedGateways(inv: Inventory, config: KnativeConfig): InstalledGateway[] {
  const deployments = inv.byKind('Deployment');
  const ingress: InstalledGateway[] = [];
  const kourier = deployments.find((d) => d.name === '3scale-kourier-gateway');
  if (kourier) ingress.push({ kind: 'kourier', namespace: kourier.namespace, gatewayLabels: deploymentLabels(kourier) ?? { app: '3scale-kourier-gateway' } });
  // net-istio's gateways select the Istio ingress gateway pods by `istio: ingressgateway` (net-istio.yaml).
  const netIstio =
    deployments.some((d) => d.name === 'net-istio-controller') ||
    inv.byKind('Gateway.networking.istio.io').some((g) => g.name === 'knative-local-gateway');
  if (netIstio) ingress.push({ kind: 'istio', namespace: 'istio-system', gatewayLabels: { istio: 'ingressgateway' } });
  // Under the Operator the gateways are not in the manifests; the KnativeServing object says which ingress it installs
  // (spec.ingress.<kind>.enabled) — the Operator puts Kourier's gateway into the KnativeServing namespace.
  const cr = config.operator.serving;
  if (cr && ingress.length === 0) {
    const on = (k: string) => cr.obj.spec?.ingress?.[k]?.enabled === true;
    if (on('kourier')) ingress.push({ kind: 'kourier', namespace: cr.namespace, gatewayLabels: { app: '3scale-kourier-gateway' } });
    if (on('istio')) ingress.push({ kind: 'istio', namespace: 'istio-system', gatewayLabels: { istio: 'ingressgateway' } });
    if (on('contour')) ingress.push({ kind: 'contour', namespace: 'contour-internal', gatewayLabels: { app: 'envoy' } });
  }
  if (deployments.some((d) => d.name === 'contour' || d.name === 'net-contour-controller')) {
    ingress.push({ kind: 'contour', namespace: 'contour-external', gatewayLabels: { app: 'envoy' } });
  }
  const seen = new Set(ingress.map((i) => `${i.namespace}|${JSON.stringify(i.gatewayLabels)}`));
  // Cluster-local gateways first: where harden binds callers to their namespace (mesh-istio) it takes the first.
  const hubs = gatewayApiHubs(inv, config).sort((a, b) => Number(b.local) - Number(a.local));
  for (const hub of hubs) {
    const found = inv.workloads.filter((w) => hub.pods.some((p) => selects(p, w)));
    // Controllers create the proxies at run time, so manifests often lack them: then the first selection, in its
    // namespace (Envoy Gateway: where its controller runs, envoy-gateway-system by default).
    const first = hub.pods[0];
    const fallbackNs = first.namespace ?? (hub.implementation === 'envoy-gateway' ? envoyGatewayNamespace(inv) : undefined);
    const entries: InstalledGateway[] = found.length
      ? found.map((w) => ({ kind: hub.implementation, namespace: w.namespace, gatewayLabels: matchingLabels(hub.pods, w) }))
      : fallbackNs
        ? [{ kind: hub.implementation, namespace: fallbackNs, gatewayLabels: first.labels }]
        : [];
    for (const e of entries) {
      const key = `${e.namespace}|${JSON.stringify(e.gatewayLabels)}`;
      if (!seen.has(key)) ingress.push(e);
      seen.add(key);
    }
  }
  return ingress;
}

/** Where Envoy Gateway deploys its proxies by default: the namespace its controller runs in. */
function envoyGatewayNamespace(inv: Inventory): string {
  return inv.byKind('Deployment').find((d) => d.name === 'envoy-gateway' && d.namespace)?.namespace ?? 'envoy-gateway-system';
}

/** The labels of the first selection that picks the workload (a stable, minimal peer for its pods). */
function matchingLabels(pods: PodSelection[], w: Workload): Record<string, string> {
  return pods.find((p) => selects(p, w))!.labels;
}

// ---- all hubs of one inventory, for reach -------------------------------------------------------------------

export interface HubWorkload {
  kind: HubKind;
  workload: Workload;
  implementation?: GatewayImplementation;
  /** TCP ports the hub listens on for requests it forwards; undefined = any TCP port. */
  listen?: number[];
  /** Container port of the cluster-local listener (gateways), where L7 filters are judged. */
  localPort?: number;
  /** Gateway API objects the hub serves (`ns/name`), for AuthorizationPolicy targetRefs. */
  gateways: string[];
  evidence: string;
}

/** Every shared hop of the inventory: activator, gateways (classic and Gateway API), broker ingress. */
export function sharedHops(inv: Inventory, config: KnativeConfig, warnings: string[] = []): HubWorkload[] {
  const out: HubWorkload[] = [];
  const serving = config.serving.namespace;
  const eventing = config.eventing.namespace;
  const api = gatewayApiHubs(inv, config, warnings);
  for (const w of inv.workloads) {
    if (isActivator(w, serving)) {
      out.push({ kind: 'activator', workload: w, listen: ACTIVATOR_PORTS, gateways: [], evidence: `${serving}/${w.name}: app=activator` });
      continue;
    }
    if (isBrokerIngress(w, eventing)) {
      out.push({ kind: 'broker', workload: w, listen: BROKER_INGRESS_PORTS, gateways: [], evidence: `${eventing}/${w.name}: brokerRole=ingress` });
      continue;
    }
    const hubs = api.filter((h) => h.pods.some((p) => selects(p, w)));
    if (hubs.length) {
      const listen = hubs.every((h) => h.listen) ? [...new Set(hubs.flatMap((h) => h.listen!))].sort((a, b) => a - b) : undefined;
      out.push({
        kind: 'gateway',
        workload: w,
        implementation: hubs[0].implementation,
        listen,
        localPort: hubs.find((h) => h.localPort !== undefined)?.localPort,
        gateways: hubs.flatMap((h) => h.gateways),
        evidence: hubs.map((h) => h.evidence).join('; '),
      });
      continue;
    }
    const classic = CLASSIC_GATEWAYS.find((g) => selects(g.pods, w));
    if (classic) {
      out.push({
        kind: 'gateway',
        workload: w,
        implementation: classic.implementation,
        listen: CLASSIC_GATEWAY_PORTS,
        localPort: CLASSIC_LOCAL_PORT,
        gateways: [],
        evidence: `${classic.pods.namespace}: ${Object.entries(classic.pods.labels).map(([k, v]) => `${k}=${v}`).join(',')} (${classic.implementation} release manifests)`,
      });
    }
  }
  return out;
}
