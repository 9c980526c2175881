/**
 * The review's rules: each turns the before/after reach of the actor classes (or the structure of the changed
 * model) into raw findings for one scenario. Which scenario a finding first appears in decides its status
 * (see scenario.ts); review.ts does that comparison.
 */
import { clauseByRule } from '../model/catalog.js';
import type { RuleTag, TenancyModelId } from '../model/schema.js';
import type { ReviewFlow, ReviewModel } from './apply.js';
import type { FeatureDesign, ReviewActor } from './design.js';
import { isOffCluster, isPerTenant, parseState, type Edge, type Graph } from './graph.js';
import type { MitigationId } from './mitigations.js';
import { hopKey, type ActorReach } from './reach.js';
import { isTenantActor } from './scenario.js';
import type { FindingKind, Severity, StrideCategory } from './result.js';

export interface RawFinding {
  id: string;
  kind: FindingKind;
  title: string;
  baseSeverity: Severity;
  stride: StrideCategory[];
  actors: ReviewActor[];
  components: string[];
  flows: string[];
  path: Edge[];
  reason: string;
  rules: RuleTag[];
  suggestions: Array<{ id: MitigationId; detail: string }>;
  tenancy: TenancyModelId[];
}

export interface Analysis {
  rm: ReviewModel;
  graphs: Map<ReviewActor, Graph>;
  reach: Map<ReviewActor, ActorReach>;
}

export interface RuleContext {
  design: FeatureDesign;
  before: Analysis;
  after: Analysis;
  /** Namespace tenancy is a goal of the model (supported or supported-with-hardening). */
  namespaceTenancyGoal: boolean;
}

export const ACTOR_ORDER: ReviewActor[] = ['none', 'event-source-admin', 'workload', 'namespace-admin'];

const TENANT_TENANCIES: TenancyModelId[] = ['namespace', 'control-plane'];

/**
 * Tenancy models a cross-tenant finding affects. Through a shared Knative component it does not affect
 * control-plane tenancy when the model says an independent Knative per (virtual) cluster is enough; straight
 * from a tenant's pod (shared nodes, shared network) it does.
 */
function crossTenantTenancies(ctx: RuleContext, viaSharedKnative: boolean): TenancyModelId[] {
  const independent = clauseByRule(ctx.after.rm.model, 'multi-cluster-independent') !== undefined;
  return viaSharedKnative && independent ? ['namespace'] : TENANT_TENANCIES;
}
const ALL_TENANCIES: TenancyModelId[] = ['cluster', 'namespace', 'control-plane'];

/** `flow: from@ctx -> to@ctx`, as printed in paths. */
export function describeEdge(e: Edge): string {
  return `${e.flow.id}: ${e.from} -> ${e.to}`;
}

/** The hop without its sender context: two actors using the same flow to the same instance make the same hop. */
function hopTarget(e: Edge): string {
  return `${e.flow.id}|${e.to}`;
}

function designParts(path: Edge[], rm: ReviewModel): { components: string[]; flows: string[] } {
  const flows = new Set<string>();
  const components = new Set<string>();
  for (const e of path) {
    if (e.flow.origin === 'new' || e.flow.origin === 'changed') flows.add(e.flow.id);
    for (const c of [e.flow.from, e.flow.to]) {
      const o = rm.components.get(c)?.origin;
      if (o === 'new' || o === 'changed') components.add(c);
    }
  }
  return { components: [...components].sort(), flows: [...flows].sort() };
}

const ports = (edges: Edge[]) => [...new Set(edges.map((e) => e.flow.port).filter((p): p is number => p !== undefined))].sort((a, b) => a - b);

/** New hops grouped by destination component, for the actors `pick` selects. */
function newHopsByTarget(
  ctx: RuleContext,
  actors: ReviewActor[],
  accept: (e: Edge, actor: ReviewActor) => boolean,
): Map<string, { actors: ReviewActor[]; hops: Edge[]; path: Edge[] }> {
  const groups = new Map<string, { actors: ReviewActor[]; hops: Edge[]; path: Edge[] }>();
  for (const actor of actors) {
    const after = ctx.after.reach.get(actor)!;
    const before = ctx.before.reach.get(actor)!;
    const beforeTargets = new Set([...before.hops.values()].map((p) => hopTarget(p[p.length - 1])));
    for (const [k, path] of [...after.hops].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const e = path[path.length - 1];
      if (beforeTargets.has(hopTarget(e)) || !accept(e, actor)) continue;
      const comp = parseState(e.to).component;
      const g = groups.get(comp) ?? { actors: [], hops: [], path };
      if (!g.actors.includes(actor)) g.actors.push(actor);
      if (!g.hops.some((h) => hopKey(h) === k)) g.hops.push(e);
      groups.set(comp, g);
    }
  }
  return groups;
}

