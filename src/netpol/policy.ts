/**
 * The policy model: NetworkPolicy (networking.k8s.io/v1), AdminNetworkPolicy and
 * BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1) and ClusterNetworkPolicy
 * (policy.networking.k8s.io/v1alpha2, see cluster-network-policy.ts) read from inventory resources into
 * one normalised shape of rules, peers and ports. Parsing decides Kubernetes defaults here
 * (policyTypes, protocol TCP, absent vs empty lists) so the evaluator never looks at raw YAML.
 */
import type { ContainerPort, Inventory, Resource } from '../k8s/types.js';
import { InputError } from '../util/errors.js';
import { isEmptySelector, selectorProblem, type LabelSelector } from '../k8s/selectors.js';
import { ConnectionSet, PROTOCOLS, type Protocol } from './connection-set.js';
import { parseCidr, subtractRanges, type IpRange } from './ip.js';
import { parseClusterNetworkPolicy } from './cluster-network-policy.js';

export type PolicyKind = 'NetworkPolicy' | 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy' | 'ClusterNetworkPolicy';
/** The cluster-wide tiers: Admin before NetworkPolicy, Baseline after it. */
export type Tier = 'Admin' | 'Baseline';
export type Direction = 'ingress' | 'egress';
export type Action = 'Allow' | 'Deny' | 'Pass';

/** Namespace part of a pod peer: the policy's own namespace, or a namespace selector. */
export type NamespaceScope = { kind: 'same'; namespace: string } | { kind: 'selector'; selector: LabelSelector };

export type Peer =
  /** Pods chosen by namespace scope AND pod selector. */
  | { kind: 'pods'; namespaces: NamespaceScope; pods: LabelSelector; text: string }
  /**
   * IPv4 ranges (ipBlock minus except, or ANP/CNP networks); never pods (peer-suite semantics), except a CNP
   * `networks` peer covering all of IPv4 (`matchesPods`): upstream says networks match cluster-internal traffic
   * too, and pod IPs, unknown from manifests, are surely inside 0.0.0.0/0.
   */
  | { kind: 'ip'; ranges: IpRange[]; text: string; matchesPods?: boolean }
  /** A NetworkPolicy rule without from/to: every pod and every address. */
  | { kind: 'any'; text: string };

export type PortSpec =
  | { kind: 'range'; protocol: Protocol; from: number; to: number }
  | { kind: 'protocol'; protocol: Protocol }
  /** Named port; protocol undefined = any protocol (ANP `namedPort`). */
  | { kind: 'named'; name: string; protocol?: Protocol };

export interface Rule {
  /** 0-based position in the policy's ingress or egress list. */
  index: number;
  /** ANP/BANP rule name, when given. */
  name?: string;
  /** Allow for NetworkPolicy rules. */
  action: Action;
  peers: Peer[];
  /** undefined = all ports. */
  ports?: PortSpec[];
  /** The rule's connections when they do not depend on the destination (no named ports). */
  fixed?: ConnectionSet;
}

export interface PolicyBase {
  kind: PolicyKind;
  name: string;
  resource?: Resource;
  /** Rules per direction; undefined = the policy does not apply in that direction. */
  ingress?: Rule[];
  egress?: Rule[];
  /** True when some rule uses a named port. */
  usesNamedPorts: boolean;
}

export interface NetworkPolicyModel extends PolicyBase {
  kind: 'NetworkPolicy';
  namespace: string;
  podSelector: LabelSelector;
}

export interface AdminPolicyModel extends PolicyBase {
  kind: 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy' | 'ClusterNetworkPolicy';
  /** ANP and Admin CNPs run before NetworkPolicies; BANP and Baseline CNPs after them. */
  tier: Tier;
  /** Priority within the tier (lower first); BANP gets +Infinity (after every Baseline CNP). */
  priority: number;
  subject: { namespaces: LabelSelector; pods: LabelSelector };
}

export type PolicyModel = NetworkPolicyModel | AdminPolicyModel;

export interface PolicySet {
  networkPolicies: NetworkPolicyModel[];
  /** Admin tier (ANPs and Admin CNPs), in evaluation order (see tierOrder). */
  adminPolicies: AdminPolicyModel[];
  /** Baseline tier (Baseline CNPs, then the BANP), in evaluation order. */
  baselinePolicies: AdminPolicyModel[];
  warnings: string[];
}

