/**
 * L7 filters that bind a shared Knative hop to the caller's namespace: Istio AuthorizationPolicies
 * on the activator / ingress gateway / broker ingress, and Knative Eventing OIDC + EventPolicies on
 * the broker ingress. Each filter answers: may a caller in namespace A make the hub forward to
 * namespace B? Unknown conditions are read conservatively (an ALLOW rule that might match allows; a
 * DENY rule denies only when it surely matches), so ktm never reports a hop closed that is open.
 *
 * The request a caller in A sends to reach B, as the filter sees it:
 *   activator: header `Knative-Serving-Namespace: B` (name case-insensitive), source namespace A;
 *   gateway:   Host `<name>.B.svc.<cluster-domain>` (or `<name>.B`), source namespace A, on the cluster-local
 *              listener (container port 8081 in Kourier and in net-istio's knative-local-gateway): the external
 *              listeners only route public services, which anyone — the internet included — may call;
 *   broker:    path `/B/<broker>`, source namespace A.
 */
import type { Inventory, Resource, Workload } from '../k8s/types.js';
import { matchesLabelSelector } from '../k8s/selectors.js';
import { resourcesIn } from '../k8s/inventory.js';
import { readKnativeConfig } from '../k8s/knative-config.js';

import { CLASSIC_LOCAL_PORT, type GatewayImplementation, type HubKind } from '../k8s/shared-hops.js';
export type { HubKind };

export interface FilterDecision {
  open: boolean;
  /** Why: the policy (kind ns/name, rule index) that decided, or the default. */
  reason: string;
}

export const ISTIO_ROOT_NAMESPACE = 'istio-system';
const HEADER_KEY = /^request\.headers\[\s*knative-serving-namespace\s*\]$/i;

type Tri = true | false | undefined;

function and(a: Tri, b: Tri): Tri {
  if (a === false || b === false) return false;
  if (a === undefined || b === undefined) return undefined;
  return true;
}

/** Istio string match: exact, `prefix*`, `*suffix`, or `*`. */
function globMatch(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  return pattern === value;
}

function anyMatch(patterns: unknown, value: string): boolean {
  return Array.isArray(patterns) && patterns.some((p) => typeof p === 'string' && globMatch(p, value));
}

/** The namespace a principal pattern `…/ns/<ns>/sa/<sa>` names, or undefined when it names none. */
function principalNs(p: string): string | undefined {
  const m = /(?:^|\/)ns\/([^/]+)\//.exec(p);
  return m ? m[1] : p === '*' ? '*' : undefined;
}

function principalsMatch(patterns: unknown, ns: string): Tri {
  if (!Array.isArray(patterns)) return undefined;
  let unknown = false;
  for (const p of patterns) {
    if (typeof p !== 'string') continue;
    const pns = principalNs(p);
    if (pns === undefined) unknown = true;
    else if (globMatch(pns, ns)) return true;
  }
  return unknown ? undefined : false;
}

/** Namespace a host names: the label before `svc`, else the second label (`name.ns`). */
function hostNs(host: string): string | undefined {
  const h = host.replace(/:\d+$|:\*$/, '');
  if (h === '*') return '*';
  const parts = h.split('.');
  const svc = parts.indexOf('svc');
  if (svc >= 1) return parts[svc - 1];
  return parts.length >= 2 ? parts[1] : undefined;
}

