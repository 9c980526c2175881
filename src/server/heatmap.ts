/**
 * Heat maps for an audit result, as plain data (the page renders them):
 * - findings per namespace and severity, always available;
 * - tenant-to-tenant reachability, when the audit result carries a `reachability` field.
 */
import type { AuditFinding, AuditResult } from './audit-reports.js';

export const SEVERITY_ORDER = ['critical', 'high', 'moderate', 'medium', 'low', 'info', 'none'] as const;

export interface Grid {
  rows: string[];
  columns: string[];
  /** cells[row][column]: a count or a 0/1 reachability; null when unknown. */
  cells: (number | null)[][];
  max: number;
  /** Text to show instead of the number (e.g. the path kind of a reachability cell). */
  text?: (string | null)[][];
}

/** How open a reachability cell of `ktm audit --format json` is: the more direct the path, the hotter. */
const PATH_HEAT: Record<string, number> = { none: 0, 'via-broker': 1, 'via-gateway': 2, 'via-activator': 3, direct: 4 };

/** The namespace a finding is about: from `resource` as an object, or a `namespace/kind/name`-style string. */
export function findingNamespace(f: AuditFinding): string {
  const r = f.resource as unknown;
  if (r && typeof r === 'object') {
    const o = r as Record<string, unknown>;
    const ns = o.namespace ?? (o.metadata as Record<string, unknown> | undefined)?.namespace;
    if (typeof ns === 'string' && ns) return ns;
    return '(cluster)';
  }
  if (typeof r === 'string') {
    // ktm audit names objects `Kind/namespace/name` (namespaced) or `Kind/name` (cluster-scoped); a Namespace is its own.
    const namespaced = /^[A-Za-z][A-Za-z0-9.]*\/([a-z0-9][a-z0-9-]*)\/[^/\s]+$/.exec(r);
    if (namespaced) return namespaced[1];
    const ns = /^Namespace\/([a-z0-9][a-z0-9-]*)$/.exec(r);
    if (ns) return ns[1];
  }
  return '(cluster)';
}

export function findingsGrid(result: AuditResult): Grid {
  const counts = new Map<string, Map<string, number>>();
  const severities = new Set<string>();
  for (const f of result.findings) {
    const ns = findingNamespace(f);
    const sev = f.severity.toLowerCase();
    severities.add(sev);
    const row = counts.get(ns) ?? new Map<string, number>();
    row.set(sev, (row.get(sev) ?? 0) + 1);
    counts.set(ns, row);
  }
  const rank = (s: string): number => {
    const i = (SEVERITY_ORDER as readonly string[]).indexOf(s);
    return i < 0 ? SEVERITY_ORDER.length : i;
  };
  const columns = [...severities].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const rows = [...counts.keys()].sort();
  const cells = rows.map((r) => columns.map((c) => counts.get(r)?.get(c) ?? 0));
  return { rows, columns, cells, max: Math.max(0, ...cells.flat().map((n) => n ?? 0)) };
}

/**
 * Reads the reachability part of an audit result in the shapes ktm's audit emits or might emit:
 * a matrix `{ tenants|namespaces|labels: [...], matrix: [[...]] }`, or a list of edges `{ from, to, ... }`.
 */
export function reachabilityGrid(result: AuditResult): Grid | undefined {
  const r = result.reachability as unknown;
  if (!r || typeof r !== 'object') return undefined;
  const obj = r as Record<string, unknown>;
  const labels = [obj.tenants, obj.namespaces, obj.labels, obj.nodes].find(Array.isArray) as unknown[] | undefined;
  const value = (v: unknown): number | null => {
    if (typeof v === 'number') return v;
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (Array.isArray(v)) return v.length;
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.reachable === 'boolean') return o.reachable ? 1 : 0;
      if (typeof o.allowed === 'boolean') return o.allowed ? 1 : 0;
      if (Array.isArray(o.paths)) return o.paths.length;
      if (Array.isArray(o.ports)) return o.ports.length;
    }
    return null;
  };
  const name = (v: unknown): string =>
    typeof v === 'string' ? v : v && typeof v === 'object' ? String((v as Record<string, unknown>).name ?? (v as Record<string, unknown>).id ?? '?') : String(v);
  // ktm audit: { namespaces: [...], cells: { from: { to: 'direct' | 'via-activator' | … | 'none' } },
  //              kinds: { from: { to: ['direct', 'via-gateway', …] } } } — every kind shown where `kinds` is present.
  if (labels && obj.cells && typeof obj.cells === 'object' && !Array.isArray(obj.cells)) {
    const names = labels.map(name);
    const rows = obj.cells as Record<string, Record<string, unknown> | undefined>;
    const allKinds = (obj.kinds && typeof obj.kinds === 'object' ? obj.kinds : {}) as Record<string, Record<string, unknown> | undefined>;
    const kindAt = (f: string, t: string): string | null => {
      const v = rows[f]?.[t];
      return typeof v === 'string' ? v : null;
    };
    const labelAt = (f: string, t: string): string | null => {
      const list = allKinds[f]?.[t];
      if (Array.isArray(list) && list.every((k) => typeof k === 'string')) return list.length ? list.join(' + ') : 'none';
      return kindAt(f, t);
    };
    const text = names.map((f) => names.map((t) => (f === t ? '—' : labelAt(f, t))));
    const cells = names.map((f) => names.map((t) => (f === t ? null : (PATH_HEAT[kindAt(f, t) ?? ''] ?? null))));
    return { rows: names, columns: names, cells, text, max: 4 };
  }
  if (labels && Array.isArray(obj.matrix)) {
    const names = labels.map(name);
    const cells = (obj.matrix as unknown[]).map((row) => (Array.isArray(row) ? row.map(value) : names.map(() => null)));
    return { rows: names, columns: names, cells, max: Math.max(0, ...cells.flat().map((n) => n ?? 0)) };
  }
  const edges = (Array.isArray(r) ? r : [obj.edges, obj.paths, obj.pairs].find(Array.isArray)) as unknown[] | undefined;
  if (!edges) return undefined;
  const map = new Map<string, number>();
  const nodes = new Set<string>();
  for (const e of edges) {
    if (!e || typeof e !== 'object') continue;
    const o = e as Record<string, unknown>;
    const from = name(o.from ?? o.source ?? o.src);
    const to = name(o.to ?? o.destination ?? o.dst);
    nodes.add(from);
    nodes.add(to);
    const v = value(o) ?? 1;
    map.set(`${from}\u0000${to}`, (map.get(`${from}\u0000${to}`) ?? 0) + v);
  }
  const names = [...nodes].sort();
  const cells = names.map((f) => names.map((t) => map.get(`${f}\u0000${t}`) ?? 0));
  return { rows: names, columns: names, cells, max: Math.max(0, ...cells.flat().map((n) => n ?? 0)) };
}

/** A heat level 0–5 for colouring a cell (CSS classes heat-0 … heat-5). */
export function heatLevel(value: number | null, max: number): number {
  if (value === null || value <= 0 || max <= 0) return 0;
  return Math.max(1, Math.min(5, Math.ceil((value / max) * 5)));
}
