/**
 * Which Knative part a report is about. A report names a component id of the selected models, `other` (not part of
 * Knative), or one of the names people write (`security-guard`, `kourier`, `event-source-adapter`): the alias table
 * below maps those onto a model id and says which it chose. An unknown name is refused with the nearest ids.
 */
import type { ThreatModel } from '../model/schema.js';
import { InputError, type SourcePosition } from '../util/errors.js';
import type { DraftReport } from './report.js';

/** Names people write → the model component they mean. Keys are normalised (see `normalise`). */
export const COMPONENT_ALIASES: Readonly<Record<string, string>> = {
  // Serving
  'serving-controller': 'controller',
  'knative-serving-controller': 'controller',
  'serving-webhook': 'webhook',
  'knative-serving-webhook': 'webhook',
  queue: 'queue-proxy',
  queueproxy: 'queue-proxy',
  qp: 'queue-proxy',
  domainmapping: 'domain-mapping',
  'domainmapping-webhook': 'domain-mapping',
  'domain-mapping-webhook': 'domain-mapping',
  'user-code': 'user-container',
  // Networking layers
  kourier: 'ingress-gateway',
  'kourier-gateway': 'ingress-gateway',
  '3scale-kourier-gateway': 'ingress-gateway',
  gateway: 'ingress-gateway',
  'istio-ingressgateway': 'ingress-gateway',
  'contour-envoy': 'ingress-gateway',
  'local-gateway': 'cluster-local-gateway',
  'knative-local-gateway': 'cluster-local-gateway',
  'kourier-internal': 'cluster-local-gateway',
  'net-kourier': 'net-controller',
  'net-kourier-controller': 'net-controller',
  'net-istio-controller': 'net-istio',
  'net-istio-webhook': 'net-istio',
  'net-contour-controller': 'net-contour',
  'net-gateway-api-controller': 'net-gateway-api',
  'net-certmanager-controller': 'net-certmanager',
  'net-certmanager-webhook': 'net-certmanager',
  // Security-guard
  'security-guard': 'security-guard-gate',
  guard: 'security-guard-gate',
  'guard-gate': 'security-guard-gate',
  'security-guard-service': 'guard-service',
  // Eventing
  broker: 'broker-ingress',
  'mt-broker-ingress': 'broker-ingress',
  'mt-broker': 'broker-ingress',
  'mt-broker-filter': 'broker-filter',
  trigger: 'broker-filter',
  triggers: 'broker-filter',
  channel: 'channel-dispatcher',
  'imc-dispatcher': 'channel-dispatcher',
  'in-memory-channel': 'channel-dispatcher',
  imc: 'channel-dispatcher',
  'event-source-adapter': 'receive-adapter',
  'source-adapter': 'receive-adapter',
  adapter: 'receive-adapter',
  'github-source': 'receive-adapter',
  githubsource: 'receive-adapter',
  'eventing-github': 'receive-adapter',
  'gitlab-source': 'receive-adapter',
  gitlabsource: 'receive-adapter',
  'eventing-gitlab': 'receive-adapter',
  pingsource: 'pingsource-adapter',
  'ping-source': 'pingsource-adapter',
  'pingsource-mt-adapter': 'pingsource-adapter',
  apiserversource: 'apiserversource-adapter',
  'api-server-source': 'apiserversource-adapter',
  'container-source': 'containersource',
  'sink-binding': 'sinkbinding',
  'eventing-kafka-broker': 'kafka-broker',
  'kafka-broker-receiver': 'kafka-broker',
  'kafka-broker-dispatcher': 'kafka-broker',
  kafkachannel: 'kafka-channel',
  kafkasource: 'kafka-source',
  'kafka-source-dispatcher': 'kafka-source',
  rabbitmq: 'rabbitmq-broker',
  'eventing-rabbitmq': 'rabbitmq-broker',
  rabbitmqsource: 'rabbitmq-source',
  nats: 'nats-channel',
  natss: 'nats-channel',
  'eventing-natss': 'nats-channel',
  'nats-jetstream': 'nats-channel',
  // Operator and tools
  operator: 'knative-operator',
  'operator-webhook': 'knative-operator',
  kn: 'kn-cli',
  client: 'kn-cli',
  'knative-client': 'kn-cli',
  'kn-plugin': 'kn-plugins',
  func: 'func-cli',
  functions: 'func-cli',
  'kn-func': 'func-cli',
  backstage: 'backstage-plugins',
  'backstage-plugin': 'backstage-plugins',
  'eventmesh-backend': 'backstage-plugins',
};

/** Lower case, words joined by dashes: "Security Guard" and "security_guard" both read security-guard. */
export function normalise(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s_/]+/g, '-')
    .replace(/-+/g, '-');
}

export interface ComponentChoice {
  id: string;
  /** Set when the name given was not the id itself: which component it was read as, and why. */
  note?: string;
}

/**
 * The model component a name stands for: the id itself, an alias, the name without a `knative-` prefix, or a
 * `kn-plugin-…` name. Undefined when nothing matches.
 */
export function resolveComponent(name: string, models: ThreatModel[]): ComponentChoice | undefined {
  const known = new Map(models.flatMap((m) => m.components.map((c) => [c.id, c.name] as const)));
  if (name === 'other' || known.has(name)) return { id: name };
  const n = normalise(name);
  const candidates = [n, n.replace(/^knative-/, ''), /^kn-plugin-/.test(n) ? 'kn-plugin' : ''];
  for (const c of candidates.filter(Boolean)) {
    const id = known.has(c) ? c : COMPONENT_ALIASES[c];
    if (id && known.has(id)) return { id, note: `component "${name}" read as ${id} (${known.get(id)})` };
  }
  return undefined;
}

/** The ids closest to a name (shared prefix, containment, then edit distance), at most three. */
export function nearestComponents(name: string, models: ThreatModel[]): string[] {
  const n = normalise(name);
  const ids = [...new Set([...models.flatMap((m) => m.components.map((c) => c.id)), ...Object.keys(COMPONENT_ALIASES)])];
  const score = (id: string) => (id.includes(n) || n.includes(id) ? 0 : editDistance(n, id));
  return ids
    .map((id) => ({ id, d: score(id) }))
    .filter((x) => x.d <= Math.max(3, Math.floor(n.length / 3)))
    .sort((a, b) => a.d - b.d || a.id.localeCompare(b.id))
    .slice(0, 3)
    .map((x) => x.id);
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

/**
 * Resolves the report's component in place (an alias becomes its id) and returns the note saying so; an unknown
 * name is an InputError naming the nearest components.
 */
export function checkComponents(
  report: DraftReport,
  models: ThreatModel[],
  file: string,
  locate: (path: string[]) => SourcePosition | undefined = () => undefined,
): string | undefined {
  const name = report.spec.component;
  if (name === undefined) return undefined;
  const choice = resolveComponent(name, models);
  if (choice) {
    report.spec.component = choice.id;
    return choice.note;
  }
  const near = nearestComponents(name, models);
  const hint = near.length > 0 ? `did you mean ${near.map((x) => `"${x}"`).join(', ')}? ` : '';
  throw new InputError(
    file,
    `unknown component "${name}": ${hint}(\`ktm model show\` lists every component; "other" is software that is not part of Knative)`,
    locate(['spec', 'component']),
    'spec.component',
  );
}