/** The prefix of a cluster-wide policy's display id, per kind. */
const ID_PREFIX: Record<string, string> = { AdminNetworkPolicy: 'ANP', BaselineAdminNetworkPolicy: 'BANP', ClusterNetworkPolicy: 'CNP' };

/** A policy's display id: `ns/name` for NetworkPolicy, `ANP name` / `BANP name` / `CNP name`. */
export function policyId(p: PolicyModel): string {
  return p.kind === 'NetworkPolicy' ? `${p.namespace}/${p.name}` : `${ID_PREFIX[p.kind]} ${p.name}`;
}

/** The display id of a policy object by kind, namespace and name; undefined for a kind that is not a network policy. */
export function policyIdOf(kind: string, namespace: string | undefined, name: string): string | undefined {
  if (kind === 'NetworkPolicy') return `${namespace}/${name}`;
  const prefix = ID_PREFIX[kind];
  return prefix ? `${prefix} ${name}` : undefined;
}

/** The object a display id names (the inverse of policyId). */
export function policyRefOf(id: string): { kind: string; namespace?: string; name: string } {
  for (const [kind, prefix] of Object.entries(ID_PREFIX)) if (id.startsWith(`${prefix} `)) return { kind, name: id.slice(prefix.length + 1) };
  const [namespace, name] = id.split('/', 2);
  return { kind: 'NetworkPolicy', namespace, name };
}

export class Ctx {
  constructor(
    readonly res: Resource | undefined,
    readonly warnings: string[],
  ) {}
  fail(message: string, field: string): never {
    const src = this.res?.source;
    throw new InputError(
      src?.file ?? src?.apiPath ?? '<input>',
      `${this.res?.kind ?? 'policy'} ${this.res?.namespace ? `${this.res.namespace}/` : ''}${this.res?.name ?? ''}: ${message}`,
      src?.line ? { line: src.line, column: 1 } : undefined,
      field,
    );
  }
  warn(message: string): void {
    const r = this.res;
    this.warnings.push(`${r?.kind ?? 'policy'} ${r?.namespace ? `${r.namespace}/` : ''}${r?.name ?? ''}: ${message}`);
  }
}

export function isObj(v: unknown): v is Record<string, any> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function list(ctx: Ctx, v: unknown, field: string): any[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) ctx.fail('must be a list', field);
  return v;
}

export function selector(ctx: Ctx, v: unknown, field: string): LabelSelector {
  if (v === null) return {};
  const problem = selectorProblem(v);
  if (problem) ctx.fail(problem, field);
  return v as LabelSelector;
}

export function protocolOf(ctx: Ctx, v: unknown, field: string): Protocol {
  if (v === undefined || v === null) return 'TCP';
  if (typeof v !== 'string' || !(PROTOCOLS as readonly string[]).includes(v)) {
    ctx.fail(`protocol must be TCP, UDP or SCTP (got ${JSON.stringify(v)})`, field);
  }
  return v as Protocol;
}

export function portNumber(ctx: Ctx, v: unknown, field: string): number {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 65535) {
    ctx.fail(`port must be an integer 1-65535 (got ${JSON.stringify(v)})`, field);
  }
  return n;
}

function fixedPorts(ports: PortSpec[] | undefined): ConnectionSet | undefined {
  if (!ports) return ConnectionSet.ALL;
  let out = ConnectionSet.EMPTY;
  for (const p of ports) {
    if (p.kind === 'named') return undefined;
    out = out.union(p.kind === 'range' ? ConnectionSet.ports(p.protocol, p.from, p.to) : ConnectionSet.protocol(p.protocol));
  }
  return out;
}

/**
 * The connections a rule's ports allow towards a destination with `dstPorts`. A named port resolves
 * against the destination's container ports (name, and protocol when the rule gives one); no match
 * allows nothing for that destination.
 */
