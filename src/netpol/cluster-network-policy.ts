/**
 * ClusterNetworkPolicy (policy.networking.k8s.io/v1alpha2), upstream's successor of ANP/BANP, read into the
 * same normalised policy shape as AdminNetworkPolicy so the engine evaluates both API versions alike.
 *
 * Semantics (the CRD's documentation):
 *   - `spec.tier` Admin runs before NetworkPolicies, Baseline after them; `spec.priority` 0-1000 orders policies
 *     inside a tier (lower first); rules apply in the order written, first match wins.
 *   - Actions: Accept (this side admits the traffic; the other side's policies still apply: the engine's Allow),
 *     Deny (final), Pass (skip the rest of this tier: to NetworkPolicies from Admin, to the default allow from
 *     Baseline).
 *   - `protocols`: tcp/udp/sctp with `destinationPort` `number` or `range` (start < end), or `destinationNamedPort`;
 *     absent = every port and protocol.
 *   - Peers: `namespaces`, `pods`; egress also `networks` (CIDRs), `nodes` and `domainNames` (experimental).
 *     A peer with none of the known fields comes from a newer CRD: upstream says to fail closed (an Accept rule
 *     matches nothing, a Deny or Pass rule matches everything).
 */
import type { Resource } from '../k8s/types.js';
import { PROTOCOLS, type Protocol } from './connection-set.js';
import type { IpRange } from './ip.js';
import {
  clusterPodPeer,
  Ctx,
  finishRule,
  ipPeer,
  isObj,
  list,
  portNumber,
  selector,
  type Action,
  type AdminPolicyModel,
  type Direction,
  type Peer,
  type PortSpec,
  type Rule,
  type Tier,
} from './policy.js';

const ACTIONS: Record<string, Action> = { Accept: 'Allow', Deny: 'Deny', Pass: 'Pass' };
const PEER_FIELDS = { ingress: ['namespaces', 'pods'], egress: ['namespaces', 'pods', 'networks', 'nodes', 'domainNames'] } as const;

function cnpPeer(ctx: Ctx, raw: unknown, dir: Direction, action: Action, field: string): Peer | undefined {
  if (!isObj(raw)) ctx.fail('a peer must be a mapping', field);
  const known: readonly string[] = PEER_FIELDS[dir];
  const set = known.filter((k) => raw[k] !== undefined && raw[k] !== null);
  if (set.length > 1) ctx.fail(`a peer sets exactly one of ${known.join(', ')} (got ${set.join(' and ')})`, field);
  if (set.length === 0) {
    const other = Object.keys(raw);
    if (other.some((k) => (PEER_FIELDS.egress as readonly string[]).includes(k))) ctx.fail(`${other.join(', ')} peers are only allowed in egress rules`, field);
    // Fail closed, as the CRD prescribes for a peer of an unknown (newer) kind.
    ctx.warn(`${field}: peer ${other.length ? other.join(', ') : '{}'} is not understood; read fail-closed (${action === 'Allow' ? 'matches nothing' : 'matches every peer'})`);
    return action === 'Allow' ? undefined : { kind: 'any', text: `unknown peer ${other.join(', ') || '{}'} (fail-closed)` };
  }
  const which = set[0];
  if (which === 'namespaces' || which === 'pods') return clusterPodPeer(ctx, raw, which, field);
  if (which === 'networks') {
    const nets = (list(ctx, raw.networks, `${field}.networks`) ?? []).map(String);
    if (nets.length === 0) ctx.fail('networks needs at least one CIDR', `${field}.networks`);
    const peer = ipPeer(ctx, nets, [], `${field}.networks`, `networks ${nets.join(',')}`);
    // Networks match pod-to-pod traffic too (CRD); only a peer covering all of IPv4 surely holds every pod IP.
    if (peer?.kind === 'ip' && coversAllIpv4(peer.ranges)) peer.matchesPods = true;
    return peer;
  }
  if (which === 'domainNames') {
    if (action !== 'Allow') ctx.fail('domainNames peers are only allowed in Accept rules', `${field}.domainNames`);
    // Names resolve at run time; an Accept that matches nothing is the side that never invents a path.
    ctx.warn(`${field}: domainNames peers cannot be resolved from manifests; the rule is read as matching no address`);
    return undefined;
  }
  ctx.warn(`${field}: nodes peers are not supported and are ignored`);
  return undefined;
}

function coversAllIpv4(ranges: readonly IpRange[]): boolean {
  let next = 0;
  for (const [from, to] of [...ranges].sort((a, b) => a[0] - b[0])) {
    if (from > next) return false;
    next = Math.max(next, to + 1);
  }
  return next > 0xffffffff;
}

