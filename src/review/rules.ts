/**
 * The review's rules: each turns the before/after reach of the actor classes (or the structure of the changed
 * model) into raw findings for one scenario. Which scenario a finding first appears in decides its status
 * (see scenario.ts); review.ts does that comparison.
 */
import { clauseByRule } from '../model/catalog.js';
import type { RuleTag, TenancyModelId, ThreatModel } from '../model/schema.js';
import { isSystemNamespace } from '../k8s/system-namespaces.js';
import type { ReviewComponent, ReviewFlow, ReviewModel } from './apply.js';
import { hostsSystemPods } from './builtins.js';
import type { FeatureDesign, ReviewActor } from './design.js';
import { isOffCluster, isPerTenant, parseState, type Edge, type Graph } from './graph.js';
import type { MitigationId } from './mitigations.js';
import { attractedKey, attractedKeys, closableByNetworkPolicy, crossingEdge, destinationKey, hopKind, isNewReach, pathKind, reachIndex, type PathKind } from './path-kind.js';
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
  /** The model's attack goals the finding reaches (by id). */
  goals?: Array<{ id: string; title: string }>;
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

/** New reach grouped by destination component, for the actors given; `accept` filters the last hop. */
function newHopsByTarget(
  ctx: RuleContext,
  actors: ReviewActor[],
  accept: (e: Edge, actor: ReviewActor, path: Edge[]) => boolean,
): Map<string, { actors: ReviewActor[]; hops: Edge[]; path: Edge[] }> {
  const groups = new Map<string, { actors: ReviewActor[]; hops: Edge[]; path: Edge[] }>();
  for (const actor of actors) {
    const after = ctx.after.reach.get(actor)!;
    const before = reachIndex(ctx.before.reach.get(actor)!.hops.values(), ctx.before.rm);
    for (const [k, path] of [...after.hops].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const e = path[path.length - 1];
      if (!isNewReach(before, path, ctx.after.rm) || !accept(e, actor, path)) continue;
      const comp = parseState(e.to).component;
      const g = groups.get(comp) ?? { actors: [], hops: [], path };
      if (!g.actors.includes(actor)) g.actors.push(actor);
      if (!g.hops.some((h) => hopKey(h) === k)) g.hops.push(e);
      groups.set(comp, g);
    }
  }
  return groups;
}

/**
 * A tenant actor newly reaches an instance in another tenant that an outsider cannot reach as well. How it
 * crosses decides severity and fix: an L4 connection to a per-namespace pod is closed by a NetworkPolicy, which
 * the model already assumes between namespaces (low, not a blocked tenancy); a shared hop or the node network
 * cannot be separated by NetworkPolicy (a break of namespace isolation).
 */