export function rulePorts(rule: Rule, dstPorts: readonly ContainerPort[]): ConnectionSet {
  if (rule.fixed) return rule.fixed;
  let out = ConnectionSet.EMPTY;
  for (const p of rule.ports ?? []) {
    if (p.kind === 'range') out = out.union(ConnectionSet.ports(p.protocol, p.from, p.to));
    else if (p.kind === 'protocol') out = out.union(ConnectionSet.protocol(p.protocol));
    else {
      for (const cp of dstPorts) {
        if (cp.name === p.name && (p.protocol === undefined || cp.protocol === p.protocol)) {
          out = out.union(ConnectionSet.ports(cp.protocol, cp.containerPort));
        }
      }
    }
  }
  return out;
}

export function ipPeer(ctx: Ctx, cidrs: string[], except: string[], field: string, text: string): Peer | undefined {
  const ranges: IpRange[] = [];
  for (const c of cidrs) {
    const p = parseCidr(c);
    if (p.kind === 'bad') ctx.fail(`invalid CIDR ${JSON.stringify(c)}`, field);
    if (p.kind === 'v6') {
      ctx.warn(`IPv6 CIDR ${c} ignored (only IPv4 is modelled)`);
      continue;
    }
    ranges.push(p.range);
  }
  if (ranges.length === 0) return undefined;
  const holes: IpRange[] = [];
  for (const e of except) {
    const p = parseCidr(e);
    if (p.kind === 'bad') ctx.fail(`invalid except CIDR ${JSON.stringify(e)}`, `${field}.except`);
    if (p.kind === 'v6') {
      ctx.warn(`IPv6 except ${e} ignored`);
      continue;
    }
    holes.push(p.range);
  }
  const out: IpRange[] = [];
  for (const r of ranges) out.push(...subtractRanges(r, holes));
  return { kind: 'ip', ranges: out.sort((a, b) => a[0] - b[0]), text };
}

export function fmtSel(sel: LabelSelector): string {
  return isEmptySelector(sel) ? '{}' : JSON.stringify(sel);
}

function npPeer(ctx: Ctx, raw: unknown, namespace: string, field: string): Peer | undefined {
  if (!isObj(raw)) ctx.fail('a peer must be a mapping', field);
  const hasPod = raw.podSelector !== undefined && raw.podSelector !== null;
  const hasNs = raw.namespaceSelector !== undefined && raw.namespaceSelector !== null;
  if (raw.ipBlock !== undefined && raw.ipBlock !== null) {
    if (hasPod || hasNs) ctx.fail('ipBlock cannot be combined with podSelector or namespaceSelector', field);
    const ib = raw.ipBlock;
    if (!isObj(ib) || typeof ib.cidr !== 'string') ctx.fail('ipBlock.cidr is required', `${field}.ipBlock`);
    const except = (list(ctx, ib.except, `${field}.ipBlock.except`) ?? []).map(String);
    const text = `ipBlock ${ib.cidr}${except.length ? ` except ${except.join(',')}` : ''}`;
    return ipPeer(ctx, [ib.cidr], except, `${field}.ipBlock`, text);
  }
  if (!hasPod && !hasNs) ctx.fail('a peer needs podSelector, namespaceSelector or ipBlock', field);
  const pods = hasPod ? selector(ctx, raw.podSelector, `${field}.podSelector`) : {};
  if (hasNs) {
    const ns = selector(ctx, raw.namespaceSelector, `${field}.namespaceSelector`);
    return {
      kind: 'pods',
      namespaces: { kind: 'selector', selector: ns },
      pods,
      text: `namespaceSelector ${fmtSel(ns)}${hasPod ? ` podSelector ${fmtSel(pods)}` : ''}`,
    };
  }
  return { kind: 'pods', namespaces: { kind: 'same', namespace }, pods, text: `podSelector ${fmtSel(pods)}` };
}

function npPorts(ctx: Ctx, raw: unknown, field: string): PortSpec[] | undefined {
  const ports = list(ctx, raw, field);
  if (!ports || ports.length === 0) return undefined;
  return ports.map((p, i) => {
    const f = `${field}[${i}]`;
    if (!isObj(p)) ctx.fail('a port entry must be a mapping', f);
    const protocol = protocolOf(ctx, p.protocol, `${f}.protocol`);
    if (p.port === undefined || p.port === null) {
      if (p.endPort !== undefined && p.endPort !== null) ctx.fail('endPort needs port', `${f}.endPort`);
      return { kind: 'protocol', protocol } as PortSpec;
    }
    if (typeof p.port === 'string' && !/^\d+$/.test(p.port)) {
      if (p.endPort !== undefined && p.endPort !== null) ctx.fail('endPort cannot be used with a named port', `${f}.endPort`);
      return { kind: 'named', name: p.port, protocol } as PortSpec;
    }
    const from = portNumber(ctx, p.port, `${f}.port`);
    const to = p.endPort === undefined || p.endPort === null ? from : portNumber(ctx, p.endPort, `${f}.endPort`);
    if (to < from) ctx.fail(`endPort ${to} is below port ${from}`, `${f}.endPort`);
    return { kind: 'range', protocol, from, to } as PortSpec;
  });
}

