/**
 * Reading a live cluster, read-only: `list` calls (with `limit`/`continue` pagination) for the kinds ktm
 * needs, authenticated through @kubernetes/client-node's KubeConfig (tokens, client certificates, exec
 * plugins, CA bundles). Requests are plain GETs so objects keep their raw API JSON shape — the same shape
 * as `kubectl get -o json` — and go through the same loader as files.
 *
 * What is read is exactly what deploy/10-rbac.yaml grants (test/k8s/deploy-rbac.test.ts keeps the two equal):
 * LIVE_KINDS cluster-wide, and ConfigMaps only in the namespaces Knative is configured in (configMapNamespaces).
 * Secrets are never read (not even listed). A kind whose API group the cluster does not serve (404) is
 * skipped and noted; any other refusal (401, 403) is an error naming the kind and the verb — with one
 * exception: a 403 on the ConfigMaps of a namespace where no Knative workload or Operator resource runs is a
 * note, because that configuration governs nothing the audit judges.
 */
import { existsSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { homedir } from 'node:os';
import { join } from 'node:path';
// Type only: the client (about 1.5 s of start-up) is imported when a live cluster is read, not by every command.
import type { KubeConfig } from '@kubernetes/client-node';
import { InputError, UsageError } from '../util/errors.js';
import type { Inventory, K8sObject, Resource } from './types.js';
import { readSources, toResources, type RawObject } from './load.js';
import { buildInventory } from './inventory.js';
import { isWorkloadObject } from './workloads.js';
import { append } from '../util/arrays.js';

/** One kind to list: its API prefix, plural, and whether it is namespaced. */
export interface LiveKind {
  kind: string;
  /** `/api/v1` or `/apis/<group>/<version>`. */
  prefix: string;
  plural: string;
  namespaced: boolean;
  /** An optional API (a CRD group, or one a cluster may not serve): 404 is skipped quietly and noted. */
  optional?: boolean;
}

const core = (kind: string, plural: string, namespaced = true): LiveKind => ({ kind, prefix: '/api/v1', plural, namespaced });
const api = (group: string, version: string, kind: string, plural: string, namespaced = true, optional = false): LiveKind => ({
  kind,
  prefix: `/apis/${group}/${version}`,
  plural,
  namespaced,
  optional,
});

/** The Knative Operator's API group (KnativeServing, KnativeEventing). */
export const OPERATOR_GROUP = 'operator.knative.dev';

/** Everything ktm lists cluster-wide from a live cluster (ConfigMaps separately: see configMapNamespaces). */
export const LIVE_KINDS: readonly LiveKind[] = [
  core('Namespace', 'namespaces', false),
  core('Node', 'nodes', false),
  core('Pod', 'pods'),
  core('Service', 'services'),
  core('ServiceAccount', 'serviceaccounts'),
  core('ReplicationController', 'replicationcontrollers'),
  core('ResourceQuota', 'resourcequotas'),
  core('LimitRange', 'limitranges'),
  api('apps', 'v1', 'Deployment', 'deployments'),
  api('apps', 'v1', 'ReplicaSet', 'replicasets'),
  api('apps', 'v1', 'StatefulSet', 'statefulsets'),
  api('apps', 'v1', 'DaemonSet', 'daemonsets'),
  api('batch', 'v1', 'Job', 'jobs'),
  api('batch', 'v1', 'CronJob', 'cronjobs'),
  api('networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies'),
  api('rbac.authorization.k8s.io', 'v1', 'Role', 'roles'),
  api('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings'),
  api('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false),
  api('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false),
  api('node.k8s.io', 'v1', 'RuntimeClass', 'runtimeclasses', false),
  api('admissionregistration.k8s.io', 'v1', 'ValidatingWebhookConfiguration', 'validatingwebhookconfigurations', false),
  api('admissionregistration.k8s.io', 'v1', 'MutatingWebhookConfiguration', 'mutatingwebhookconfigurations', false),
  api('admissionregistration.k8s.io', 'v1', 'ValidatingAdmissionPolicy', 'validatingadmissionpolicies', false, true),
  api('admissionregistration.k8s.io', 'v1', 'ValidatingAdmissionPolicyBinding', 'validatingadmissionpolicybindings', false, true),
  api('policy.networking.k8s.io', 'v1alpha1', 'AdminNetworkPolicy', 'adminnetworkpolicies', false, true),
  api('policy.networking.k8s.io', 'v1alpha1', 'BaselineAdminNetworkPolicy', 'baselineadminnetworkpolicies', false, true),
  api('policy.networking.k8s.io', 'v1alpha2', 'ClusterNetworkPolicy', 'clusternetworkpolicies', false, true),
  api('gateway.networking.k8s.io', 'v1', 'GatewayClass', 'gatewayclasses', false, true),
  api('gateway.networking.k8s.io', 'v1', 'Gateway', 'gateways', true, true),
  api('gateway.networking.k8s.io', 'v1', 'HTTPRoute', 'httproutes', true, true),
  api('serving.knative.dev', 'v1', 'Service', 'services', true, true),
  api('serving.knative.dev', 'v1', 'Configuration', 'configurations', true, true),
  api('serving.knative.dev', 'v1', 'Revision', 'revisions', true, true),
  api('serving.knative.dev', 'v1', 'Route', 'routes', true, true),
  api('serving.knative.dev', 'v1beta1', 'DomainMapping', 'domainmappings', true, true),
  api('networking.internal.knative.dev', 'v1alpha1', 'Ingress', 'ingresses', true, true),
  api('eventing.knative.dev', 'v1', 'Broker', 'brokers', true, true),
  api('eventing.knative.dev', 'v1', 'Trigger', 'triggers', true, true),
  api('eventing.knative.dev', 'v1alpha1', 'EventPolicy', 'eventpolicies', true, true),
  api('messaging.knative.dev', 'v1', 'Channel', 'channels', true, true),
  api('messaging.knative.dev', 'v1', 'InMemoryChannel', 'inmemorychannels', true, true),
  api('messaging.knative.dev', 'v1', 'Subscription', 'subscriptions', true, true),
  api('sources.knative.dev', 'v1', 'ApiServerSource', 'apiserversources', true, true),
  api('sources.knative.dev', 'v1', 'PingSource', 'pingsources', true, true),
  api('sources.knative.dev', 'v1', 'ContainerSource', 'containersources', true, true),
  api('sources.knative.dev', 'v1', 'SinkBinding', 'sinkbindings', true, true),
  api('security.istio.io', 'v1', 'AuthorizationPolicy', 'authorizationpolicies', true, true),
  api('security.istio.io', 'v1', 'PeerAuthentication', 'peerauthentications', true, true),
  api('networking.istio.io', 'v1', 'Gateway', 'gateways', true, true),
  // Knative installed by its Operator: spec.config of these wins over the ConfigMaps (src/k8s/knative-config.ts).
  api(OPERATOR_GROUP, 'v1beta1', 'KnativeServing', 'knativeservings', true, true),
  api(OPERATOR_GROUP, 'v1beta1', 'KnativeEventing', 'knativeeventings', true, true),
];

/**
 * Where Knative installed from its release YAML keeps its configuration (reference §4.2–§4.4); deploy/10-rbac.yaml
 * has a ConfigMap Role in each. ConfigMaps anywhere else are tenants' data and are never read.
 */
export const KNATIVE_CONFIG_NAMESPACES: readonly string[] = ['knative-serving', 'knative-eventing'];

/** The kind listed per namespace, in configMapNamespaces only. */
export const CONFIGMAP_KIND: LiveKind = core('ConfigMap', 'configmaps');

/**
 * The namespaces whose ConfigMaps ktm lists, from the cluster-wide objects already read: those of
 * KNATIVE_CONFIG_NAMESPACES that exist, plus the namespace of every KnativeServing/KnativeEventing (the Operator
 * installs and configures Knative in its custom resource's namespace). Sorted.
 */
export function configMapNamespaces(resources: readonly Resource[]): string[] {
  const existing = new Set(resources.filter((r) => r.groupKind === 'Namespace').map((r) => r.name));
  const out = new Set(KNATIVE_CONFIG_NAMESPACES.filter((ns) => existing.has(ns)));
  for (const r of resources) if (isOperatorResource(r) && r.namespace) out.add(r.namespace);
  return [...out].sort();
}

/**
 * What in a namespace makes its Knative configuration matter to the audit: a workload (Deployment, Pod, …, Knative
 * Service/Revision) or an Operator resource. Undefined when there is none.
 */
export function configDependent(resources: readonly Resource[], namespace: string): Resource | undefined {
  return resources.find((r) => r.namespace === namespace && (isWorkloadObject(r) || isOperatorResource(r)));
}

function isOperatorResource(r: Resource): boolean {
  return r.groupKind === `KnativeServing.${OPERATOR_GROUP}` || r.groupKind === `KnativeEventing.${OPERATOR_GROUP}`;
}

/** Page size of list calls. */
export const PAGE_LIMIT = 500;
const REQUEST_TIMEOUT_MS = 30_000;
const MAX_PAGE_BYTES = 512 * 1024 * 1024;

export interface LiveOptions {
  kubeconfig?: string;
  context?: string;
}

export interface LiveResult {
  raw: RawObject[];
  notes: string[];
}

/** Loads a kubeconfig (file, else $KUBECONFIG, else ~/.kube/config) and selects the context. */
export async function loadKubeConfig(opts: LiveOptions): Promise<{ kc: KubeConfig; where: string }> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const kc = new KubeConfig();
  let where: string;
  try {
    if (opts.kubeconfig) {
      where = opts.kubeconfig;
      if (!existsSync(where)) throw new InputError(where, 'no such kubeconfig file');
      kc.loadFromFile(where);
    } else if (process.env.KUBECONFIG) {
      where = process.env.KUBECONFIG;
      const files = where.split(process.platform === 'win32' ? ';' : ':').filter(Boolean);
      const missing = files.filter((f) => !existsSync(f));
      if (missing.length === files.length) throw new InputError(where, 'KUBECONFIG names no existing file');
      kc.loadFromDefault();
    } else {
      where = join(homedir(), '.kube', 'config');
      if (!existsSync(where)) throw new InputError(where, 'no kubeconfig: give --kubeconfig, set KUBECONFIG, or create ~/.kube/config');
      kc.loadFromFile(where);
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(where!, `cannot read kubeconfig: ${firstLine((err as Error).message)}`);
  }
  if (opts.context) {
    if (!kc.getContextObject(opts.context)) {
      const known = kc.getContexts().map((c) => c.name);
      throw new InputError(where, `no context "${opts.context}" (contexts: ${known.join(', ') || 'none'})`);
    }
    kc.setCurrentContext(opts.context);
  }
  if (!kc.getCurrentContext() || !kc.getContextObject(kc.getCurrentContext())) {
    throw new InputError(where, 'the kubeconfig has no current context; give --context');
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster?.server) throw new InputError(where, `context "${kc.getCurrentContext()}" has no cluster with a server address`);
  return { kc, where };
}

/** Lists every kind in LIVE_KINDS, then the ConfigMaps of configMapNamespaces, from the cluster of the current context. */
export async function readLive(opts: LiveOptions, kinds: readonly LiveKind[] = LIVE_KINDS): Promise<LiveResult> {
  const { kc } = await loadKubeConfig(opts);
  const client = new ApiClient(kc);
  const notes: string[] = [];
  const results = await Promise.all(kinds.map((k) => listKind(client, k, undefined, notes)));
  const raw = results.flat();
  // Classifying the objects read (group kind, namespace); toResources is idempotent, loadInventory runs it again.
  const read = toResources(raw);
  const cmNamespaces = configMapNamespaces(read);
  notes.push(
    `live cluster ${client.server} (context ${kc.getCurrentContext()}): Secrets are not read; ConfigMaps are read only in ` +
      (cmNamespaces.length ? `namespace${cmNamespaces.length > 1 ? 's' : ''} ${cmNamespaces.join(', ')}` : 'Knative namespaces (none found)'),
  );
  for (const ns of cmNamespaces) {
    const items = await listKind(client, CONFIGMAP_KIND, ns, notes, (refusal) => {
      const dependent = configDependent(read, ns);
      if (dependent) {
        const what = `${dependent.kind} ${ns}/${dependent.name}`;
        return {
          fatal: `${refusal}; ${what} is there, so the audit needs that namespace's Knative configuration: grant get/list on configmaps in ${ns} (a Role and RoleBinding like ktm-config-reader in deploy/10-rbac.yaml)`,
        };
      }
      return {
        note: `ConfigMaps in namespace ${ns} were not read (403 Forbidden): no Knative workload or Operator resource is there, so its configuration governs nothing ktm judges`,
      };
    });
    append(raw, items);
  }
  return { raw, notes: notes.sort() };
}

/** What to do with a 403: stop with a more precise message, or record a note and go on without the list. */
type ForbiddenPolicy = (refusal: string) => { fatal: string } | { note: string };

async function listKind(
  client: ApiClient,
  k: LiveKind,
  namespace: string | undefined,
  notes: string[],
  onForbidden?: ForbiddenPolicy,
): Promise<RawObject[]> {
  const base = namespace ? `${k.prefix}/namespaces/${encodeURIComponent(namespace)}/${k.plural}` : `${k.prefix}/${k.plural}`;
  const out: RawObject[] = [];
  const seenTokens = new Set<string>();
  let token: string | undefined;
  for (;;) {
    const query = new URLSearchParams({ limit: String(PAGE_LIMIT) });
    if (token) query.set('continue', token);
    const path = `${base}?${query.toString()}`;
    const res = await client.get(path);
    if (res.status === 404 && k.optional) {
      notes.push(`${k.kind} (${k.prefix}) is not served by this cluster: skipped`);
      return [];
    }
    if (res.status === 404) {
      notes.push(`${k.kind} (${k.prefix}/${k.plural}) is not served by this cluster (404): skipped`);
      return [];
    }
    if (res.status !== 200) {
      const refusal = client.refusal(res, `list ${k.plural}${namespace ? ` in namespace ${namespace}` : ''}`, path);
      if (res.status !== 403 || !onForbidden) throw refusal;
      const decision = onForbidden(refusal.message);
      if ('note' in decision) {
        notes.push(decision.note);
        return [];
      }
      throw new InputError(refusal.file, decision.fatal);
    }
    let body: any;
    try {
      body = JSON.parse(res.body);
    } catch {
      throw new InputError(client.server + path, 'the API server answered with something that is not JSON');
    }
    if (!body || typeof body !== 'object' || !Array.isArray(body.items)) {
      throw new InputError(client.server + path, 'the API server answered without a list of items');
    }
    const apiVersion = typeof body.apiVersion === 'string' ? body.apiVersion : k.prefix.replace(/^\/apis?\//, '');
    for (const item of body.items) {
      if (!item || typeof item !== 'object' || typeof item.metadata?.name !== 'string') continue;
      // List items from the API carry no kind/apiVersion of their own.
      const obj = { apiVersion, kind: k.kind, ...item } as K8sObject;
      if (obj.kind === 'Secret') continue;
      const ns = obj.metadata.namespace;
      const apiPath =
        k.namespaced && ns
          ? `${k.prefix}/namespaces/${ns}/${k.plural}/${obj.metadata.name}`
          : `${k.prefix}/${k.plural}/${obj.metadata.name}`;
      out.push({ obj, source: { apiPath } });
    }
    token = typeof body.metadata?.continue === 'string' && body.metadata.continue !== '' ? body.metadata.continue : undefined;
    if (!token) return out;
    if (seenTokens.has(token)) throw new InputError(client.server + path, 'the API server repeated a continue token; stopping');
    seenTokens.add(token);
  }
}

export interface ApiResponse {
  status: number;
  body: string;
}

/** One GET against the API server; what callers beyond the list calls (API discovery) are given, so tests can fake it. */
export interface ApiGetter {
  /** The server's address, for messages. */
  readonly server: string;
  get(path: string): Promise<ApiResponse>;
}

/** A read-only client for the cluster of a kubeconfig context (the same credentials and limits as readLive). */
export async function apiGetter(opts: LiveOptions): Promise<ApiGetter> {
  return new ApiClient((await loadKubeConfig(opts)).kc);
}

/** GETs against the API server of a kubeconfig context, with its credentials and TLS settings. */
class ApiClient implements ApiGetter {
  readonly server: string;
  constructor(private readonly kc: KubeConfig) {
    this.server = kc.getCurrentCluster()!.server.replace(/\/+$/, '');
  }

  async get(path: string): Promise<ApiResponse> {
    const url = new URL(this.server + path);
    const opts: RequestOptions = { method: 'GET', headers: { Accept: 'application/json' }, timeout: REQUEST_TIMEOUT_MS };
    try {
      await this.kc.applyToHTTPSOptions(opts);
    } catch (err) {
      throw new InputError(this.server, `cannot get credentials for context ${this.kc.getCurrentContext()}: ${firstLine((err as Error).message)}`);
    }
    const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
    return new Promise<ApiResponse>((resolve, reject) => {
      const req = send(url, opts, (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_PAGE_BYTES) {
            req.destroy();
            reject(new InputError(this.server + path, `the answer is larger than ${MAX_PAGE_BYTES} bytes`));
            return;
          }
          chunks.push(c);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (err) => reject(this.unreachable(err)));
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)));
      req.on('error', (err) => reject(this.unreachable(err)));
      req.end();
    });
  }

  unreachable(err: Error): InputError {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code ? `${code}: ${firstLine(err.message)}` : firstLine(err.message);
    return new InputError(this.server, `cannot reach the API server of context ${this.kc.getCurrentContext()} (${why})`);
  }

  /** An error for a non-200 answer, naming the verb and kind, with the server's own message. */
  refusal(res: ApiResponse, what: string, path: string): InputError {
    let message = '';
    try {
      const status = JSON.parse(res.body);
      if (typeof status?.message === 'string') message = `: ${status.message}`;
    } catch {
      // not a Status object; the code says enough
    }
    const user = this.kc.getCurrentUser()?.name ?? 'the current user';
    const where = this.server + path;
    switch (res.status) {
      case 401:
        return new InputError(where, `401 Unauthorized: the API server did not accept the credentials of ${user} (context ${this.kc.getCurrentContext()})${message}`);
      case 403:
        return new InputError(where, `403 Forbidden: ${user} may not ${what}; ktm needs get/list on it (read-only)${message}`);
      case 410:
        return new InputError(where, `410 Gone: the list changed while it was being read; run again${message}`);
      default:
        return new InputError(where, `the API server answered ${res.status} to ${what}${message}`);
    }
  }
}

export interface LoadOptions {
  /** Files, folders, `-` for stdin. */
  sources: string[];
  kubeconfig?: string;
  context?: string;
}

/** Whether loadInventory reads a live cluster for these options (see there). */
export function readsLiveCluster(opts: LoadOptions): boolean {
  return opts.kubeconfig !== undefined || opts.context !== undefined || (opts.sources.length === 0 && !!process.env.KUBECONFIG);
}

/**
 * The inventory from files and/or a live cluster. The cluster is read when `kubeconfig` or `context` is
 * given, or when no sources are given and $KUBECONFIG is set. Files come first, then live objects.
 * No sources and no cluster is a usage error.
 */
export async function loadInventory(opts: LoadOptions): Promise<Inventory> {
  const live = readsLiveCluster(opts);
  if (!live && opts.sources.length === 0) {
    throw new UsageError('no input: give manifest files or folders, `-` for stdin, or --kubeconfig/--context for a live cluster');
  }
  const resources: Resource[] = opts.sources.length > 0 ? readSources(opts.sources) : [];
  let notes: string[] = [];
  if (live) {
    const result = await readLive({ kubeconfig: opts.kubeconfig, context: opts.context });
    for (const r of toResources(result.raw)) resources.push(r);
    notes = result.notes;
  }
  return buildInventory(resources, { notes });
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}
