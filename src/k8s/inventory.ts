/**
 * The inventory: every object read, namespaces (defined or only referred to), workloads, and lookups.
 */
import { formatSource, type Inventory, type NamespaceInfo, type Resource, type Workload } from './types.js';
import { buildWorkloads, isWorkloadObject } from './workloads.js';
import { readByWorkloads } from './knative.js';
import { stringMap } from './podtemplate.js';
import { groupBy } from '../util/arrays.js';

/** The label the API server puts on every namespace (Kubernetes ≥ 1.21); NetworkPolicies select by it. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export interface BuildOptions {
  /** Notes from loading (e.g. optional APIs absent from a live cluster), kept with the inventory's own. */
  notes?: string[];
}

/** What an inventory was built from, kept so extendInventory can add objects without redoing the whole build. */
interface Parts {
  loadNotes: string[];
  /** Objects a later one with the same identity replaced (laterWins), with the one that won. */
  duplicates: Duplicate[];
  workloadNotes: string[];
}
interface Duplicate {
  loser: Resource;
  winner: Resource;
}
const partsOf = new WeakMap<Inventory, Parts>();

export function buildInventory(input: Resource[], opts: BuildOptions = {}): Inventory {
  const duplicates: Duplicate[] = [];
  const resources = laterWins(input, duplicates);
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

  return assemble(
    { resources, namespaces, workloads, byKind: (kind) => byKindIndex.get(kind) ?? [], find: (kind, namespace, name) => findIndex.get(findKey(kind, namespace, name)) },
    { loadNotes: opts.notes ?? [], duplicates, workloadNotes: notes },
  );
}

const findKey = (kind: string, namespace: string | undefined, name: string) => `${kind}/${namespace ?? ''}/${name}`;
/** An object's identity: group kind, namespace, name (what laterWins and find's exact key use). */
const identityKey = (r: Resource) => findKey(r.groupKind, r.namespace, r.name);
const plainKey = (r: Resource) => findKey(r.kind, r.namespace, r.name);

function assemble(inventory: Omit<Inventory, 'notes'>, parts: Parts): Inventory {
  const allNotes = [...parts.loadNotes, ...parts.duplicates.map(describeDuplicate), ...parts.workloadNotes].sort();
  const inv: Inventory = inventory;
  if (allNotes.length > 0) inv.notes = allNotes;
  partsOf.set(inv, parts);
  return inv;
}

/**
 * The inventory of `[...before.resources, ...added]`, equal to what buildInventory would build from that list (same
 * resources, namespaces, workloads, notes, byKind and find), without re-keying every object `before` holds: objects
 * `added` replaces are found with `before.find`, lookups for the keys and kinds it touches are layered over
 * `before`'s, and namespaces and workloads are rebuilt only when an added or replaced object can change them
 * (otherwise `before`'s are reused, the same Map and array, so indexes built on them are reused too).
 * An inventory not made by buildInventory/extendInventory is rebuilt in full.
 */
export function extendInventory(before: Inventory, added: Resource[]): Inventory {
  const parts = partsOf.get(before);
  if (!parts) return buildInventory([...before.resources, ...added], { notes: before.notes });
  const duplicates: Duplicate[] = [];
  const winners = laterWins(added, duplicates);
  // Objects of `before` that an added one replaces (same identity), each with its replacement.
  const replacedBy = new Map<Resource, Resource>();
  for (const a of winners) {
    const old = before.find(a.groupKind, a.namespace, a.name);
    if (old && old.groupKind === a.groupKind) {
      replacedBy.set(old, a);
      duplicates.push({ loser: old, winner: a });
    }
  }
  // Objects `before` had already dropped for one now replaced: the new object wins over them too (as in one build).
  for (const d of parts.duplicates) duplicates.push({ loser: d.loser, winner: replacedBy.get(d.winner) ?? d.winner });
  const kept = replacedBy.size ? before.resources.filter((r) => !replacedBy.has(r)) : before.resources;
  const resources = kept.concat(winners);
  const changed = [...winners, ...replacedBy.keys()];

  const namespaces = changed.some((r) => r.groupKind === 'Namespace' || (r.namespace !== undefined && !before.namespaces.has(r.namespace)))
    ? buildNamespaces(resources)
    : before.namespaces;
  const rebuilt = changed.some(affectsWorkloads) ? buildWorkloads(resources) : undefined;

  // byKind: the lists of the kinds touched, rebuilt from before's list (replaced ones out, added ones appended).
  const byKindOverride = new Map<string, Resource[]>();
  for (const r of changed) {
    for (const kind of new Set([r.kind, r.groupKind])) {
      if (byKindOverride.has(kind)) continue;
      const list = before.byKind(kind).filter((x) => !replacedBy.has(x));
      for (const a of winners) if (a.kind === kind || a.groupKind === kind) list.push(a);
      byKindOverride.set(kind, list);
    }
  }
  const byKind = (kind: string) => byKindOverride.get(kind) ?? before.byKind(kind);

  // find: exact keys of non-core added objects are theirs; a plain key prefers the core object, else the first
  // object of that plain kind in inventory order (buildInventory's rule), decided again for each plain key touched.
  const findOverride = new Map<string, Resource>();
  for (const a of winners) if (a.groupKind !== a.kind) findOverride.set(identityKey(a), a);
  const touched = groupBy(winners, plainKey);
  for (const [key, candidates] of touched) {
    const core = candidates.find((a) => a.groupKind === a.kind);
    if (core) {
      findOverride.set(key, core);
      continue;
    }
    const old = before.find(candidates[0].kind, candidates[0].namespace, candidates[0].name);
    if (old && !replacedBy.has(old)) continue; // still the core object, or still the first of its plain kind
    // The old first one was replaced (its replacement now sits at the end): the first one left, in order.
    const first = old ? byKind(old.kind).find((x) => plainKey(x) === key) : candidates[0];
    findOverride.set(key, first!);
  }
  const find = (kind: string, namespace: string | undefined, name: string) => findOverride.get(findKey(kind, namespace, name)) ?? before.find(kind, namespace, name);

  return assemble(
    { resources, namespaces, workloads: rebuilt?.workloads ?? before.workloads, byKind, find },
    { loadNotes: parts.loadNotes, duplicates, workloadNotes: rebuilt?.notes ?? parts.workloadNotes },
  );
}

/** Whether adding or replacing this object can change the workloads: a workload object, or what Knative's read. */
function affectsWorkloads(res: Resource): boolean {
  return isWorkloadObject(res) || readByWorkloads(res);
}

/**
 * One object per identity (group kind, namespace, name): a later source replaces an earlier one, as
 * `kubectl apply -f a -f b` would — so `ktm audit cluster/ hardened.yaml` audits the cluster after the change.
 */
function laterWins(resources: Resource[], duplicates: Duplicate[]): Resource[] {
  const last = new Map<string, number>();
  resources.forEach((r, i) => last.set(identityKey(r), i));
  if (last.size === resources.length) return resources;
  return resources.filter((r, i) => {
    const winner = last.get(identityKey(r))!;
    if (winner === i) return true;
    duplicates.push({ loser: r, winner: resources[winner] });
    return false;
  });
}

function describeDuplicate({ loser: r, winner: w }: Duplicate): string {
  return `duplicate ${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name} at ${formatSource(r.source)}: replaced by the one at ${formatSource(w.source)}`;
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
    entry = { size: inv.workloads.length, index: groupBy(inv.workloads, (w) => w.namespace) };
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
    index = groupBy(all, (r) => r.namespace);
    kindByNamespace.set(all, index);
  }
  return index.get(namespace) ?? [];
}