export function finishRule(rule: Rule): Rule {
  rule.fixed = fixedPorts(rule.ports);
  return rule;
}

export function parseNetworkPolicy(res: Resource, warnings: string[]): NetworkPolicyModel {
  const ctx = new Ctx(res, warnings);
  const spec = res.obj.spec;
  if (!isObj(spec)) ctx.fail('spec is required', 'spec');
  const namespace = res.namespace ?? 'default';
  if (spec.podSelector === undefined) ctx.fail('spec.podSelector is required', 'spec.podSelector');
  const podSelector = selector(ctx, spec.podSelector, 'spec.podSelector');
  const ingressRaw = list(ctx, spec.ingress, 'spec.ingress');
  const egressRaw = list(ctx, spec.egress, 'spec.egress');
  let types = list(ctx, spec.policyTypes, 'spec.policyTypes') as string[] | undefined;
  if (!types || types.length === 0) {
    // Kubernetes defaulting: Ingress always, Egress when the policy has egress rules.
    types = ['Ingress'];
    if (egressRaw && egressRaw.length > 0) types.push('Egress');
  }
  for (const [i, t] of types.entries()) {
    if (t !== 'Ingress' && t !== 'Egress') ctx.fail(`policyTypes entries must be Ingress or Egress (got ${JSON.stringify(t)})`, `spec.policyTypes[${i}]`);
  }
  let usesNamedPorts = false;
  const rules = (raw: any[] | undefined, dir: Direction): Rule[] =>
    (raw ?? []).map((r, index) => {
      const f = `spec.${dir}[${index}]`;
      if (!isObj(r)) ctx.fail('a rule must be a mapping', f);
      const peerKey = dir === 'ingress' ? 'from' : 'to';
      const rawPeers = list(ctx, r[peerKey], `${f}.${peerKey}`);
      let peers: Peer[];
      if (!rawPeers || rawPeers.length === 0) peers = [{ kind: 'any', text: 'any peer' }];
      else {
        peers = [];
        for (const [j, p] of rawPeers.entries()) {
          const peer = npPeer(ctx, p, namespace, `${f}.${peerKey}[${j}]`);
          if (peer) peers.push(peer);
        }
      }
      const ports = npPorts(ctx, r.ports, `${f}.ports`);
      if (ports?.some((p) => p.kind === 'named')) usesNamedPorts = true;
      return finishRule({ index, action: 'Allow', peers, ports });
    });
  const ingress = types.includes('Ingress') ? rules(ingressRaw, 'ingress') : undefined;
  const egress = types.includes('Egress') ? rules(egressRaw, 'egress') : undefined;
  return { kind: 'NetworkPolicy', name: res.name, namespace, resource: res, podSelector, ingress, egress, usesNamedPorts };
}

/** The `namespaces` / `pods` peer of ANP, BANP and CNP (same shape in v1alpha1 and v1alpha2). */
export function clusterPodPeer(ctx: Ctx, raw: Record<string, any>, which: 'namespaces' | 'pods', field: string): Peer {
  if (which === 'namespaces') {
    const ns = selector(ctx, raw.namespaces, `${field}.namespaces`);
    return { kind: 'pods', namespaces: { kind: 'selector', selector: ns }, pods: {}, text: `namespaces ${fmtSel(ns)}` };
  }
  if (!isObj(raw.pods)) ctx.fail('pods must be a mapping', `${field}.pods`);
  const ns = selector(ctx, raw.pods.namespaceSelector ?? {}, `${field}.pods.namespaceSelector`);
  const pods = selector(ctx, raw.pods.podSelector ?? {}, `${field}.pods.podSelector`);
  return {
    kind: 'pods',
    namespaces: { kind: 'selector', selector: ns },
    pods,
    text: `pods namespaceSelector ${fmtSel(ns)} podSelector ${fmtSel(pods)}`,
  };
}

