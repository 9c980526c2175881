/**
 * Synthetic multi-tenant Knative clusters for the benchmark, the scale tests and the property tests.
 *
 * Shaped like real clusters, not like templates (docs/performance.md says where each distribution comes from):
 * every namespace has its own label values (team, product, cost centre, tenant, environment, compliance), its own
 * pod labels (app names, instances, per-product label keys), and policies drawn from the common recipes with its own
 * values: default-deny, same-namespace, from a component (matchExpressions In/NotIn/Exists/DoesNotExist), from the
 * team's or the product's namespaces (namespaceSelector on several labels), from a few namespaces by name, from
 * monitoring on a named port, from the Knative data plane, and egress with DNS and ipBlocks. Cluster-wide policies
 * come as AdminNetworkPolicy / BaselineAdminNetworkPolicy (v1alpha1) and ClusterNetworkPolicy (v1alpha2, both
 * tiers). A share of namespaces runs Knative Services; every namespace has RBAC for its team. Deterministic by seed.
 */
import type { K8sObject } from '../src/k8s/types.js';
import { groupBy } from '../src/util/arrays.js';
import { GATEWAY_NAMESPACE, ingressObjects, istioInjectionShare, liveObjects, sourceObjects, tenantIngressObjects, type IngressLayer } from './platforms.js';

export interface GenerateOptions {
  /** Tenant namespaces. */
  namespaces: number;
  /** Total tenant workloads (pod templates), spread unevenly over the namespaces; default 10 per namespace. */
  pods?: number;
  /** Mean NetworkPolicies per namespace that has any (default 3). */
  policiesPerNamespace?: number;
  /** Share of namespaces without any NetworkPolicy (default 0.15). */
  unprotectedShare?: number;
  /** Share of protected namespaces that also restrict egress (default 0.3). */
  egressShare?: number;
  /** Admin-tier cluster policies (ANP v1alpha1 and Admin ClusterNetworkPolicy v1alpha2, alternating; default 4). */
  adminPolicies?: number;
  /** Baseline-tier cluster policies (the BANP `default` first, then Baseline ClusterNetworkPolicies; default 2). */
  baselinePolicies?: number;
  /** Share of namespaces that run Knative Services (default 0.4). */
  knativeShare?: number;
  /**
   * Share of namespaces that use Knative Eventing: a Broker and Triggers to their own services (default 0.2). Drawn
   * from a generator of its own, so the other objects of a seed do not change with it.
   */
  brokerShare?: number;
  /**
   * Whether tenants' own policies admit other tenants (their team's, their product's, a few named namespaces), as real
   * ones do; default true. Off for tests that expect hardening to leave no tenant-to-tenant path.
   */
  crossTenantAllows?: boolean;
  /** RBAC (ServiceAccount, Role, RoleBinding per namespace; a few ClusterRoleBindings); default true. */
  rbac?: boolean;
  /** The networking layer Knative runs on (bench/platforms.ts): net-kourier (default), net-istio, net-gateway-api. */
  ingress?: IngressLayer;
  /** Share of namespaces with Eventing sources and channels (bench/platforms.ts; default 0, none). */
  sourcesShare?: number;
  /** The dump as a live cluster's `kubectl get -A -o json`: ReplicaSets, Pods, Revisions … (default false). */
  liveObjects?: boolean;
  seed?: number;
}

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
/** Picks by weight: `[[value, weight], …]`. */
function weighted<T>(rand: Rand, xs: ReadonlyArray<readonly [T, number]>): T {
  let total = 0;
  for (const [, w] of xs) total += w;
  let r = rand() * total;
  for (const [v, w] of xs) {
    r -= w;
    if (r < 0) return v;
  }
  return xs[xs.length - 1][0];
}

const ENVS = [
  ['prod', 0.3],
  ['staging', 0.25],
  ['dev', 0.35],
  ['test', 0.1],
] as const;
const COMPONENTS = ['frontend', 'backend', 'api', 'worker', 'cache', 'db', 'gateway', 'batch'];
const WORDS = ['orders', 'billing', 'search', 'catalog', 'auth', 'ledger', 'media', 'ads', 'geo', 'chat', 'mail', 'risk', 'etl', 'cart', 'ml'];
const DNS_SERVICE_NAMESPACE = 'kube-system';

function ns(name: string, labels: Record<string, string>): K8sObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...labels } } };
}

