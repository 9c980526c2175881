/**
 * STRIDE threats of each new or changed flow, derived from the flow's properties (never from its name).
 * A threat is `mitigated` when it exists without the design's declared mitigations but not with them.
 */
import type { ReviewComponent, ReviewFlow, ReviewModel } from './apply.js';
import { isDeputyHop, isSystemComponent } from './rules.js';
import { isOffCluster, isPerTenant } from './graph.js';
import { MITIGATIONS } from './mitigations.js';
import type { Analysis } from './rules.js';
import type { FlowThreats, StrideCategory, StrideThreat } from './result.js';

type Threat = Omit<StrideThreat, 'mitigated'>;

/**
 * Threats of a flow that is not a connection: a file mount, a credential, a local socket. No TLS, OIDC or
 * rate-limit advice: none of them applies to a file.
 */
function nonNetworkThreats(f: ReviewFlow, from: ReviewComponent, to: ReviewComponent, rm: ReviewModel): Threat[] {
  const out: Threat[] = [];
  const add = (category: StrideCategory, reason: string, m: keyof typeof MITIGATIONS) => out.push({ category, reason, mitigation: MITIGATIONS[m] });
  const system = isSystemComponent(to, rm);
  const crossTenant = f.tenantScope === 'cross-tenant' && (isPerTenant(to, rm) || isPerTenant(from, rm));
  const shared = to.shared || crossTenant;
  if (f.access === 'file') {
    if (shared) add('information-disclosure', `${from.name} reads files of ${to.name}, which other tenants${system ? ' and system pods' : ''} use too`, system ? 'restrict-host-access' : 'read-only-mount');
    if (!f.readOnly && shared) add('tampering', `the mount is writable: ${from.name} can change files ${to.name} relies on`, 'read-only-mount');
    if (system) add('elevation-of-privilege', `${to.name} holds credentials and code of system components: a tenant who mounts it acts as them`, 'restrict-host-access');
  } else if (f.access === 'credential') {
    add('spoofing', `whoever holds the credential on ${f.id} is ${to.name} to its verifier: it can be replayed`, 'short-lived-token');
    if (system || shared) add('elevation-of-privilege', `the credential carries ${to.name}'s rights${system ? ', a system component\'s' : ''} into ${from.name}`, system ? 'least-privilege-rbac' : 'short-lived-token');
  } else {
    if (shared) add('spoofing', `any process that can open the socket of ${to.name} is trusted by it`, 'restrict-host-access');
    if (system) add('elevation-of-privilege', `${to.name} acts for the whole node: through its socket a tenant starts or enters any container, system pods included`, 'restrict-host-access');
  }
  return out;
}

export function threatsOf(f: ReviewFlow, from: ReviewComponent, to: ReviewComponent, rm: ReviewModel): Threat[] {
  if (f.access !== 'network') return nonNetworkThreats(f, from, to, rm);
  const out: Threat[] = [];
  const crossBoundary = from.boundary !== to.boundary;
  const crossTenant = f.tenantScope === 'cross-tenant' && (isPerTenant(to, rm) || isPerTenant(from, rm));
  const add = (category: StrideCategory, reason: string, m: keyof typeof MITIGATIONS) =>
    out.push({ category, reason, mitigation: MITIGATIONS[m] });
  if (!f.authenticated && (crossBoundary || to.shared || crossTenant)) {
    add('spoofing', `unauthenticated hop into ${to.name}${crossBoundary ? ` (${from.boundary} -> ${to.boundary})` : ''}: the receiver cannot tell who sent it`, 'authenticate-flow');
  }
  if (!f.encrypted && crossBoundary) {
    add('tampering', `crosses ${from.boundary} -> ${to.boundary} over ${f.protocol} without TLS: anyone on the path can alter it`, 'encrypt-flow');
  }
  if (from.forwardsForCaller && f.identity !== 'caller') {
    add('repudiation', `${from.name} forwards for callers but ${to.name} sees ${f.identity === 'none' ? 'no identity' : `${from.name}'s identity`}: requests cannot be traced to the caller`, 'forward-identity');
  }
  if (f.destinationChosenBy === 'caller' || crossTenant) {
    add(
      'information-disclosure',
      f.destinationChosenBy === 'caller'
        ? `the caller chooses the destination${crossTenant ? ' in any namespace' : ''}: it can read from ${to.name} instances it was not meant to address`
        : `the hop joins different tenants: one tenant's data can reach another's ${to.name}`,
      f.destinationChosenBy !== 'caller' ? 'rbac-verb' : from.shared ? 'namespace-check' : f.networkPolicy === 'applies' ? 'network-policy' : 'runtime-isolation',
    );
  }
  if (to.shared && from.id !== to.id && (isPerTenant(from, rm) || isOffCluster(from, rm))) {
    add('denial-of-service', `${to.name} is shared: load or bad input through this hop affects every tenant`, 'rate-limit');
  }
  if (isDeputyHop(f, from.shared)) {
    add('elevation-of-privilege', `shared ${from.name} sends with its own standing to a caller-chosen ${to.name} in any namespace (confused deputy)`, 'namespace-check');
  } else if (crossTenant && isPerTenant(to, rm)) {
    const fix = !isPerTenant(from, rm) ? 'namespace-check' : f.networkPolicy === 'applies' ? 'network-policy' : 'runtime-isolation';
    add('elevation-of-privilege', `lands in another tenant's ${to.name}`, fix);
  }
  return out;
}

/** Threats per new/changed flow; `unmitigated` is the same design without its declared mitigations. */
export function flowThreats(mitigated: Analysis, unmitigated: Analysis): FlowThreats[] {
  const g = unmitigated.graphs.get('namespace-admin')!;
  const gm = mitigated.graphs.get('namespace-admin')!;
  const out: FlowThreats[] = [];
  for (const f of [...g.flows.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (f.origin !== 'new' && f.origin !== 'changed') continue;
    const from = g.components.get(f.from)!;
    const to = g.components.get(f.to)!;
    const raw = threatsOf(f, from, to, unmitigated.rm);
    const fm = gm.flows.get(f.id);
    const kept = new Set(fm ? threatsOf(fm, from, to, mitigated.rm).map((t) => t.category) : []);
    if (raw.length === 0) continue;
    out.push({
      flow: f.id,
      from: f.from,
      to: f.to,
      origin: f.origin,
      threats: raw.map((t) => ({ ...t, mitigated: !kept.has(t.category) })),
    });
  }
  return out;
}
