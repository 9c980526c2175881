/**
 * `ktm review`'s engine: design + model → ModelReview. Applies the design, evaluates every scenario,
 * runs the rules, and decides each finding's status from the first scenario it appears in.
 */
import { clauseByRule } from '../model/catalog.js';
import type { RuleTag, ThreatModel } from '../model/schema.js';
import { applyDesign, toThreatModel, type ReviewModel } from './apply.js';
import { REVIEW_ACTORS, type FeatureDesign, type LoadedDesign, type ReviewActor } from './design.js';
import { buildGraph, isOffCluster, isPerTenant, parseState } from './graph.js';
import { mitigation, type MitigationId } from './mitigations.js';
import { attractedKey, attractedKeys, destinationKey, isNewReach, reachIndex } from './path-kind.js';
import { computeReach } from './reach.js';
import { ACTOR_ORDER, RULES, describeEdge, type Analysis, type RawFinding, type RuleContext } from './rules.js';
import { ACTOR_ROLES, scenario, type ScenarioName } from './scenario.js';
import { flowThreats } from './stride.js';
import { tenancyImpacts } from './tenancy.js';
import {
  lowerSeverity,
  maxSeverity,
  severityRank,
  type ActorDelta,
  type ClauseRef,
  type Crossing,
  type Finding,
  type MitigationRef,
  type ModelReview,
  type ReviewResult,
  type ReachItem,
  type SharedComponentReport,
} from './result.js';

const ACTOR_NAMES: Record<ReviewActor, string> = {
  none: 'No permissions (external attacker)',
  'event-source-admin': 'External event-source admin',
  workload: 'Workload deployer',
  'namespace-admin': 'Namespace admin',
};

/** Scenarios after the change, from least to most permissive (see scenario.ts). */
const AFTER_SCENARIOS: ScenarioName[] = ['default', 'enabled', 'granted', 'unmitigated'];

function analyse(rm: ReviewModel, name: ScenarioName, design: FeatureDesign): Analysis {
  const sc = scenario(name, design);
  const graphs = new Map(REVIEW_ACTORS.map((a) => [a, buildGraph(rm, sc, a)] as const));
  const reach = new Map(REVIEW_ACTORS.map((a) => [a, computeReach(graphs.get(a)!, rm, a)] as const));
  return { rm, graphs, reach };
}

export function clauseRefs(model: ThreatModel, rules: RuleTag[]): ClauseRef[] {
  const seen = new Set<RuleTag>();
  const refs: ClauseRef[] = [];
  for (const rule of rules) {
    if (seen.has(rule)) continue;
    seen.add(rule);
    const clause = clauseByRule(model, rule);
    // A clause the model does not carry is not cited: the model decides which rules exist.
    if (clause) refs.push({ rule, id: clause.id });
  }
  return refs;
}

export function reviewDesign(model: ThreatModel, loaded: LoadedDesign): ModelReview {
  const { design, file, doc } = loaded;
  const beforeRm = applyDesign(model, design, file, doc, 'existing');
  const afterRm = applyDesign(model, design, file, doc, 'all');
  const before = analyse(beforeRm, 'before', design);
  const namespaceTenancyGoal = model.tenancy.some((t) => t.id === 'namespace' && t.status !== 'unsupported');

  const perScenario = new Map<ScenarioName, { analysis: Analysis; raw: Map<string, RawFinding> }>();
  for (const name of AFTER_SCENARIOS) {
    const after = analyse(afterRm, name, design);
    const ctx: RuleContext = { design, before, after, namespaceTenancyGoal };
    const raw = new Map<string, RawFinding>();
    for (const rule of RULES) for (const f of rule(ctx)) raw.set(f.id, f);
    perScenario.set(name, { analysis: after, raw });
  }

  const findings: Finding[] = [];
  /** Per finding, the flags that are off by default and gate it (the tenancy summaries name them). */
  const gatingFlags = new Map<string, string[]>();
  const ids = new Set<string>();
  for (const { raw } of perScenario.values()) for (const id of raw.keys()) ids.add(id);
  for (const id of [...ids].sort()) {
    const first = AFTER_SCENARIOS.find((n) => perScenario.get(n)!.raw.has(id))!;
    findings.push(finalise(perScenario.get(first)!.raw.get(id)!, first, design, afterRm, model, gatingFlags));
  }
  findings.sort(
    (a, b) => severityRank(b.severity) - severityRank(a.severity) || severityRank(b.baseSeverity) - severityRank(a.baseSeverity) || (a.id < b.id ? -1 : 1),
  );

  const granted = perScenario.get('granted')!.analysis;
  const atDefault = perScenario.get('default')!.analysis;
  const actors = REVIEW_ACTORS.map((a) => actorDelta(model, a, before, granted, atDefault));
  const review: ModelReview = {
    model: { id: model.metadata.id, title: model.metadata.title, version: model.metadata.version },
    verdict: maxSeverity(findings.filter((f) => f.status !== 'mitigated').map((f) => f.severity)),
    findings,
    actors,
    crossings: crossings(granted),
    sharedComponents: sharedComponents(granted),
    threats: flowThreats(granted, perScenario.get('unmitigated')!.analysis),
    tenancy: [],
    notes: notes(design, actors),
  };
  review.tenancy = tenancyImpacts(
    model,
    review.findings,
    (rules) => clauseRefs(model, rules),
    (f) => gatingFlags.get(f.id) ?? [],
  );
  return review;
}