function pathNs(path: string): string | undefined {
  if (path === '*' || path === '/*') return '*';
  const m = /^\/([^/*]+)(\/|$)/.exec(path);
  return m ? m[1] : undefined;
}

/**
 * Does the request's target match one of these patterns, each read as a namespace through `extract`? The names compared
 * with are told to `req.named` when the caller asks (istioRow: which targets a row can tell apart).
 */
function targetMatch(patterns: unknown, req: Request, extract: (s: string) => string | undefined): Tri {
  if (!Array.isArray(patterns)) return undefined;
  let unknown = false;
  let hit = false;
  for (const p of patterns) {
    if (typeof p !== 'string') continue;
    const ns = extract(p);
    if (ns === undefined) unknown = true;
    else {
      req.named?.add(ns);
      if (!hit && globMatch(ns, req.target)) {
        hit = true;
        if (!req.named) break;
      }
    }
  }
  return hit ? true : unknown ? undefined : false;
}

function not(t: Tri): Tri {
  return t === undefined ? undefined : !t;
}

interface Request {
  hub: HubKind;
  caller: string;
  target: string;
  /** Container port the request arrives on, when the hub has one that matters (see the header). */
  port?: string;
  /** When given, collects every target name (or glob) a rule compares the target with. */
  named?: Set<string>;
}

/** The gateways' cluster-local listener (Kourier `http2-internal`, net-istio knative-local-gateway targetPort). */
export const CLUSTER_LOCAL_LISTENER_PORT = String(CLASSIC_LOCAL_PORT);

function sourceMatch(src: any, req: Request): Tri {
  if (!src || typeof src !== 'object') return true;
  let r: Tri = true;
  for (const [k, v] of Object.entries(src)) {
    if (k === 'namespaces') r = and(r, anyMatch(v, req.caller));
    else if (k === 'notNamespaces') r = and(r, !anyMatch(v, req.caller));
    else if (k === 'principals') r = and(r, principalsMatch(v, req.caller));
    else if (k === 'notPrincipals') r = and(r, not(principalsMatch(v, req.caller)));
    else r = and(r, undefined);
  }
  return r;
}

function operationMatch(op: any, req: Request): Tri {
  if (!op || typeof op !== 'object') return true;
  let r: Tri = true;
  for (const [k, v] of Object.entries(op)) {
    if (k === 'hosts' && req.hub === 'gateway') r = and(r, targetMatch(v, req, hostNs));
    else if (k === 'notHosts' && req.hub === 'gateway') r = and(r, not(targetMatch(v, req, hostNs)));
    else if (k === 'paths' && req.hub === 'broker') r = and(r, targetMatch(v, req, pathNs));
    else if (k === 'notPaths' && req.hub === 'broker') r = and(r, not(targetMatch(v, req, pathNs)));
    else if (k === 'ports' && req.port !== undefined) r = and(r, anyMatch(v, req.port));
    else if (k === 'notPorts' && req.port !== undefined) r = and(r, !anyMatch(v, req.port));
    else r = and(r, undefined);
  }
  return r;
}

function conditionMatch(c: any, req: Request): Tri {
  if (!c || typeof c.key !== 'string') return undefined;
  let r: Tri = true;
  if (HEADER_KEY.test(c.key) && req.hub === 'activator') {
    if (Array.isArray(c.values)) r = and(r, targetMatch(c.values, req, (v) => v));
    if (Array.isArray(c.notValues)) r = and(r, not(targetMatch(c.notValues, req, (v) => v)));
    return r;
  }
  if (c.key !== 'source.namespace') return undefined;
  if (Array.isArray(c.values)) r = and(r, anyMatch(c.values, req.caller));
  if (Array.isArray(c.notValues)) r = and(r, !anyMatch(c.notValues, req.caller));
  return r;
}

/** Does one AuthorizationPolicy rule match the request? */
function ruleMatch(rule: any, req: Request): Tri {
  if (!rule || typeof rule !== 'object') return true;
  let r: Tri = true;
  if (Array.isArray(rule.from)) {
    let any: Tri = false;
    for (const f of rule.from) {
      const m = sourceMatch(f?.source, req);
      if (m === true) any = true;
      else if (m === undefined && any === false) any = undefined;
    }
    r = and(r, rule.from.length === 0 ? true : any);
  }
  if (Array.isArray(rule.to)) {
    let any: Tri = false;
    for (const t of rule.to) {
      const m = operationMatch(t?.operation, req);
      if (m === true) any = true;
      else if (m === undefined && any === false) any = undefined;
    }
    r = and(r, rule.to.length === 0 ? true : any);
  }
  if (Array.isArray(rule.when)) for (const c of rule.when) r = and(r, conditionMatch(c, req));
  return r;
}

/** What reach knows of a hub when it asks for its policies (from k8s/shared-hops.ts). */
export interface HubContext {
  implementation?: GatewayImplementation;
  /** Gateway API Gateways the hub serves (`ns/name`). */
  gateways: string[];
}

/** True when Istio enforces AuthorizationPolicies on the workload (a sidecar, or an Istio gateway). */
export function istioEnforced(w: Workload, inv: Inventory, hub?: HubContext): boolean {
  // An Istio gateway is itself an Envoy that enforces policies; istioctl installs it with `inject: "false"`,
  // and Istio's Gateway API deployments are gateways of the `istio` implementation.
  if (w.podLabels.istio === 'ingressgateway' || w.podLabels.istio === 'knative-local-gateway') return true;
  if (hub?.implementation === 'istio') return true;
  const ann = w.podAnnotations['sidecar.istio.io/inject'] ?? w.podLabels['sidecar.istio.io/inject'];
  if (ann === 'false') return false;
  if (ann === 'true') return true;
  const ns = inv.namespaces.get(w.namespace);
  return ns?.labels['istio-injection'] === 'enabled' || ns?.labels['istio.io/rev'] !== undefined;
}

/**
 * Istio's `targetRefs` attach a policy to a Gateway API Gateway of the policy's namespace (its proxy pods). Other
 * targets (Service, ServiceEntry, GatewayClass) are not the hub's proxy: the policy does not apply to it.
 */
function targetsGateway(pol: Resource, hub: HubContext | undefined): boolean {
  const spec = pol.obj.spec ?? {};
  const refs: any[] = [...(Array.isArray(spec.targetRefs) ? spec.targetRefs : []), ...(spec.targetRef ? [spec.targetRef] : [])];
  return refs.some(
    (r) => r?.kind === 'Gateway' && (r.group ?? 'gateway.networking.k8s.io') === 'gateway.networking.k8s.io' && (hub?.gateways ?? []).includes(`${pol.namespace}/${r.name}`),
  );
}

function appliesTo(pol: Resource, w: Workload, hub?: HubContext): boolean {
  const spec = pol.obj.spec ?? {};
  if (spec.targetRef || spec.targetRefs) return targetsGateway(pol, hub);
  const sel = spec.selector;
  if (pol.namespace === ISTIO_ROOT_NAMESPACE && !sel) return true;
  if (pol.namespace !== w.namespace) return false;
  if (!sel) return true;
  return matchesLabelSelector({ matchLabels: sel.matchLabels ?? {} }, w.podLabels);
}

/** The Istio AuthorizationPolicies that apply to a hub workload (none when Istio does not enforce there). */
export function authorizationPoliciesFor(inv: Inventory, hub: Workload, context?: HubContext): Resource[] {
  if (!istioEnforced(hub, inv, context)) return [];
  return inv.byKind('AuthorizationPolicy').filter((r) => r.groupKind === 'AuthorizationPolicy.security.istio.io' && appliesTo(r, hub, context));
}

/** Istio evaluation (DENY, then ALLOW) for a caller namespace and a target namespace. */
export function istioDecision(policies: Resource[], hub: HubKind, caller: string, target: string): FilterDecision {
  return istioRow(policies, hub, caller)(target);
}

/**
 * Rows whose decision is known without asking each target: one decision for every target but a few named ones (none:
 * a constant row). The namespace matrix fills or skips a constant row at once and visits only the named targets of
 * the others.
 */
const rowShapes = new WeakMap<(target: string) => FilterDecision, RowExcept>();

/** `otherwise` is the decision for every target not in `named`; the named ones are asked. */
export interface RowExcept {
  otherwise: FilterDecision;
  named: ReadonlySet<string>;
}

const NO_NAMES: ReadonlySet<string> = new Set();

function rowExcept(otherwise: FilterDecision, named: ReadonlySet<string>, decide: (target: string) => FilterDecision): (target: string) => FilterDecision {
  const row = named.size === 0 ? () => otherwise : (target: string) => (named.has(target) ? decide(target) : otherwise);
  rowShapes.set(row, { otherwise, named });
  return row;
}

/** A row that gives `decision` for every target. */
function constantRow(decision: FilterDecision): (target: string) => FilterDecision {
  return rowExcept(decision, NO_NAMES, () => decision);
}

/** The decision a row gives every target, when it gives all the same one (known without asking each target). */
export function constantDecision(row: (target: string) => FilterDecision): FilterDecision | undefined {
  const shape = rowShapes.get(row);
  return shape?.named.size === 0 ? shape.otherwise : undefined;
}

/** For a row that decides alike every target but a few named ones (none, for a constant row): that decision and those names. */
export function rowExceptions(row: (target: string) => FilterDecision): RowExcept | undefined {
  return rowShapes.get(row);
}

/** The row of a hub no AuthorizationPolicy filters: every target open. */
const OPEN_ROW: (target: string) => FilterDecision = constantRow({ open: true, reason: 'no AuthorizationPolicy enforced' });

/**
 * A policy's rules by the callers their `from` can match: a rule whose every source names exact namespaces can only
 * match callers of those (its `from` is false for any other), so it is listed under each of them; every other rule
 * (no `from`, patterns, principals only) is `general` and asked for every caller. A policy that binds each of
 * thousands of tenants to itself (one rule per tenant, as `ktm harden --mesh istio` writes) then costs each caller
 * its own rule and the general ones, not all of them. Positions are ascending, so rule order is kept.
 */
interface RulesBySource {
  rules: any[];
  general: number[];
  byNamespace: Map<string, number[]>;
}
const rulesBySourceCache = new WeakMap<Resource, RulesBySource>();

function rulesBySource(p: Resource): RulesBySource {
  let hit = rulesBySourceCache.get(p);
  if (hit) return hit;
  const rules: any[] = Array.isArray(p.obj.spec?.rules) ? p.obj.spec.rules : [];
  hit = { rules, general: [], byNamespace: new Map() };
  rules.forEach((rule, index) => {
    const namespaces = sourceNamespaces(rule);
    if (!namespaces) return void hit!.general.push(index);
    for (const ns of namespaces) {
      const list = hit!.byNamespace.get(ns);
      if (!list) hit!.byNamespace.set(ns, [index]);
      else if (list[list.length - 1] !== index) list.push(index);
    }
  });
  rulesBySourceCache.set(p, hit);
  return hit;
}

/** The only caller namespaces a rule's `from` can match, when every source lists exact namespaces; else undefined. */
function sourceNamespaces(rule: any): string[] | undefined {
  if (!rule || typeof rule !== 'object' || !Array.isArray(rule.from) || rule.from.length === 0) return undefined;
  const out: string[] = [];
  for (const f of rule.from) {
    const namespaces = f?.source?.namespaces;
    if (!Array.isArray(namespaces) || namespaces.some((ns) => typeof ns !== 'string' || ns.includes('*'))) return undefined;
    for (const ns of namespaces) out.push(ns);
  }
  return out;
}

/** Two ascending lists of positions as one, ascending. */
function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  if (b.length === 0) return [...a];
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i] < b[j])) out.push(a[i++]);
    else out.push(b[j++]);
  }
  return out;
}

