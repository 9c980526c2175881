/**
 * The inventory: every object read, namespaces (defined or only referred to), workloads, and lookups.
 */
import { formatSource, type Inventory, type NamespaceInfo, type Resource, type Workload } from './types.js';
import { buildWorkloads } from './workloads.js';
import { stringMap } from './podtemplate.js';

/** The label the API server puts on every namespace (Kubernetes ≥ 1.21); NetworkPolicies select by it. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export interface BuildOptions {
  /** Notes from loading (e.g. optional APIs absent from a live cluster), kept with the inventory's own. */
  notes?: string[];
}

export function buildInventory(input: Resource[], opts: BuildOptions = {}): Inventory {
  const replaced: string[] = [];
  const resources = laterWins(input, replaced);
  const namespaces = buildNamespaces(resources);
  const { workloads, notes } = buildWorkloads(resources);

  // Lookups: by plain kind and by group-qualified kind; find() by kind/namespace/name. First object wins.
  const byKindIndex = new Map<string, Resource[]>();
  const findIndex = new Map<string, Resource>();
  const add = (kind: string, res: Resource) => {
    const list = byKindIndex.get(kind);
    if (list) list.push(res);
    else byKindIndex.set(kind, [res]);
  };
  for (const res of resources) {
    add(res.kind, res);
    if (res.groupKind !== res.kind) add(res.groupKind, res);
  }
  // Group-qualified keys are exact; a plain kind prefers the core group (`Service` is the core Service,
  // the Knative one is `Service.serving.knative.dev`) and otherwise the first object of that kind.
  for (const res of resources) {
    const gk = `${res.groupKind}/${res.namespace ?? ''}/${res.name}`;
    if (!findIndex.has(gk)) findIndex.set(gk, res);
  }
  for (const res of resources) {
    const k = `${res.kind}/${res.namespace ?? ''}/${res.name}`;
    const existing = findIndex.get(k);
    if (!existing || (existing.groupKind !== existing.kind && res.groupKind === res.kind)) findIndex.set(k, res);
  }

  const allNotes = [...(opts.notes ?? []), ...replaced, ...notes].sort();
  const inventory: Inventory = {
    resources,
    namespaces,
    workloads,
    byKind: (kind: string) => byKindIndex.get(kind) ?? [],
    find: (kind: string, namespace: string | undefined, name: string) => findIndex.get(`${kind}/${namespace ?? ''}/${name}`),
  };
  if (allNotes.length > 0) inventory.notes = allNotes;
  return inventory;
}

/**
 * One object per identity (group kind, namespace, name): a later source replaces an earlier one, as
 * `kubectl apply -f a -f b` would — so `ktm audit cluster/ hardened.yaml` audits the cluster after the change.
 */
function laterWins(resources: Resource[], notes: string[]): Resource[] {
  const key = (r: Resource) => `${r.groupKind}/${r.namespace ?? ''}/${r.name}`;
  const last = new Map<string, number>();
  resources.forEach((r, i) => last.set(key(r), i));
  if (last.size === resources.length) return resources;
  return resources.filter((r, i) => {
    const winner = last.get(key(r))!;
    if (winner === i) return true;
    const w = resources[winner];
    notes.push(`duplicate ${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name} at ${formatSource(r.source)}: replaced by the one at ${formatSource(w.source)}`);
    return false;
  });
}

/**
 * Namespace objects plus every namespace a namespaced object lives in, sorted by name. Each gets
 * `kubernetes.io/metadata.name: <name>` when it lacks it, as the API server does.
 */
export function buildNamespaces(resources: Resource[]): Map<string, NamespaceInfo> {
  const found = new Map<string, NamespaceInfo>();
  for (const res of resources) {
    if (res.groupKind !== 'Namespace' || found.has(res.name)) continue;
    const labels = stringMap(res.obj.metadata.labels);
    if (!(NAMESPACE_NAME_LABEL in labels)) labels[NAMESPACE_NAME_LABEL] = res.name;
    found.set(res.name, {
      name: res.name,
      labels,
      annotations: stringMap(res.obj.metadata.annotations),
      defined: true,
      resource: res,
    });
  }
  for (const res of resources) {
    const ns = res.namespace;
    if (ns === undefined || found.has(ns)) continue;
    found.set(ns, { name: ns, labels: { [NAMESPACE_NAME_LABEL]: ns }, annotations: {}, defined: false });
  }
  const sorted = [...found.keys()].sort();
  return new Map(sorted.map((n) => [n, found.get(n)!]));
}

/** Workloads per namespace, built once per workload list (inventories are not mutated once built). */
const byNamespace = new WeakMap<readonly Workload[], { size: number; index: Map<string, Workload[]> }>();

/** The workloads of one namespace, in inventory order: an index lookup, not a scan of every workload. */
export function workloadsIn(inv: Pick<Inventory, 'workloads'>, namespace: string): readonly Workload[] {
  let entry = byNamespace.get(inv.workloads);
  // A list that grew since (a test building an inventory by hand) is indexed again.
  if (!entry || entry.size !== inv.workloads.length) {
    const index = new Map<string, Workload[]>();
    for (const w of inv.workloads) {
      const list = index.get(w.namespace);
      if (list) list.push(w);
      else index.set(w.namespace, [w]);
    }
    entry = { size: inv.workloads.length, index };
    byNamespace.set(inv.workloads, entry);
  }
  return entry.index.get(namespace) ?? [];
}

/** Objects of one kind per namespace, built once per kind list (the list byKind returns). */
const kindByNamespace = new WeakMap<readonly Resource[], Map<string, Resource[]>>();

/** The objects of `kind` in one namespace, in inventory order: an index lookup, not a scan of the whole kind. */
export function resourcesIn(inv: Pick<Inventory, 'byKind'>, kind: string, namespace: string): readonly Resource[] {
  const all = inv.byKind(kind);
  let index = kindByNamespace.get(all);
  if (!index) {
    index = new Map();
    for (const r of all) {
      if (r.namespace === undefined) continue;
      const list = index.get(r.namespace);
      if (list) list.push(r);
      else index.set(r.namespace, [r]);
    }
    kindByNamespace.set(all, index);
  }
  return index.get(namespace) ?? [];
}
