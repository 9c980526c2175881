/**
 * The review's semantics on a small model built in the test: new means new, L4 versus shared routing, escalation
 * into system namespaces, access kinds, identity across relays, and flags that set flow properties. Each rule has
 * a design that makes it fire and one that keeps it quiet.
 */
import { describe, expect, it } from 'vitest';
import type { ThreatModel } from '../../src/model/schema.js';
import { reviewDesign } from '../../src/review/review.js';
import { InputError } from '../../src/util/errors.js';
import { design, miniModel, quote } from './mini-model.js';

const model: ThreatModel = miniModel({
  boundaries: [{ id: 'node-runtime', name: 'Node', description: '' }],
  components: [
    { id: 'broker', name: 'Broker', kind: 'data-plane', namespace: 'knative-eventing', boundary: 'system', shared: true, forwardsForCaller: true, description: '' },
    { id: 'ctl', name: 'Controller', kind: 'control-plane', namespace: 'knative-serving', boundary: 'system', shared: true, description: '' },
  ],
  flows: [{ id: 'app-broker', from: 'app', to: 'broker', port: 8080, protocol: 'HTTP', description: '', authenticated: false, destinationChosenBy: 'caller' }],
  attackGoals: [{ id: 'system-code-exec', title: 'Achieve code execution in a system namespace', description: '' }],
  clauses: [
    { id: 'c.k8s', rule: 'runtime-network-trusted', ...quote },
    { id: 'c.confine', rule: 'controller-namespace-confinement', ...quote },
  ],
});

const review = (extra: Record<string, unknown>) => reviewDesign(model, design(extra));
const ids = (extra: Record<string, unknown>) => review(extra).findings.map((f) => f.id);
const perTenant = (id: string, more: Record<string, unknown> = {}) => ({ id, name: id, kind: 'data-plane', namespace: '<tenant>', boundary: 'tenant', shared: false, ...more });

describe('1. new means new', () => {
  it('a second flow to a destination tenants already reach the same way adds nothing', () => {
    const r = review({ flows: [{ id: 'app-broker-2', from: 'app', to: 'broker', port: 8080, protocol: 'HTTP (CloudEvents)', authenticated: false, destinationChosenBy: 'caller' }] });
    expect(r.findings).toEqual([]);
    expect(r.actors.every((a) => a.newlyReaches.length === 0)).toBe(true);
  });
  it('reach through a new per-tenant relay to what tenants already reach is not new; the relay itself is', () => {
    const r = review({
      components: [perTenant('fwd', { forwardsForCaller: true })],
      flows: [
        { id: 'app-fwd', from: 'app', to: 'fwd', protocol: 'HTTP', authenticated: false, destinationChosenBy: 'caller' },
        { id: 'fwd-broker', from: 'fwd', to: 'broker', port: 8080, protocol: 'HTTP', authenticated: false },
      ],
    });
    const reached = r.actors.find((a) => a.actor === 'workload')!.newlyReaches.map((i) => i.component);
    expect(reached).toEqual(['fwd']);
  });
});

describe('1b. new means new for data a tenant attracts', () => {
  const delivery = (id: string, existing: boolean) => ({ id, from: 'broker', to: 'app', protocol: 'HTTP', authenticated: false, tenantScope: 'cross-tenant', existing });
  it('a subscription that pulls another tenant\'s events is new cross-tenant data', () => {
    expect(ids({ flows: [delivery('deliver', false)] })).toContain('cross-tenant-data:deliver');
  });
  it('a second flow delivering the same data to the same place is not', () => {
    expect(ids({ flows: [delivery('deliver', true), delivery('deliver-again', false)] })).not.toContain('cross-tenant-data:deliver-again');
  });
});