function finalise(
  raw: RawFinding,
  first: ScenarioName,
  design: FeatureDesign,
  rm: ReviewModel,
  model: ThreatModel,
  gatingFlags: Map<string, string[]>,
): Finding {
  const status = first === 'default' ? 'open' : first === 'enabled' ? 'mitigated-by-default' : 'mitigated';
  const evidenceFlows = new Set([...raw.flows, ...raw.path.map((e) => e.flow.id)]);
  const evidenceComponents = new Set([...raw.components, ...raw.path.flatMap((e) => [e.flow.from, e.flow.to])]);
  const requires = [
    ...[...evidenceFlows].map((id) => rm.flows.get(id)?.requires),
    ...[...evidenceComponents].map((id) => rm.components.get(id)?.requires),
  ].filter((r) => r !== undefined);
  const declared: MitigationRef[] = [];
  // A flag that switches a flow's properties (`set`) secures it only once enabled: a fix to suggest, not a gate.
  const securingFlags = new Set(requires.filter((r) => r.set !== undefined).map((r) => r.flag!));
  const flagsOff = new Set(requires.filter((r) => r.set === undefined).map((r) => r.flag).filter((k): k is string => !!k && design.flags.find((f) => f.key === k)?.default === 'disabled'));
  gatingFlags.set(raw.id, [...flagsOff].sort());
  for (const key of [...flagsOff].sort()) {
    const flag = design.flags.find((f) => f.key === key)!;
    declared.push(mitigation('flag-off-by-default', `\`${key}\` (${flag.configMap}) is off by default`, true));
  }
  const actorRoles = new Set(raw.actors.flatMap((a) => ACTOR_ROLES[a]));
  const withheld = new Set(
    requires
      .map((r) => r.resource)
      .filter((id): id is string => !!id && !design.resources.find((r) => r.id === id)!.heldBy.some((role) => actorRoles.has(role) || raw.actors.length === 0)),
  );
  for (const id of [...withheld].sort()) {
    const r = design.resources.find((x) => x.id === id)!;
    const holders = r.heldBy.length === 0 ? 'no default role holds' : `only ${r.heldBy.join(' and ')} ${r.heldBy.length === 1 ? 'holds' : 'hold'}`;
    declared.push(mitigation('rbac-verb', `it needs the \`${r.verb}\` verb on ${r.resource}.${r.apiGroup}, which ${holders}`, true));
  }
  for (const m of rm.mitigations) {
    const touches = m.kind === 'network-policy' ? evidenceComponents.has(m.component) : evidenceFlows.has(m.flow);
    if (touches || first === 'unmitigated') {
      const target =
        m.kind === 'network-policy'
          ? `a NetworkPolicy admits ${m.component} traffic only from ${m.allowFrom.join(', ') || 'nobody'}`
          : m.kind === 'namespace-check'
            ? `the caller's namespace is checked on \`${m.flow}\``
            : `the destination's TLS SAN is verified on \`${m.flow}\``;
      if (touches) declared.push(mitigation(m.kind, m.description || target, true));
    }
  }
  const enable = [...securingFlags].sort().map((key) => {
    const flag = design.flags.find((f) => f.key === key)!;
    return { id: 'enable-flag' as MitigationId, detail: `enable \`${key}\` (${flag.configMap}): ${flag.gates}` };
  });
  const suggested =
    status === 'mitigated'
      ? []
      : [...enable, ...raw.suggestions]
          .concat(status === 'open' && raw.kind !== 'broad-rbac' && severityRank(raw.baseSeverity) >= severityRank('moderate') ? [{ id: 'flag-off-by-default' as MitigationId, detail: 'ship it behind a flag that is off by default' }] : [])
          .filter((s) => !declared.some((d) => d.id === s.id))
          .map((s) => mitigation(s.id, s.detail));
  const severity = status === 'open' ? raw.baseSeverity : status === 'mitigated-by-default' ? lowerSeverity(raw.baseSeverity, 2) : 'none';
  return {
    id: raw.id,
    kind: raw.kind,
    title: raw.title,
    severity,
    baseSeverity: raw.baseSeverity,
    status,
    stride: raw.stride,
    actor: raw.actors[0],
    actors: raw.actors,
    components: raw.components,
    flows: raw.flows,
    path: raw.path.map(describeEdge),
    reason: raw.reason,
    clauses: clauseRefs(model, raw.rules),
    mitigations: [...declared, ...suggested],
    tenancy: raw.tenancy,
    goals: raw.goals ?? [],
  };
}

