/**
 * analyzeReachability with a prebuilt Engine (harden's residual audit reuses the flow proof's): it must be built on
 * the same inventory with the same CNI decision, or the call fails; reusing it gives the warnings a fresh analysis
 * gives, and analysing twice with it does not say them twice.
 */
import { describe, expect, it } from 'vitest';
import { analyzeReachability } from '../../src/netpol/index.js';
import { Engine } from '../../src/netpol/engine.js';
import { detectCni } from '../../src/k8s/cni.js';
import { buildInventory } from '../../src/k8s/inventory.js';
import { resourcesFromYaml } from '../helpers/cluster.js';

// A policy that lets in pods labelled `role: frontend` from any namespace: a tenant can label a pod so (forgeable).
const YAML = `
apiVersion: v1
kind: Namespace
metadata: { name: team-a }
---
apiVersion: v1
kind: Namespace
metadata: { name: team-b }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: team-b }
spec:
  selector: { matchLabels: { app: api } }
  template: { metadata: { labels: { app: api } }, spec: { containers: [{ name: c, image: c }] } }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: from-frontends, namespace: team-b }
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
  ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { role: frontend } } }] }]
  egress: [{ to: [{ ipBlock: { cidr: 10.0.0.0/8 } }] }]
`;

describe('analyzeReachability with a prebuilt engine', () => {
  const inv = buildInventory(resourcesFromYaml(YAML));

  it('gives the warnings of a fresh analysis, once each however often it is reused', () => {
    const fresh = analyzeReachability(inv).warnings;
    expect(fresh.some((w) => w.startsWith('potential path:'))).toBe(true);
    const engine = new Engine(inv, { cni: detectCni(inv) });
    expect(analyzeReachability(inv, { engine }).warnings).toEqual(fresh);
    const again = analyzeReachability(inv, { engine });
    expect(again.engine).toBe(engine);
    expect(again.warnings).toEqual(fresh);
  });

  it('refuses an engine built on another inventory, or with another CNI decision', () => {
    const other = buildInventory(resourcesFromYaml(YAML));
    expect(() => analyzeReachability(inv, { engine: new Engine(other) })).toThrow(/another inventory/);
    const cilium = new Engine(inv, { cni: detectCni(inv, 'cilium') });
    expect(() => analyzeReachability(inv, { engine: cilium })).toThrow(/another CNI decision/);
    expect(() => analyzeReachability(inv, { engine: cilium, cni: detectCni(inv, 'cilium') })).not.toThrow();
  });
});
