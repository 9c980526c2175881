/**
 * Knative shared hops on the stock install manifests (../shared/fixtures/knative) plus tenant namespaces
 * added here: activator, gateway and broker hops, the L7 filters that close them, and system facts.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/cli.js';
import { objectsFromText, readManifestFile, toResources } from '../../src/k8s/load.js';
import { buildInventory } from '../../src/k8s/inventory.js';
import { analyzeReachability } from '../../src/netpol/index.js';
import { CALLER_AND_SERVICE_TENANTS as TENANTS } from '../helpers/cluster.js';

const STOCK = ['serving-core.yaml', 'kourier.yaml', 'net-istio.yaml', 'eventing-core.yaml', 'mt-channel-broker.yaml'];


const DENY_B_EXCEPT_SYSTEM = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: tenant-b}
spec: {podSelector: {}, policyTypes: [Ingress]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-knative, namespace: tenant-b}
spec:
  podSelector: {}
  ingress:
  - from:
    - namespaceSelector:
        matchExpressions:
        - {key: kubernetes.io/metadata.name, operator: In, values: [knative-serving, kourier-system, knative-eventing]}
`;

const DENY_B_ALL = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: tenant-b}
spec: {podSelector: {}, policyTypes: [Ingress]}
`;

/** Istio on the activator, one ALLOW rule per tenant tying the header to the source namespace. */
const ACTIVATOR_AUTHZ = `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: activator-tenants, namespace: knative-serving}
spec:
  selector: {matchLabels: {app: activator}}
  action: ALLOW
  rules:
  - from: [{source: {namespaces: [tenant-a]}}]
    when: [{key: "request.headers[Knative-Serving-Namespace]", values: [tenant-a]}]
  - from: [{source: {namespaces: [tenant-b]}}]
    when: [{key: "request.headers[knative-serving-namespace]", values: [tenant-b]}]
  - from: [{source: {namespaces: [kourier-system, knative-serving]}}]
`;

const ACTIVATOR_DENY = `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: activator-deny-a, namespace: knative-serving}
spec:
  selector: {matchLabels: {app: activator}}
  action: DENY
  rules:
  - from: [{source: {namespaces: [tenant-a]}}]
    when: [{key: "request.headers[knative-serving-namespace]", notValues: [tenant-a]}]
`;

const BROKER_B = `
apiVersion: eventing.knative.dev/v1
kind: Broker
metadata: {name: default, namespace: tenant-b}
`;

function load(extra: string[], opts: { mesh?: boolean; meshGateway?: boolean; oidc?: boolean } = {}) {
  const raw = STOCK.flatMap((f) => readManifestFile(join(FIXTURES, 'knative', f)));
  extra.forEach((text, i) => raw.push(...objectsFromText(text, `extra-${i}.yaml`)));
  for (const r of raw) {
    const meshed = (opts.mesh && r.obj.metadata?.name === 'knative-serving') || (opts.meshGateway && r.obj.metadata?.name === 'kourier-system');
    if (meshed && r.obj.kind === 'Namespace') {
      r.obj.metadata.labels = { ...(r.obj.metadata.labels ?? {}), 'istio-injection': 'enabled' };
    }
    if (opts.oidc && r.obj.kind === 'ConfigMap' && r.obj.metadata.name === 'config-features' && r.obj.metadata.namespace === 'knative-eventing') {
      r.obj.data = { ...(r.obj.data ?? {}), 'authentication-oidc': 'enabled' };
    }
  }
  return analyzeReachability(buildInventory(toResources(raw)));
}