function tenantClass(actor: ReviewActor, state: string, a: Analysis): ReachItem['tenant'] {
  const { component, ctx } = parseState(state);
  const c = a.rm.components.get(component)!;
  if (isOffCluster(c, a.rm)) return 'outside';
  if (ctx === 'B' || (isPerTenant(c, a.rm) && ACTOR_ROLES[actor].length === 0)) return 'other';
  if (ctx === 'A' && isPerTenant(c, a.rm)) return 'own';
  return 'shared';
}

function actorDelta(model: ThreatModel, actor: ReviewActor, before: Analysis, after: Analysis, atDefault: Analysis): ActorDelta {
  const beforeIndex = reachIndex(before.reach.get(actor)!.hops.values(), before.rm);
  const defaultIndex = reachIndex(atDefault.reach.get(actor)!.hops.values(), atDefault.rm);
  const items = new Map<string, ReachItem>();
  for (const path of after.reach.get(actor)!.hops.values()) {
    if (!isNewReach(beforeIndex, path, after.rm)) continue;
    const e = path[path.length - 1];
    const tenant = tenantClass(actor, e.to, after);
    if (tenant === 'own') continue; // a new way into one's own namespace is no new attack surface
    const component = parseState(e.to).component;
    const key = `${component}|${tenant}`;
    const item = items.get(key) ?? { component, tenant, flows: [], atDefault: false };
    if (!item.flows.includes(e.flow.id)) item.flows.push(e.flow.id);
    item.atDefault ||= defaultIndex.has(destinationKey(e));
    items.set(key, item);
  }
  const receives = new Map<string, ReachItem>();
  const beforeAttracted = attractedKeys(before.reach.get(actor)!.attracted);
  const defaultAttracted = attractedKeys(atDefault.reach.get(actor)!.attracted);
  for (const [flowId, path] of after.reach.get(actor)!.attracted) {
    if (beforeAttracted.has(attractedKey(path))) continue;
    const component = parseState(path[0].from).component;
    const key = `${component}|other`;
    const item = receives.get(key) ?? { component, tenant: 'other' as const, flows: [], atDefault: false };
    item.flows.push(flowId);
    item.atDefault ||= defaultAttracted.has(attractedKey(path));
    receives.set(key, item);
  }
  const sortItems = (m: Map<string, ReachItem>) =>
    [...m.values()].map((i) => ({ ...i, flows: i.flows.sort() })).sort((a, b) => (a.component === b.component ? (a.tenant < b.tenant ? -1 : 1) : a.component < b.component ? -1 : 1));
  const modelActor = model.actors.find((x) => x.privilege === actor);
  return {
    actor,
    name: modelActor?.name ?? ACTOR_NAMES[actor],
    ...(modelActor && { modelActor: modelActor.id }),
    newlyReaches: sortItems(items),
    newlyReceives: sortItems(receives),
  };
}

