/**
 * Knative Serving objects as workloads. A Revision's pods carry labels the Revision reconciler adds and
 * a queue-proxy sidecar with fixed ports; both matter to NetworkPolicy selectors and named ports, so
 * they are reproduced here from knative/serving's source:
 *
 * - Revision labels from a Configuration: `pkg/reconciler/configuration/resources/revision.go`
 *   (`updateRevisionLabels`: `serving.knative.dev/configuration` = config name, `serving.knative.dev/service`
 *   = the config's service label (empty when standalone), `serving.knative.dev/configurationGeneration`);
 *   name `kmeta.ChildName(config, "-%05d" generation)` unless the template names it.
 * - Pod labels from a Revision: `pkg/reconciler/revision/resources/meta.go` (`makeLabels`: the revision's
 *   labels minus `serving.knative.dev/route` and `serving.knative.dev/routingState`, plus
 *   `serving.knative.dev/revision`, `serving.knative.dev/revisionUID` (only when the uid is known, i.e.
 *   live input), and `app: <revision>` unless set).
 * - Ports: `pkg/reconciler/revision/resources/queue.go` (`queue-port` 8012, or 8013 for h2c; `https-port`
 *   8112; `http-queueadm` 8022, `http-autometric` 9090, `http-usermetric` 9091 from
 *   `pkg/apis/serving/v1/revision_helpers.go`; `profiling-port` 8008 only when profiling is enabled)
 *   and `deploy.go` (the user container gets one port named `user-port`: its first declared port, else 8080).
 *
 * One rule against double counting: the Revision is the unit (its pods are what exists). Revisions in the
 * input are workloads; a Configuration with Revisions in the input is represented by them, and a Service
 * by its Configuration (or its Revisions). Only a Configuration or Service with nothing below it in the
 * input becomes a workload itself, standing for the Revision it would create.
 */
import { createHash } from 'node:crypto';
import type { ContainerPort, Resource, Workload } from './types.js';
import { containerPorts, getPath, stringMap } from './podtemplate.js';
import { groupBy } from '../util/arrays.js';

export const KNATIVE_SERVING_GROUP = 'serving.knative.dev';
export const REVISION_LABEL = 'serving.knative.dev/revision';
export const REVISION_UID_LABEL = 'serving.knative.dev/revisionUID';
export const CONFIGURATION_LABEL = 'serving.knative.dev/configuration';
export const CONFIGURATION_GENERATION_LABEL = 'serving.knative.dev/configurationGeneration';
export const SERVICE_LABEL = 'serving.knative.dev/service';
const ROUTE_LABELS = new Set(['serving.knative.dev/route', 'serving.knative.dev/routingState']);

/** Knative's default user port and its name (`pkg/apis/serving/v1/revision_helpers.go`). */
export const USER_PORT_NAME = 'user-port';
export const DEFAULT_USER_PORT = 8080;

/** Every port a queue-proxy may listen on, with its container port name (8012 and 8013 share `queue-port`). */
export const QUEUE_PROXY_PORTS: ReadonlyArray<ContainerPort & { name: string; purpose: string }> = [
  { name: 'queue-port', containerPort: 8012, protocol: 'TCP', purpose: 'HTTP/1 requests (from the gateway or activator)' },
  { name: 'queue-port', containerPort: 8013, protocol: 'TCP', purpose: 'h2c requests, when the user port is named h2c' },
  { name: 'https-port', containerPort: 8112, protocol: 'TCP', purpose: 'TLS requests (system-internal-tls)' },
  { name: 'http-queueadm', containerPort: 8022, protocol: 'TCP', purpose: 'health checks and drain (admin)' },
  { name: 'http-autometric', containerPort: 9090, protocol: 'TCP', purpose: 'autoscaling metrics scraped by the autoscaler' },
  { name: 'http-usermetric', containerPort: 9091, protocol: 'TCP', purpose: 'user-facing request metrics' },
  { name: 'profiling-port', containerPort: 8008, protocol: 'TCP', purpose: 'pprof, only when profiling is enabled' },
];

export interface KnativeOptions {
  /** config-observability enables profiling, so queue-proxy also declares `profiling-port` 8008. */
  profiling?: boolean;
}

export function isKnativeServing(res: Resource, kind?: 'Service' | 'Configuration' | 'Revision'): boolean {
  if (!res.groupKind.endsWith(`.${KNATIVE_SERVING_GROUP}`)) return false;
  return kind ? res.kind === kind : res.kind === 'Service' || res.kind === 'Configuration' || res.kind === 'Revision';
}

/** The Operator's KnativeServing object (its group kind). */
const KNATIVE_SERVING_CR = 'KnativeServing.operator.knative.dev';

/**
 * Whether an object is one profilingEnabled reads (any KnativeServing, whose namespace decides where the ConfigMap
 * is; any `config-observability`): adding or replacing it can change the workloads' queue-proxy ports. With the
 * Knative Serving objects themselves (isKnativeServing), that is all buildKnativeWorkloads reads.
 */