function deployment(namespace: string, name: string, labels: Record<string, string>, ports: any[]): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: labels.app } },
      template: { metadata: { labels }, spec: { containers: [{ name: 'main', image: `registry.example/${name}:1.0`, ports }] } },
    },
  };
}

function ksvc(namespace: string, name: string, labels: Record<string, string>): K8sObject {
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: { name, namespace, labels },
    spec: {
      template: {
        metadata: { labels },
        spec: { containers: [{ image: `registry.example/${name}:1.0`, ports: [{ name: 'http1', containerPort: 8080 }] }] },
      },
    },
  };
}

function np(namespace: string, name: string, spec: any): K8sObject {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec };
}

/** The stock Knative system workloads (as in the upstream install manifests), DNS and a monitoring namespace. */
function systemObjects(layer: IngressLayer): K8sObject[] {
  const kourier = layer === 'kourier';
  const out: K8sObject[] = [
    ns('knative-serving', { 'app.kubernetes.io/name': 'knative-serving' }),
    ...(kourier ? [ns('kourier-system', {})] : []),
    ns('knative-eventing', { 'app.kubernetes.io/name': 'knative-eventing' }),
    ns('monitoring', { purpose: 'monitoring' }),
    ns(DNS_SERVICE_NAMESPACE, {}),
  ];
  const p = (name: string, port: number, protocol?: string) => ({ name, containerPort: port, ...(protocol ? { protocol } : {}) });
  out.push(deployment('knative-serving', 'activator', { app: 'activator', role: 'activator' }, [p('http1', 8012), p('h2c', 8013), p('metrics', 9090), p('profiling', 8008)]));
  out.push(deployment('knative-serving', 'autoscaler', { app: 'autoscaler' }, [p('websocket', 8080), p('metrics', 9090), p('profiling', 8008)]));
  out.push(deployment('knative-serving', 'controller', { app: 'controller' }, [p('metrics', 9090), p('profiling', 8008)]));
  out.push(deployment('knative-serving', 'webhook', { app: 'webhook', role: 'webhook' }, [p('https-webhook', 8443), p('metrics', 9090)]));
  if (kourier) out.push(deployment('kourier-system', '3scale-kourier-gateway', { app: '3scale-kourier-gateway' }, [p('http2-external', 8080), p('http2-internal', 8081)]));
  out.push(deployment('knative-eventing', 'mt-broker-ingress', { 'eventing.knative.dev/brokerRole': 'ingress' }, []));
  out.push(deployment('knative-eventing', 'mt-broker-filter', { 'eventing.knative.dev/brokerRole': 'filter' }, []));
  out.push(deployment('monitoring', 'prometheus', { app: 'prometheus' }, [p('web', 9090)]));
  // The CNI decides whether ipBlocks match pod IPs (src/k8s/cni.ts); Calico is the most common self-managed one.
  out.push({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'calico-node', namespace: DNS_SERVICE_NAMESPACE, labels: { 'k8s-app': 'calico-node' } },
    spec: {
      selector: { matchLabels: { 'k8s-app': 'calico-node' } },
      template: { metadata: { labels: { 'k8s-app': 'calico-node' } }, spec: { hostNetwork: true, containers: [{ name: 'calico-node', image: 'docker.io/calico/node:v3.29.0' }] } },
    },
  });
  out.push(deployment(DNS_SERVICE_NAMESPACE, 'coredns', { 'k8s-app': 'kube-dns' }, [p('dns', 53, 'UDP'), p('dns-tcp', 53)]));
  for (const o of ingressObjects(layer)) out.push(o);
  return out;
}

interface Tenant {
  name: string;
  team: string;
  product: string;
  env: string;
  /** Per-product label key some of its pods carry (real clusters grow their own keys). */
  productKey?: string;
  knative: boolean;
  components: string[];
}

/** Workloads per namespace: exponential around the mean (a few big namespaces, many small), at least one. */
function workloadCount(rand: Rand, mean: number): number {
  return Math.min(Math.max(1, Math.round(-Math.log(1 - rand()) * mean)), Math.ceil(mean * 8));
}

