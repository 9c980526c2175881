/**
 * Semantic points met while checking `ktm reach` against further scenarios of the peer suite
 * (np-guard/netpol-analyzer, not in our public fixtures). Each case is a small hand-written
 * cluster reproducing one point, with the connection list Kubernetes semantics give.
 */
import { describe, expect, it } from 'vitest';
import { objectsFromText, toResources } from '../../src/k8s/load.js';
import { buildInventory } from '../../src/k8s/inventory.js';
import { Engine } from '../../src/netpol/engine.js';
import { listConnections } from '../../src/netpol/connections.js';
import { renderConnlist } from '../../src/render/connlist.js';

function connlist(yaml: string): string[] {
  const inv = buildInventory(toResources(objectsFromText(yaml, 'test.yaml')));
  return renderConnlist(listConnections(new Engine(inv))).split('\n').filter((l) => l !== '');
}

const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}}\n---\n`;
const deploy = (namespace: string, name: string, labels: string, ports = '[]') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${namespace}}\n` +
  `spec:\n  selector: {matchLabels: ${labels}}\n  template:\n    metadata: {labels: ${labels}}\n` +
  `    spec: {containers: [{name: c, image: x, ports: ${ports}}]}\n---\n`;

describe('reach semantics (regressions from the extra peer scenarios)', () => {
  it('ports an ANP leaves undecided fall to NetworkPolicies, which isolate per protocol too', () => {
    // The ANP denies TCP 80 from `src`; everything else goes on to the NetworkPolicy, which
    // selects `dst` and admits only TCP from `src`: UDP and SCTP are denied, not "all but TCP 80".
    const lines = connlist(
      ns('src') + ns('dst') + deploy('src', 'a', '{app: a}') + deploy('dst', 'b', '{app: b}') +
        `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: anp}
spec:
  priority: 5
  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: dst}}}
  ingress:
  - {name: deny-80, action: Deny, from: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: src}}}],
     ports: [{portNumber: {protocol: TCP, port: 80}}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: np, namespace: dst}
spec:
  podSelector: {}
  ingress:
  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: src}}}]
    ports: [{port: 1, endPort: 65535, protocol: TCP}]
`,
    );
    expect(lines).toContain('src/a[Deployment] => dst/b[Deployment] : TCP 1-79,81-65535');
    expect(lines.some((l) => l.startsWith('0.0.0.0-255.255.255.255[External] => dst/b'))).toBe(false);
  });

  it('adjacent except blocks make one hole: one IP peer, and ingress ipBlocks do not cut destinations', () => {
    const lines = connlist(
      ns('n') + deploy('n', 'web', '{tier: frontend}') + deploy('n', 'db', '{tier: db}') +
        `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: from-outside, namespace: n}
spec:
  podSelector: {matchLabels: {tier: frontend}}
  ingress:
  - from: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/9, 10.128.0.0/9]}}]
    ports: [{port: 53, protocol: TCP}]
`,
    );
    const sources = [...new Set(lines.map((l) => l.split(' => ')[0]).filter((s) => /^\d/.test(s)))].sort();
    expect(sources).toEqual([
      '0.0.0.0-9.255.255.255[External]',
      '10.0.0.0-10.255.255.255[External]',
      '11.0.0.0-255.255.255.255[External]',
    ]);
    expect(lines).toContain('0.0.0.0-9.255.255.255[External] => n/web[Deployment] : TCP 53');
    expect(lines).toContain('10.0.0.0-10.255.255.255[External] => n/db[Deployment] : All Connections');
    expect(lines.some((l) => l.startsWith('10.0.0.0-10.255.255.255[External] => n/web'))).toBe(false);
    expect(lines).toContain('n/db[Deployment] => 0.0.0.0-255.255.255.255[External] : All Connections');
  });

  it('a named port whose protocol differs from the rule allows nothing; odd container port fields are tolerated', () => {
    const lines = connlist(
      ns('h') +
        deploy('h', 'server', '{app: server}', '[{name: newport, containerPort: 8956, protocol: SCTP}, {name: udps, containerport: 3535, protocol: UDP}]') +
        deploy('h', 'client', '{app: client}', '{}') +
        `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: named, namespace: h}
spec:
  podSelector: {matchLabels: {app: server}}
  policyTypes: [Ingress, Egress]
  ingress:
  - from: [{namespaceSelector: {}}]
    ports: [{port: newport, protocol: UDP}]
`,
    );
    expect(lines).toEqual([
      '0.0.0.0-255.255.255.255[External] => h/client[Deployment] : All Connections',
      'h/client[Deployment] => 0.0.0.0-255.255.255.255[External] : All Connections',
    ]);
  });

  it('an ANP namedPort no container defines matches nothing, so the next rule (Pass) and then the BANP decide', () => {
    const lines = connlist(
      ns('g') + ns('s') +
        deploy('g', 'harry', '{house: g}', '[{name: web, containerPort: 80}]') + deploy('s', 'draco', '{house: s}') +
        `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: pass-example}
spec:
  priority: 10
  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: g}}}
  ingress:
  - {name: allow-no-web, action: Allow, from: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: s}}}],
     ports: [{namedPort: no-web}]}
  - {name: pass-rest, action: Pass, from: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: s}}}]}
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: g}}}
  ingress:
  - {name: deny-s, action: Deny, from: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: s}}}]}
`,
    );
    expect(lines.some((l) => l.startsWith('s/draco[Deployment] => g/harry'))).toBe(false);
    expect(lines).toContain('g/harry[Deployment] => s/draco[Deployment] : All Connections');
  });
});