function adminPeer(ctx: Ctx, raw: unknown, dir: Direction, field: string): Peer | undefined {
  if (!isObj(raw)) ctx.fail('a peer must be a mapping', field);
  const set = ['namespaces', 'pods', 'nodes', 'networks'].filter((k) => raw[k] !== undefined && raw[k] !== null);
  if (set.length !== 1) ctx.fail('a peer needs exactly one of namespaces, pods' + (dir === 'egress' ? ', nodes, networks' : ''), field);
  const which = set[0];
  if (which === 'namespaces' || which === 'pods') return clusterPodPeer(ctx, raw, which, field);
  if (dir === 'ingress') ctx.fail(`${which} peers are only allowed in egress rules`, field);
  if (which === 'nodes') {
    ctx.warn(`${field}: nodes peers are not supported and are ignored`);
    return undefined;
  }
  const nets = (list(ctx, raw.networks, `${field}.networks`) ?? []).map(String);
  return ipPeer(ctx, nets, [], `${field}.networks`, `networks ${nets.join(',')}`);
}

function adminPorts(ctx: Ctx, raw: unknown, field: string): PortSpec[] | undefined {
  const ports = list(ctx, raw, field);
  if (!ports || ports.length === 0) return undefined;
  return ports.map((p, i) => {
    const f = `${field}[${i}]`;
    if (!isObj(p)) ctx.fail('a port entry must be a mapping', f);
    if (p.portNumber !== undefined) {
      if (!isObj(p.portNumber)) ctx.fail('portNumber must be a mapping', `${f}.portNumber`);
      const protocol = protocolOf(ctx, p.portNumber.protocol, `${f}.portNumber.protocol`);
      const port = portNumber(ctx, p.portNumber.port, `${f}.portNumber.port`);
      return { kind: 'range', protocol, from: port, to: port } as PortSpec;
    }
    if (p.portRange !== undefined) {
      if (!isObj(p.portRange)) ctx.fail('portRange must be a mapping', `${f}.portRange`);
      const protocol = protocolOf(ctx, p.portRange.protocol, `${f}.portRange.protocol`);
      const from = portNumber(ctx, p.portRange.start, `${f}.portRange.start`);
      const to = portNumber(ctx, p.portRange.end, `${f}.portRange.end`);
      if (to < from) ctx.fail(`portRange end ${to} is below start ${from}`, `${f}.portRange`);
      return { kind: 'range', protocol, from, to } as PortSpec;
    }
    if (typeof p.namedPort === 'string') return { kind: 'named', name: p.namedPort } as PortSpec;
    return ctx.fail('a port needs portNumber, portRange or namedPort', f);
  });
}