function tenantNamespace(rand: Rand, i: number, teams: number, products: number, knativeShare: number, layer: IngressLayer): { t: Tenant; obj: K8sObject } {
  const product = `${pick(rand, WORDS)}-${Math.floor(rand() * products).toString(36)}`;
  const team = `team-${Math.floor(rand() * teams).toString(36)}`;
  const env = weighted(rand, ENVS);
  const name = `${product}-${env}-${i.toString(36)}`;
  const labels: Record<string, string> = {
    team,
    env,
    'app.kubernetes.io/part-of': product,
    'cost-center': `cc-${((i * 7919) % 100_003).toString(36)}`,
    tenant: name,
  };
  if (rand() < 0.1) labels.compliance = pick(rand, ['pci', 'hipaa', 'sox']);
  if (rand() < istioInjectionShare(layer)) labels['istio-injection'] = 'enabled';
  if (rand() < 0.5) labels['pod-security.kubernetes.io/enforce'] = pick(rand, ['baseline', 'restricted']);
  const t: Tenant = {
    name,
    team,
    product,
    env,
    productKey: rand() < 0.2 ? `${product}.corp.example/feature` : undefined,
    knative: rand() < knativeShare,
    components: [],
  };
  return { t, obj: ns(name, labels) };
}

function tenantWorkloads(rand: Rand, t: Tenant, count: number): K8sObject[] {
  const out: K8sObject[] = [];
  for (let j = 0; j < count; j++) {
    const component = pick(rand, COMPONENTS);
    t.components.push(component);
    const app = `${t.product}-${component}-${j.toString(36)}`;
    const labels: Record<string, string> = {
      app,
      'app.kubernetes.io/name': app,
      'app.kubernetes.io/component': component,
      'app.kubernetes.io/instance': `${t.name}-${j.toString(36)}`,
      version: `v${1 + Math.floor(rand() * 5)}`,
    };
    if (rand() < 0.2) labels.track = pick(rand, ['canary', 'stable']);
    if (t.productKey && rand() < 0.5) labels[t.productKey] = pick(rand, ['on', 'off']);
    if (t.knative && rand() < 0.4) out.push(ksvc(t.name, app, labels));
    else {
      const ports: any[] = [
        { name: pick(rand, ['http', 'http', 'web', 'grpc']), containerPort: pick(rand, [8080, 8000, 3000, 9000]) },
        { name: 'metrics', containerPort: pick(rand, [9090, 9100, 8081]) },
      ];
      if (component === 'db') ports.push({ name: 'sql', containerPort: pick(rand, [5432, 3306]) });
      out.push(deployment(t.name, app, labels, ports));
    }
  }
  return out;
}

/** One NetworkPolicy from the common recipes, with this namespace's own values. */
const SAME_TENANT_RECIPES = [0, 1, 4, 7];

function recipe(rand: Rand, t: Tenant, k: number, others: readonly Tenant[], crossTenant: boolean, gatewayNs: string): K8sObject {
  const comp = (): string => pick(rand, t.components);
  const name = (s: string) => `${s}-${k}`;
  switch (crossTenant ? Math.floor(rand() * 8) : pick(rand, SAME_TENANT_RECIPES)) {
    case 0:
      return np(t.name, name('allow-same-namespace'), { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }] });
    case 1:
      return np(t.name, name('allow-from-component'), {
        podSelector: { matchExpressions: [{ key: 'app.kubernetes.io/component', operator: 'In', values: [comp(), comp()] }] },
        ingress: [
          {
            from: [{ podSelector: { matchExpressions: [{ key: 'app.kubernetes.io/component', operator: 'In', values: [comp()] }, { key: 'track', operator: 'NotIn', values: ['canary'] }] } }],
            ports: [{ port: 'http' }, { port: 8080 }],
          },
        ],
      });
    case 2:
      return np(t.name, name('allow-from-team'), {
        podSelector: { matchExpressions: [{ key: 'app.kubernetes.io/component', operator: 'NotIn', values: ['db', 'cache'] }] },
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: t.team, env: t.env } }, podSelector: { matchExpressions: [{ key: 'app.kubernetes.io/instance', operator: 'Exists' }] } }] }],
      });
    case 3: {
      const names = [pick(rand, others).name, pick(rand, others).name, pick(rand, others).name];
      return np(t.name, name('allow-from-namespaces'), {
        podSelector: { matchLabels: { 'app.kubernetes.io/component': comp() } },
        ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: names }] } }], ports: [{ port: 'http', protocol: 'TCP' }] }],
      });
    }
    case 4:
      return np(t.name, name('allow-monitoring'), {
        podSelector: {},
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { purpose: 'monitoring' } }, podSelector: { matchLabels: { app: 'prometheus' } } }], ports: [{ port: 'metrics' }] }],
      });
    case 5:
      return np(t.name, name('allow-from-product'), {
        podSelector: { matchLabels: { app: `${t.product}-${comp()}-0` } },
        ingress: [
          {
            from: [
              {
                namespaceSelector: {
                  matchLabels: { 'app.kubernetes.io/part-of': t.product },
                  matchExpressions: [{ key: 'compliance', operator: 'DoesNotExist' }],
                },
                podSelector: { matchExpressions: [{ key: 'version', operator: 'In', values: ['v1', 'v2', 'v3'] }] },
              },
            ],
          },
        ],
      });
    case 6:
      if (t.productKey) {
        return np(t.name, name('allow-feature'), {
          podSelector: { matchExpressions: [{ key: t.productKey, operator: 'Exists' }] },
          ingress: [{ from: [{ podSelector: { matchLabels: { [t.productKey]: 'on' } } }, { namespaceSelector: { matchLabels: { env: t.env, team: t.team } } }], ports: [{ port: 8000, endPort: 9000 }] }],
        });
      }
      return np(t.name, name('allow-ingress-gateway'), {
        podSelector: { matchLabels: { 'app.kubernetes.io/component': 'frontend' } },
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': gatewayNs } } }] }],
      });
    default:
      return np(t.name, name('allow-knative-data-plane'), {
        podSelector: {},
        ingress: [
          { from: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['knative-serving', gatewayNs] }] } }] },
        ],
      });
  }
}

