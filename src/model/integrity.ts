/**
 * Referential integrity of a threat model, checked after overlays are merged: ids are unique, and every id a part
 * of the model refers to (clause, component, boundary, hardening, actor) exists. zod checks shapes; this checks links.
 */
import type { ThreatModel } from './schema.js';
import { TENANCY_MODELS } from './tenancy.js';

export interface IntegrityViolation {
  /** Path into the model, e.g. ['components', 3, 'boundary']. */
  path: Array<string | number>;
  message: string;
}

type Lists = Pick<
  ThreatModel,
  | 'tenancy'
  | 'hardening'
  | 'actors'
  | 'assets'
  | 'trustBoundaries'
  | 'components'
  | 'dataFlows'
  | 'assumptions'
  | 'attackGoals'
  | 'mitigations'
  | 'clauses'
>;

/** Lists whose entries carry an `id`; the order is the order violations are reported in. */
export const ID_LISTS = [
  'tenancy',
  'hardening',
  'actors',
  'assets',
  'trustBoundaries',
  'components',
  'dataFlows',
  'assumptions',
  'attackGoals',
  'mitigations',
  'clauses',
] as const satisfies ReadonlyArray<keyof Lists>;

export function checkIntegrity(model: ThreatModel): IntegrityViolation[] {
  const out: IntegrityViolation[] = [];
  const ids = (list: (typeof ID_LISTS)[number]) => new Set((model[list] as Array<{ id: string }>).map((e) => e.id));

  for (const list of ID_LISTS) {
    const seen = new Map<string, number>();
    (model[list] as Array<{ id: string }>).forEach((entry, i) => {
      const first = seen.get(entry.id);
      if (first !== undefined) {
        out.push({ path: [list, i, 'id'], message: `duplicate id "${entry.id}" (first at ${list}[${first}])` });
      } else seen.set(entry.id, i);
    });
  }

  for (const t of TENANCY_MODELS) {
    if (!model.tenancy.some((e) => e.id === t)) {
      out.push({ path: ['tenancy'], message: `tenancy model "${t}" is not declared (every model states all three)` });
    }
  }

  const clauses = ids('clauses');
  const refCheck = (path: Array<string | number>, ref: string, known: Set<string>, what: string) => {
    if (!known.has(ref)) out.push({ path, message: `unknown ${what} "${ref}"` });
  };
  for (const list of ID_LISTS) {
    if (list === 'clauses') continue;
    (model[list] as Array<{ clauses?: string[] }>).forEach((entry, i) =>
      (entry.clauses ?? []).forEach((c, j) => refCheck([list, i, 'clauses', j], c, clauses, 'clause')),
    );
  }

  const hardening = ids('hardening');
  model.tenancy.forEach((t, i) => t.hardening.forEach((h, j) => refCheck(['tenancy', i, 'hardening', j], h, hardening, 'hardening')));

  const boundaries = ids('trustBoundaries');
  model.trustBoundaries.forEach((b, i) => {
    if (b.parent !== undefined) refCheck(['trustBoundaries', i, 'parent'], b.parent, boundaries, 'trust boundary');
  });
  out.push(...parentCycles(model));

  const components = ids('components');
  model.components.forEach((c, i) => refCheck(['components', i, 'boundary'], c.boundary, boundaries, 'trust boundary'));
  model.dataFlows.forEach((f, i) => {
    refCheck(['dataFlows', i, 'from'], f.from, components, 'component');
    refCheck(['dataFlows', i, 'to'], f.to, components, 'component');
  });

  const actors = ids('actors');
  model.attackGoals.forEach((g, i) => {
    g.components.forEach((c, j) => refCheck(['attackGoals', i, 'components', j], c, components, 'component'));
    g.actors.forEach((a, j) => refCheck(['attackGoals', i, 'actors', j], a, actors, 'actor'));
  });

  // Engines look a clause up by its rule tag, so a tag must name one clause only.
  const byRule = new Map<string, string>();
  model.clauses.forEach((c, i) => {
    if (!c.rule) return;
    const other = byRule.get(c.rule);
    if (other) out.push({ path: ['clauses', i, 'rule'], message: `rule "${c.rule}" is already played by clause "${other}"` });
    else byRule.set(c.rule, c.id);
  });
  return out;
}

function parentCycles(model: ThreatModel): IntegrityViolation[] {
  const parent = new Map(model.trustBoundaries.map((b) => [b.id, b.parent]));
  const out: IntegrityViolation[] = [];
  model.trustBoundaries.forEach((b, i) => {
    const seen = new Set<string>([b.id]);
    let p = b.parent;
    while (p !== undefined) {
      if (seen.has(p)) {
        out.push({ path: ['trustBoundaries', i, 'parent'], message: `trust boundary "${b.id}" is inside itself (parent cycle)` });
        return;
      }
      seen.add(p);
      p = parent.get(p);
    }
  });
  return out;
}