export function crossTenantReach(ctx: RuleContext): RawFinding[] {
  const outsider = ctx.after.reach.get('none')!;
  const outsiderTargets = new Set([...outsider.hops.values()].map((p) => destinationKey(p[p.length - 1])));
  const groups = newHopsByTarget(
    ctx,
    ['workload', 'namespace-admin'],
    (e, _a, path) => parseState(e.to).ctx === 'B' && !outsiderTargets.has(destinationKey(e)) && isNetworkKind(pathKind(path, ctx.after.rm)),
  );
  const out: RawFinding[] = [];
  for (const [comp, g] of groups) {
    const c = ctx.after.rm.components.get(comp)!;
    const crossing = crossingEdge(g.path);
    const kind = hopKind(crossing, ctx.after.rm);
    const fromComp = ctx.after.rm.components.get(crossing.flow.from)!;
    const direct = isPerTenant(fromComp, ctx.after.rm);
    const closable = closableByNetworkPolicy(kind);
    const last = g.hops[0];
    const stride: StrideCategory[] = ['elevation-of-privilege'];
    if (!last.flow.authenticated) stride.unshift('spoofing');
    if (isPerTenant(c, ctx.after.rm)) stride.push('information-disclosure');
    const portList = ports(g.hops);
    const parts = designParts(g.path.concat(g.hops), ctx.after.rm);
    const how =
      kind === 'network-policy'
        ? `an L4 connection to a per-namespace pod, which a NetworkPolicy in the destination's namespace governs (the model assumes one)`
        : kind === 'node-network'
          ? `from the node's network, which NetworkPolicy sees as node traffic and cannot separate by tenant`
          : `through shared ${fromComp.name}, which every tenant connects to, so NetworkPolicy cannot separate them`;
    const netpol = { id: 'network-policy' as const, detail: `admit ${c.name} in each namespace only from its expected senders (NetworkPolicy)` };
    out.push({
      id: `cross-tenant-reach:${comp}`,
      kind: 'cross-tenant-reach',
      title: `${c.name} of other tenants reachable ${closable ? 'over L4 from a tenant\'s pod' : direct ? "straight from a tenant's pod" : 'from a tenant namespace'}`,
      baseSeverity: closable ? 'low' : ctx.namespaceTenancyGoal ? 'high' : 'moderate',
      stride: sortStride(stride),
      actors: order(g.actors),
      ...parts,
      path: g.path,
      reason:
        `${direct ? `${fromComp.name} (in the attacker's own namespace)` : `shared ${fromComp.name}`} sends to ${c.name} in another tenant` +
        ` over ${g.hops.map((h) => h.flow.id).filter(uniq).join(', ')}${portList.length ? ` (port ${portList.join(', ')})` : ''}` +
        `${last.flow.authenticated ? '' : ', unauthenticated'}: ${how}.`,
      rules: [
        'namespace-isolation-goal',
        'multi-tenant-not-vulnerability',
        ...(closable
          ? (['runtime-network-trusted'] as RuleTag[])
          : direct
            ? (['untrusted-needs-isolation', 'runtime-network-trusted'] as RuleTag[])
            : (['shared-component-filtering', 'network-policy-limits', 'tenancy-hardening'] as RuleTag[])),
      ],
      suggestions: closable
        ? [netpol, { id: 'authenticate-flow', detail: `authenticate callers of ${c.name} (OIDC sender identity, EventPolicy or AuthorizationPolicy)` }]
        : kind === 'node-network'
          ? [
              { id: 'runtime-isolation', detail: `keep tenant pods off the node network (Pod Security baseline forbids hostNetwork) or give tenants their own nodes` },
              { id: 'authenticate-flow', detail: `authenticate callers of ${c.name}` },
            ]
          : [
              { id: 'namespace-check', detail: `check the caller's namespace at ${fromComp.name} on \`${crossing.flow.id}\`` },
              { id: 'tls-san-check', detail: `verify the tenant's TLS SAN on \`${crossing.flow.id}\`` },
            ],
      tenancy: crossTenantTenancies(ctx, !direct),
    });
  }
  return out;
}

function isNetworkKind(kind: PathKind): boolean {
  return kind === 'network-policy' || kind === 'shared-routing' || kind === 'node-network';
}

/** A tenant actor can newly pull another tenant's data through a hop whose tenant the receiver picks. */
export function crossTenantData(ctx: RuleContext): RawFinding[] {
  const byFlow = new Map<string, { actors: ReviewActor[]; path: Edge[] }>();
  for (const actor of ['workload', 'namespace-admin'] as ReviewActor[]) {
    const before = attractedKeys(ctx.before.reach.get(actor)!.attracted);
    for (const [flowId, path] of ctx.after.reach.get(actor)!.attracted) {
      // A mount is not delivered data: sharedAccess judges it from the side that mounts.
      if (before.has(attractedKey(path)) || path[0].flow.access !== 'network') continue;
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
    return (
      e.flow.access === 'network' && c.shared && parseState(e.to).ctx !== 'B' && !outsiderTargets.has(c.id) && (e.flow.origin === 'new' || e.flow.origin === 'changed')
    );
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

/** A component a tenant must never read the credentials of or run code in: node-level hosts and system namespaces. */
export function isSystemComponent(c: ReviewComponent, rm: ReviewModel): boolean {
  if (hostsSystemPods(c.id)) return true;
  return !isPerTenant(c, rm) && c.namespace !== undefined && isSystemNamespace(c.namespace);
}

/** A model's attack goal by id, else by what its title names; the 2021 model has none. */
function attackGoal(model: ThreatModel, id: string, title: RegExp): { id: string; title: string } | undefined {
  const goal = model.attackGoals.find((g) => g.id === id) ?? model.attackGoals.find((g) => title.test(g.title));
  return goal && { id: goal.id, title: goal.title };
}

/** The model's attack goal "code execution in a system namespace", when it has one. */
export function systemAttackGoal(model: ThreatModel): { id: string; title: string } | undefined {
  return attackGoal(model, 'system-code-exec', /system namespace/i);
}

const ESCALATION_ACCESS: Record<string, string> = {
  file: 'mounts',
  credential: 'holds a credential for',
  local: 'talks over a local socket to',
};

/**
 * Escalation into system namespaces, under every tenancy model: a tenant newly gets file, socket or credential
 * access to the node (which holds every system pod's token) or to a system component, or a pod in its
 * namespace carries a shared controller's cluster-wide credentials, or a shared controller creates
 * tenant-configured pods outside the tenant's namespace.
 */
export function systemEscalation(ctx: RuleContext): RawFinding[] {
  const rm = ctx.after.rm;
  const goal = systemAttackGoal(rm.model);
  const common = {
    kind: 'system-escalation' as const,
    baseSeverity: 'high' as Severity,
    // Container → node escalation is what the model relies on Kubernetes to prevent.
    rules: ['runtime-network-trusted', 'untrusted-needs-isolation', 'platform-trusted'] as RuleTag[],
    tenancy: ALL_TENANCIES,
    ...(goal && { goals: [goal] }),
  };
  const out: RawFinding[] = [];
  const groups = newHopsByTarget(ctx, ['workload', 'namespace-admin'], (e) => {
    const to = rm.components.get(parseState(e.to).component)!;
    return e.flow.access !== 'network' && isSystemComponent(to, rm);
  });
  for (const [comp, g] of groups) {
    const c = rm.components.get(comp)!;
    const last = g.hops[0];
    const writable = last.flow.access === 'file' && !last.flow.readOnly;
    const from = rm.components.get(last.flow.from)!;
    out.push({
      ...common,
      id: `system-escalation:${comp}`,
      title: `A tenant's pod ${ESCALATION_ACCESS[last.flow.access]} ${c.name}: escalation into system namespaces`,
      stride: sortStride(['information-disclosure', 'elevation-of-privilege', ...(writable ? (['tampering'] as StrideCategory[]) : [])]),
      actors: order(g.actors),
      ...designParts(g.path, rm),
      path: g.path,
      reason:
        `${from.name} ${ESCALATION_ACCESS[last.flow.access]} ${c.name} over ${last.flow.id}${writable ? ' (writable)' : ''}; ` +
        (hostsSystemPods(comp)
          ? `the node holds the service-account tokens and processes of every pod on it, Knative's system pods included, so a developer reads their credentials or runs code as them.`
          : `${c.name} runs in a system namespace, trusted by every tenant.`),
      suggestions: [
        { id: 'restrict-host-access', detail: `refuse it for tenants: Pod Security baseline in tenant namespaces forbids hostPath, host namespaces and privileged pods` },
        ...(last.flow.access === 'file' ? [{ id: 'read-only-mount' as MitigationId, detail: `limit the mount to an allow-listed, read-only path outside /var/lib/kubelet` }] : []),
        { id: 'runtime-isolation', detail: `keep system pods off tenant nodes (dedicated system nodes)` },
      ],
    });
  }
  for (const c of [...rm.components.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (c.createdBy === undefined || (c.origin !== 'new' && c.origin !== 'changed')) continue;
    const controller = rm.components.get(c.createdBy)!;
    if (!isPerTenant(c, rm)) {
      out.push({
        ...common,
        id: `system-escalation:${c.id}`,
        title: `${controller.name} creates tenant-configured ${c.name} outside the tenant's namespace`,
        stride: ['elevation-of-privilege'],
        actors: ['workload', 'namespace-admin'],
        components: [c.id],
        flows: [],
        path: [],
        reason: `${c.name} is configured by a tenant but created by ${controller.name} in ${c.namespace ?? 'a shared namespace'}: tenant-controlled code runs beside system components.`,
        rules: ['controller-namespace-confinement', 'platform-trusted'],
        suggestions: [{ id: 'controller-confinement', detail: `create ${c.name} in the namespace of the resource that configures it` }],
      });
      continue;
    }
    const clusterRules = (c.serviceAccountRules ?? []).filter((r) => r.scope === 'cluster');
    if (clusterRules.length === 0) continue;
    out.push({
      ...common,
      id: `system-escalation:${c.id}`,
      title: `${c.name} in a tenant's namespace carries cluster-wide credentials`,
      stride: ['information-disclosure', 'elevation-of-privilege'],
      actors: ['namespace-admin'],
      components: [c.id],
      flows: [],
      path: [],
      rules: ['controller-namespace-confinement', 'platform-trusted'],
      reason:
        `${controller.name} creates ${c.name} in the tenant's namespace with service account ${c.serviceAccount ?? '(unnamed)'} bound cluster-wide to ` +
        `${clusterRules.map((r) => `${r.verbs.join('/')} on ${r.resources.join(',')}`).join('; ')}; whoever can exec into or read pods of that namespace holds those rights.`,
      suggestions: [{ id: 'least-privilege-rbac', detail: `give ${c.name} a service account of the tenant's namespace with a namespaced Role` }],
    });
  }
  return out;
}

/**
 * Identity across relays: a component that forwards what others send it, under its own identity, to a
 * destination that authenticates its senders (OIDC with EventPolicy, AuthorizationPolicy). Callers the relay
 * accepts unauthenticated get the relay's standing at the destination: a confused deputy.
 */
export function relayIdentity(ctx: RuleContext): RawFinding[] {
  const rm = ctx.after.rm;
  const out: RawFinding[] = [];
  for (const f of sortedFlows(ctx.after.graphs.get('namespace-admin')!)) {
    if (f.origin !== 'new' && f.origin !== 'changed') continue;
    const relay = rm.components.get(f.from)!;
    if (!relay.forwardsForCaller || !f.authenticated || f.identity === 'caller') continue;
    // Who gets traffic into the relay without the relay authenticating them.
    const actors: ReviewActor[] = [];
    let path: Edge[] = [];
    let crossTenant = false;
    /** Some caller enters the relay where a NetworkPolicy cannot keep it out. */
    let openEntry = false;
    for (const actor of ACTOR_ORDER) {
      // Where the actor newly reaches the destination itself, the reach finding says it already.
      const before = reachIndex(ctx.before.reach.get(actor)!.hops.values(), ctx.before.rm);
      const relayed = [...ctx.after.reach.get(actor)!.hops.values()].filter((p) => p[p.length - 1].flow.id === f.id);
      if (relayed.length === 0 || relayed.some((p) => isNewReach(before, p, rm))) continue;
      for (const p of ctx.after.reach.get(actor)!.hops.values()) {
        const e = p[p.length - 1];
        if (e.flow.to !== relay.id || e.flow.authenticated || e.flow.from === relay.id) continue;
        // A shared hop delivering where the relay's own tenant configured it (a Trigger) is the tenant's wiring.
        if (rm.components.get(e.flow.from)?.shared && e.flow.destinationChosenBy === 'component') continue;
        if (!actors.includes(actor)) actors.push(actor);
        openEntry ||= !closableByNetworkPolicy(hopKind(e, rm)) || !isTenantActor(actor);
        const foreign = isTenantActor(actor) && parseState(e.to).ctx === 'B';
        if (path.length === 0 || (foreign && !crossTenant)) path = p;
        crossTenant ||= foreign;
      }
    }
    if (actors.length === 0) continue;
    const to = rm.components.get(f.to)!;
    const outsiders = actors.some((a) => !isTenantActor(a));
    const spoofGoal = attackGoal(rm.model, 'spoof-requests', /spoof/i);
    out.push({
      id: `relay-identity:${f.id}`,
      kind: 'relay-identity',
      title: `${relay.name} relays unauthenticated callers' requests to ${to.name} under its own identity`,
      baseSeverity: openEntry ? 'moderate' : 'low',
      stride: sortStride(['spoofing', 'repudiation', 'elevation-of-privilege']),
      actors: order(actors),
      ...designParts([...path, { flow: f, from: path[path.length - 1]?.to ?? f.from, to: f.to }], rm),
      path,
      reason:
        `${to.name} authenticates the sender on ${f.id} and sees ${relay.name}'s identity, not the caller's; ${relay.name} accepts ` +
        `${path[path.length - 1].flow.id} without authentication${crossTenant ? ', from other tenants too' : ''}, so whoever reaches it ` +
        `passes the authorization (EventPolicy, AuthorizationPolicy) ${to.name} applies to ${relay.name}` +
        (openEntry ? '.' : `; callers reach ${relay.name} only over L4, which a NetworkPolicy in its namespace can close.`),
      rules: [
        ...(crossTenant ? (['namespace-isolation-goal'] as RuleTag[]) : []),
        'confidentiality-integrity-first',
        ...(openEntry ? (['network-policy-limits'] as RuleTag[]) : (['runtime-network-trusted'] as RuleTag[])),
      ],
      ...(spoofGoal && { goals: [spoofGoal] }),
      suggestions: [
        { id: 'authenticate-flow', detail: `authenticate senders at ${relay.name} with a policy that admits only those ${to.name} admits (EventPolicy on the relay)` },
        { id: 'forward-identity', detail: `forward the caller's identity on \`${f.id}\` so ${to.name} decides on the original sender` },
        { id: 'network-policy', detail: `admit ${relay.name} only from its expected senders (NetworkPolicy)` },
      ],
      tenancy: outsiders ? ALL_TENANCIES : crossTenant ? TENANT_TENANCIES : ['cluster'],
    });
  }
  return out;
}

/**
 * A mount, credential or socket that tenants share: a tenant newly gets file, credential or local access to
 * another tenant's instance or to a shared component outside the system namespaces (those are escalation).
 * NetworkPolicy does not apply to any of them.
 */
export function sharedAccess(ctx: RuleContext): RawFinding[] {
  const rm = ctx.after.rm;
  const groups = newHopsByTarget(ctx, ['workload', 'namespace-admin'], (e) => {
    const to = rm.components.get(parseState(e.to).component)!;
    if (e.flow.access === 'network' || isSystemComponent(to, rm)) return false;
    return parseState(e.to).ctx === 'B' || to.shared;
  });
  const out: RawFinding[] = [];
  for (const [comp, g] of groups) {
    const c = rm.components.get(comp)!;
    const last = g.hops[0];
    const from = rm.components.get(last.flow.from)!;
    const writable = last.flow.access === 'file' && !last.flow.readOnly;
    out.push({
      id: `cross-tenant-data:${last.flow.id}`,
      kind: 'cross-tenant-data',
      title: `${from.name} ${ESCALATION_ACCESS[last.flow.access]} ${c.name} that other tenants use too`,
      baseSeverity: ctx.namespaceTenancyGoal ? 'high' : 'moderate',
      stride: sortStride(['information-disclosure', ...(writable ? (['tampering'] as StrideCategory[]) : []), ...(last.flow.access === 'file' ? [] : (['spoofing'] as StrideCategory[]))]),
      actors: order(g.actors),
      ...designParts(g.path, rm),
      path: g.path,
      reason:
        `${from.name} ${ESCALATION_ACCESS[last.flow.access]} ${c.name} over ${last.flow.id}${writable ? ' (writable)' : ''}, ` +
        `and ${c.shared ? 'every tenant uses the same one' : "it is another tenant's"}: no NetworkPolicy applies to a ${last.flow.access === 'file' ? 'mount' : last.flow.access === 'credential' ? 'credential' : 'local socket'}.`,
      rules: ['namespace-isolation-goal', 'multi-tenant-not-vulnerability', 'confidentiality-integrity-first'],
      suggestions: [
        { id: 'separate-per-tenant', detail: `give each tenant its own ${c.name}, in its own namespace` },
        ...(writable ? [{ id: 'read-only-mount' as MitigationId, detail: `mount ${c.name} read-only` }] : []),
      ],
      tenancy: TENANT_TENANCIES,
    });
  }
  return out;
}

export const RULES = [sharedAccess, crossTenantReach, crossTenantData, unprivilegedReach, confusedDeputy, sharedSurface, broadRbac, systemEscalation, relayIdentity];

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
