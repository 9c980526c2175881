/**
 * NetworkPolicies for namespaces as tenants: default deny in every tenant namespace, the Knative data path
 * opened again port by port, and the serving system namespace closed to tenants (autoscaler stats only from the
 * activator). Tenant egress is denied except DNS, the own namespace, the broker ingress and addresses outside the
 * private ranges — which keeps 169.254.169.254 (cloud metadata) out of reach.
 */
import type { K8sObject, Workload } from '../../k8s/types.js';
import { matchesLabelSelector } from '../../k8s/selectors.js';
import { sharedHops } from '../../k8s/shared-hops.js';
import { eventingIngressPorts, requiredFlows, type RequiredFlow } from '../../netpol/required-flows.js';
import { targetTransportEncryption } from './knative-config.js';
import { TENANT_LABEL, MANAGED_BY, type Generator, type GeneratedObject, type HardenContext, type ManualStep } from '../types.js';
import { clusterWideNetworkApi } from './cluster-network-policies.js';
import { boundIstioGateway } from './mesh-istio.js';

/** queue-proxy ports the gateway and the activator deliver requests to (reference §4.1). */
const QUEUE_PROXY_SERVING_PORTS = [8012, 8013, 8112];
/** queue-proxy autoscaling metrics, scraped by the autoscaler. */
const QUEUE_PROXY_METRICS_PORT = 9090;
/** Private, shared and link-local ranges: pod, service and node networks live here, and so does 169.254.169.254. */
export const NON_PUBLIC_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.0.0/16', '127.0.0.0/8'];

function policy(namespace: string, name: string, spec: Record<string, unknown>): K8sObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace, labels: { ...MANAGED_BY } },
    spec,
  };
}

const tcp = (port: number) => ({ protocol: 'TCP', port });
const nsByName = (name: string) => ({ matchLabels: { 'kubernetes.io/metadata.name': name } });
const notTenant = { matchExpressions: [{ key: TENANT_LABEL, operator: 'DoesNotExist' }] };

/** Pods of each installed ingress gateway, as NetworkPolicy peers. */
function gatewayPeers(ctx: HardenContext) {
  return ctx.installed.ingress
    .filter((i) => i.namespace && i.gatewayLabels)
    .map((i) => ({ namespaceSelector: nsByName(i.namespace!), podSelector: { matchLabels: i.gatewayLabels! } }));
}

export const networkPolicies: Generator = (ctx) => {
  const out: GeneratedObject[] = [];
  const add = (object: K8sObject, fixes: string[], reason: string, rule: GeneratedObject['rule'] = 'tenancy-hardening') =>
    out.push({ concern: 'network-policies', object, fixes, rule, reason });

  const tlsMode = targetTransportEncryption(ctx);
  // The flows the system needs, computed once for the webhooks' policies and the gateway callers.
  let flows: RequiredFlow[] | undefined;
  const required = () => (flows ??= requiredFlows(ctx.inventory, ctx.config, { apiserverCidr: ctx.options.apiserverCidr }));
  const istio = boundIstioGateway(ctx);
  for (const ns of ctx.tenants) {
    add(
      policy(ns, 'ktm-default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
      ['KTM-NET-001', 'KTM-NET-002', 'KTM-NET-004', 'KTM-NET-005', 'KTM-NET-006'],
      `tenant namespace ${ns}: nothing in or out unless a rule below (or the tenant) allows it`,
    );
    add(
      policy(ns, 'ktm-allow-same-namespace', {
        podSelector: {},
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ from: [{ podSelector: {} }] }],
        egress: [{ to: [{ podSelector: {} }] }],
      }),
      ['KTM-NET-001'],
      `pods of ${ns} keep talking to each other`,
    );
    add(
      policy(ns, 'ktm-allow-dns', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            to: [{ namespaceSelector: nsByName('kube-system'), podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
            ports: [{ protocol: 'UDP', port: 53 }, tcp(53)],
          },
        ],
      }),
      ['KTM-NET-001'],
      `DNS keeps resolving for ${ns}`,
    );
    add(
      policy(ns, 'ktm-allow-egress-internet', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: NON_PUBLIC_RANGES } }] }],
      }),
      ['KTM-NET-006'],
      `${ns} may call public addresses, but not private ranges nor the cloud metadata address 169.254.169.254`,
    );
    if (ctx.installed.serving) {
      const ingress: unknown[] = [
        {
          from: [
            { namespaceSelector: nsByName(ctx.config.serving.namespace), podSelector: { matchLabels: { app: 'activator' } } },
            ...gatewayPeers(ctx),
          ],
          ports: QUEUE_PROXY_SERVING_PORTS.map(tcp),
        },
        {
          from: [{ namespaceSelector: nsByName(ctx.config.serving.namespace), podSelector: { matchLabels: { app: 'autoscaler' } } }],
          ports: [tcp(QUEUE_PROXY_METRICS_PORT)],
        },
      ];
      add(
        policy(ns, 'ktm-allow-knative-data-plane', {
          podSelector: { matchExpressions: [{ key: 'serving.knative.dev/revision', operator: 'Exists' }] },
          policyTypes: ['Ingress'],
          ingress,
        }),
        ['KTM-NET-001'],
        `revisions in ${ns} stay reachable from the ingress gateway and the activator on the queue-proxy ports, and the autoscaler still scrapes them`,
      );
    }
    if (ctx.installed.brokerIngress) {
      add(
        policy(ns, 'ktm-allow-eventing', {
          podSelector: {},
          policyTypes: ['Ingress', 'Egress'],
          ingress: [
            {
              from: [
                {
                  namespaceSelector: nsByName(ctx.config.eventing.namespace),
                  podSelector: { matchExpressions: [{ key: 'eventing.knative.dev/brokerRole', operator: 'In', values: ['filter'] }] },
                },
              ],
            },
          ],
          egress: [
            {
              to: [{ namespaceSelector: nsByName(ctx.config.eventing.namespace), podSelector: { matchLabels: { 'eventing.knative.dev/brokerRole': 'ingress' } } }],
              ports: eventingIngressPorts(tlsMode).map(tcp),
            },
          ],
        }),
        ['KTM-NET-001'],
        `${ns} can still post events to its brokers (on the port transport-encryption ${tlsMode} implies) and receive deliveries; which broker it may post to is decided by OIDC and EventPolicies (see knative-config)`,
      );
    }
    if (istio) {
      add(
        policy(ns, 'ktm-allow-local-gateway', {
          podSelector: {},
          policyTypes: ['Egress'],
          egress: [{ to: [{ namespaceSelector: nsByName(istio.namespace), podSelector: { matchLabels: istio.gatewayLabels } }] }],
        }),
        [],
        `${ns} may call Knative Services through the cluster-local gateway; the gateway's AuthorizationPolicy only lets it reach hosts of ${ns}`,
      );
    }
  }

  if (ctx.installed.serving && !clusterWideNetworkApi(ctx)) out.push(...servingNamespacePolicies(ctx, required));
  // knative-eventing has no cluster-wide counterpart (cluster-network-policies.ts protects knative-serving only): its
  // NetworkPolicies are written whichever API the cluster-wide parts use.
  if (ctx.installed.eventing) out.push(...eventingNamespacePolicies(ctx, required));
  const gatewayCallers = gatewayCallersStep(ctx, required(), istio);
  return { objects: out, manual: gatewayCallers ? [gatewayCallers] : [] };
};