describe('Knative shared hops on the stock manifests', () => {
  it('finds the hubs in the stock manifests', () => {
    const r = load([TENANTS]);
    expect(r.hops?.hubs('activator').map((w) => w.name)).toEqual(['activator']);
    expect(r.hops?.hubs('gateway').map((w) => w.name)).toEqual(['3scale-kourier-gateway']);
    expect(r.hops?.hubs('broker').map((w) => w.name)).toEqual(['mt-broker-ingress']);
  });

  it('without policies tenants reach each other directly', () => {
    const r = load([TENANTS]);
    expect(r.namespaceMatrix().cell('tenant-a', 'tenant-b')).toBe('direct');
  });

  it('default-deny that admits knative-serving leaves the activator hop open, with its hops', () => {
    const r = load([TENANTS, DENY_B_EXCEPT_SYSTEM]);
    const m = r.namespaceMatrix(['tenant-a', 'tenant-b']);
    expect(m.cell('tenant-a', 'tenant-b')).toBe('via-activator');
    expect(m.namespaces).toEqual(['tenant-a', 'tenant-b']);
    const paths = r.pathsBetween('tenant-a', 'tenant-b');
    expect(paths.some((p) => p.kind === 'direct')).toBe(false);
    const act = paths.find((p) => p.kind === 'via-activator')!;
    expect(act.hops.map((h) => `${h.from} -> ${h.to} : ${h.conns.toString()}`)).toEqual([
      'tenant-a/frontend -> knative-serving/activator : TCP 8012-8013,8112',
      `knative-serving/activator -> ${act.to.namespace}/${act.to.name} : TCP 8012-8013,8112`,
    ]);
    expect(act.to.namespace).toBe('tenant-b');
    expect(paths.some((p) => p.kind === 'via-gateway')).toBe(true);
  });

  it('a header-binding AuthorizationPolicy on the activator closes the activator hop (gateway stays)', () => {
    const r = load([TENANTS, DENY_B_EXCEPT_SYSTEM, ACTIVATOR_AUTHZ], { mesh: true });
    expect(r.namespaceMatrix().cell('tenant-a', 'tenant-b')).toBe('via-gateway');
    const act = r.hops!.hubs('activator')[0];
    expect(r.hops!.filter('activator', act, 'tenant-a', 'tenant-b').open).toBe(false);
    expect(r.hops!.filter('activator', act, 'tenant-a', 'tenant-a').reason).toMatch(/activator-tenants ALLOW rule 0/);
  });

  it('the AuthorizationPolicy has no effect without a sidecar on the activator', () => {
    const r = load([TENANTS, DENY_B_EXCEPT_SYSTEM, ACTIVATOR_AUTHZ]);
    expect(r.namespaceMatrix().cell('tenant-a', 'tenant-b')).toBe('via-activator');
  });

  it('a DENY of requests whose header names another namespace closes the hop for that caller', () => {
    const r = load([TENANTS, DENY_B_EXCEPT_SYSTEM, ACTIVATOR_DENY], { mesh: true });
    const act = r.hops!.hubs('activator')[0];
    const d = r.hops!.filter('activator', act, 'tenant-a', 'tenant-b');
    expect(d).toEqual({ open: false, reason: 'AuthorizationPolicy knative-serving/activator-deny-a DENY rule 0' });
    expect(r.hops!.filter('activator', act, 'tenant-b', 'tenant-a').open).toBe(true);
  });

  it('a default-deny with no exceptions leaves nothing', () => {
    const r = load([TENANTS, DENY_B_ALL, BROKER_B]);
    expect(r.namespaceMatrix().cell('tenant-a', 'tenant-b')).toBe('none');
    expect(r.pathsBetween('tenant-a', 'tenant-b')).toEqual([]);
  });

  it('the broker ingress forwards into namespaces with a Broker; OIDC with the default mode closes it', () => {
    const noBroker = load([TENANTS, DENY_B_EXCEPT_SYSTEM]);
    expect(noBroker.pathsBetween('tenant-a', 'tenant-b').some((p) => p.kind === 'via-broker')).toBe(false);
    const open = load([TENANTS, DENY_B_EXCEPT_SYSTEM, BROKER_B]);
    const via = open.pathsBetween('tenant-a', 'tenant-b').filter((p) => p.kind === 'via-broker');
    expect(via.length).toBeGreaterThan(0);
    expect(via[0].hops[0].to).toBe('knative-eventing/mt-broker-ingress');
    const closed = load([TENANTS, DENY_B_EXCEPT_SYSTEM, BROKER_B], { oidc: true });
    expect(closed.pathsBetween('tenant-a', 'tenant-b').some((p) => p.kind === 'via-broker')).toBe(false);
  });

  it('with OIDC, each target is decided by its own EventPolicies or, without any, by the default mode per caller', () => {
    const BROKER_A = BROKER_B.replace('tenant-b', 'tenant-a');
    // tenant-b admits tenant-a's service accounts; tenant-a has no EventPolicy (allow-same-namespace decides).
    const POLICY_B = `
apiVersion: eventing.knative.dev/v1alpha1
kind: EventPolicy
metadata: {name: from-a, namespace: tenant-b}
spec:
  to: [{ref: {apiVersion: eventing.knative.dev/v1, kind: Broker, name: default}}]
  from: [{sub: "system:serviceaccount:tenant-a:*"}]
`;
    const r = load([TENANTS, BROKER_A, BROKER_B, POLICY_B], { oidc: true });
    const hub = r.hops!.hubs('broker')[0];
    // Asked in an order that would expose a decision kept for the wrong caller.
    const asked: Array<[string, string, boolean]> = [
      ['tenant-b', 'tenant-a', false],
      ['tenant-a', 'tenant-a', true],
      ['tenant-b', 'tenant-a', false],
      ['tenant-a', 'tenant-b', true],
      ['tenant-b', 'tenant-b', false],
    ];
    for (const [caller, target, open] of asked) expect(r.hops!.filter('broker', hub, caller, target).open, `${caller} → ${target}`).toBe(open);
    expect(r.hops!.filter('broker', hub, 'tenant-a', 'tenant-b').reason).toBe('EventPolicy tenant-b/from-a from[0]');
    expect(r.hops!.filter('broker', hub, 'tenant-b', 'tenant-a').reason).toMatch(/no EventPolicy in tenant-a: default-authorization-mode allow-same-namespace/);
    expect(r.hops!.filter('broker', hub, 'tenant-b', 'tenant-b').reason).toBe('OIDC enabled; no EventPolicy in tenant-b admits senders from tenant-b');
    // A ref entry (namespace defaulting to the policy's) and a service-account prefix: the first entry that admits names the reason.
    const POLICY_B2 = `
apiVersion: eventing.knative.dev/v1alpha1
kind: EventPolicy
metadata: {name: more, namespace: tenant-b}
spec:
  from:
  - ref: {apiVersion: sources.knative.dev/v1, kind: PingSource, name: ping}
  - sub: "system:serviceaccount:tenant-*"
`;
    const r2 = load([TENANTS, BROKER_A, BROKER_B, POLICY_B2], { oidc: true });
    const hub2 = r2.hops!.hubs('broker')[0];
    expect(r2.hops!.filter('broker', hub2, 'tenant-b', 'tenant-b').reason).toBe('EventPolicy tenant-b/more from[0]');
    expect(r2.hops!.filter('broker', hub2, 'tenant-a', 'tenant-b').reason).toBe('EventPolicy tenant-b/more from[1]');
    expect(r2.hops!.filter('broker', hub2, 'other', 'tenant-b').open).toBe(false);
    // Any sender (`sub: "*"`) in tenant-a, a ref to tenant-a's PingSource in tenant-b.
    const POLICY_ANY = `
apiVersion: eventing.knative.dev/v1alpha1
kind: EventPolicy
metadata: {name: any, namespace: tenant-a}
spec:
  from: [{sub: "*"}]
---
apiVersion: eventing.knative.dev/v1alpha1
kind: EventPolicy
metadata: {name: ping-a, namespace: tenant-b}
spec:
  from: [{ref: {apiVersion: sources.knative.dev/v1, kind: PingSource, name: ping, namespace: tenant-a}}]
`;
    const r3 = load([TENANTS, BROKER_A, BROKER_B, POLICY_ANY], { oidc: true });
    expect(r3.namespaceMatrix().kinds!('tenant-b', 'tenant-a')).toContain('via-broker');
    expect(r3.namespaceMatrix().kinds!('tenant-a', 'tenant-b')).toContain('via-broker');
    // The namespace matrix asks only whether a caller gets through (the mesh's opensRow, and the senders each target
    // admits, filled column by column): it agrees with the paths, which use the full decisions.
    for (const cluster of [r, r2, r3]) {
      const m = cluster.namespaceMatrix();
      for (const from of ['tenant-a', 'tenant-b']) {
        for (const to of ['tenant-a', 'tenant-b']) {
          if (from === to) continue;
          const viaPaths = cluster.pathsBetween(from, to).some((p) => p.kind === 'via-broker');
          expect(m.kinds!(from, to).includes('via-broker'), `${from} → ${to}`).toBe(viaPaths);
        }
      }
    }
    expect(r.namespaceMatrix().kinds!('tenant-a', 'tenant-b')).toContain('via-broker');
    expect(r.namespaceMatrix().kinds!('tenant-b', 'tenant-a')).not.toContain('via-broker');
  });

  it('a gateway AuthorizationPolicy on hosts: the matrix reads named targets as the paths do', () => {
    // Istio on the Kourier gateway; each caller's rule compares the Host with exact namespaces (as ktm harden --mesh
    // istio writes them), so the matrix fills a row from those names instead of asking every target.
    const gatewayPolicy = (action: 'ALLOW' | 'DENY', rules: string) => `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: local-gateway, namespace: kourier-system}
spec:
  selector: {matchLabels: {app: 3scale-kourier-gateway}}
  action: ${action}
  rules:
${rules}`;
    const hosts = (ns: string) => `["*.${ns}.svc.cluster.local", "*.${ns}.svc", "*.${ns}"]`;
    const cases: Array<[string, string, boolean]> = [
      ['own hosts only', gatewayPolicy('ALLOW', `  - from: [{source: {namespaces: [tenant-a]}}]\n    to: [{operation: {hosts: ${hosts('tenant-a')}}}]`), false],
      ['hosts of tenant-b named', gatewayPolicy('ALLOW', `  - from: [{source: {namespaces: [tenant-a]}}]\n    to: [{operation: {hosts: ${hosts('tenant-b')}}}]`), true],
      ['DENY of tenant-b hosts', gatewayPolicy('DENY', `  - from: [{source: {namespaces: [tenant-a]}}]\n    to: [{operation: {hosts: ${hosts('tenant-b')}}}]`), false],
      ['DENY of another namespace', gatewayPolicy('DENY', `  - from: [{source: {namespaces: [tenant-a]}}]\n    to: [{operation: {hosts: ${hosts('tenant-c')}}}]`), true],
      ['DENY of all but own hosts', gatewayPolicy('DENY', `  - from: [{source: {namespaces: [tenant-a]}}]\n    to: [{operation: {notHosts: ${hosts('tenant-a')}}}]`), false],
    ];
    for (const [what, policy, open] of cases) {
      const r = load([TENANTS, DENY_B_EXCEPT_SYSTEM, policy], { meshGateway: true });
      const viaPaths = r.pathsBetween('tenant-a', 'tenant-b').some((p) => p.kind === 'via-gateway');
      expect(viaPaths, what).toBe(open);
      expect(r.namespaceMatrix().kinds!('tenant-a', 'tenant-b').includes('via-gateway'), what).toBe(open);
    }
  });

  it('reports autoscaler stats, profiling and webhook reach as facts, and a policy removes them', () => {
    const r = load([TENANTS]);
    const facts = r.facts();
    const auto = facts.find((f) => f.kind === 'autoscaler-stats' && f.from.name === 'frontend');
    expect(auto?.to.name).toBe('autoscaler');
    expect(auto?.conns.toString()).toBe('TCP 8080');
    // pprof (8008) listens only when config-observability turns runtime profiling on (off in the stock manifests);
    // metrics only where a component declares its metrics port.
    expect(facts.some((f) => f.kind === 'profiling')).toBe(false);
    expect(facts.some((f) => f.kind === 'metrics' && f.to.name === 'activator' && f.conns.toString() === 'TCP 9090')).toBe(true);
    expect(facts.some((f) => f.kind === 'webhook' && f.to.name === 'webhook')).toBe(true);
    const profiling = load([
      TENANTS,
      `apiVersion: v1
kind: ConfigMap
metadata: {name: config-observability, namespace: knative-serving}
data: {runtime-profiling: enabled}`,
    ]);
    expect(profiling.facts().some((f) => f.kind === 'profiling' && f.to.name === 'activator' && f.conns.toString() === 'TCP 8008')).toBe(true);
    const locked = load([
      TENANTS,
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: autoscaler-from-activator, namespace: knative-serving}
spec:
  podSelector: {matchLabels: {app: autoscaler}}
  ingress: [{from: [{podSelector: {matchLabels: {app: activator}}}], ports: [{port: 8080}]}]`,
    ]);
    expect(locked.facts().some((f) => f.kind === 'autoscaler-stats')).toBe(false);
  });

  it('explains a blocked direct pair by policy and rule', () => {
    const r = load([TENANTS, DENY_B_EXCEPT_SYSTEM]);
    const e = r.explain('tenant-a/frontend', 'tenant-b');
    const direct = e.pairs.find((p) => p.kind === 'direct')!;
    expect(direct.conns.isEmpty()).toBe(true);
    const steps = direct.hops[0].ingress.map((s) => `${s.policy}:${s.action}`);
    expect(steps).toContain('tenant-b/default-deny:Isolate');
    const act = e.pairs.find((p) => p.kind === 'via-activator')!;
    expect(act.hops[1].ingress.some((s) => s.policy === 'tenant-b/allow-knative' && s.rule === 0 && s.action === 'Allow')).toBe(true);
  });

  it('--no-knative-hops semantics: no hub cells', () => {
    const raw = STOCK.flatMap((f) => readManifestFile(join(FIXTURES, 'knative', f)));
    raw.push(...objectsFromText(TENANTS, 't.yaml'), ...objectsFromText(DENY_B_EXCEPT_SYSTEM, 'd.yaml'));
    const r = analyzeReachability(buildInventory(toResources(raw)), { knativeHops: false });
    expect(r.hops).toBeUndefined();
    expect(r.namespaceMatrix().cell('tenant-a', 'tenant-b')).toBe('none');
  });
});
