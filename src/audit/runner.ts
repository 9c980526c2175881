/**
 * Runs the checks over an inventory for the selected tenancy models and trust profile, and assembles the result:
 * findings (tenancy and clause stamped, merged, sorted), verdicts, the model's unverifiable assumptions, the tenancies
 * the model does not support, notes, and the tenant reachability matrix for the heat map.
 *
 * Trust profile per tenancy: `--developers/--users` when given; otherwise the model's default trust profile, except
 * that for `namespace` and `control-plane` tenancy developers default to `untrusted` — in those models the other
 * tenants' developers ARE the attacker (2025 model: "Malicious or Compromised Developer").
 */
import type { Inventory, Resource, Workload } from '../k8s/types.js';
import { formatSource } from '../k8s/types.js';
import { InputError, UsageError } from '../util/errors.js';
import { formatSelector, type LabelSelector } from '../k8s/selectors.js';
import type { RuleTag, TenancyModelId, ThreatModel } from '../model/schema.js';
import { ALL_CHECKS } from './checks/index.js';
import { crosswalkRefs, equivalents, noEquivalentReason } from './crosswalk.js';
import { acceptFindings, type AcceptOptions } from './exceptions.js';
import { defaultEngines, type AuditEngines } from './engines.js';
import { readKnativeConfig } from '../k8s/knative-config.js';
import { describeCni, detectCni, hasIpBlockPeers, type Cni } from '../k8s/cni.js';
import { withSecurePodDefaults } from './secure-pod-defaults.js';
import { buildRbacIndex, type RbacIndex } from './rbac/index.js';
import type { ReachView } from './reach-view.js';
import { platformNamespacesByWorkload, tenantNamespaces } from './tenants.js';
import { trustScope, type AuditContext, type AuditResult, type Check, type Evidence, type Finding, type PssOutcome, type RuleInfo, type Trust, type TrustProfile } from './types.js';
import { cmp, tenancySupport, unverifiableAssumptions, verdictFor } from './verdicts.js';

export interface AuditOptions {
  model: ThreatModel;
  tenancy: TenancyModelId[];
  developers?: Trust;
  users?: Trust;
  tenantSelector?: LabelSelector;
  checks?: readonly Check[];
  engines?: AuditEngines;
  /** The CNI (`--cni`) when the input does not show it: decides whether NetworkPolicy ipBlocks match pods. */
  cni?: Cni;
  /** Accepted risks (exceptions file entries, annotations): accepted findings stop counting but stay in the result. */
  accept?: AcceptOptions;
  /** Largest tenant count for which the matrix is put in the result (the heat map); beyond it a note says so. */
  matrixLimit?: number;
}

export function effectiveTrust(model: ThreatModel, tenancy: TenancyModelId, developers?: Trust, users?: Trust): TrustProfile {
  const base = model.trustProfile ?? { developers: 'trusted', users: 'untrusted' };
  return {
    developers: developers ?? (tenancy === 'cluster' ? base.developers : 'untrusted'),
    users: users ?? base.users,
  };
}