export function readByWorkloads(res: Resource): boolean {
  return res.groupKind === KNATIVE_SERVING_CR || (res.kind === 'ConfigMap' && res.name === 'config-observability');
}

/**
 * True when `config-observability` in the Knative system namespace turns runtime profiling on. A KnativeServing
 * (Operator) object's `spec.config.observability` (or `config-observability`) key wins: the operator writes it into
 * the ConfigMap on every reconcile.
 */
export function profilingEnabled(resources: Resource[], systemNamespace = 'knative-serving'): boolean {
  const cr = resources.find((r) => r.groupKind === KNATIVE_SERVING_CR);
  const ns = cr?.namespace ?? systemNamespace;
  const cm = resources.find((r) => r.kind === 'ConfigMap' && r.namespace === ns && r.name === 'config-observability');
  const config = cr?.obj.spec?.config;
  const section = config && typeof config === 'object' ? config['config-observability'] ?? config.observability : undefined;
  const data = {
    ...((cm?.obj.data ?? {}) as Record<string, unknown>),
    ...(section && typeof section === 'object' && !Array.isArray(section) ? (section as Record<string, unknown>) : {}),
  };
  // `runtime-profiling: enabled` today; `profiling.enable: "true"` before knative/pkg #3227.
  // Read as src/k8s/knative-config.ts reads it: the new key first, `enabled`/`disabled` or a Go bool.
  const raw = String(data['runtime-profiling'] ?? data['profiling.enable'] ?? '').trim();
  return raw.toLowerCase() === 'enabled' || ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(raw);
}

export interface KnativeWorkloads {
  workloads: Workload[];
  /** Knative objects to the one workload that stands for them (a Configuration with several Revisions has none). */
  representative: Map<Resource, Workload>;
}

/** Builds one workload per Revision (present or implied), following the rule in the header comment. */
export function buildKnativeWorkloads(resources: Resource[], opts: KnativeOptions = {}): KnativeWorkloads {
  const revisions = resources.filter((r) => isKnativeServing(r, 'Revision'));
  const configurations = resources.filter((r) => isKnativeServing(r, 'Configuration'));
  const services = resources.filter((r) => isKnativeServing(r, 'Service'));

  const revisionsOfConfig = groupBy(revisions, (r) => {
    const owner = controllerOwner(r, 'Configuration');
    const config = owner ?? r.obj.metadata.labels?.[CONFIGURATION_LABEL];
    return config ? `${r.namespace}/${config}` : undefined;
  });
  const configsOfService = groupBy(configurations, (c) => {
    const owner = controllerOwner(c, 'Service') ?? c.obj.metadata.labels?.[SERVICE_LABEL];
    return owner ? `${c.namespace}/${owner}` : undefined;
  });
  const revisionsOfService = groupBy(revisions, (r) => {
    const svc = r.obj.metadata.labels?.[SERVICE_LABEL];
    return svc ? `${r.namespace}/${svc}` : undefined;
  });

  const workloads: Workload[] = [];
  const representative = new Map<Resource, Workload>();

  for (const rev of revisions) {
    const w = revisionWorkload(rev, 'Revision', '', rev.obj.metadata.labels ?? {}, rev.name, opts);
    workloads.push(w);
    representative.set(rev, w);
  }
  for (const config of configurations) {
    const own = revisionsOfConfig.get(`${config.namespace}/${config.name}`);
    if (own) {
      for (const rev of own) addMember(representative.get(rev)!, config);
      continue;
    }
    const template = config.obj.spec?.template ?? {};
    const generation = generationOf(config);
    const labels = {
      ...stringMap(template.metadata?.labels),
      [CONFIGURATION_LABEL]: config.name,
      [SERVICE_LABEL]: config.obj.metadata.labels?.[SERVICE_LABEL] ?? '',
      [CONFIGURATION_GENERATION_LABEL]: String(generation),
    };
    const revName = revisionName(template, config.name, generation);
    const w = revisionWorkload(config, 'Configuration', 'spec.template', labels, revName, opts, template);
    workloads.push(w);
    representative.set(config, w);
  }
  for (const svc of services) {
    const key = `${svc.namespace}/${svc.name}`;
    const below = configsOfService.get(key) ?? revisionsOfService.get(key);
    if (below) {
      for (const r of below) {
        const w = representative.get(r);
        if (w) addMember(w, svc);
        else for (const rev of revisionsOfConfig.get(`${r.namespace}/${r.name}`) ?? []) addMember(representative.get(rev)!, svc);
      }
      const ws = below.map((r) => representative.get(r)).filter((w): w is Workload => !!w);
      if (ws.length === 1) representative.set(svc, ws[0]);
      continue;
    }
    // The Service creates a Configuration of the same name, which creates the Revision.
    const template = svc.obj.spec?.template ?? {};
    const labels = {
      ...stringMap(template.metadata?.labels),
      [CONFIGURATION_LABEL]: svc.name,
      [SERVICE_LABEL]: svc.name,
      [CONFIGURATION_GENERATION_LABEL]: '1',
    };
    const revName = revisionName(template, svc.name, 1);
    const w = revisionWorkload(svc, 'Service', 'spec.template', labels, revName, opts, template);
    workloads.push(w);
    representative.set(svc, w);
  }
  return { workloads, representative };
}

