/**
 * The 2025 model can never drift from the published page (../shared/seeds/knative-threat-model-2025.md): every clause
 * quote occurs verbatim in it, and every sentence of the page is either covered by a clause or listed below as not
 * stating a rule, with the reason. The page is compared as it reads: Markdown markup (link targets, emphasis, code
 * ticks) removed and whitespace normalised. Table rows count as one sentence each; the attack goals' "Components" and
 * "Attackers" lines and the mitigations' "Mitigates" lines are data, checked against the model's goals below.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { SHARED } from '../helpers/cli.js';
import { loadModel } from '../../src/model/loader.js';

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
/** The page's text as a reader sees it. */
export function readable(md: string): string {
  return md
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\*\*|`/g, '')
    .replace(/(^|[\s(])_([^_]+)_(?=[\s).,:;]|$)/gm, '$1$2');
}

const model = loadModel('knative-2025');
const seed = readable(readFileSync(resolve(SHARED, model.metadata.source.seed!), 'utf8'));
const seedText = norm(seed);

/** Paragraph text split into sentences; headings, table rules and the goal/mitigation data lines are set apart. */
function sentences(text: string): { prose: string[]; headings: string[]; rows: string[]; data: string[] } {
  const out = { prose: [] as string[], headings: [] as string[], rows: [] as string[], data: [] as string[] };
  for (const para of text.split(/\n\s*\n/)) {
    const lines = para.split('\n').filter((l) => l.trim());
    if (lines.length === 0) continue;
    if (lines[0].startsWith('#')) {
      out.headings.push(norm(lines[0].replace(/^#+/, '')));
      lines.shift();
    }
    if (lines.length === 0) continue;
    if (lines[0].trim().startsWith('|')) {
      for (const l of lines) if (!/^\|\s*-/.test(l.trim())) out.rows.push(norm(l.replace(/^\s*\||\|\s*$/g, '')));
      continue;
    }
    const joined = norm(lines.join(' '));
    if (/^(Components|Attackers|Mitigates):/.test(joined)) {
      out.data.push(...joined.split(/\s(?=Attackers:)/));
      continue;
    }
    // List items are their own sentences.
    for (const item of joined.split(/\s(?=- [A-Z])/)) {
      out.prose.push(...item.replace(/^- /, '').split(/(?<=[.:)])\s+(?=[A-Z(])/).map(norm).filter(Boolean));
    }
  }
  return out;
}

/** Sentences that state no rule, assumption, scope or mitigation, with the reason. */
const NOT_RULES: Record<string, string> = {
  'Knative extends Kubernetes by offering developer-focused serverless abstractions to users.': 'what Knative is',
  'An Application may consist of a mix of Knative and non-Knative resources (e.g. a Knative Service and a database deployed as a StatefulSet by a separate operator, or an Eventing Broker delivering events to a non-Knative Deployment).':
    'example of the definition above',
  'Knative runs a number of controllers which implement the management of Knative custom resources.': 'architecture description',
  'Some of these controllers provide operating instructions for other software (such as provisioning a message queue), while others directly create resources in system or user namespaces, such as Kubernetes deployments, pods, or services.':
    'architecture description',
  'For several custom resources, Knative implements validating and mutating admission control webhooks.': 'architecture description',
  'These webhooks allow Knative to prevent the creation of invalid resources, and provide immediate feedback to users about the nature of the invalid resource.':
    'architecture description',
  'Event sources generally consist of a controller and one or more data-plane pods which collect events from outside the cluster (via push or poll models).':
    'architecture description (the placement rule that follows is a clause)',
  'Knative event routing constructs (Brokers and Channels) generally consist of two components: a sink which receives events which should be stored as messages in the underlying transport before being routed to destinations, and a sender which consumes messages from the underlying transport and sends them to the configured destinations.':
    'architecture description',
  'Roughly, the Broker and Channel objects represent the sink implementation, while Triggers and Subscriptions represent the sender implementation.':
    'architecture description',
  'See router sinks for a description of the allocation of responsibilities between senders and sinks in Knative.': 'cross-reference',
  'Triggers (and Subscriptions) represent the sending side of Knative event routing -- they deliver a series of CloudEvents to an HTTP destination with at-least-once delivery semantics.':
    'architecture description (the replay rule that follows is a clause)',
  'Knative Serving requires an ingress gateway to perform HTTP routing and other features like TLS termination and traffic splitting, but delegates the implementation of the ingress gateway to external software such as Istio, Contour, or Gateway API implementations.':
    'architecture description (the delegation consequence that follows is a clause)',
  'The activator works in concert with the autoscaler to manage the number of Pods for a particular Revision based on traffic routing decisions made by the ingress gateway.':
    'architecture description',
  'Not all incoming requests are handled by the activator -- when a particular revision has sufficient replicas to handle bursty traffic, the ingress gateway is programmed with the direct backend addresses of the application pods.':
    'architecture description',
  'The autoscaler is a control-plane component which tracks the current number of requests and requests / second for each Knative revision, and adjusts the necessary number of pods based on the observed traffic.':
    'architecture description',
  'The autoscaler collects traffic measurements from the activator and queue proxies, computes desired number of pods for each revision, and then updates the desired number of deployment replicas on the Kubernetes apiserver.':
    'architecture description',
  'The queue-proxy runs as a sidecar alongside each user container (in the same Pod).': 'architecture description',
  'The queue-proxy is responsible for measuring request load on the specific pod, enforcing request timeouts and graceful pod shutdown, and managing request concurrency to the application (if requested).':
    'architecture description',
  'See migitations for implemented defenses and additional cluster-specific configuration which may be considered.': 'cross-reference',
  'Components targeted:': 'introduces the data line that follows',
  'Examples might include a request to delete application data, or an event (such as a financial transaction) to be recorded which was not authorized.':
    'examples of the goal above',
  'This includes both controllers interacting with the Kubernetes apiserver as well as data-plane routing elements like the activator or broker sinks which are run in a shared namespace.':
    'examples of the definition above (the goal data lists the components)',
  'A number of Knative services are implemented using HTTP routing on shared infrastructure.': 'introduces the limitation that follows',
  'Knative undertook an external security audit in 2023.': 'history; the hardening it led to is a clause',
  'Knative supports automatically provisioning TLS certificates for Knative Services as well as provisioning certificates for broker sinks.':
    'feature description; the administrators\' duty that follows is a clause',
  'The autoscaler connects to activators and queue-proxies to collect load reports.': 'architecture description',
  'Knative Eventing routing layers (Brokers, Channels) connect to transport layers such as Kafka or RabbitMQ.': 'architecture description',
};

const { prose, headings, rows, data } = sentences(seed);
const covered = (s: string) => model.clauses.some((c) => s.includes(norm(c.quote)) || norm(c.quote).includes(s));

describe('knative-2025 against the published page', () => {
  test('every clause quote occurs verbatim in the page', () => {
    const missing = model.clauses.filter((c) => !seedText.includes(norm(c.quote))).map((c) => c.id);
    expect(missing).toEqual([]);
  });

  test('every sentence is covered by a clause or listed as not a rule', () => {
    const open = prose.filter((s) => !covered(s) && !(s in NOT_RULES));
    expect(open).toEqual([]);
    // The list stays honest: nothing in it is missing from the page.
    expect(Object.keys(NOT_RULES).filter((s) => !prose.includes(s) && !headings.includes(s))).toEqual([]);
  });

  test('every trust-flow row is a clause and a data flow with that trust level', () => {
    const flowRows = rows.filter((r) => /\b(low|high|no change)\b/.test(r) && !/^Actor|^From/.test(r));
    expect(flowRows).toHaveLength(10);
    for (const r of flowRows) {
      const clause = model.clauses.find((c) => norm(c.quote) === r);
      expect(clause, r).toBeDefined();
      const level = r.split(' | ')[2].replace(/ to /, '->').replace('no change', 'no-change');
      const flows = model.dataFlows.filter((f) => f.clauses.includes(clause!.id));
      expect(flows.length, r).toBeGreaterThan(0);
      for (const f of flows) expect(f.trust, f.id).toBe(level);
    }
  });

  test('every threat actor row is a clause', () => {
    for (const r of rows.filter((x) => /^(External|Malicious)/.test(x))) {
      expect(model.clauses.some((c) => r.includes(norm(c.quote))), r).toBe(true);
    }
  });

  test("each attack goal carries the page's components and attackers, each mitigation what it mitigates", () => {
    const goals = data.filter((d) => d.startsWith('Components:'));
    const attackers = data.filter((d) => d.startsWith('Attackers:'));
    expect(model.attackGoals).toHaveLength(goals.length);
    const actorWords: Record<string, string> = {
      external: 'external-attacker',
      developer: 'developer',
      'event source': 'event-source-admin',
      'supply chain': 'supply-chain',
    };
    model.attackGoals.forEach((g, i) => {
      const want = attackers[i].replace('Attackers: ', '').split(', ').map((w) => actorWords[w]);
      expect(g.actors.sort(), g.id).toEqual(want.sort());
      // Every kind of component the page names is represented.
      const words = goals[i].replace('Components: ', '').split(', ');
      const has = (ids: string[]) => ids.some((id) => g.components.includes(id));
      const KIND: Record<string, string[]> = {
        sources: ['receive-adapter'],
        'event sources': ['receive-adapter'],
        'broker sinks': ['broker-ingress'],
        triggers: ['broker-filter'],
        gateways: ['ingress-gateway'],
        activator: ['activator'],
        'queue-proxy': ['queue-proxy'],
        controllers: ['controller', 'eventing-controller'],
        webhooks: ['webhook', 'eventing-webhook'],
        autoscaler: ['autoscaler'],
      };
      for (const w of words) expect(has(KIND[w]), `${g.id}: ${w}`).toBe(true);
    });
    const mitigates = data.filter((d) => d.startsWith('Mitigates:'));
    expect(model.mitigations).toHaveLength(mitigates.length);
    const GOAL: Record<string, string> = {
      'intercept or block requests': 'intercept-block',
      'system code execution': 'system-code-exec',
      'bypass access control': 'spoof-requests',
      'prevent execution': 'prevent-execution',
      'user code execution': 'cross-namespace-code-exec',
    };
    model.mitigations.forEach((m, i) => {
      expect(m.mitigates.sort(), m.id).toEqual(mitigates[i].replace('Mitigates: ', '').split(', ').map((w) => GOAL[w]).sort());
    });
  });

  test('the clauses the issue names are there, by role', () => {
    const by = (rule: string) => model.clauses.find((c) => c.rule === rule);
    expect(by('attacker-controlled-application')!.quote).toMatch(/attacker has control of/);
    expect(by('sidecar-same-domain')!.quote).toMatch(/same security domain \(namespace\)/);
    expect(by('scope-serving-eventing')!.section).toBe('Usage of this document');
    expect(by('multi-cluster-independent')!.section).toBe('Multi-Cluster usage');
    expect(model.clauses.find((c) => c.id === 'scope.functions')!.kind).toBe('out-of-scope');
  });
});