/**
 * The decision function for one caller namespace over all targets. Rules whose source part cannot
 * match the caller are dropped once, so a per-namespace rule set costs little per target.
 */
export function istioRow(policies: Resource[], hub: HubKind, caller: string, localPort?: number): (target: string) => FilterDecision {
  if (policies.length === 0) return OPEN_ROW;
  const port = hub === 'gateway' ? (localPort !== undefined ? String(localPort) : CLUSTER_LOCAL_LISTENER_PORT) : undefined;
  const probe: Request = { hub, caller, target: '', port };
  const keep = (p: Resource) => {
    const { rules, general, byNamespace } = rulesBySource(p);
    return mergeSorted(general, byNamespace.get(caller) ?? [])
      .map((index) => ({ rule: rules[index], index }))
      .filter(({ rule }) => ruleMatch({ from: rule?.from }, probe) !== false);
  };
  const denies = policies.filter((p) => p.obj.spec?.action === 'DENY').map((p) => ({ p, rules: keep(p) }));
  const allows = policies.filter((p) => (p.obj.spec?.action ?? 'ALLOW') === 'ALLOW').map((p) => ({ p, rules: keep(p) }));
  const decide = (target: string): FilterDecision => {
    const req: Request = { hub, caller, target, port };
    for (const { p, rules } of denies) {
      const hit = rules.find(({ rule }) => ruleMatch(rule, req) === true);
      if (hit) return { open: false, reason: `AuthorizationPolicy ${p.namespace}/${p.name} DENY rule ${hit.index}` };
    }
    if (allows.length === 0) return { open: true, reason: 'no ALLOW policy; no DENY rule matches' };
    for (const { p, rules } of allows) {
      const hit = rules.find(({ rule }) => ruleMatch(rule, req) !== false);
      if (hit) return { open: true, reason: `AuthorizationPolicy ${p.namespace}/${p.name} ALLOW rule ${hit.index}` };
    }
    return { open: false, reason: `no ALLOW rule of ${allows.map(({ p }) => `${p.namespace}/${p.name}`).join(', ')} matches` };
  };
  if (decidesAllTargetsAlike(denies, allows, { hub, caller, port })) return constantRow(decide(''));
  const named = namedTargets([...denies, ...allows], { hub, caller, port });
  if (!named) return decide;
  // A name no rule compares with: every target outside `named` gets its decision.
  let outside = '\u0000';
  while (named.has(outside)) outside += '\u0000';
  return rowExcept(decide(outside), named, decide);
}