describe('2. L4 versus shared routing', () => {
  const db = { components: [perTenant('db')], flows: [{ id: 'app-db', from: 'app', to: 'db', port: 5432, protocol: 'TCP', authenticated: false, destinationChosenBy: 'caller' }] };
  it('L4 to another namespace\'s pod: low, the fix is a NetworkPolicy, no tenancy blocked', () => {
    const r = review(db);
    const f = r.findings.find((x) => x.id === 'cross-tenant-reach:db')!;
    expect(f).toMatchObject({ severity: 'low', status: 'open' });
    expect(f.mitigations[0].id).toBe('network-policy');
    expect(f.clauses).toContainEqual({ rule: 'runtime-network-trusted', id: 'c.k8s' });
    expect(r.tenancy.find((t) => t.tenancy === 'namespace')!.impact).toBe('none');
  });
  it('the same reach from the node network, which NetworkPolicy cannot separate: high, namespace tenancy blocked', () => {
    const r = review({ ...db, flows: [{ ...db.flows[0], networkPolicy: 'bypassed' }] });
    const f = r.findings.find((x) => x.id === 'cross-tenant-reach:db')!;
    expect(f.severity).toBe('high');
    expect(f.mitigations[0].id).toBe('runtime-isolation');
    expect(r.tenancy.find((t) => t.tenancy === 'namespace')!.impact).toBe('blocked');
  });
  it('through a shared hop that routes by the caller\'s choice: high, the fix is a check at the shared hop', () => {
    const r = review({
      components: [perTenant('db'), { id: 'router', name: 'Router', kind: 'data-plane', namespace: 'knative-serving', boundary: 'system', shared: true, forwardsForCaller: true }],
      flows: [
        { id: 'app-router', from: 'app', to: 'router', protocol: 'HTTP', authenticated: false },
        { id: 'router-db', from: 'router', to: 'db', protocol: 'HTTP', authenticated: false, destinationChosenBy: 'caller' },
      ],
    });
    const f = r.findings.find((x) => x.id === 'cross-tenant-reach:db')!;
    expect(f.severity).toBe('high');
    expect(f.mitigations[0].id).toBe('namespace-check');
    expect(f.clauses.map((c) => c.rule)).toContain('shared-component-filtering');
  });
});

describe('3. escalation into system namespaces', () => {
  const mount = (to: string, access = 'file') => ({ flows: [{ id: 'app-mount', from: 'app', to, access, protocol: 'volume', authenticated: false }] });
  it('a tenant pod that mounts the built-in node escalates, under every tenancy model, with the attack goal', () => {
    const r = review(mount('node'));
    const f = r.findings.find((x) => x.id === 'system-escalation:node')!;
    expect(f).toMatchObject({ severity: 'high', kind: 'system-escalation' });
    expect(f.tenancy).toEqual(['cluster', 'namespace', 'control-plane']);
    expect(f.goals).toEqual([{ id: 'system-code-exec', title: 'Achieve code execution in a system namespace' }]);
    expect(r.tenancy.find((t) => t.tenancy === 'cluster')!.impact).toBe('blocked');
  });
  it('the container runtime socket and a system component\'s credential escalate too', () => {
    expect(ids(mount('container-runtime', 'local'))).toContain('system-escalation:container-runtime');
    expect(ids(mount('ctl', 'credential'))).toContain('system-escalation:ctl');
  });
  it('a mount of the tenant\'s own volume does not', () => {
    expect(ids({ components: [perTenant('vol')], ...mount('vol') })).toEqual([]);
  });
  it('a pod created by a shared controller in the tenant\'s namespace is confined; with cluster-wide credentials it is not', () => {
    expect(ids({ components: [perTenant('job', { createdBy: 'ctl' })] })).toEqual([]);
    const sa = { name: 'ctl-sa', rules: [{ resources: ['secrets'], verbs: ['get'], scope: 'cluster' }] };
    expect(ids({ components: [perTenant('job', { createdBy: 'ctl', serviceAccount: sa })] })).toContain('system-escalation:job');
  });
  it('a createdBy naming no component is refused', () => {
    expect(() => review({ components: [perTenant('job', { createdBy: 'nope' })] })).toThrow(InputError);
  });
  it('tenant-configured pods created outside the tenant\'s namespace break controller confinement', () => {
    const f = review({ components: [{ id: 'job', name: 'Job', kind: 'workload', namespace: 'knative-serving', boundary: 'system', shared: false, createdBy: 'ctl' }] }).findings[0];
    expect(f.id).toBe('system-escalation:job');
    expect(f.clauses[0]).toEqual({ rule: 'controller-namespace-confinement', id: 'c.confine' });
  });
});