function cnpPort(ctx: Ctx, raw: unknown, f: string): PortSpec {
  if (!isObj(raw)) ctx.fail('a protocols entry must be a mapping', f);
  const keys = Object.keys(raw);
  if (keys.length !== 1) ctx.fail(`a protocols entry sets exactly one of tcp, udp, sctp, destinationNamedPort (got ${keys.join(', ') || 'none'})`, f);
  const key = keys[0];
  if (key === 'destinationNamedPort') {
    if (typeof raw.destinationNamedPort !== 'string' || raw.destinationNamedPort === '') ctx.fail('destinationNamedPort must be a port name', `${f}.destinationNamedPort`);
    return { kind: 'named', name: raw.destinationNamedPort };
  }
  const protocol = key.toUpperCase() as Protocol;
  if (!(PROTOCOLS as readonly string[]).includes(protocol) || key !== key.toLowerCase()) {
    ctx.fail(`a protocols entry is tcp, udp, sctp or destinationNamedPort (got ${JSON.stringify(key)})`, `${f}.${key}`);
  }
  const body = raw[key];
  if (body === null || (isObj(body) && body.destinationPort === undefined)) return { kind: 'protocol', protocol };
  if (!isObj(body) || !isObj(body.destinationPort)) ctx.fail('destinationPort must be a mapping', `${f}.${key}.destinationPort`);
  const dp = body.destinationPort;
  const pf = `${f}.${key}.destinationPort`;
  if ((dp.number !== undefined) === (dp.range !== undefined)) ctx.fail('destinationPort sets exactly one of number, range', pf);
  if (dp.number !== undefined) {
    const port = portNumber(ctx, dp.number, `${pf}.number`);
    return { kind: 'range', protocol, from: port, to: port };
  }
  if (!isObj(dp.range)) ctx.fail('range must be a mapping', `${pf}.range`);
  const from = portNumber(ctx, dp.range.start, `${pf}.range.start`);
  const to = portNumber(ctx, dp.range.end, `${pf}.range.end`);
  if (!(from < to)) ctx.fail(`range start ${from} must be less than end ${to}`, `${pf}.range`);
  return { kind: 'range', protocol, from, to };
}

export function parseClusterNetworkPolicy(res: Resource, warnings: string[]): AdminPolicyModel {
  const ctx = new Ctx(res, warnings);
  const spec = res.obj.spec;
  if (!isObj(spec)) ctx.fail('spec is required', 'spec');
  if (spec.tier !== 'Admin' && spec.tier !== 'Baseline') ctx.fail(`tier must be Admin or Baseline (got ${JSON.stringify(spec.tier)})`, 'spec.tier');
  const tier: Tier = spec.tier;
  if (typeof spec.priority !== 'number' || !Number.isInteger(spec.priority) || spec.priority < 0 || spec.priority > 1000) {
    ctx.fail('priority must be an integer 0-1000', 'spec.priority');
  }
  const subj = spec.subject;
  if (!isObj(subj)) ctx.fail('subject is required', 'spec.subject');
  const hasNs = subj.namespaces !== undefined && subj.namespaces !== null;
  const hasPods = subj.pods !== undefined && subj.pods !== null;
  if (hasNs === hasPods) ctx.fail('subject sets exactly one of namespaces, pods', 'spec.subject');
  let subject: AdminPolicyModel['subject'];
  if (hasNs) subject = { namespaces: selector(ctx, subj.namespaces, 'spec.subject.namespaces'), pods: {} };
  else {
    if (!isObj(subj.pods)) ctx.fail('pods must be a mapping', 'spec.subject.pods');
    if (subj.pods.podSelector === undefined) ctx.fail('subject.pods.podSelector is required', 'spec.subject.pods.podSelector');
    subject = {
      namespaces: selector(ctx, subj.pods.namespaceSelector ?? {}, 'spec.subject.pods.namespaceSelector'),
      pods: selector(ctx, subj.pods.podSelector, 'spec.subject.pods.podSelector'),
    };
  }
  let usesNamedPorts = false;
  const rules = (raw: any[] | undefined, dir: Direction): Rule[] =>
    (raw ?? []).map((r, index) => {
      const f = `spec.${dir}[${index}]`;
      if (!isObj(r)) ctx.fail('a rule must be a mapping', f);
      const action = ACTIONS[r.action as string];
      if (!action || !Object.hasOwn(ACTIONS, r.action)) ctx.fail(`action must be Accept, Deny or Pass (got ${JSON.stringify(r.action)})`, `${f}.action`);
      const peerKey = dir === 'ingress' ? 'from' : 'to';
      const rawPeers = list(ctx, r[peerKey], `${f}.${peerKey}`) ?? [];
      if (rawPeers.length === 0) ctx.fail(`${peerKey} needs at least one peer`, `${f}.${peerKey}`);
      const peers: Peer[] = [];
      for (const [j, p] of rawPeers.entries()) {
        const peer = cnpPeer(ctx, p, dir, action, `${f}.${peerKey}[${j}]`);
        if (peer) peers.push(peer);
      }
      const rawPorts = list(ctx, r.protocols, `${f}.protocols`);
      const ports = rawPorts && rawPorts.length > 0 ? rawPorts.map((p, i) => cnpPort(ctx, p, `${f}.protocols[${i}]`)) : undefined;
      if (ports?.some((p) => p.kind === 'named')) {
        if (peers.some((p) => p.kind === 'ip')) ctx.fail('networks/nodes/domainNames peers cannot be used with destinationNamedPort', `${f}.protocols`);
        usesNamedPorts = true;
      }
      return finishRule({ index, name: typeof r.name === 'string' ? r.name : undefined, action, peers, ports });
    });
  const ingress = rules(list(ctx, spec.ingress, 'spec.ingress'), 'ingress');
  const egress = rules(list(ctx, spec.egress, 'spec.egress'), 'egress');
  return { kind: 'ClusterNetworkPolicy', tier, name: res.name, resource: res, priority: spec.priority, subject, ingress, egress, usesNamedPorts };
}