function egressPolicy(rand: Rand, t: Tenant): K8sObject {
  const rules: any[] = [
    { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': DNS_SERVICE_NAMESPACE } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] },
    { to: [{ podSelector: {} }] },
  ];
  if (rand() < 0.7) rules.push({ to: [{ ipBlock: { cidr: pick(rand, ['10.0.0.0/8', '172.16.0.0/12', '0.0.0.0/0']), except: ['169.254.169.254/32', '10.96.0.0/12'] } }], ports: [{ port: 443 }] });
  if (rand() < 0.3) rules.push({ to: [{ ipBlock: { cidr: `203.0.${Math.floor(rand() * 256)}.0/24` } }] });
  // Named ports resolve against each destination's own container ports.
  if (rand() < 0.5) rules.push({ to: [{ namespaceSelector: { matchLabels: { team: t.team } } }], ports: [{ port: 'http' }, { port: 'grpc' }] });
  return np(t.name, 'egress-allow-list', { podSelector: {}, policyTypes: ['Egress'], egress: rules });
}

/** Admin-tier policies: half AdminNetworkPolicy v1alpha1, half ClusterNetworkPolicy v1alpha2 (tier Admin). */
function adminPolicy(rand: Rand, i: number, teams: number, gatewayNs: string): K8sObject {
  const team = `team-${Math.floor(rand() * teams).toString(36)}`;
  const shape = i % 4;
  if (i % 2 === 0) {
    const spec: any =
      shape === 0
        ? {
            priority: 10 + i,
            subject: { namespaces: { matchLabels: { env: 'prod' } } },
            ingress: [
              { name: 'allow-monitoring', action: 'Allow', from: [{ namespaces: { matchLabels: { purpose: 'monitoring' } } }], ports: [{ namedPort: 'metrics' }] },
              { name: 'deny-dev', action: 'Deny', from: [{ namespaces: { matchExpressions: [{ key: 'env', operator: 'In', values: ['dev', 'test'] }] } }] },
            ],
            egress: [{ name: 'deny-metadata', action: 'Deny', to: [{ networks: ['169.254.169.254/32'] }] }],
          }
        : {
            priority: 10 + i,
            subject: { pods: { namespaceSelector: { matchLabels: { team } }, podSelector: { matchExpressions: [{ key: 'app.kubernetes.io/component', operator: 'In', values: ['db', 'cache'] }] } } },
            ingress: [
              { name: 'pass-same-team', action: 'Pass', from: [{ namespaces: { matchLabels: { team } } }] },
              { name: 'deny-others', action: 'Deny', from: [{ pods: { namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'Exists' }] }, podSelector: {} } }] },
            ],
          };
    return { apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', metadata: { name: `anp-${i}` }, spec };
  }
  const spec: any =
    shape === 1
      ? {
          tier: 'Admin',
          priority: 10 + i,
          subject: { namespaces: { matchExpressions: [{ key: 'compliance', operator: 'Exists' }] } },
          ingress: [
            // Admins exempt the platform's own namespaces (ingress gateway, activator, monitoring) from such denies.
            {
              name: 'deny-non-compliant',
              action: 'Deny',
              from: [{ namespaces: { matchExpressions: [{ key: 'compliance', operator: 'DoesNotExist' }, { key: 'team', operator: 'Exists' }] } }],
            },
          ],
        }
      : {
          tier: 'Admin',
          priority: 10 + i,
          subject: { pods: { namespaceSelector: { matchLabels: { team } }, podSelector: {} } },
          ingress: [{ name: 'accept-gateway', action: 'Accept', from: [{ namespaces: { matchLabels: { 'kubernetes.io/metadata.name': gatewayNs } } }], protocols: [{ tcp: { destinationPort: { number: 8080 } } }] }],
          egress: [{ name: 'pass-cluster', action: 'Pass', to: [{ networks: ['10.0.0.0/8'] }] }],
        };
  return { apiVersion: 'policy.networking.k8s.io/v1alpha2', kind: 'ClusterNetworkPolicy', metadata: { name: `cnp-admin-${i}` }, spec };
}

