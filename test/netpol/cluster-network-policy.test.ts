/**
 * ClusterNetworkPolicy semantics that upstream's conformance tests do not probe: Baseline Pass, fail-closed peers,
 * domainNames, the order between v1alpha1 and v1alpha2 policies, and the errors for malformed policies.
 */
import { describe, expect, it } from 'vitest';
import { objectsFromText, toResources } from '../../src/k8s/load.js';
import { buildInventory } from '../../src/k8s/inventory.js';
import { Engine } from '../../src/netpol/engine.js';
import { InputError } from '../../src/util/errors.js';

const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}}\n---\n`;
const deploy = (namespace: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app, namespace: ${namespace}}\n` +
  `spec:\n  selector: {matchLabels: {app: a}}\n  template:\n    metadata: {labels: {app: a}}\n` +
  `    spec: {containers: [{name: c, image: x, ports: [{containerPort: 8080, name: http}]}]}\n---\n`;
const TOPO = ns('a') + ns('b') + deploy('a') + deploy('b');
const sel = (n: string) => `{matchLabels: {kubernetes.io/metadata.name: ${n}}}`;
const cnp = (name: string, tier: string, priority: number, body: string) =>
  `apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: ${name}}\nspec:\n  tier: ${tier}\n  priority: ${priority}\n  subject: {namespaces: ${sel('b')}}\n${body}---\n`;

function engine(yaml: string): Engine {
  return new Engine(buildInventory(toResources(objectsFromText(TOPO + yaml, 'cnp.yaml'))));
}
function aToB(e: Engine): string {
  const w = (n: string) => e.classOf(e.inv.workloads.find((x) => x.namespace === n)!);
  return e.classToClass(w('a'), w('b')).toString();
}

describe('ClusterNetworkPolicy semantics', () => {
  it('a Baseline Pass hands the traffic to the default (allowed); a Baseline Deny after it does not apply', () => {
    const e = engine(cnp('base', 'Baseline', 1, `  ingress:\n  - {action: Pass, from: [{namespaces: ${sel('a')}}]}\n  - {action: Deny, from: [{namespaces: {}}]}\n`));
    expect(aToB(e)).toBe('All Connections');
    const denied = engine(cnp('base', 'Baseline', 1, `  ingress:\n  - {action: Deny, from: [{namespaces: {}}]}\n`));
    expect(aToB(denied)).toBe('No Connections');
  });

  it('Baseline CNPs apply in priority order, before the v1alpha1 BANP', () => {
    const banp =
      `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {name: default}\n` +
      `spec:\n  subject: {namespaces: ${sel('b')}}\n  ingress: [{action: Deny, from: [{namespaces: {}}]}]\n---\n`;
    const e = engine(banp + cnp('late', 'Baseline', 20, `  ingress: [{action: Deny, from: [{namespaces: {}}]}]\n`) + cnp('early', 'Baseline', 5, `  ingress: [{action: Accept, from: [{namespaces: {}}], protocols: [{tcp: {destinationPort: {number: 8080}}}]}]\n`));
    expect(aToB(e)).toBe('TCP 8080');
    expect(e.policies.baselinePolicies.map((p) => p.name)).toEqual(['early', 'late', 'default']);
  });

  it('an Admin CNP and an ANP with one priority: the CNP first, with a warning', () => {
    const anp =
      `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: aaa}\n` +
      `spec:\n  priority: 7\n  subject: {namespaces: ${sel('b')}}\n  ingress: [{action: Deny, from: [{namespaces: {}}]}]\n---\n`;
    const e = engine(anp + cnp('zzz', 'Admin', 7, `  ingress: [{action: Accept, from: [{namespaces: ${sel('a')}}]}]\n`));
    expect(aToB(e)).toBe('All Connections');
    expect(e.warnings.some((w) => w.includes('CNP zzz and ANP aaa share Admin priority 7'))).toBe(true);
    // different priorities: no warning, and priority decides
    const e2 = engine(anp.replace('priority: 7', 'priority: 3') + cnp('zzz', 'Admin', 7, `  ingress: [{action: Accept, from: [{namespaces: ${sel('a')}}]}]\n`));
    expect(aToB(e2)).toBe('No Connections');
    expect(e2.warnings.some((w) => w.includes('share Admin priority'))).toBe(false);
  });

  it('port ranges and named ports select the right ports', () => {
    const e = engine(cnp('p', 'Admin', 1, `  ingress:\n  - {action: Accept, from: [{namespaces: {}}], protocols: [{destinationNamedPort: http}, {udp: {destinationPort: {range: {start: 100, end: 200}}}}]}\n  - {action: Deny, from: [{namespaces: {}}]}\n`));
    expect(aToB(e)).toBe('TCP 8080,UDP 100-200');
  });

  it('a peer of an unknown kind fails closed: an Accept matches nothing, a Deny matches everything', () => {
    const accept = engine(cnp('p', 'Admin', 1, `  ingress:\n  - {action: Accept, from: [{futurePeer: {x: y}}]}\n  - {action: Deny, from: [{namespaces: {}}], protocols: [{tcp: {destinationPort: {number: 8080}}}]}\n`));
    expect(aToB(accept)).not.toContain('TCP 8080');
    expect(accept.warnings.some((w) => w.includes('fail-closed'))).toBe(true);
    const deny = engine(cnp('p', 'Admin', 1, `  ingress:\n  - {action: Deny, from: [{futurePeer: {x: y}}]}\n`));
    expect(aToB(deny)).toBe('No Connections');
  });

  it('a networks peer that does not cover all of IPv4 never matches pods; domainNames Accept is read as matching nothing', () => {
    const partial = engine(
      `apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: p}\nspec:\n  tier: Admin\n  priority: 1\n  subject: {namespaces: ${sel('a')}}\n` +
        `  egress:\n  - {action: Accept, to: [{domainNames: [example.com]}]}\n  - {action: Deny, to: [{networks: [10.0.0.0/8]}]}\n---\n`,
    );
    expect(aToB(partial)).toBe('All Connections');
    expect(partial.warnings.some((w) => w.includes('domainNames'))).toBe(true);
  });

  it.each([
    ['tier: Admin', 'tier: Middle', 'tier must be Admin or Baseline'],
    ['priority: 1', 'priority: 1001', 'priority must be an integer 0-1000'],
    ['{action: Deny,', '{action: Allow,', 'action must be Accept, Deny or Pass'],
    ['{number: 80}', '{range: {start: 90, end: 90}}', 'range start 90 must be less than end 90'],
    ['[{namespaces: {}}]', '[{namespaces: {}, pods: {podSelector: {}}}]', 'a peer sets exactly one of'],
    ['[{namespaces: {}}]', '[{networks: [10.0.0.0/8]}]', 'only allowed in egress rules'],
  ])('rejects a malformed policy (%s → %s) with a located error', (from, to, message) => {
    const good = cnp('bad', 'Admin', 1, `  ingress:\n  - {action: Deny, from: [{namespaces: {}}], protocols: [{tcp: {destinationPort: {number: 80}}}]}\n`);
    expect(() => engine(good)).not.toThrow();
    const bad = good.replace(from, to);
    expect(bad).not.toBe(good);
    let err: unknown;
    try {
      engine(bad);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toContain(message);
    expect((err as Error).message).toContain('ClusterNetworkPolicy bad');
  });
});
