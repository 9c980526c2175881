/**
 * extendInventory(buildInventory(a), b) is buildInventory([...a, ...b]): same resources (the same objects, in the same
 * order), namespaces, workloads, notes, byKind for every kind and find for every key, on examples/cluster plus
 * harden's own output and plus hand-made changes that touch each part (replaced objects, new namespaces, Namespace
 * labels, config-observability, workloads, duplicates, kinds shared by several API groups). And it reuses what
 * cannot have changed (the same workloads array and namespaces Map).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildInventory, extendInventory } from '../../src/k8s/inventory.js';
import { readSources, toResources } from '../../src/k8s/load.js';
import type { Inventory, Resource } from '../../src/k8s/types.js';
import { harden, DEFAULT_HARDEN_OPTIONS } from '../../src/harden/index.js';
import { loadModel } from '../../src/model/loader.js';
import { resourcesFromYaml } from '../helpers/cluster.js';
import { REPO_ROOT } from '../helpers/paths.js';

const cluster = (): Resource[] => readSources([join(REPO_ROOT, 'examples/cluster')]);

/** Every lookup key an inventory answers: plain and group-qualified, for every object, plus ones nothing has. */
function keysOf(resources: Resource[]): Array<[string, string | undefined, string]> {
  const keys: Array<[string, string | undefined, string]> = [];
  for (const r of resources) {
    keys.push([r.kind, r.namespace, r.name], [r.groupKind, r.namespace, r.name], [r.kind, r.namespace, `${r.name}-absent`]);
  }
  return keys;
}

function expectSameInventory(ext: Inventory, full: Inventory, extra: Resource[] = []): void {
  expect(ext.resources.length).toBe(full.resources.length);
  ext.resources.forEach((r, i) => expect(r, `resource ${i}`).toBe(full.resources[i]));
  expect([...ext.namespaces.keys()]).toEqual([...full.namespaces.keys()]);
  expect(ext.namespaces).toEqual(full.namespaces);
  expect(ext.workloads).toEqual(full.workloads);
  expect(ext.notes).toEqual(full.notes);
  const all = [...full.resources, ...extra];
  for (const kind of new Set(all.flatMap((r) => [r.kind, r.groupKind, `${r.kind}Absent`]))) {
    const e = ext.byKind(kind);
    const f = full.byKind(kind);
    expect(e.length, `byKind(${kind})`).toBe(f.length);
    e.forEach((r, i) => expect(r, `byKind(${kind})[${i}]`).toBe(f[i]));
  }
  for (const [kind, ns, name] of keysOf(all)) expect(ext.find(kind, ns, name), `find(${kind}, ${ns}, ${name})`).toBe(full.find(kind, ns, name));
}

/** Builds both ways from the same Resource objects (the loader's objects are not mutated by either). */
function both(a: Resource[], b: Resource[]): { before: Inventory; ext: Inventory; full: Inventory } {
  const before = buildInventory(a);
  return { before, ext: extendInventory(before, b), full: buildInventory([...a, ...b]) };
}

