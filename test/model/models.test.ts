/**
 * The built-in models: they validate, carry the rule tags the engines need, quote their sources, and describe
 * components the way the stock Knative manifests deploy them (selectors, ports, service accounts).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, test } from 'vitest';
import { FIXTURES, SHARED } from '../helpers/cli.js';
import { listBuiltinModels, loadModel } from '../../src/model/loader.js';
import { clauseByRule, tenancyStatus } from '../../src/model/catalog.js';
import { PRIVILEGES, type RuleTag } from '../../src/model/schema.js';

const m2021 = loadModel('knative-2021');
const m2025 = loadModel('knative-2025');
const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Rule tags the engines look up in the default model. */
const RULES_2021: RuleTag[] = [
  'purpose-triage',
  'purpose-feature-review',
  'tenancy-supported',
  'tenancy-hardening',
  'multi-tenant-not-vulnerability',
  'attacker-classes',
  'unprivileged-most-significant',
  'administrator-trusted',
  'confidentiality-integrity-first',
  'availability-lower-priority',
  'availability-inherited',
  'platform-trusted',
  'runtime-network-trusted',
  'untrusted-needs-isolation',
  'shared-component-filtering',
];
/** Rules only the 2025 model states. */
const RULES_2025_ONLY: RuleTag[] = [
  'namespace-isolation-goal',
  'multi-cluster-independent',
  'equal-impact-out-of-scope',
  'application-level-excluded',
  'replay-expected',
  'network-policy-limits',
  'controller-namespace-confinement',
];

describe('built-in models', () => {
  test('both are listed, the default first', () => {
    expect(listBuiltinModels().map((m) => m.id)).toEqual(['knative-2021', 'knative-2025']);
  });

  test.each(RULES_2021)('knative-2021 has a clause for rule %s', (rule) => {
    expect(clauseByRule(m2021, rule)?.rule).toBe(rule);
  });
  test.each(RULES_2025_ONLY)('knative-2025 has a clause for rule %s', (rule) => {
    expect(clauseByRule(m2025, rule)?.rule).toBe(rule);
  });
  test('the 2025-only rules are indeed absent from 2021', () => {
    for (const r of RULES_2025_ONLY) expect(clauseByRule(m2021, r)).toBeUndefined();
  });

  test('the rules are tagged on the sentences that play them', () => {
    expect(clauseByRule(m2021, 'multi-tenant-not-vulnerability')!.quote).toMatch(/do not currently view exploits in these situations as vulnerabilities/);
    expect(clauseByRule(m2021, 'administrator-trusted')!.quote).toMatch(/exceed their cluster roles/);
    expect(clauseByRule(m2021, 'unprivileged-most-significant')!.quote).toMatch(/even without the ability to submit workloads/);
    expect(clauseByRule(m2021, 'availability-inherited')!.quote).toMatch(/significantly higher than the same situation in Kubernetes/);
    expect(clauseByRule(m2021, 'platform-trusted')!.quote).toMatch(/cannot be secure if the underlying platform is not secured/);
    expect(clauseByRule(m2021, 'untrusted-needs-isolation')!.quote).toMatch(/mutually untrusted workloads/);
    expect(clauseByRule(m2021, 'tenancy-supported')!.quote).toMatch(/single tenant per cluster/);
    expect(clauseByRule(m2025, 'equal-impact-out-of-scope')!.quote).toMatch(/impact both Knative and non-Knative workloads/);
    expect(clauseByRule(m2025, 'replay-expected')!.quote).toMatch(/replay/);
  });

  test('tenancy: 2021 supports only a cluster per tenant; 2025 namespaces, and virtual clusters with hardening', () => {
    expect([tenancyStatus(m2021, 'cluster'), tenancyStatus(m2021, 'namespace'), tenancyStatus(m2021, 'control-plane')]).toEqual([
      'supported',
      'unsupported',
      'unsupported',
    ]);
    expect(m2021.tenancy.find((t) => t.id === 'namespace')!.hardening).toEqual([
      'network-policy',
      'container-isolation',
      'shared-component-filtering',
    ]);
    expect([tenancyStatus(m2025, 'cluster'), tenancyStatus(m2025, 'namespace'), tenancyStatus(m2025, 'control-plane')]).toEqual([
      'supported',
      'supported',
      'supported-with-hardening',
    ]);
  });

  test('administrators are trusted, the unprivileged attacker is not (both models)', () => {
    for (const m of [m2021, m2025]) {
      expect(m.actors.find((a) => a.privilege === 'knative-admin')!.trusted).toBe(true);
      expect(m.actors.find((a) => a.privilege === 'none')!.trusted).toBe(false);
    }
  });

  test('2025 has the four threat actor types and five attack goals', () => {
    const threat = m2025.actors.filter((a) => !a.trusted).map((a) => a.privilege).sort();
    expect(threat).toEqual(['event-source-admin', 'namespace-admin', 'none', 'supply-chain']);
    expect(m2025.attackGoals).toHaveLength(5);
    for (const a of m2025.actors) expect(PRIVILEGES).toContain(a.privilege);
  });

  test('each model claims its own seed (the 2025 quotes are checked in seed-coverage-2025.test.ts)', () => {
    expect(m2021.metadata.source.seed).toBe('seeds/knative-threat-model-2021.md');
    expect(m2025.metadata.source.seed).toBe('seeds/knative-threat-model-2025.md');
  });

  test('a clause id shared by both models plays the same rule in both', () => {
    for (const c of m2025.clauses) {
      const old = m2021.clauses.find((x) => x.id === c.id);
      if (old && (old.rule || c.rule)) expect([c.id, c.rule]).toEqual([c.id, old.rule]);
    }
  });

  test('activator, gateways and broker ingress forward for the caller; every data-plane hop they make is caller-chosen', () => {
    for (const m of [m2021, m2025]) {
      for (const id of ['activator', 'ingress-gateway', 'cluster-local-gateway', 'broker-ingress']) {
        expect(m.components.find((c) => c.id === id)!.forwardsForCaller, id).toBe(true);
        for (const f of m.dataFlows.filter((f) => f.from === id && f.protocol.startsWith('HTTP'))) {
          expect(f.destinationChosenBy, f.id).toBe('caller');
        }
      }
    }
  });

  test('2025 trust flows follow the Ada Logics levels', () => {
    const trust = (id: string) => m2025.dataFlows.find((f) => f.id === id)!.trust;
    expect(trust('internet-to-gateway')).toBe('low->high');
    expect(trust('gateway-to-activator')).toBe('low->low');
    expect(trust('gateway-to-queue-proxy')).toBe('low->high');
    expect(trust('queue-proxy-to-user-container')).toBe('high->high');
    expect(trust('filter-to-subscriber')).toBe('high->low');
  });

  test('assumptions about the cluster, runtime and network cannot be verified from manifests', () => {
    for (const m of [m2021, m2025]) {
      for (const subject of ['cluster', 'network'] as const) {
        const a = m.assumptions.filter((x) => x.subject === subject);
        expect(a.length, subject).toBeGreaterThan(0);
        expect(a.every((x) => !x.verifiableFromManifests)).toBe(true);
      }
    }
  });
});

