/**
 * What changes between two threat models, clause by clause and entity by entity. Entries pair by id (the built-in
 * models give a clause that plays the same role in both the same id). The result is data; renderers format it.
 */
import type { Clause, ThreatModel, Tenancy } from './schema.js';
import { stableStringify } from './stable-json.js';
import { ID_LISTS } from './integrity.js';

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface EntityChange {
  id: string;
  name: string;
  changes: FieldChange[];
}

export interface EntityDiff {
  added: Array<{ id: string; name: string }>;
  removed: Array<{ id: string; name: string }>;
  changed: EntityChange[];
}

export interface ClauseDiff {
  added: Clause[];
  removed: Clause[];
  changed: Array<{ id: string; from: Clause; to: Clause; changes: FieldChange[] }>;
  unchanged: number;
}

export interface TenancyChange {
  id: Tenancy['id'];
  name: string;
  from?: Pick<Tenancy, 'status' | 'hardening'>;
  to?: Pick<Tenancy, 'status' | 'hardening'>;
}

export interface ModelDiff {
  from: ThreatModel['metadata'];
  to: ThreatModel['metadata'];
  trustProfile: FieldChange[];
  tenancy: TenancyChange[];
  clauses: ClauseDiff;
  hardening: EntityDiff;
  actors: EntityDiff;
  assets: EntityDiff;
  trustBoundaries: EntityDiff;
  components: EntityDiff;
  dataFlows: EntityDiff;
  assumptions: EntityDiff;
  attackGoals: EntityDiff;
  mitigations: EntityDiff;
}

/** The id lists other than tenancy and clauses, which the diff treats on their own. */
export const ENTITY_LISTS = ID_LISTS.filter(
  (l): l is Exclude<(typeof ID_LISTS)[number], 'tenancy' | 'clauses'> => l !== 'tenancy' && l !== 'clauses',
);

export function diffModels(a: ThreatModel, b: ThreatModel): ModelDiff {
  const out = {
    from: a.metadata,
    to: b.metadata,
    trustProfile: fieldChanges(a.trustProfile as Record<string, unknown>, b.trustProfile as Record<string, unknown>),
    tenancy: diffTenancy(a, b),
    clauses: diffClauses(a.clauses, b.clauses),
  } as ModelDiff;
  for (const list of ENTITY_LISTS) {
    out[list] = diffEntities(a[list] as Entity[], b[list] as Entity[]);
  }
  return out;
}

/** True when the two models say the same thing (metadata aside). */
export function isEmptyDiff(d: ModelDiff): boolean {
  const c = d.clauses;
  return (
    d.trustProfile.length === 0 &&
    d.tenancy.length === 0 &&
    c.added.length + c.removed.length + c.changed.length === 0 &&
    ENTITY_LISTS.every((l) => d[l].added.length + d[l].removed.length + d[l].changed.length === 0)
  );
}

type Entity = { id: string; name?: string; title?: string; statement?: string } & Record<string, unknown>;

function label(e: Entity): string {
  return e.name ?? e.title ?? e.statement ?? e.id;
}

function byId<T extends { id: string }>(list: T[]): Map<string, T> {
  return new Map(list.map((e) => [e.id, e]));
}

const sortById = <T extends { id: string }>(list: T[]) => [...list].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));

function fieldChanges(x: Record<string, unknown>, y: Record<string, unknown>, skip: string[] = []): FieldChange[] {
  const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])].filter((k) => !skip.includes(k)).sort();
  return keys
    .filter((k) => stableStringify(x[k]) !== stableStringify(y[k]))
    .map((k) => ({ field: k, from: x[k], to: y[k] }));
}

function diffEntities(a: Entity[], b: Entity[]): EntityDiff {
  const ma = byId(a);
  const mb = byId(b);
  return {
    added: sortById(b.filter((e) => !ma.has(e.id))).map((e) => ({ id: e.id, name: label(e) })),
    removed: sortById(a.filter((e) => !mb.has(e.id))).map((e) => ({ id: e.id, name: label(e) })),
    changed: sortById(b.filter((e) => ma.has(e.id)))
      .map((e) => ({ id: e.id, name: label(e), changes: fieldChanges(ma.get(e.id)!, e, ['id']) }))
      .filter((c) => c.changes.length > 0),
  };
}

function diffClauses(a: Clause[], b: Clause[]): ClauseDiff {
  const ma = byId(a);
  const mb = byId(b);
  const changed = sortById(b.filter((c) => ma.has(c.id)))
    .map((c) => {
      const from = ma.get(c.id)!;
      return { id: c.id, from, to: c, changes: fieldChanges(from, c, ['id']) };
    })
    .filter((c) => c.changes.length > 0);
  return {
    added: sortById(b.filter((c) => !ma.has(c.id))),
    removed: sortById(a.filter((c) => !mb.has(c.id))),
    changed,
    unchanged: b.filter((c) => ma.has(c.id)).length - changed.length,
  };
}

function diffTenancy(a: ThreatModel, b: ThreatModel): TenancyChange[] {
  const ma = byId(a.tenancy);
  const mb = byId(b.tenancy);
  const ids = [...new Set([...ma.keys(), ...mb.keys()])];
  const out: TenancyChange[] = [];
  for (const id of ids) {
    const x = ma.get(id);
    const y = mb.get(id);
    const pick = (t?: Tenancy) => (t ? { status: t.status, hardening: [...t.hardening] } : undefined);
    if (stableStringify(pick(x)) === stableStringify(pick(y))) continue;
    out.push({ id: id as Tenancy['id'], name: (y ?? x)!.name, from: pick(x), to: pick(y) });
  }
  return out;
}