/** A tenant actor newly reaches an instance in another tenant that an outsider cannot reach as well. */
export function crossTenantReach(ctx: RuleContext): RawFinding[] {
  const outsider = ctx.after.reach.get('none')!;
  const outsiderTargets = new Set([...outsider.hops.values()].map((p) => hopTarget(p[p.length - 1])));
  const groups = newHopsByTarget(ctx, ['workload', 'namespace-admin'], (e) => parseState(e.to).ctx === 'B' && !outsiderTargets.has(hopTarget(e)));
  const out: RawFinding[] = [];
  for (const [comp, g] of groups) {
    const c = ctx.after.rm.components.get(comp)!;
    // Where the path leaves the attacker's tenant: straight from its own pod (runtime/network isolation), or
    // through a shared component (filtering at shared components).
    const crossing = g.path.find((e) => parseState(e.from).ctx !== 'B' && parseState(e.to).ctx === 'B') ?? g.hops[0];
    const fromComp = ctx.after.rm.components.get(crossing.flow.from)!;
    const direct = isPerTenant(fromComp, ctx.after.rm);
    const last = g.hops[0];
    const stride: StrideCategory[] = ['elevation-of-privilege'];
    if (!last.flow.authenticated) stride.unshift('spoofing');
    if (isPerTenant(c, ctx.after.rm)) stride.push('information-disclosure');
    const portList = ports(g.hops);
    const parts = designParts(g.path.concat(g.hops), ctx.after.rm);
    out.push({
      id: `cross-tenant-reach:${comp}`,
      kind: 'cross-tenant-reach',
      title: `${c.name} of other tenants reachable ${direct ? "straight from a tenant's pod" : 'from a tenant namespace'}`,
      baseSeverity: ctx.namespaceTenancyGoal ? 'high' : 'moderate',
      stride: sortStride(stride),
      actors: order(g.actors),
      ...parts,
      path: g.path,
      reason:
        `${direct ? `${fromComp.name} (in the attacker's own namespace)` : `shared ${fromComp.name}`} sends to ${c.name} in another tenant` +
        ` over ${g.hops.map((h) => h.flow.id).filter(uniq).join(', ')}${portList.length ? ` (port ${portList.join(', ')})` : ''}` +
        `${last.flow.authenticated ? '' : ', unauthenticated'}; the destination cannot tell it from legitimate traffic.`,
      rules: [
        'namespace-isolation-goal',
        'multi-tenant-not-vulnerability',
        ...(direct ? (['untrusted-needs-isolation', 'runtime-network-trusted'] as RuleTag[]) : (['shared-component-filtering', 'tenancy-hardening'] as RuleTag[])),
      ],
      suggestions: direct
        ? [
            { id: 'runtime-isolation', detail: `isolate tenant pods at node level (Pod Security baseline, per-tenant nodes)` },
            { id: 'network-policy', detail: `admit ${c.name} only from its expected senders (NetworkPolicy)` },
          ]
        : [
            { id: 'namespace-check', detail: `check the caller's namespace at ${fromComp.name} on \`${crossing.flow.id}\`` },
            { id: 'tls-san-check', detail: `verify the tenant's TLS SAN on \`${crossing.flow.id}\`` },
            { id: 'network-policy', detail: `restrict who can reach ${fromComp.name} (NetworkPolicy)` },
          ],
      tenancy: crossTenantTenancies(ctx, !direct),
    });
  }
  return out;
}

/** A tenant actor can newly pull another tenant's data through a hop whose tenant the receiver picks. */
export function crossTenantData(ctx: RuleContext): RawFinding[] {
  const byFlow = new Map<string, { actors: ReviewActor[]; path: Edge[] }>();
  for (const actor of ['workload', 'namespace-admin'] as ReviewActor[]) {
    const before = ctx.before.reach.get(actor)!.attracted;
    for (const [flowId, path] of ctx.after.reach.get(actor)!.attracted) {
      if (before.has(flowId)) continue;
      const g = byFlow.get(flowId) ?? { actors: [], path };
      g.actors.push(actor);
      byFlow.set(flowId, g);
    }
  }
  const out: RawFinding[] = [];
  for (const [flowId, g] of byFlow) {
    const f = ctx.after.rm.flows.get(flowId)!;
    const from = ctx.after.rm.components.get(f.from)!;
    const to = ctx.after.rm.components.get(f.to)!;
    const answersForOthers = from.forwardsForCaller;
    const gate = f.requires?.resource ? ctx.design.resources.find((r) => r.id === f.requires!.resource) : undefined;
    out.push({
      id: `cross-tenant-data:${flowId}`,
      kind: 'cross-tenant-data',
      // "a tenant's workload" rather than the model's name for it ("a tenant's Tenant user container").
      title: answersForOthers
        ? `${from.name} can route requests meant for another tenant to ${tenantOwned(to)}`
        : `${from.name} can deliver other tenants' data to ${tenantOwned(to)}`,
      baseSeverity: ctx.namespaceTenancyGoal ? 'high' : 'moderate',
      stride: sortStride(answersForOthers ? ['spoofing', 'information-disclosure'] : ['information-disclosure']),
      actors: order(g.actors),
      ...designParts(g.path, ctx.after.rm),
      path: g.path,
      reason:
        `${flowId} (${from.name} -> ${to.name}) crosses tenants and the receiving side picks the tenant` +
        `${gate ? ` by setting ${gate.resource}.${gate.apiGroup}${gate.fields.length ? ` ${gate.fields.join(', ')}` : ''}` : ''}` +
        (answersForOthers ? `: the tenant receives, and answers, requests meant for another tenant.` : `: the tenant receives another tenant's data.`),
      rules: ['namespace-isolation-goal', 'multi-tenant-not-vulnerability', 'confidentiality-integrity-first', ...(from.shared ? (['shared-component-filtering'] as RuleTag[]) : [])],
      tenancy: crossTenantTenancies(ctx, from.shared),
      suggestions: [
        {
          id: 'rbac-verb',
          detail: gate ? `make ${gate.resource} need a grant that edit and admin do not hold` : `gate \`${flowId}\` behind a grant only an admin gives`,
        },
        { id: 'namespace-check', detail: `let ${from.name} deliver only within the owning namespace unless granted` },
      ],
    });
  }
  return out;
}

/** An actor without cluster credentials newly reaches an in-cluster component. */
export function unprivilegedReach(ctx: RuleContext): RawFinding[] {
  const groups = newHopsByTarget(ctx, ['none', 'event-source-admin'], (e) => {
    const c = ctx.after.rm.components.get(parseState(e.to).component)!;
    return !isOffCluster(c, ctx.after.rm);
  });
  const out: RawFinding[] = [];
  for (const [comp, g] of groups) {
    const c = ctx.after.rm.components.get(comp)!;
    const last = g.hops[0];
    const from = ctx.after.rm.components.get(last.flow.from)!;
    const deputy = from.shared && last.flow.destinationChosenBy === 'caller';
    const stride: StrideCategory[] = ['information-disclosure', 'elevation-of-privilege'];
    if (!last.flow.authenticated) stride.unshift('spoofing');
    out.push({
      id: `unprivileged-reach:${comp}`,
      kind: 'unprivileged-reach',
      title: `${c.name} newly reachable without cluster credentials`,
      baseSeverity: c.kind === 'workload' ? 'moderate' : 'high',
      stride: sortStride(stride),
      actors: order(g.actors),
      ...designParts(g.path, ctx.after.rm),
      path: g.path,
      reason:
        `${describeActorShort(g.actors[0])} reaches ${c.name} through ${g.path.map((e) => e.flow.id).join(' -> ')}` +
        (deputy ? `: the caller chooses the destination at shared ${from.name}` : '') +
        (last.flow.authenticated ? '.' : ', without authentication.'),
      rules: ['unprivileged-most-significant', 'confidentiality-integrity-first', 'namespace-isolation-goal'],
      suggestions: [
        { id: 'authenticate-flow', detail: `authenticate callers on \`${last.flow.id}\`` },
        ...(deputy ? [{ id: 'namespace-check' as const, detail: `let ${from.name} route only to destinations the caller may address` }] : []),
      ],
      tenancy: ALL_TENANCIES,
    });
  }
  return out;
}

/** A tenant actor newly reaches a shared component (one tenant's load or input affects all). */
export function sharedSurface(ctx: RuleContext): RawFinding[] {
  const outsider = ctx.after.reach.get('none')!;
  const outsiderTargets = new Set([...outsider.hops.values()].map((p) => parseState(p[p.length - 1].to).component));
  const groups = newHopsByTarget(ctx, ['workload', 'namespace-admin'], (e) => {
    const c = ctx.after.rm.components.get(parseState(e.to).component)!;
    return c.shared && parseState(e.to).ctx !== 'B' && !outsiderTargets.has(c.id) && (e.flow.origin === 'new' || e.flow.origin === 'changed');
  });
  // Only components the tenant could not reach at all before: a new port on a known shared hop is not new surface.
  const out: RawFinding[] = [];
  for (const [comp, g] of groups) {
    const reachedBefore = ['workload', 'namespace-admin'].some((a) =>
      [...ctx.before.reach.get(a as ReviewActor)!.reached.keys()].some((s) => parseState(s).component === comp),
    );
    if (reachedBefore) continue;
    const c = ctx.after.rm.components.get(comp)!;
    const unauth = g.hops.some((h) => !h.flow.authenticated);
    out.push({
      id: `shared-surface:${comp}`,
      kind: 'shared-surface',
      title: `Shared ${c.name} newly reachable from tenant namespaces`,
      baseSeverity: unauth ? 'moderate' : 'low',
      stride: sortStride(unauth ? ['spoofing', 'denial-of-service'] : ['denial-of-service']),
      actors: order(g.actors),
      ...designParts(g.path, ctx.after.rm),
      path: g.path,
      reason: `${c.name} serves every tenant; tenants reach it over ${g.hops.map((h) => h.flow.id).filter(uniq).join(', ')}${unauth ? ' without authentication' : ''}, so one tenant's input or load affects all.`,
      rules: ['shared-component-filtering', 'availability-lower-priority', 'namespace-isolation-goal'],
      suggestions: [
        unauth ? { id: 'authenticate-flow', detail: `authenticate tenants at ${c.name}` } : { id: 'rate-limit', detail: `limit each tenant's load at ${c.name}` },
        { id: 'network-policy', detail: `admit ${c.name} only from its expected senders (NetworkPolicy)` },
      ],
      tenancy: TENANT_TENANCIES,
    });
  }
  return out;
}

/** A new or changed hop out of a shared component to a caller-chosen destination in any tenant, identity lost. */
export function confusedDeputy(ctx: RuleContext): RawFinding[] {
  const g = ctx.after.graphs.get('namespace-admin')!;
  const tenantReached = new Set<string>();
  for (const a of ['workload', 'namespace-admin'] as ReviewActor[]) {
    for (const s of ctx.after.reach.get(a)!.reached.keys()) tenantReached.add(parseState(s).component);
  }
  const out: RawFinding[] = [];
  for (const f of sortedFlows(g)) {
    if (f.origin !== 'new' && f.origin !== 'changed') continue;
    const from = g.components.get(f.from)!;
    if (!isDeputyHop(f, from.shared)) continue;
    if (!tenantReached.has(f.from)) continue;
    const to = g.components.get(f.to)!;
    out.push({
      id: `confused-deputy:${f.id}`,
      kind: 'confused-deputy',
      title: `Shared ${from.name} forwards to a caller-chosen ${to.name} in any namespace`,
      baseSeverity: ctx.namespaceTenancyGoal ? 'high' : 'moderate',
      stride: sortStride(['repudiation', 'information-disclosure', 'elevation-of-privilege']),
      actors: ['workload', 'namespace-admin'],
      components: from.origin === 'new' || from.origin === 'changed' ? [from.id] : [],
      flows: [f.id],
      path: [],
      reason:
        `${from.name} is shared and reachable from tenant namespaces; on ${f.id} the caller chooses the destination, ` +
        `${f.identity === 'caller' ? 'and' : `but ${to.name} sees ${from.name}'s identity, not the caller's, and`} nothing checks the caller's namespace against the destination's.`,
      rules: ['shared-component-filtering', 'namespace-isolation-goal', 'multi-tenant-not-vulnerability', 'tenancy-hardening'],
      suggestions: [
        { id: 'namespace-check', detail: `check the caller's namespace at ${from.name} on \`${f.id}\`` },
        { id: 'tls-san-check', detail: `verify the destination's TLS SAN on \`${f.id}\`` },
        { id: 'network-policy', detail: `restrict who can reach ${from.name} (NetworkPolicy)` },
      ],
      tenancy: crossTenantTenancies(ctx, true),
    });
  }
  return out;
}

export function isDeputyHop(f: ReviewFlow, fromShared: boolean): boolean {
  return fromShared && f.destinationChosenBy === 'caller' && f.tenantScope === 'cross-tenant' && !f.checksCallerNamespace;
}

const SENSITIVE = new Set(['*', 'secrets', 'pods', 'pods/exec', 'deployments', 'serviceaccounts', 'serviceaccounts/token', 'roles', 'rolebindings', 'clusterroles', 'clusterrolebindings', 'mutatingwebhookconfigurations', 'validatingwebhookconfigurations', 'customresourcedefinitions', 'nodes', 'namespaces']);
const WRITE = new Set(['*', 'create', 'update', 'patch', 'delete', 'deletecollection', 'escalate', 'bind', 'impersonate']);

/** A new or changed component whose service account holds cluster-wide rights over sensitive resources. */
export function broadRbac(ctx: RuleContext): RawFinding[] {
  const out: RawFinding[] = [];
  for (const dc of ctx.design.components) {
    const c = ctx.after.graphs.get('namespace-admin')!.components.get(dc.id);
    if (!c || !dc.serviceAccount || (c.origin !== 'new' && c.origin !== 'changed')) continue;
    const risky = dc.serviceAccount.rules.filter(
      (r) =>
        r.scope === 'cluster' &&
        r.resources.some((res) => SENSITIVE.has(res)) &&
        (r.verbs.some((v) => WRITE.has(v)) || (r.resources.some((res) => res === 'secrets' || res === '*') && r.verbs.some((v) => ['get', 'list', 'watch'].includes(v)))),
    );
    if (risky.length === 0) continue;
    const grants = risky.map((r) => `${r.verbs.join('/')} on ${r.resources.join(',')}`).join('; ');
    out.push({
      id: `broad-rbac:${c.id}`,
      kind: 'broad-rbac',
      title: `${c.name} gets cluster-wide rights over sensitive resources`,
      baseSeverity: 'moderate',
      stride: ['elevation-of-privilege'],
      actors: [],
      components: [c.id],
      flows: [],
      path: [],
      reason: `service account ${dc.serviceAccount.name} is bound cluster-wide to ${grants}: a bug or a confused request in ${c.name} acts in every namespace.`,
      rules: ['controller-namespace-confinement', 'platform-trusted'],
      suggestions: [{ id: 'least-privilege-rbac', detail: `bind ${dc.serviceAccount.name} with a namespaced Role, without write on sensitive resources` }],
      tenancy: ALL_TENANCIES,
    });
  }
  return out;
}

export const RULES = [crossTenantReach, crossTenantData, unprivilegedReach, confusedDeputy, sharedSurface, broadRbac];

function tenantOwned(c: { name: string; kind: string }): string {
  return c.kind === 'workload' ? "a tenant's workload" : `a tenant's ${c.name}`;
}

function sortedFlows(g: Graph): ReviewFlow[] {
  return [...g.flows.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
}

const STRIDE_ORDER: StrideCategory[] = ['spoofing', 'tampering', 'repudiation', 'information-disclosure', 'denial-of-service', 'elevation-of-privilege'];
function sortStride(list: StrideCategory[]): StrideCategory[] {
  return STRIDE_ORDER.filter((s) => list.includes(s));
}
function order(actors: ReviewActor[]): ReviewActor[] {
  return ACTOR_ORDER.filter((a) => actors.includes(a));
}
function uniq<T>(v: T, i: number, a: T[]): boolean {
  return a.indexOf(v) === i;
}
function describeActorShort(a: ReviewActor): string {
  return a === 'none' ? 'an actor with no permissions' : a === 'event-source-admin' ? 'an event-source admin' : isTenantActor(a) ? 'a tenant' : a;
}