// ---- components against the stock manifests ----

interface Workload {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  serviceAccount: string;
  ports: Array<{ name?: string; containerPort: number }>;
}
interface Svc {
  namespace: string;
  selector: Record<string, string>;
  targetPorts: number[];
}

function readFixtures(): { workloads: Workload[]; services: Svc[] } {
  const workloads: Workload[] = [];
  const services: Svc[] = [];
  for (const f of ['serving-core.yaml', 'eventing-core.yaml', 'in-memory-channel.yaml', 'mt-channel-broker.yaml', 'kourier.yaml']) {
    for (const doc of parseAllDocuments(readFileSync(resolve(FIXTURES, 'knative', f), 'utf8'))) {
      const o = doc.toJS() as any;
      if (!o) continue;
      if (o.kind === 'Deployment' || o.kind === 'StatefulSet') {
        const spec = o.spec.template.spec;
        workloads.push({
          namespace: o.metadata.namespace,
          name: o.metadata.name,
          labels: o.spec.template.metadata.labels ?? {},
          serviceAccount: spec.serviceAccountName ?? 'default',
          ports: spec.containers.flatMap((c: any) => c.ports ?? []),
        });
      } else if (o.kind === 'Service' && o.spec?.selector) {
        services.push({
          namespace: o.metadata.namespace,
          selector: o.spec.selector,
          targetPorts: (o.spec.ports ?? []).map((p: any) => (typeof p.targetPort === 'number' ? p.targetPort : p.port)),
        });
      }
    }
  }
  return { workloads, services };
}

/** Components the stock fixtures do not install (security-guard is an add-on). */
const NOT_IN_FIXTURES = new Set(['guard-service']);

describe('components match the stock Knative manifests', () => {
  const { workloads, services } = readFixtures();
  const matches = (sel: Record<string, string>, labels: Record<string, string>) =>
    Object.entries(sel).every(([k, v]) => labels[k] === v);

  for (const c of m2021.components.filter((c) => c.selector && !NOT_IN_FIXTURES.has(c.id))) {
    test(`${c.id}: selector, namespace, service account and ports`, () => {
      const found = workloads.filter((w) => matches(c.selector!, w.labels));
      expect(found.length, `no workload matches ${JSON.stringify(c.selector)}`).toBeGreaterThan(0);
      const w = found[0];
      expect(w.namespace).toBe(c.namespace);
      if (c.serviceAccount) expect(w.serviceAccount).toBe(c.serviceAccount);
      const svcTargets = services.filter((s) => s.namespace === w.namespace && matches(s.selector, w.labels)).flatMap((s) => s.targetPorts);
      for (const p of c.ports) {
        const declared = w.ports.find((x) => x.containerPort === p.port);
        expect(declared || svcTargets.includes(p.port), `${c.id} port ${p.port}`).toBeTruthy();
        if (declared?.name) expect(declared.name, `${c.id} port ${p.port} name`).toBe(p.name);
      }
    });
  }

  test('the reference §4.1 ports are in the model', () => {
    const ports = (id: string) => m2021.components.find((c) => c.id === id)!.ports.map((p) => `${p.name}:${p.port}`);
    expect(ports('activator')).toEqual(expect.arrayContaining(['http1:8012', 'h2c:8013', 'https:8112', 'metrics:9090', 'profiling:8008']));
    expect(ports('autoscaler')).toContain('websocket:8080');
    expect(ports('webhook')).toContain('https-webhook:8443');
    expect(m2021.components.find((c) => c.id === 'queue-proxy')!.ports.map((p) => p.port)).toEqual([8012, 8013, 8112, 8022, 9090, 9091]);
  });
});