/**
 * The target names the caller's rules compare the target with, when all are exact names (as in a policy binding each
 * tenant to hosts of its own namespace): a target outside them matches none of those comparisons, so all such targets
 * are decided alike. Undefined when some pattern is a glob (`*.team-*.svc`), which no finite list covers.
 */
function namedTargets(kept: KeptRules, req: Omit<Request, 'target'>): Set<string> | undefined {
  const named = new Set<string>();
  const probe: Request = { ...req, target: '', named };
  for (const { rules } of kept) for (const { rule } of rules) ruleMatch(rule, probe);
  for (const name of named) if (name.includes('*')) return undefined;
  return named;
}

/**
 * Whether the caller's row is one decision: no DENY rule reads the target, and the ALLOW rules, in the order they are
 * tried, reach one that does not read the target and may match (it decides every target) before any that reads it.
 */
function decidesAllTargetsAlike(denies: KeptRules, allows: KeptRules, req: Omit<Request, 'target'>): boolean {
  if (denies.some(({ rules }) => rules.some(({ rule }) => readsTarget(rule, req)))) return false;
  for (const { rules } of allows) {
    for (const { rule } of rules) {
      if (readsTarget(rule, req)) return false;
      if (ruleMatch(rule, { ...req, target: '' }) !== false) return true;
    }
  }
  return true;
}