/** Baseline-tier policies: the (single, named `default`) BANP first, then Baseline ClusterNetworkPolicies. */
function baselinePolicy(rand: Rand, i: number): K8sObject {
  if (i === 0) {
    return {
      apiVersion: 'policy.networking.k8s.io/v1alpha1',
      kind: 'BaselineAdminNetworkPolicy',
      metadata: { name: 'default' },
      spec: {
        subject: { namespaces: { matchExpressions: [{ key: 'env', operator: 'Exists' }] } },
        ingress: [
          { name: 'allow-same-team-prod', action: 'Allow', from: [{ namespaces: { matchLabels: { env: 'prod' } } }] },
          { name: 'deny-other-tenants', action: 'Deny', from: [{ namespaces: { matchExpressions: [{ key: 'team', operator: 'Exists' }] } }] },
        ],
      },
    };
  }
  const env = pick(rand, ['dev', 'test', 'staging']);
  return {
    apiVersion: 'policy.networking.k8s.io/v1alpha2',
    kind: 'ClusterNetworkPolicy',
    metadata: { name: `cnp-baseline-${i}` },
    spec: {
      tier: 'Baseline',
      priority: 100 + i,
      subject: { namespaces: { matchLabels: { env } } },
      ingress: [{ name: 'deny-from-prod', action: 'Deny', from: [{ namespaces: { matchLabels: { env: 'prod' } } }] }],
    },
  };
}

function rbacObjects(t: Tenant, i: number): K8sObject[] {
  const sa = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'deployer', namespace: t.name } };
  const role = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'developer', namespace: t.name },
    rules: [
      { apiGroups: ['', 'apps'], resources: ['pods', 'deployments', 'services', 'configmaps'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
      ...(t.knative ? [{ apiGroups: ['serving.knative.dev'], resources: ['services'], verbs: ['*'] }] : []),
      ...(i % 7 === 0 ? [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }] : []),
    ],
  };
  const binding = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'developers', namespace: t.name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'developer' },
    subjects: [
      { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: `${t.team}-developers` },
      { kind: 'ServiceAccount', name: 'deployer', namespace: t.name },
    ],
  };
  return [sa, role, binding];
}

function clusterRbac(teams: number): K8sObject[] {
  const out: K8sObject[] = [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'namespace-viewer' },
      rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] }],
    },
  ];
  for (let i = 0; i < Math.min(teams, 5); i++) {
    out.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: `team-${i.toString(36)}-viewers` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'namespace-viewer' },
      subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: `team-${i.toString(36)}-developers` }],
    });
  }
  return out;
}