/**
 * Tenants whose required flows go into a shared gateway (their sources deliver to Knative Services, whose address is
 * the cluster-local gateway): harden keeps those flows open, and unless the gateway binds each caller to the hosts of
 * its own namespace (the gateway --mesh istio binds), they can reach other tenants' Knative Services through it
 * (KTM-NET-003).
 */
function gatewayCallersStep(ctx: HardenContext, flows: readonly RequiredFlow[], bound: ReturnType<typeof boundIstioGateway>): ManualStep | undefined {
  const isBound = (g: Workload) => !!bound && g.namespace === bound.namespace && matchesLabelSelector({ matchLabels: bound.gatewayLabels }, g.podLabels);
  const gateways = sharedHops(ctx.inventory, ctx.config)
    .filter((h) => h.kind === 'gateway' && !isBound(h.workload))
    .map((h) => h.workload);
  if (gateways.length === 0) return undefined;
  const tenants = new Set(ctx.tenants);
  const callers = new Map<string, string>();
  const through = new Set<string>();
  for (const f of flows) {
    const { from, to } = f;
    if (from.kind !== 'pods' || to.kind !== 'pods' || !tenants.has(from.namespace) || callers.has(from.namespace)) continue;
    const gateway = gateways.find((g) => g.namespace === to.namespace && matchesLabelSelector(to.selector, g.podLabels));
    if (!gateway) continue;
    callers.set(from.namespace, f.source);
    through.add(`${gateway.namespace}/${gateway.name}`);
  }
  if (callers.size === 0) return undefined;
  const named = [...callers].sort(([a], [b]) => a.localeCompare(b));
  const fix =
    ctx.options.mesh === 'istio'
      ? `--mesh istio binds callers only at the Istio ingress gateway, and only with istiod in the input; ${[...through].sort().join(', ')} is not bound: add a per-source filter there.`
      : 'Bind each caller to the hosts of its own namespace at the gateway: on Istio, ktm harden --mesh istio writes that AuthorizationPolicy; other gateways need their own per-source filter.';
  return {
    fixes: ['KTM-NET-003'],
    rule: 'shared-component-filtering',
    resources: named.map(([ns]) => `Namespace/${ns}`),
    text:
      `${named.length} tenant namespace(s) send to Knative Services through the shared cluster-local gateway (${named
        .slice(0, 5)
        .map(([ns, source]) => `${ns}: ${source}`)
        .join(', ')}${named.length > 5 ? ` and ${named.length - 5} more` : ''}). ktm keeps these flows open (the system needs them), and the gateway routes by Host, ` +
      `so their pods can also reach other tenants' Knative Services through it. ${fix}`,
  };
}