export function parseAdminPolicy(res: Resource, warnings: string[]): AdminPolicyModel {
  const ctx = new Ctx(res, warnings);
  const baseline = res.kind === 'BaselineAdminNetworkPolicy';
  const spec = res.obj.spec;
  if (!isObj(spec)) ctx.fail('spec is required', 'spec');
  let priority = Number.POSITIVE_INFINITY;
  if (!baseline) {
    if (typeof spec.priority !== 'number' || !Number.isInteger(spec.priority) || spec.priority < 0 || spec.priority > 1000) {
      ctx.fail('priority must be an integer 0-1000', 'spec.priority');
    }
    priority = spec.priority;
  }
  const subj = spec.subject;
  if (!isObj(subj)) ctx.fail('subject is required', 'spec.subject');
  let subject: AdminPolicyModel['subject'];
  if (subj.namespaces !== undefined && subj.namespaces !== null) {
    subject = { namespaces: selector(ctx, subj.namespaces, 'spec.subject.namespaces'), pods: {} };
  } else if (isObj(subj.pods)) {
    subject = {
      namespaces: selector(ctx, subj.pods.namespaceSelector ?? {}, 'spec.subject.pods.namespaceSelector'),
      pods: selector(ctx, subj.pods.podSelector ?? {}, 'spec.subject.pods.podSelector'),
    };
  } else {
    subject = ctx.fail('subject needs namespaces or pods', 'spec.subject');
  }
  let usesNamedPorts = false;
  const rules = (raw: any[] | undefined, dir: Direction): Rule[] =>
    (raw ?? []).map((r, index) => {
      const f = `spec.${dir}[${index}]`;
      if (!isObj(r)) ctx.fail('a rule must be a mapping', f);
      const action = r.action;
      if (action !== 'Allow' && action !== 'Deny' && (baseline || action !== 'Pass')) {
        ctx.fail(`action must be ${baseline ? 'Allow or Deny' : 'Allow, Deny or Pass'} (got ${JSON.stringify(action)})`, `${f}.action`);
      }
      const peerKey = dir === 'ingress' ? 'from' : 'to';
      const rawPeers = list(ctx, r[peerKey], `${f}.${peerKey}`) ?? [];
      if (rawPeers.length === 0) ctx.fail(`${peerKey} needs at least one peer`, `${f}.${peerKey}`);
      const peers: Peer[] = [];
      for (const [j, p] of rawPeers.entries()) {
        const peer = adminPeer(ctx, p, dir, `${f}.${peerKey}[${j}]`);
        if (peer) peers.push(peer);
      }
      const ports = adminPorts(ctx, r.ports, `${f}.ports`);
      if (ports?.some((p) => p.kind === 'named')) usesNamedPorts = true;
      return finishRule({ index, name: typeof r.name === 'string' ? r.name : undefined, action, peers, ports });
    });
  const ingress = rules(list(ctx, spec.ingress, 'spec.ingress'), 'ingress');
  const egress = rules(list(ctx, spec.egress, 'spec.egress'), 'egress');
  return {
    kind: baseline ? 'BaselineAdminNetworkPolicy' : 'AdminNetworkPolicy',
    tier: baseline ? 'Baseline' : 'Admin',
    name: res.name,
    resource: res,
    priority,
    subject,
    ingress,
    egress,
    usesNamedPorts,
  };
}

/**
 * Evaluation order inside a tier: priority (lower first), then v1alpha2 before v1alpha1 at equal priority
 * (upstream leaves equal priorities undefined; ktm picks the current API), then name.
 */
export function tierOrder(a: AdminPolicyModel, b: AdminPolicyModel): number {
  const version = (p: AdminPolicyModel): number => (p.kind === 'ClusterNetworkPolicy' ? 0 : 1);
  return a.priority - b.priority || version(a) - version(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/** Reads every NetworkPolicy, AdminNetworkPolicy, BaselineAdminNetworkPolicy and ClusterNetworkPolicy of the inventory. */
export function readPolicies(inv: Inventory): PolicySet {
  const warnings: string[] = [];
  const networkPolicies = inv.byKind('NetworkPolicy.networking.k8s.io').map((r) => parseNetworkPolicy(r, warnings));
  const admin = inv.byKind('AdminNetworkPolicy.policy.networking.k8s.io').map((r) => parseAdminPolicy(r, warnings));
  const baseline = inv.byKind('BaselineAdminNetworkPolicy.policy.networking.k8s.io').map((r) => parseAdminPolicy(r, warnings));
  for (const r of inv.byKind('ClusterNetworkPolicy.policy.networking.k8s.io')) {
    const cnp = parseClusterNetworkPolicy(r, warnings);
    (cnp.tier === 'Admin' ? admin : baseline).push(cnp);
  }
  admin.sort(tierOrder);
  baseline.sort(tierOrder);
  warnSharedPriorities(admin, warnings);
  return { networkPolicies, adminPolicies: admin, baselinePolicies: baseline, warnings };
}

/**
 * An ANP (v1alpha1) and an Admin CNP (v1alpha2) with one priority: upstream defines no order between the two
 * API versions, so say which one ktm assumed.
 */
function warnSharedPriorities(admin: AdminPolicyModel[], warnings: string[]): void {
  for (let i = 1; i < admin.length; i++) {
    const [a, b] = [admin[i - 1], admin[i]];
    if (a.priority === b.priority && a.kind !== b.kind) {
      warnings.push(`${policyId(a)} and ${policyId(b)} share Admin priority ${a.priority}: their order is undefined upstream; ktm evaluates ${policyId(a)} first`);
    }
  }
}