describe('extendInventory equals a full build', () => {
  it("with harden's own output on examples/cluster (Namespaces, ConfigMaps, policies, RBAC …)", () => {
    const a = cluster();
    const result = harden(buildInventory(a), loadModel('knative-2021'), DEFAULT_HARDEN_OPTIONS, ['analytics', 'blog', 'shop']);
    expect(result.objects.length).toBeGreaterThan(10);
    const b = toResources(result.objects.map((g, i) => ({ obj: structuredClone(g.object), source: { file: 'ktm-harden', line: i + 1 } })));
    const { before, ext, full } = both(a, b);
    // Some of harden's objects replace the cluster's (Namespaces with labels, Knative ConfigMaps).
    expect(full.notes?.some((n) => n.includes('replaced by the one at ktm-harden'))).toBe(true);
    expectSameInventory(ext, full, a);
    // Kinds harden does not write keep before's list (and so the per-namespace index built on it).
    expect(ext.byKind('CustomResourceDefinition').length).toBeGreaterThan(0);
    expect(ext.byKind('CustomResourceDefinition')).toBe(before.byKind('CustomResourceDefinition'));
  });

  it('a replaced ConfigMap and a ConfigMap in a namespace not seen before: workloads reused, namespaces rebuilt', () => {
    const a = cluster();
    const b = resourcesFromYaml(`
apiVersion: v1
kind: ConfigMap
metadata: { name: config-network, namespace: knative-serving }
data: { ingress-class: kourier.ingress.networking.knative.dev }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: settings, namespace: brand-new }
data: { a: b }
`);
    const { before, ext, full } = both(a, b);
    expectSameInventory(ext, full, a);
    expect(ext.workloads).toBe(before.workloads);
    expect(ext.namespaces.get('brand-new')?.defined).toBe(false);
  });

  it('nothing that touches namespaces or workloads: both reused as they are', () => {
    const a = cluster();
    const b = resourcesFromYaml(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: extra, namespace: shop }
spec: { podSelector: {}, policyTypes: [Ingress] }
`);
    const { before, ext, full } = both(a, b);
    expectSameInventory(ext, full, a);
    expect(ext.namespaces).toBe(before.namespaces);
    expect(ext.workloads).toBe(before.workloads);
  });

  it('a replaced Namespace with new labels', () => {
    const a = cluster();
    const b = resourcesFromYaml(`
apiVersion: v1
kind: Namespace
metadata: { name: blog, labels: { example.com/owner: writers } }
`);
    const { before, ext, full } = both(a, b);
    expectSameInventory(ext, full, a);
    expect(ext.namespaces.get('blog')?.labels['example.com/owner']).toBe('writers');
    expect(before.namespaces.get('blog')?.labels['example.com/owner']).toBeUndefined();
  });

  it('config-observability turning profiling off (examples/cluster has it on) changes the Knative workloads (queue-proxy ports)', () => {
    const a = cluster();
    const b = resourcesFromYaml(`
apiVersion: v1
kind: ConfigMap
metadata: { name: config-observability, namespace: knative-serving }
data: { runtime-profiling: disabled }
`);
    const { before, ext, full } = both(a, b);
    expectSameInventory(ext, full, a);
    expect(ext.workloads).not.toEqual(before.workloads);
  });

  it('an added Deployment, and a Deployment replaced', () => {
    const a = cluster();
    const existing = a.find((r) => r.kind === 'Deployment' && r.namespace === 'blog');
    expect(existing).toBeDefined();
    const b = resourcesFromYaml(`
apiVersion: apps/v1
kind: Deployment
metadata: { name: added, namespace: blog }
spec:
  selector: { matchLabels: { app: added } }
  template: { metadata: { labels: { app: added } }, spec: { containers: [{ name: c, image: c }] } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${existing!.name}, namespace: blog }
spec:
  selector: { matchLabels: { app: relabelled } }
  template: { metadata: { labels: { app: relabelled } }, spec: { containers: [{ name: c, image: c }] } }
`);
    const { before, ext, full } = both(a, b);
    expectSameInventory(ext, full, a);
    expect(ext.workloads.length).toBe(before.workloads.length + 1);
  });

  it('duplicates: one in the cluster replaced again, and one within the added objects (notes name the last winner)', () => {
    const cm = (data: string) => `
apiVersion: v1
kind: ConfigMap
metadata: { name: twice, namespace: shop }
data: { v: "${data}" }
`;
    const a = [...cluster(), ...resourcesFromYaml(`${cm('1')}---${cm('2')}`)];
    const b = resourcesFromYaml(`${cm('3')}---${cm('4')}`);
    const { ext, full } = both(a, b);
    expect(full.notes?.filter((n) => n.startsWith('duplicate ConfigMap shop/twice'))).toHaveLength(3);
    expectSameInventory(ext, full, a);
  });

  it('a plain kind shared by several API groups: the core object wins, else the first one left', () => {
    const widget = (group: string, v: string) => `
apiVersion: ${group}/v1
kind: Service
metadata: { name: w, namespace: shop }
spec: { v: "${v}" }
`;
    const a = [...cluster(), ...resourcesFromYaml(`${widget('a.example.com', '1')}---${widget('b.example.com', '1')}`)];
    const before = buildInventory(a);
    expect(before.find('Service', 'shop', 'w')?.groupKind).toBe('Service.a.example.com');
    // The first one of the plain kind is replaced: find('Service') moves to the other group's object.
    const replaceFirst = resourcesFromYaml(widget('a.example.com', '2'));
    const r1 = extendInventory(before, replaceFirst);
    expectSameInventory(r1, buildInventory([...a, ...replaceFirst]), a);
    expect(r1.find('Service', 'shop', 'w')?.groupKind).toBe('Service.b.example.com');
    // A core Service of that name takes the plain key.
    const core = resourcesFromYaml(`
apiVersion: v1
kind: Service
metadata: { name: w, namespace: shop }
spec: { ports: [{ port: 80 }] }
`);
    const r2 = extendInventory(before, core);
    expectSameInventory(r2, buildInventory([...a, ...core]), a);
    expect(r2.find('Service', 'shop', 'w')?.groupKind).toBe('Service');
  });

  it('extending an extension equals one full build', () => {
    const a = cluster();
    const b = resourcesFromYaml(`
apiVersion: v1
kind: Namespace
metadata: { name: later, labels: { team: x } }
`);
    const c = resourcesFromYaml(`
apiVersion: v1
kind: Namespace
metadata: { name: later, labels: { team: y } }
`);
    const ext = extendInventory(extendInventory(buildInventory(a), b), c);
    expectSameInventory(ext, buildInventory([...a, ...b, ...c]), [...a, ...b]);
  });
});