/** Generates the objects of one synthetic cluster. */
export function generateCluster(opts: GenerateOptions): K8sObject[] {
  const rand = rng(opts.seed ?? 42);
  const n = opts.namespaces;
  const meanWorkloads = (opts.pods ?? n * 10) / Math.max(1, n);
  const meanPolicies = opts.policiesPerNamespace ?? 3;
  const unprotected = opts.unprotectedShare ?? 0.15;
  const egressShare = opts.egressShare ?? 0.3;
  const knativeShare = opts.knativeShare ?? 0.4;
  // About 25 namespaces per team and 5 per product, as in clusters shared by many teams.
  const teams = Math.max(4, Math.ceil(n / 25));
  const products = Math.max(3, Math.ceil(n / 5));
  const layer = opts.ingress ?? 'kourier';
  const gatewayNs = GATEWAY_NAMESPACE[layer];
  const out = systemObjects(layer);
  const tenants: Tenant[] = [];
  for (let i = 0; i < n; i++) {
    const { t, obj } = tenantNamespace(rand, i, teams, products, knativeShare, layer);
    tenants.push(t);
    out.push(obj);
    for (const w of tenantWorkloads(rand, t, workloadCount(rand, meanWorkloads))) out.push(w);
    if (opts.rbac !== false) for (const r of rbacObjects(t, i)) out.push(r);
  }
  for (const t of tenants) {
    if (rand() < unprotected) continue;
    const egress = rand() < egressShare;
    out.push(np(t.name, 'default-deny', { podSelector: {}, policyTypes: egress ? ['Ingress', 'Egress'] : ['Ingress'] }));
    if (egress) out.push(egressPolicy(rand, t));
    const count = Math.max(0, Math.round(-Math.log(1 - rand()) * (meanPolicies - 1)));
    for (let k = 0; k < count; k++) out.push(recipe(rand, t, k, tenants, opts.crossTenantAllows !== false, gatewayNs));
  }
  for (let i = 0; i < (opts.adminPolicies ?? 4); i++) out.push(adminPolicy(rand, i, teams, gatewayNs));
  for (let i = 0; i < (opts.baselinePolicies ?? 2); i++) out.push(baselinePolicy(rand, i));
  if (opts.rbac !== false) for (const r of clusterRbac(teams)) out.push(r);
  for (const o of eventingObjects(rng((opts.seed ?? 42) ^ 0xe7e27), tenants, out, opts.brokerShare ?? 0.2)) out.push(o);
  // Each from a random stream of its own: the objects above are the same for a seed whatever these options say.
  for (const o of tenantIngressObjects(rng((opts.seed ?? 42) ^ 0x15710), layer, out)) out.push(o);
  for (const o of sourceObjects(rng((opts.seed ?? 42) ^ 0x50c3e), out, opts.sourcesShare ?? 0)) out.push(o);
  return opts.liveObjects ? liveObjects(out) : out;
}

/**
 * Knative Eventing in a share of the namespaces: the Broker `default` and one to three Triggers, each delivering to a
 * Knative Service of the namespace or, where it has none, to a Kubernetes Service in front of one of its Deployments
 * (created here: the broker filter then needs a flow to its pods, src/netpol/required-flows.ts).
 */
function eventingObjects(rand: Rand, tenants: Tenant[], objs: readonly K8sObject[], share: number): K8sObject[] {
  const ksvcs = groupBy(
    objs.filter((o) => o.kind === 'Service' && o.apiVersion === 'serving.knative.dev/v1'),
    (o) => o.metadata.namespace,
  );
  const deployments = groupBy(
    objs.filter((o) => o.kind === 'Deployment'),
    (o) => o.metadata.namespace,
  );
  const out: K8sObject[] = [];
  const services = new Set<string>();
  for (const t of tenants) {
    if (rand() >= share) continue;
    out.push({ apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', metadata: { name: 'default', namespace: t.name } });
    const triggers = 1 + Math.floor(rand() * 3);
    for (let k = 0; k < triggers; k++) {
      const ks = ksvcs.get(t.name);
      let subscriber: { apiVersion: string; kind: string; name: string };
      if (ks?.length) subscriber = { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: pick(rand, ks).metadata.name };
      else {
        const d = pick(rand, deployments.get(t.name) ?? []);
        if (!d) continue;
        const name = `${d.metadata.name}-events`;
        const port = d.spec.template.spec.containers[0].ports?.[0]?.containerPort ?? 8080;
        if (!services.has(`${t.name}/${name}`)) {
          services.add(`${t.name}/${name}`);
          out.push({
            apiVersion: 'v1',
            kind: 'Service',
            metadata: { name, namespace: t.name },
            spec: { selector: { app: d.metadata.labels!.app }, ports: [{ port: 80, targetPort: port }] },
          });
        }
        subscriber = { apiVersion: 'v1', kind: 'Service', name };
      }
      out.push({
        apiVersion: 'eventing.knative.dev/v1',
        kind: 'Trigger',
        metadata: { name: `on-${subscriber.name}-${k}`, namespace: t.name },
        spec: { broker: 'default', filter: { attributes: { type: `example.${t.product}.${pick(rand, ['created', 'updated', 'deleted'])}` } }, subscriber: { ref: subscriber } },
      });
    }
  }
  return out;
}

/** Counts of what a generated cluster holds. */
export function describeCluster(objs: K8sObject[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of objs) counts[o.kind] = (counts[o.kind] ?? 0) + 1;
  return counts;
}