function revisionWorkload(
  res: Resource,
  kind: 'Revision' | 'Configuration' | 'Service',
  templatePath: string,
  revisionLabels: Record<string, string>,
  revName: string,
  opts: KnativeOptions,
  template?: any,
): Workload {
  // A Revision object is its own template: metadata and a PodSpec-shaped spec.
  const spec = template ? template.spec ?? {} : res.obj.spec ?? {};
  const meta = template ? template.metadata ?? {} : res.obj.metadata;
  const podLabels: Record<string, string> = {};
  for (const [k, v] of Object.entries(stringMap(revisionLabels))) if (!ROUTE_LABELS.has(k)) podLabels[k] = v;
  podLabels[REVISION_LABEL] = revName;
  const uid = kind === 'Revision' ? res.obj.metadata.uid : undefined;
  if (uid) podLabels[REVISION_UID_LABEL] = String(uid);
  if (!('app' in podLabels)) podLabels.app = revName;

  const specPath = templatePath === '' ? 'spec' : `${templatePath}.spec`;
  const declared = containerPorts(spec, res, specPath);
  const userPort = declared[0]?.containerPort ?? DEFAULT_USER_PORT;
  const h2c = firstContainerPortName(spec) === 'h2c';
  const ports: ContainerPort[] = [
    { name: USER_PORT_NAME, containerPort: userPort, protocol: 'TCP' },
    ...queueProxyPorts(h2c, opts.profiling ?? false),
  ];
  const service = podLabels[SERVICE_LABEL] || undefined;
  const configuration = podLabels[CONFIGURATION_LABEL] || undefined;
  return {
    kind,
    name: res.name,
    namespace: res.namespace ?? 'default',
    podLabels,
    podSpec: spec,
    podAnnotations: stringMap(meta.annotations),
    ports,
    resource: res,
    templatePath,
    knative: { service, configuration, revision: revName },
  };
}

/** The queue-proxy container's ports for one revision (`makeQueueContainer`). */
export function queueProxyPorts(h2c: boolean, profiling: boolean): ContainerPort[] {
  const pick = (name: string, port: number): ContainerPort => ({ name, containerPort: port, protocol: 'TCP' });
  const ports = [pick('http-queueadm', 8022), pick('http-autometric', 9090), pick('http-usermetric', 9091)];
  if (profiling) ports.push(pick('profiling-port', 8008));
  ports.push(pick('queue-port', h2c ? 8013 : 8012), pick('https-port', 8112));
  return ports;
}

function firstContainerPortName(spec: any): string | undefined {
  const containers = Array.isArray(spec?.containers) ? spec.containers : [];
  const serving = containers.find((c: any) => Array.isArray(c?.ports) && c.ports.length > 0);
  const name = serving?.ports?.[0]?.name;
  return typeof name === 'string' ? name : undefined;
}

/** `template.metadata.name`, else `kmeta.ChildName(parent, "-%05d" generation)`. */
export function revisionName(template: any, parent: string, generation: number): string {
  const named = getPath(template, 'metadata.name');
  if (typeof named === 'string' && named !== '') return named;
  return childName(parent, `-${String(generation).padStart(5, '0')}`);
}

/** knative.dev/pkg/kmeta.ChildName: names longer than 63 keep a prefix and the parent's md5. */
export function childName(parent: string, suffix: string): string {
  const longest = 63;
  const head = longest - 32;
  if (parent.length <= longest - suffix.length) return parent + suffix;
  const md5 = createHash('md5').update(parent).digest('hex');
  return parent.slice(0, Math.max(0, head - suffix.length)) + md5 + suffix;
}

function generationOf(res: Resource): number {
  const g = Number(res.obj.metadata.generation);
  return Number.isInteger(g) && g > 0 ? g : 1;
}

function controllerOwner(res: Resource, kind: string): string | undefined {
  const ref = (res.obj.metadata.ownerReferences ?? []).find(
    (o) => o?.controller === true && o.kind === kind && (!o.apiVersion || o.apiVersion.startsWith(`${KNATIVE_SERVING_GROUP}/`)),
  );
  return ref?.name;
}

function addMember(w: Workload, res: Resource): void {
  if (!w.members) w.members = [];
  if (!w.members.includes(res)) w.members.push(res);
}