describe('4. access kinds', () => {
  it('a mount of another tenant\'s volume, or of a shared one, is cross-tenant data with a per-tenant fix', () => {
    const vol = (extra: Record<string, unknown>) => ({
      components: [perTenant('vol'), { id: 'shared-vol', name: 'Shared volume', kind: 'data-plane', namespace: 'storage', boundary: 'system', shared: true }],
      flows: [{ id: 'app-vol', from: 'app', access: 'file', protocol: 'NFS volume', authenticated: false, ...extra }],
    });
    const other = review(vol({ to: 'vol', destinationChosenBy: 'caller' })).findings.find((f) => f.id === 'cross-tenant-data:app-vol')!;
    expect(other).toMatchObject({ severity: 'high', kind: 'cross-tenant-data' });
    expect(other.stride).toEqual(['tampering', 'information-disclosure']);
    expect(other.mitigations[0].id).toBe('separate-per-tenant');
    expect(review(vol({ to: 'shared-vol', readOnly: true })).findings.map((f) => f.id)).toEqual(['cross-tenant-data:app-vol']);
    expect(review(vol({ to: 'vol' })).findings).toEqual([]);
  });

  const threats = (access: string) =>
    review({ flows: [{ id: 'app-node', from: 'app', to: 'node', access, protocol: 'x', authenticated: false }] }).threats[0].threats;
  it('a file mount gets file threats and no network advice', () => {
    const t = threats('file');
    expect(t.map((x) => x.category)).toEqual(['information-disclosure', 'tampering', 'elevation-of-privilege']);
    expect(t.map((x) => x.mitigation).join(' ')).not.toMatch(/TLS|OIDC|rate limit/);
  });
  it('a read-only mount has no tampering', () => {
    const r = review({ flows: [{ id: 'app-node', from: 'app', to: 'node', access: 'file', readOnly: true, protocol: 'x', authenticated: false }] });
    expect(r.threats[0].threats.map((x) => x.category)).not.toContain('tampering');
  });
  it('the same hop over the network gets network threats', () => {
    expect(threats('network').map((x) => x.mitigation).join(' ')).toMatch(/TLS/);
  });
});

describe('5. identity across relays', () => {
  const relay = (flowExtra: Record<string, unknown>, entryExtra: Record<string, unknown> = {}) => ({
    components: [perTenant('transform', { forwardsForCaller: true })],
    flows: [
      { id: 'app-transform', from: 'app', to: 'transform', protocol: 'HTTP', authenticated: false, destinationChosenBy: 'caller', ...entryExtra },
      { id: 'transform-broker', from: 'transform', to: 'broker', port: 8080, protocol: 'HTTP', authenticated: true, identity: 'component', ...flowExtra },
    ],
  });
  it('a relay that sends under its own identity to a sink that authenticates, taking unauthenticated callers: a confused deputy', () => {
    const f = review(relay({})).findings.find((x) => x.id === 'relay-identity:transform-broker')!;
    expect(f.kind).toBe('relay-identity');
    expect(f.mitigations[0].id).toBe('authenticate-flow');
  });
  it('quiet when the relay forwards the caller\'s identity, or authenticates its callers', () => {
    expect(ids(relay({ identity: 'caller' }))).not.toContain('relay-identity:transform-broker');
    expect(ids(relay({}, { authenticated: true }))).not.toContain('relay-identity:transform-broker');
  });
  it('a flag that turns on identity forwarding (`requires.set`) is the first fix while it is off', () => {
    const flag = (d: string) => ({ key: 'forward-identity', default: d, gates: 'the relay forwards the caller\'s token' });
    const off = review({ ...relay({ requires: { flag: 'forward-identity', set: { identity: 'caller' } } }), flags: [flag('disabled')] });
    const f = off.findings.find((x) => x.id === 'relay-identity:transform-broker')!;
    expect(f.status).toBe('open');
    expect(f.mitigations[0]).toMatchObject({ id: 'enable-flag', declared: false });
    const on = review({ ...relay({ requires: { flag: 'forward-identity', set: { identity: 'caller' } } }), flags: [flag('enabled')] });
    expect(on.findings.map((x) => x.id)).not.toContain('relay-identity:transform-broker');
  });
});