export function runAudit(inv: Inventory, opts: AuditOptions): AuditResult {
  const engines = opts.engines ?? defaultEngines();
  const checks = opts.checks ?? ALL_CHECKS;
  const tenants = tenantNamespaces(inv, opts.tenantSelector);
  const tenantSet = new Set(tenants);
  const notes = new Set<string>();
  const knative = readKnativeConfig(inv);
  const cni = detectCni(inv, opts.cni);
  // Name the CNI (or the assumption made for want of one) wherever an ipBlock's meaning depends on it.
  if (hasIpBlockPeers(inv)) notes.add(describeCni(cni));
  // Installed (configuration or an Operator custom resource in the input) but the shared components are not there.
  for (const [sys, deployment, hubs] of [
    [knative.serving, 'activator', 'activator, autoscaler'],
    [knative.eventing, 'eventing-controller', 'broker ingress'],
  ] as const) {
    if (sys.installed && !inv.byKind('Deployment').some((d) => d.name === deployment)) {
      notes.add(`${sys.namespace}: Knative is installed (its configuration or Operator custom resource is in the input) but its Deployments are not: paths through the ${hubs} could not be judged; add them (e.g. a kubectl dump of ${sys.namespace})`);
    }
  }
  if (!opts.tenantSelector) {
    for (const [ns, names] of platformNamespacesByWorkload(inv)) {
      notes.add(`namespace ${ns} is treated as a platform namespace, not a tenant, because it runs ${names.join(', ')}; use --tenant-selector if it is a tenant`);
    }
  }

  // Shared, lazily computed engines (independent of the trust profile).
  let rbac: RbacIndex | undefined;
  let reach: ReachView | undefined;
  const pssCache = new Map<Workload, Map<string, PssOutcome>>();
  const pssVersion = (w: Workload): string => {
    const v = inv.namespaces.get(w.namespace)?.labels['pod-security.kubernetes.io/enforce-version'];
    return v && /^v1\.\d+$/.test(v) ? v : 'latest';
  };

  // `onTrustRead`: told when a check reads the trust profile, the one thing that differs between contexts.
  const makeContext = (trust: TrustProfile, onTrustRead?: () => void): AuditContext => ({
    inventory: inv,
    tenants,
    isTenant: (ns) => ns !== undefined && tenantSet.has(ns),
    model: opts.model,
    get trust() {
      onTrustRead?.();
      return trust;
    },
    knative,
    cni,
    rbac: () => (rbac ??= buildRbacIndex(inv)),
    reach: () => (reach ??= engineCall('reachability engine', () => engines.reach(inv, (ns) => tenantSet.has(ns), cni))),
    pss: (w, level) => {
      let byLevel = pssCache.get(w);
      if (!byLevel) pssCache.set(w, (byLevel = new Map()));
      if (!byLevel.has(level)) {
        byLevel.set(level, engineCall('Pod Security Standards evaluator', () => engines.pss(withSecurePodDefaults(w, knative.securePodDefaults().value), level, pssVersion(w))));
      }
      return byLevel.get(level)!;
    },
    note: (text) => notes.add(text),
  });

  // Group the selected tenancies by their trust profile: a check runs once per distinct profile.
  const trustBy: Partial<Record<TenancyModelId, TrustProfile>> = {};
  const groups = new Map<string, { trust: TrustProfile; tenancy: TenancyModelId[] }>();
  for (const t of opts.tenancy) {
    const trust = effectiveTrust(opts.model, t, opts.developers, opts.users);
    trustBy[t] = trust;
    const key = `${trust.developers}/${trust.users}`;
    const g = groups.get(key);
    if (g) g.tenancy.push(t);
    else groups.set(key, { trust, tenancy: [t] });
  }

  const merged: MergedFindings = new Map();
  const ran = new Set<string>();
  // A check's evidence depends on the group only through ctx.trust: a check that did not read it gives the same
  // evidence for every trust profile, so it runs once (with --tenancy all, most checks would run for two profiles).
  const trustFree = new Map<Check, Evidence[]>();
  for (const group of groups.values()) {
    let trustRead = false;
    const ctx = makeContext(group.trust, () => (trustRead = true));
    for (const check of checks) {
      const applies = check.tenancy.filter((t) => group.tenancy.includes(t));
      if (applies.length === 0 || !trustMatches(check, group.trust)) continue;
      const clause = clauseFor(opts.model, check);
      ran.add(check.id);
      let evidence = trustFree.get(check);
      if (!evidence) {
        trustRead = false;
        evidence = [...check.evaluate(ctx)];
        if (!trustRead) trustFree.set(check, evidence);
      }
      for (const ev of evidence) mergeFinding(merged, toFinding(check, ev, applies, clause));
    }
  }
  const order = new Map(['cluster', 'namespace', 'control-plane'].map((t, i) => [t, i]));
  const all: Finding[] = [];
  for (const at of merged.values()) {
    for (const f of at instanceof Map ? at.values() : [at]) {
      f.tenancy = [...f.tenancy].sort((a, b) => order.get(a)! - order.get(b)!);
      all.push(f);
    }
  }
  all.sort((a, b) => cmp(a.id, b.id) || cmp(a.resource, b.resource) || cmp(a.path, b.path) || cmp(a.message, b.message));
  // Accepted findings leave the counted list before verdicts are decided; they stay in the result.
  const acceptance = acceptFindings(all, inv, opts.accept ?? { rules: [] });
  const findings = acceptance.active;

  const assumptions = unverifiableAssumptions(opts.model);
  const support = tenancySupport(opts.model, opts.tenancy);
  const verdicts: AuditResult['verdicts'] = {};
  for (const t of opts.tenancy) verdicts[t] = verdictFor(t, findings, assumptions, support);

  for (const n of inv.notes ?? []) notes.add(n);
  const result: AuditResult = {
    model: opts.model.metadata.id,
    rules: checks.map((c) => ruleInfo(c, opts.model, ran.has(c.id))),
    tenancy: [...opts.tenancy],
    trust: trustBy,
    verdicts,
    support,
    assumptions,
    findings,
    ...(acceptance.accepted.length > 0 ? { accepted: acceptance.accepted } : {}),
    tenants,
    notes: [],
    warnings: [...acceptance.expired],
  };
  for (const w of acceptance.expired) notes.add(w);
  for (const r of acceptance.unused) notes.add(`${r.source}: the exception for ${r.check} matched no finding`);
  // No tenant: every tenant check passes vacuously. A legitimate answer (not an error), but never a silent one.
  if (tenants.length === 0) {
    const total = inv.namespaces.size;
    result.warnings.push(
      opts.tenantSelector
        ? `--tenant-selector "${formatSelector(opts.tenantSelector)}" matched no namespace (of ${total} in the input): the tenant checks had nothing to judge, so the verdicts say nothing about tenant isolation`
        : `no tenant namespace in the input (${total} namespace(s), all platform/system ones): the tenant checks had nothing to judge, so the verdicts say nothing about tenant isolation`,
    );
    for (const w of result.warnings) notes.add(w);
  }
  const limit = opts.matrixLimit ?? 60;
  if (tenants.length > 1 && tenants.length <= limit) {
    const view = makeContext(Object.values(trustBy)[0] ?? { developers: 'untrusted', users: 'untrusted' }).reach();
    result.reachability = { namespaces: tenants, ...engineCall('reachability engine', () => view.matrix(tenants)) };
  } else if (tenants.length > limit) {
    notes.add(`${tenants.length} tenant namespaces: the reachability matrix is left out of the report (limit ${limit}); use \`ktm reach --format matrix\``);
  }
  result.notes = [...notes].sort();
  return result;
}

