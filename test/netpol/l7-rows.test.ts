/**
 * Istio AuthorizationPolicy rows at scale (src/netpol/l7-filters.ts): rules are found by the caller namespaces their
 * `from` names, and a row that decides every target alike is known as such. Both are shortcuts: every decision must
 * be the one the rules give when each is tried in order.
 */
import { describe, expect, it } from 'vitest';
import { constantDecision, istioRow, rowExceptions, type FilterDecision } from '../../src/netpol/l7-filters.js';
import type { Resource } from '../../src/k8s/types.js';

function policy(name: string, action: 'ALLOW' | 'DENY', rules: unknown[]): Resource {
  return {
    obj: { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name, namespace: 'knative-serving' }, spec: { action, rules } },
    groupKind: 'AuthorizationPolicy.security.istio.io',
    kind: 'AuthorizationPolicy',
    name,
    namespace: 'knative-serving',
    source: { file: 'test.yaml' },
  };
}

const header = (ns: string) => ({ key: 'request.headers[knative-serving-namespace]', values: [ns] });

describe('AuthorizationPolicy rows', () => {
  // Rule order matters: the first rule that may match names the reason.
  const allow = policy('bind', 'ALLOW', [
    { from: [{ source: { namespaces: ['knative-serving', 'kourier-system'] } }] }, // 0: system callers
    { from: [{ source: { namespaces: ['team-*'] } }], when: [header('shared')] }, // 1: a glob: asked for every caller
    { from: [{ source: { namespaces: ['a'] } }, { source: { namespaces: ['a', 'b'] } }], when: [header('a')] }, // 2: a listed twice
    { from: [{ source: { namespaces: ['b'] } }], when: [header('b')] }, // 3
    { from: [{ source: { principals: ['cluster.local/ns/c/sa/default'] } }], when: [header('c')] }, // 4: principals only
    { from: [{ source: { notNamespaces: ['a', 'b', 'c', 'team-x'] } }], when: [header('open')] }, // 5: notNamespaces
  ]);

  const cases: Array<[string, string, boolean, string]> = [
    ['a', 'a', true, 'ALLOW rule 2'],
    ['a', 'b', false, 'no ALLOW rule'],
    ['b', 'a', true, 'ALLOW rule 2'], // b is in rule 2's second source
    ['b', 'b', true, 'ALLOW rule 3'],
    ['c', 'c', true, 'ALLOW rule 4'],
    ['c', 'a', false, 'no ALLOW rule'],
    ['team-x', 'shared', true, 'ALLOW rule 1'],
    ['team-x', 'open', false, 'no ALLOW rule'],
    ['d', 'open', true, 'ALLOW rule 5'],
    ['d', 'a', false, 'no ALLOW rule'],
    ['knative-serving', 'a', true, 'ALLOW rule 0'],
  ];
  it.each(cases)('%s → %s: open %s (%s)', (caller, target, open, reason) => {
    const d = istioRow([allow], 'activator', caller)(target);
    expect(d.open).toBe(open);
    expect(d.reason).toContain(reason);
  });

  it('a row is one decision only when no rule tried before the deciding one reads the target', () => {
    // System callers: rule 0 decides before any rule that reads the header.
    const system = istioRow([allow], 'activator', 'kourier-system');
    expect(constantDecision(system)).toEqual({ open: true, reason: 'AuthorizationPolicy knative-serving/bind ALLOW rule 0' });
    // A tenant's own rule reads the header: its row depends on the target.
    expect(constantDecision(istioRow([allow], 'activator', 'a'))).toBeUndefined();
    // A rule open to every target (a path the activator does not route by) tried first: one decision again.
    const health = policy('health', 'ALLOW', [{ to: [{ operation: { paths: ['/healthz'] } }] }, { from: [{ source: { namespaces: ['a'] } }], when: [header('a')] }]);
    const row = istioRow([health], 'activator', 'a');
    expect(constantDecision(row)?.open).toBe(true);
    expect(row('b')).toEqual(row('a'));
    // A DENY rule that reads the target keeps the row per target, whatever the ALLOW rules say.
    const deny = policy('deny-b', 'DENY', [{ when: [header('b')] }]);
    const denied = istioRow([deny, health], 'activator', 'a');
    expect(constantDecision(denied)).toBeUndefined();
    expect(denied('b').open).toBe(false);
    expect(denied('c').open).toBe(true);
    // A caller no rule can match: closed for every target, and known as such.
    const none = istioRow([allow], 'activator', 'team-x');
    expect(constantDecision(none)).toBeUndefined(); // rule 1 reads the header for team-* callers
    const closed = istioRow([policy('only-a', 'ALLOW', [{ from: [{ source: { namespaces: ['a'] } }] }])], 'activator', 'z');
    expect(constantDecision(closed)?.open).toBe(false);
  });

  // Targets of the hardened gateway binding: each tenant bound to hosts of its own namespace (ktm harden --mesh istio).
  const hostsOf = (ns: string) => [`*.${ns}.svc.cluster.local`, `*.${ns}.svc.cluster.local:*`, `*.${ns}.svc`, `*.${ns}`];
  const binding = policy('local-gateway', 'ALLOW', [
    { from: [{ source: { namespaces: ['knative-serving'] } }] },
    { from: [{ source: { namespaces: ['a'] } }], to: [{ operation: { hosts: hostsOf('a') } }] },
    { from: [{ source: { namespaces: ['b'] } }], to: [{ operation: { hosts: [...hostsOf('b'), 'api.shared.svc'] } }] },
  ]);
  const denyHostsOfB = policy('deny-b', 'DENY', [{ from: [{ source: { namespaces: ['a'] } }], to: [{ operation: { hosts: hostsOf('b') } }] }]);
  const onlyOwnHosts = policy('only-own', 'DENY', [{ from: [{ source: { namespaces: ['a'] } }], to: [{ operation: { notHosts: hostsOf('a') } }] }]);
  const brokerPaths = policy('broker-paths', 'ALLOW', [{ from: [{ source: { namespaces: ['a'] } }], to: [{ operation: { paths: ['/a/default', '/shared/*'] } }] }]);
  // A rule no caller matches (source.namespace `nobody`) but that compares the target with a glob: the row is then
  // asked per target, through every rule in order, which is what the shortcut must give.
  const perTarget = policy('per-target', 'DENY', [
    { to: [{ operation: { hosts: ['*.zz-*.svc'], paths: ['/*'] } }], when: [{ key: 'source.namespace', values: ['nobody'] }, { key: 'request.headers[knative-serving-namespace]', values: ['zz-*'] }] },
  ]);
  const TARGETS = ['a', 'b', 'c', 'shared', 'knative-serving', ''];

  it('a row that compares the target with exact names only decides every other target alike, and names them', () => {
    const a = istioRow([binding], 'gateway', 'a');
    expect(constantDecision(a)).toBeUndefined();
    expect(rowExceptions(a)).toEqual({ otherwise: { open: false, reason: 'no ALLOW rule of knative-serving/local-gateway matches' }, named: new Set(['a']) });
    expect(a('a')).toEqual({ open: true, reason: 'AuthorizationPolicy knative-serving/local-gateway ALLOW rule 1' });
    expect(rowExceptions(istioRow([binding], 'gateway', 'b'))?.named).toEqual(new Set(['b', 'shared']));
    // A DENY of one namespace's hosts: open but for that one.
    const d = istioRow([denyHostsOfB], 'gateway', 'a');
    expect(rowExceptions(d)).toEqual({ otherwise: { open: true, reason: 'no ALLOW policy; no DENY rule matches' }, named: new Set(['b']) });
    expect(d('b')).toEqual({ open: false, reason: 'AuthorizationPolicy knative-serving/deny-b DENY rule 0' });
    // notHosts: closed but for the caller's own.
    const own = istioRow([onlyOwnHosts], 'gateway', 'a');
    expect(rowExceptions(own)?.otherwise.open).toBe(false);
    expect(own('a').open).toBe(true);
    // Broker paths and activator headers are read the same way.
    expect(rowExceptions(istioRow([brokerPaths], 'broker', 'a'))?.named).toEqual(new Set(['a', 'shared']));
    const header = policy('header', 'ALLOW', [{ from: [{ source: { namespaces: ['a'] } }], when: [{ key: 'request.headers[knative-serving-namespace]', notValues: ['b'] }] }]);
    expect(rowExceptions(istioRow([header], 'activator', 'a'))).toEqual({ otherwise: { open: true, reason: 'AuthorizationPolicy knative-serving/header ALLOW rule 0' }, named: new Set(['b']) });
    // A glob is no finite list: the row is asked per target.
    const glob = policy('team', 'ALLOW', [{ from: [{ source: { namespaces: ['a'] } }], to: [{ operation: { hosts: ['*.team-*.svc.cluster.local'] } }] }]);
    const g = istioRow([glob], 'gateway', 'a');
    expect(rowExceptions(g)).toBeUndefined();
    expect(g('team-x').open).toBe(true);
    expect(g('b').open).toBe(false);
  });

  it.each([
    ['gateway', [binding]],
    ['gateway', [denyHostsOfB, binding]],
    ['gateway', [onlyOwnHosts]],
    ['broker', [brokerPaths]],
    ['activator', [allow]],
  ] as const)('%s: every decision of a row with named targets is the one the rules give in order (%#)', (hub, policies) => {
    for (const caller of ['a', 'b', 'c', 'knative-serving']) {
      const row = istioRow([...policies], hub, caller);
      const reference = istioRow([perTarget, ...policies], hub, caller);
      expect(rowExceptions(reference)).toBeUndefined();
      const got: FilterDecision[] = TARGETS.map((t) => row(t));
      expect(got, caller).toEqual(TARGETS.map((t) => reference(t)));
    }
  });
});