type KeptRules = Array<{ p: Resource; rules: Array<{ rule: any; index: number }> }>;

/** Whether a rule's outcome depends on the target at all: whether matching it reads the request's target. */
function readsTarget(rule: unknown, req: Omit<Request, 'target'>): boolean {
  let read = false;
  ruleMatch(rule, {
    ...req,
    get target() {
      read = true;
      return '';
    },
  });
  return read;
}

/**
 * Knative Eventing sender identity: `authentication-oidc` and `default-authorization-mode`, read as Knative reads them
 * (src/k8s/knative-config.ts: the Operator's KnativeEventing `spec.config` wins over the ConfigMap, defaults apply).
 */
export function eventingOidc(inv: Inventory): { enabled: boolean; mode: string } {
  const config = readKnativeConfig(inv);
  return {
    enabled: config.eventingFeature('authentication-oidc', ['enabled', 'disabled'], 'disabled').value === 'enabled',
    mode: config.eventingFeature('default-authorization-mode', ['allow-all', 'deny-all', 'allow-same-namespace'], 'allow-same-namespace').value,
  };
}

/** With OIDC on: the EventPolicies of namespace `target` that apply to its brokers (no `to`, or a Broker in `to`). */
function brokerEventPolicies(inv: Inventory, target: string): Resource[] {
  return resourcesIn(inv, 'EventPolicy', target)
    .filter((r) => r.groupKind === 'EventPolicy.eventing.knative.dev')
    .filter((r) => {
      const to = r.obj.spec?.to;
      if (!Array.isArray(to) || to.length === 0) return true;
      return to.some((t: any) => (t?.ref?.kind ?? t?.selector?.kind) === 'Broker');
    });
}