/**
 * Findings by id, resource and path, then (only where several share those) by message: findings equal in all four
 * are one, their tenancies joined. The message is never part of a built key, which would copy the report's text.
 */
type MergedFindings = Map<string, Finding | Map<string, Finding>>;

function mergeFinding(merged: MergedFindings, f: Finding): void {
  const key = `${f.id}\u0000${f.resource}\u0000${f.path}`;
  const at = merged.get(key);
  let prev: Finding | undefined;
  if (at === undefined) merged.set(key, f);
  else if (at instanceof Map) {
    prev = at.get(f.message);
    if (!prev) at.set(f.message, f);
  } else if (at.message === f.message) prev = at;
  else merged.set(key, new Map([[at.message, at], [f.message, f]]));
  if (prev) prev.tenancy = [...new Set([...prev.tenancy, ...f.tenancy])];
}

/**
 * Runs an engine. Bad input it finds (an InputError: a NetworkPolicy with an invalid CIDR, …) is the user's to fix and
 * goes out as such (exit 2, `file:line:col`); any other failure is ktm's bug and must stop the audit (exit 3) — a
 * skipped check would read as a pass.
 */
function engineCall<T>(name: string, run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof InputError || err instanceof UsageError) throw err;
    throw new Error(`${name} failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

function trustMatches(check: Check, trust: TrustProfile): boolean {
  const a = check.appliesTo;
  if (!a) return true;
  return (a.developers === undefined || a.developers === trust.developers) && (a.users === undefined || a.users === trust.users);
}

/** A check's metadata as run against a model (SARIF rules, report passes, `ktm audit --list-checks`). */
export function ruleInfo(c: Check, model: ThreatModel, ran: boolean): RuleInfo {
  return {
    id: c.id,
    title: c.title,
    severity: c.severity,
    tenancy: [...c.tenancy],
    trust: trustScope(c.appliesTo),
    clauseRule: c.clauseRule,
    clause: clauseFor(model, c),
    description: c.description,
    fix: c.fix,
    crosswalk: equivalents(crosswalkRefs(c.crosswalk)),
    ...(noEquivalentReason(c.crosswalk) ? { noEquivalent: noEquivalentReason(c.crosswalk) } : {}),
    ran,
  };
}

/** The clause of the chosen model the check enforces: found by rule tag, never by id. */
export function clauseFor(model: ThreatModel, check: Pick<Check, 'clauseRule' | 'clauseFallback'>): string {
  const tags: RuleTag[] = [check.clauseRule, ...(check.clauseFallback ?? [])];
  for (const tag of tags) {
    const c = model.clauses.find((x) => x.rule === tag);
    if (c) return c.id;
  }
  return `unmapped:${check.clauseRule}`;
}

export function formatResourceRef(r: Evidence['resource']): string {
  const kind = r.kind;
  const ns = 'obj' in r ? r.namespace : r.namespace;
  return ns ? `${kind}/${ns}/${r.name}` : `${kind}/${r.name}`;
}

function toFinding(check: Check, ev: Evidence, tenancy: TenancyModelId[], clause: string): Finding {
  const r = ev.resource;
  const source = 'obj' in r ? formatSource((r as Resource).source) : (r.source ?? '<derived>');
  const f: Finding = {
    id: check.id,
    severity: ev.severity ?? check.severity,
    tenancy,
    trust: trustScope(check.appliesTo),
    clause,
    resource: formatResourceRef(r),
    source,
    path: ev.path,
    message: ev.message,
    fix: ev.fix ?? check.fix,
  };
  // Knative installed by the Operator: the ConfigMap named in the fix is the operator's to write.
  if (/^Knative(Serving|Eventing)$/.test(r.kind) && ev.path.startsWith('spec.config.')) {
    f.fix += ` (Knative Operator: set it at ${ev.path} of ${r.kind} ${r.namespace}/${r.name}; the operator overwrites the ConfigMap.)`;
  }
  if (ev.hops && ev.hops.length > 0) f.hops = ev.hops;
  return f;
}
