/**
 * Equivalence classes of workloads. Two workloads that agree on (namespace, the pod labels some
 * selector looks at, the named ports some policy names) are indistinguishable to every policy, so
 * the engine evaluates class pairs instead of pod pairs.
 */
import type { ContainerPort, Inventory, Workload } from '../k8s/types.js';

export interface NamespaceView {
  index: number;
  name: string;
  /** Labels, with `kubernetes.io/metadata.name` added as the API server does. */
  labels: Record<string, string>;
}

export interface PodClass {
  id: number;
  ns: NamespaceView;
  /** Labels of the first workload (all members agree on the keys that matter). */
  labels: Record<string, string>;
  /** Container ports of the first workload (members agree on the named ports that matter). */
  ports: ContainerPort[];
  /** Id of the class's named-port signature (same id = same resolution of every named port). */
  portSig: number;
  workloads: Workload[];
}

export interface ClassIndex {
  namespaces: NamespaceView[];
  nsByName: Map<string, NamespaceView>;
  classes: PodClass[];
  classesByNs: number[][];
  classOf: Map<Workload, PodClass>;
  /** Representative ports per port signature. */
  sigPorts: ContainerPort[][];
}

/** Namespaces of the inventory plus any a workload refers to, sorted by name. */
export function namespaceViews(inv: Inventory): NamespaceView[] {
  const names = new Set<string>(inv.namespaces.keys());
  for (const w of inv.workloads) names.add(w.namespace);
  return [...names].sort().map((name, index) => {
    const info = inv.namespaces.get(name);
    const labels = { ...(info?.labels ?? {}) };
    if (labels['kubernetes.io/metadata.name'] === undefined) labels['kubernetes.io/metadata.name'] = name;
    return { index, name, labels };
  });
}

export function buildClasses(
  inv: Inventory,
  namespaces: NamespaceView[],
  usedPodKeys: ReadonlySet<string>,
  usedPortNames: ReadonlySet<string>,
): ClassIndex {
  const nsByName = new Map(namespaces.map((n) => [n.name, n]));
  const classes: PodClass[] = [];
  const byKey = new Map<string, PodClass>();
  const classOf = new Map<Workload, PodClass>();
  const sigIds = new Map<string, number>();
  const sigPorts: ContainerPort[][] = [];
  const workloads = [...inv.workloads].sort((a, b) => cmp(a.namespace, b.namespace) || cmp(a.name, b.name) || cmp(a.kind, b.kind));
  for (const w of workloads) {
    const ns = nsByName.get(w.namespace)!;
    // The workload's own labels that some selector looks at (a key it lacks is absent from the part, which tells
    // "lacks k" apart as well as "!k" would): O(its labels), not O(every key any policy uses).
    const labelPart = Object.keys(w.podLabels)
      .filter((k) => usedPodKeys.has(k))
      .sort()
      .map((k) => `${k}=${w.podLabels[k]}`);
    const named = w.ports
      .filter((p) => p.name !== undefined && usedPortNames.has(p.name))
      .map((p) => `${p.name}/${p.protocol}/${p.containerPort}`)
      .sort();
    const sigKey = named.join(',');
    let portSig = sigIds.get(sigKey);
    if (portSig === undefined) {
      portSig = sigPorts.length;
      sigIds.set(sigKey, portSig);
      sigPorts.push(w.ports);
    }
    const key = `${ns.index}\u0000${labelPart.join('\u0001')}\u0000${portSig}`;
    let cls = byKey.get(key);
    if (!cls) {
      cls = { id: classes.length, ns, labels: w.podLabels, ports: w.ports, portSig, workloads: [] };
      classes.push(cls);
      byKey.set(key, cls);
    }
    cls.workloads.push(w);
    classOf.set(w, cls);
  }
  const classesByNs: number[][] = namespaces.map(() => []);
  for (const c of classes) classesByNs[c.ns.index].push(c.id);
  return { namespaces, nsByName, classes, classesByNs, classOf, sigPorts };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