/**
 * The sender namespaces a target's brokers admit: every one, the ones named, and the ones starting with a prefix
 * (`sub: system:serviceaccount:team-*`). The namespace matrix fills a broker target's column from it instead of asking
 * every caller.
 */
export interface AdmittedSenders {
  all: boolean;
  namespaces: ReadonlySet<string>;
  prefixes: readonly string[];
}

/** Whether a sender namespace is among the admitted ones. */
function admitsSender(admitted: AdmittedSenders, caller: string): boolean {
  return admitted.all || admitted.namespaces.has(caller) || admitted.prefixes.some((p) => caller.startsWith(p));
}

/** With OIDC on, for one target: the decision for a sender namespace, and (cheaper) which senders it admits. */
export interface EventPolicyDecider {
  decide(caller: string): FilterDecision;
  admitted: AdmittedSenders;
}

/**
 * With OIDC on: may senders from a caller namespace post to brokers of `target` (EventPolicies, then the default
 * mode)? The target's policies are read once into the namespaces they admit; decide() says which policy and rule.
 */
export function eventPolicyDecider(inv: Inventory, mode: string, target: string): EventPolicyDecider {
  const pols = brokerEventPolicies(inv, target);
  if (pols.length === 0) {
    const reason = `OIDC enabled, no EventPolicy in ${target}: default-authorization-mode ${mode}`;
    const same: FilterDecision = { open: mode !== 'deny-all', reason };
    const other: FilterDecision = { open: mode === 'allow-all', reason };
    return {
      decide: (caller) => (caller === target ? same : other),
      admitted: { all: other.open, namespaces: new Set(same.open ? [target] : []), prefixes: [] },
    };
  }
  // Each `from` entry admits one set of senders; decide() names the first entry that admits a caller.
  const entries: Array<{ admitted: AdmittedSenders; decision: FilterDecision }> = [];
  for (const p of pols) {
    const from: any[] = Array.isArray(p.obj.spec?.from) ? p.obj.spec.from : [];
    for (const [i, f] of from.entries()) {
      const namespaces = new Set<string>();
      const prefixes: string[] = [];
      if (f?.ref) namespaces.add(f.ref.namespace ?? target);
      const sub: string | undefined = typeof f?.sub === 'string' ? f.sub : undefined;
      const m = sub === undefined ? null : /^system:serviceaccount:([^:*]*)(\*)?/.exec(sub);
      if (m?.[2]) prefixes.push(m[1]);
      else if (m) namespaces.add(m[1]);
      entries.push({ admitted: { all: sub === '*', namespaces, prefixes }, decision: { open: true, reason: `EventPolicy ${target}/${p.name} from[${i}]` } });
    }
  }
  return {
    decide: (caller) =>
      entries.find((e) => admitsSender(e.admitted, caller))?.decision ?? { open: false, reason: `OIDC enabled; no EventPolicy in ${target} admits senders from ${caller}` },
    admitted: {
      all: entries.some((e) => e.admitted.all),
      namespaces: new Set(entries.flatMap((e) => [...e.admitted.namespaces])),
      prefixes: entries.flatMap((e) => e.admitted.prefixes),
    },
  };
}