function crossings(a: Analysis): Crossing[] {
  const g = a.graphs.get('namespace-admin')!;
  const out: Crossing[] = [];
  for (const f of [...g.flows.values()].sort((x, y) => (x.id < y.id ? -1 : 1))) {
    if (f.origin !== 'new' && f.origin !== 'changed') continue;
    const from = g.components.get(f.from)!;
    const to = g.components.get(f.to)!;
    const crossTenant = f.tenantScope === 'cross-tenant' && !isOffCluster(from, a.rm) && (isPerTenant(to, a.rm) || isPerTenant(from, a.rm));
    if (from.boundary === to.boundary && !crossTenant) continue;
    out.push({
      flow: f.id,
      from: f.from,
      to: f.to,
      fromBoundary: from.boundary,
      toBoundary: to.boundary,
      crossTenant,
      authenticated: f.authenticated,
      encrypted: f.encrypted,
    });
  }
  return out;
}

function sharedComponents(a: Analysis): SharedComponentReport[] {
  const g = a.graphs.get('namespace-admin')!;
  const tenantReached = new Set<string>();
  for (const actor of ['workload', 'namespace-admin'] as ReviewActor[]) {
    for (const s of a.reach.get(actor)!.reached.keys()) tenantReached.add(parseState(s).component);
  }
  const out: SharedComponentReport[] = [];
  for (const c of [...g.components.values()].sort((x, y) => (x.id < y.id ? -1 : 1))) {
    if (!c.shared || (c.origin !== 'new' && c.origin !== 'changed')) continue;
    const outFlows = [...g.flows.values()].filter((f) => f.from === c.id).sort((x, y) => (x.id < y.id ? -1 : 1));
    const callerChosen = outFlows.filter((f) => f.destinationChosenBy === 'caller');
    out.push({
      component: c.id,
      origin: c.origin,
      forwardsForCaller: c.forwardsForCaller,
      identitySurvives: callerChosen.every((f) => f.identity === 'caller' || f.checksCallerNamespace),
      confusedDeputy: callerChosen.some((f) => f.tenantScope === 'cross-tenant' && !f.checksCallerNamespace && f.identity !== 'caller'),
      reachableFromTenants: tenantReached.has(c.id),
      flows: outFlows.map((f) => f.id),
    });
  }
  return out;
}

function notes(design: FeatureDesign, actors: ActorDelta[]): string[] {
  if (design.triggeredBy.length === 0) return [];
  const gaining = actors.filter((a) => a.newlyReaches.length + a.newlyReceives.length > 0).map((a) => a.actor);
  const weakestDeclared = Math.min(...design.triggeredBy.map((p) => (ACTOR_ORDER as string[]).indexOf(p)).filter((i) => i >= 0));
  const missed = gaining.filter((a) => ACTOR_ORDER.indexOf(a) < weakestDeclared);
  return missed.length > 0
    ? [`\`triggeredBy\` names ${design.triggeredBy.map(plural).join(', ')}, but ${missed.map(plural).join(', ')} also gain reach.`]
    : [];
}

const PLURAL: Partial<Record<string, string>> = {
  none: 'users without permissions',
  'event-source-admin': 'event-source admins',
  workload: 'workload deployers',
  'namespace-admin': 'namespace admins',
};
function plural(privilege: string): string {
  return `${PLURAL[privilege] ?? privilege} (${privilege})`;
}

/** The model before and after the change (feature fully on), and the parts the change adds — for diagrams. */
export function changedModels(model: ThreatModel, loaded: LoadedDesign) {
  const { design, file, doc } = loaded;
  const before = toThreatModel(applyDesign(model, design, file, doc, 'existing'), () => true);
  const afterRm = applyDesign(model, design, file, doc, 'all');
  const after = toThreatModel(afterRm, () => true);
  const isNew = (o: string) => o === 'new' || o === 'changed';
  return {
    before,
    after,
    highlight: {
      components: [...afterRm.components.values()].filter((c) => isNew(c.origin)).map((c) => c.id).sort(),
      flows: [...afterRm.flows.values()].filter((f) => isNew(f.origin)).map((f) => f.id).sort(),
    },
  };
}

/** Reviews a design against several models (`--model all`). */
export function reviewAgainst(models: ThreatModel[], loaded: LoadedDesign): ReviewResult {
  const reviews = models.map((m) => reviewDesign(m, loaded));
  return {
    design: { name: loaded.design.name, summary: loaded.design.summary, file: loaded.file },
    verdict: maxSeverity(reviews.map((r) => r.verdict)),
    reviews,
  };
}
