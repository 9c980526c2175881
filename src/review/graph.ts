/**
 * The data-flow graph a review reasons on, instantiated for two tenants.
 *
 * Each component becomes one state per tenant context it can act in: a per-tenant component exists once in the
 * attacker's tenant (`A`) and once in another tenant (`B`); a shared component can act for A, for B, or for no
 * tenant (`-`); an off-cluster component only as `-`. A flow joins states: a `same-tenant` hop keeps the
 * tenant context, a `cross-tenant` hop (a caller-chosen destination, a cross-namespace reference) can land in
 * any tenant. That is what lets "tenant A can now reach tenant B" be computed rather than guessed.
 */
import type { ReviewComponent, ReviewFlow, ReviewModel } from './apply.js';
import type { ReviewActor, Requires } from './design.js';
import type { Scenario } from './scenario.js';

export type Ctx = 'A' | 'B' | '-';
export const ATTACKER_TENANT: Ctx = 'A';

export interface Edge {
  flow: ReviewFlow;
  from: string; // state key
  to: string;
}

export interface Graph {
  components: Map<string, ReviewComponent>;
  flows: Map<string, ReviewFlow>;
  out: Map<string, Edge[]>;
  in: Map<string, Edge[]>;
}

export function stateKey(component: string, ctx: Ctx): string {
  return `${component}@${ctx}`;
}

export function parseState(key: string): { component: string; ctx: Ctx } {
  const at = key.lastIndexOf('@');
  return { component: key.slice(0, at), ctx: key.slice(at + 1) as Ctx };
}

/** A per-tenant component: one instance in every tenant namespace. */
export function isPerTenant(c: ReviewComponent, rm: { boundaries: ReviewModel['boundaries'] }): boolean {
  return !c.shared && (c.namespace === '<tenant>' || rm.boundaries.get(c.boundary)?.perTenant === true);
}

/** Off-cluster: not shared, not per tenant, and in no namespace (internet clients, event sources, CLIs). */
export function isOffCluster(c: ReviewComponent, rm: { boundaries: ReviewModel['boundaries'] }): boolean {
  return !c.shared && !isPerTenant(c, rm) && !c.namespace;
}

export function contexts(c: ReviewComponent, rm: { boundaries: ReviewModel['boundaries'] }): Ctx[] {
  if (isPerTenant(c, rm)) return ['A', 'B'];
  if (isOffCluster(c, rm)) return ['-'];
  return ['A', 'B', '-'];
}

/** Builds the graph of one scenario for one actor (resource-gated parts depend on the actor's verbs). */
export function buildGraph(rm: ReviewModel, sc: Scenario, actor: ReviewActor): Graph {
  // A flag with `set` switches properties of a flow rather than its existence.
  const present = (req: Requires | undefined) =>
    (req?.flag === undefined || req.set !== undefined || sc.flagOn(req.flag)) && (req?.resource === undefined || sc.verbHeld(req.resource, actor));
  const components = new Map([...rm.components].filter(([, c]) => present(c.requires)));
  const flows = new Map<string, ReviewFlow>();
  for (const [id, f] of rm.flows) {
    if (!present(f.requires) || !components.has(f.from) || !components.has(f.to)) continue;
    const switched = f.settings && f.requires?.flag !== undefined && sc.flagOn(f.requires.flag) ? { ...f, ...f.settings } : f;
    const effective = sc.designMitigations ? withDesignMitigations(switched, rm) : withoutDesignMitigations(switched, rm);
    if (effective) flows.set(id, effective);
  }
  const out = new Map<string, Edge[]>();
  const inn = new Map<string, Edge[]>();
  for (const f of flows.values()) {
    const from = components.get(f.from)!;
    const to = components.get(f.to)!;
    const toCtxs = contexts(to, rm);
    for (const cs of contexts(from, rm)) {
      let targets: Ctx[];
      if (f.tenantScope === 'cross-tenant') targets = toCtxs;
      else if (toCtxs.includes(cs)) targets = [cs];
      else if (cs === '-') targets = toCtxs; // a request from outside any tenant lands in whichever tenant it addresses
      else targets = toCtxs.includes('-') ? ['-'] : [];
      for (const cd of targets) {
        const e: Edge = { flow: f, from: stateKey(f.from, cs), to: stateKey(f.to, cd) };
        push(out, e.from, e);
        push(inn, e.to, e);
      }
    }
  }
  return { components, flows, out, in: inn };
}

function push(m: Map<string, Edge[]>, k: string, e: Edge): void {
  const list = m.get(k);
  if (list) list.push(e);
  else m.set(k, [e]);
}

/** The design's own mitigations change how a flow behaves. */
function withDesignMitigations(f: ReviewFlow, rm: ReviewModel): ReviewFlow | undefined {
  let g = f;
  for (const m of rm.mitigations) {
    if (m.kind === 'network-policy' && m.component === f.to && !m.allowFrom.includes(f.from)) return undefined;
    if (m.kind === 'namespace-check' && m.flow === f.id) g = { ...g, checksCallerNamespace: true };
    if (m.kind === 'tls-san-check' && m.flow === f.id) g = { ...g, checksCallerNamespace: true, encrypted: true, authenticated: true };
  }
  // A hop that ties the destination to the caller's namespace cannot cross tenants.
  return g.checksCallerNamespace ? { ...g, tenantScope: 'same-tenant' } : g;
}

/** The `unmitigated` scenario: as if the design had declared no namespace checks, SAN checks or policies. */
function withoutDesignMitigations(f: ReviewFlow, _rm: ReviewModel): ReviewFlow {
  if (f.origin === 'model' || !f.checksCallerNamespace) return f;
  return { ...f, checksCallerNamespace: false, tenantScope: f.destinationChosenBy === 'caller' ? 'cross-tenant' : f.tenantScope };
}