/**
 * Ingress from the API server to every webhook of the namespace it calls (Knative's, net-istio's, any vendor's), read
 * from the required flows — the one list harden proves and the audit checks.
 */
function webhookPoliciesIn(ctx: HardenContext, ns: string, flows: readonly RequiredFlow[], mk: (o: K8sObject, fixes: string[], reason: string) => GeneratedObject): GeneratedObject[] {
  const webhookFrom = ctx.options.apiserverCidr ? [{ ipBlock: { cidr: ctx.options.apiserverCidr } }] : [{ ipBlock: { cidr: '0.0.0.0/0' } }];
  const webhooks = flows.filter(
    (f) => f.family === 'apiserver-to-webhook' && f.to.kind === 'pods' && f.to.namespace === ns,
  );
  return webhooks.map((f, i) =>
    mk(
      policy(ns, i === 0 ? 'ktm-allow-webhook' : `ktm-allow-webhook-${i + 1}`, {
        podSelector: f.to.kind === 'pods' ? f.to.selector : {},
        policyTypes: ['Ingress'],
        ingress: [{ from: webhookFrom, ports: f.ports.map((p) => ({ protocol: p.protocol, port: p.port })) }],
      }),
      [],
      ctx.options.apiserverCidr
        ? `the API server (${ctx.options.apiserverCidr}) keeps calling ${f.to.text} (${f.source})`
        : `the API server keeps calling ${f.to.text} (${f.source}); its address is not known, so any address may reach it — tenants are kept away by their own egress policy (pass --apiserver-cidr to narrow this)`,
    ),
  );
}

/**
 * knative-eventing: closed to tenants except the broker ingress on the port transport-encryption implies (their
 * events); system namespaces and the namespace itself keep full access, the API server keeps its webhooks.
 */
function eventingNamespacePolicies(ctx: HardenContext, flows: () => readonly RequiredFlow[]): GeneratedObject[] {
  const ns = ctx.config.eventing.namespace;
  const mk = (object: K8sObject, fixes: string[], reason: string): GeneratedObject => ({ concern: 'network-policies', object, fixes, rule: 'shared-component-filtering', reason });
  const out = [
    mk(policy(ns, 'ktm-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] }), ['KTM-NET-005'], `${ns} accepts nothing unless a rule below allows it`),
    mk(
      policy(ns, 'ktm-allow-from-system', {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: {} }, { namespaceSelector: notTenant }] }],
      }),
      ['KTM-NET-005'],
      `the namespace itself and system namespaces (monitoring, sources) keep reaching eventing's components; namespaces labelled ${TENANT_LABEL} do not`,
    ),
    ...webhookPoliciesIn(ctx, ns, flows(), mk),
  ];
  if (ctx.installed.brokerIngress) {
    out.push(
      mk(
        policy(ns, 'ktm-allow-broker-ingress', {
          podSelector: { matchLabels: { 'eventing.knative.dev/brokerRole': 'ingress' } },
          policyTypes: ['Ingress'],
          ingress: [{ ports: eventingIngressPorts(targetTransportEncryption(ctx)).map(tcp) }],
        }),
        [],
        `tenants keep posting events to the broker ingress (port of transport-encryption ${targetTransportEncryption(ctx)}); which broker they may post to is decided by OIDC and EventPolicies`,
      ),
    );
  }
  return out;
}

/** knative-serving: closed to tenants; the autoscaler's stat port only from the activator (reference §4.6). */
function servingNamespacePolicies(ctx: HardenContext, flows: () => readonly RequiredFlow[]): GeneratedObject[] {
  const ns = ctx.config.serving.namespace;
  const mk = (object: K8sObject, fixes: string[], reason: string): GeneratedObject => ({
    concern: 'network-policies',
    object,
    fixes,
    rule: 'shared-component-filtering',
    reason,
  });
  const webhookPolicies = webhookPoliciesIn(ctx, ns, flows(), mk);
  return [
    mk(policy(ns, 'ktm-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] }), ['KTM-NET-003', 'KTM-NET-004', 'KTM-NET-005'], `${ns} accepts nothing unless a rule below allows it`),
    mk(
      policy(ns, 'ktm-allow-from-system', {
        podSelector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['autoscaler'] }] },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: {} }, { namespaceSelector: notTenant }] }],
      }),
      ['KTM-NET-003', 'KTM-NET-005'],
      `system namespaces (gateways, monitoring) keep reaching the activator and the components' metrics; namespaces labelled ${TENANT_LABEL} do not`,
    ),
    ...webhookPolicies,
    mk(
      policy(ns, 'ktm-autoscaler-stats-from-activator', {
        podSelector: { matchLabels: { app: 'autoscaler' } },
        policyTypes: ['Ingress'],
        ingress: [
          { from: [{ podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['activator', 'autoscaler'] }] } }], ports: [tcp(8080)] },
          { from: [{ namespaceSelector: notTenant }], ports: [tcp(9090)] },
        ],
      }),
      ['KTM-NET-004'],
      'the autoscaler stat websocket (8080) accepts load reports only from the activator (and its own replicas); its metrics stay scrapeable from system namespaces',
    ),
  ];
}
