/**
 * The reachability engine: exact NetworkPolicy + AdminNetworkPolicy + BaselineAdminNetworkPolicy
 * + ClusterNetworkPolicy (Admin and Baseline tiers) semantics, evaluated per equivalence class of workloads and per protocol/port (ConnectionSet).
 *
 * A connection src → dst is what the source's egress side AND the destination's ingress side allow.
 * One side, for a subject pod and a remote peer:
 *   1. Admin tier (ANPs and Admin CNPs) selecting the subject, lower priority first, rules in order: for the ports a matching rule
 *      names, Allow/Deny is final and Pass hands them to NetworkPolicies (first match wins per port).
 *   2. What is undecided or passed: if some NetworkPolicy selects the subject in this direction, the
 *      union of its matching rules decides; otherwise Baseline tier rules in order (Baseline CNPs by
 *      priority, then the BANP); what nothing decides, or a Baseline Pass hands on, is allowed.
 */
import type { ContainerPort, Inventory, Workload } from '../k8s/types.js';
import { formatSelector, isEmptySelector, LabelIndex, matchesLabelSelector, selectorKeys, type LabelSelector } from '../k8s/selectors.js';
import { ConnectionSet } from './connection-set.js';
import { buildClasses, namespaceViews, type ClassIndex, type NamespaceView, type PodClass } from './classes.js';
import { cutAddressSpace, rangeInside, type IpRange } from './ip.js';
import { describeCni, detectCni, hasIpBlockPeers, IPBLOCKS_NEVER_MATCH_PODS, type CniDecision } from '../k8s/cni.js';
import {
  policyId,
  readPolicies,
  rulePorts,
  type AdminPolicyModel,
  type Direction,
  type NetworkPolicyModel,
  type Peer,
  type PolicyModel,
  type PolicySet,
  type Rule,
} from './policy.js';

/** The other end of a connection, as seen from a subject. */
export type Remote = { kind: 'class'; cls: PodClass } | { kind: 'ip'; range: IpRange };

/** One policy rule that decided part of a connection (for --explain). */
export interface TraceStep {
  direction: Direction;
  policy: string;
  kind: PolicyModel['kind'];
  /** Rule index in the policy's ingress/egress list; undefined for "selected, no rule matched". */
  rule?: number;
  ruleName?: string;
  action: 'Allow' | 'Deny' | 'Pass' | 'Isolate';
  /** The connections this step decided. */
  conns: ConnectionSet;
  peer?: string;
}

/** The policies that select a subject in one direction (shared by many classes). */
export interface Profile {
  id: number;
  direction: Direction;
  anps: AdminPolicyModel[];
  nps: NetworkPolicyModel[];
  banps: AdminPolicyModel[];
  /** Ports of the subject (ingress named ports resolve against them). */
  ports: ContainerPort[];
  usesNamedPorts: boolean;
}

export interface PeerMatch {
  all: boolean;
  set: Set<number>;
}

/** What an `any` peer matches. */
const ALL_CLASSES: PeerMatch = { all: true, set: new Set() };

export interface EngineOptions {
  /**
   * Whether NetworkPolicy ipBlocks match pod IPs (src/k8s/cni.ts). Default: decided from the CNI in the inventory
   * (unknown → they may). The peer suite's semantics (never) is `IPBLOCKS_NEVER_MATCH_PODS`.
   */
  cni?: CniDecision;
}

export class Engine {
  readonly policies: PolicySet;
  readonly index: ClassIndex;
  readonly warnings: string[];
  readonly ingressProfiles: Profile[] = [];
  readonly egressProfiles: Profile[] = [];
  /** Profile id per class. */
  readonly inProfileOf: Int32Array;
  readonly egProfileOf: Int32Array;
  private readonly peerMatches = new Map<Peer, PeerMatch>();
  private readonly peerCache = new Map<string, PeerMatch>();
  private readonly nsSelCache = new Map<string, number[]>();
  private nsLabelIndex?: LabelIndex<NamespaceView>;
  private readonly sides = new Map<Profile, { peers: Peer[]; matchers: PeerMatch[]; memo: Map<number, Map<number, ConnectionSet>> }>();
  private readonly peersOfProfile = new Map<Profile, Peer[]>();
  readonly cni: CniDecision;
  /** NetworkPolicy ipBlock peers that match every pod under the CNI's semantics (ANP `networks` never do). */
  private readonly podIpPeers = new Set<Peer>();

  constructor(
    readonly inv: Inventory,
    opts: EngineOptions = {},
  ) {
    this.policies = readPolicies(inv);
    this.warnings = [...this.policies.warnings];
    this.cni = opts.cni ?? detectCni(inv);
    if (opts.cni !== IPBLOCKS_NEVER_MATCH_PODS && hasIpBlockPeers(inv)) this.warnings.push(describeCni(this.cni));
    if (this.cni.ipBlockMatchesPods) {
      // One warning per ipBlock text, naming the policies that hold it (thousands of namespaces share one allow-list).
      const assumed = new Map<string, Set<string>>();
      for (const p of this.policies.networkPolicies) {
        for (const r of [...(p.ingress ?? []), ...(p.egress ?? [])]) {
          for (const peer of r.peers) {
            if (peer.kind !== 'ip' || !this.cni.podRanges.some((pr) => peer.ranges.some(([lo, hi]) => lo <= pr[1] && pr[0] <= hi))) continue;
            this.podIpPeers.add(peer);
            if (!this.cni.assumption) continue;
            const holders = assumed.get(peer.text) ?? new Set();
            assumed.set(peer.text, holders.add(policyId(p)));
          }
        }
      }
      // peer.text already reads `ipBlock CIDR[ except …]` (policy.ts).
      for (const [text, holders] of assumed) this.warnings.push(`${text} of ${namePolicies([...holders])} is taken to match pods: ${this.cni.assumption}`);
    }
    const podKeys = new Set<string>();
    const portNames = new Set<string>();
    for (const p of this.allPolicies()) {
      if (p.kind === 'NetworkPolicy') for (const k of selectorKeys(p.podSelector)) podKeys.add(k);
      else for (const k of selectorKeys(p.subject.pods)) podKeys.add(k);
      for (const r of [...(p.ingress ?? []), ...(p.egress ?? [])]) {
        for (const peer of r.peers) if (peer.kind === 'pods') for (const k of selectorKeys(peer.pods)) podKeys.add(k);
        for (const port of r.ports ?? []) if (port.kind === 'named') portNames.add(port.name);
      }
    }
    this.index = buildClasses(inv, namespaceViews(inv), podKeys, portNames);
    const n = this.index.classes.length;
    this.inProfileOf = new Int32Array(n);
    this.egProfileOf = new Int32Array(n);
    this.buildProfiles();
  }

  allPolicies(): PolicyModel[] {
    return [...this.policies.adminPolicies, ...this.policies.networkPolicies, ...this.policies.baselinePolicies];
  }

  // ---- selection -------------------------------------------------------------------------------

  private namespacesMatching(sel: LabelSelector): number[] {
    const key = formatSelector(sel);
    let hit = this.nsSelCache.get(key);
    if (!hit) {
      this.nsLabelIndex ??= new LabelIndex(this.index.namespaces, (ns) => ns.labels);
      hit = this.nsLabelIndex.matching(sel).map((ns) => ns.index);
      this.nsSelCache.set(key, hit);
    }
    return hit;
  }

  /** Classes in the given namespaces whose labels match `pods`. */
  private classesMatching(nsIdx: number[], pods: LabelSelector): number[] {
    const out: number[] = [];
    const empty = isEmptySelector(pods);
    for (const i of nsIdx) {
      for (const c of this.index.classesByNs[i]) {
        if (empty || matchesLabelSelector(pods, this.index.classes[c].labels)) out.push(c);
      }
    }
    return out;
  }

  /** Which classes a pod peer matches (cached per distinct peer meaning). */
  peerMatch(peer: Peer): PeerMatch {
    let m = this.peerMatches.get(peer);
    if (m) return m;
    const total = this.index.classes.length;
    if (peer.kind === 'any') m = { all: true, set: new Set() };
    else if (peer.kind === 'ip') m = { all: (peer.matchesPods === true || this.podIpPeers.has(peer)) && this.index.classes.length > 0, set: new Set() };
    else {
      const scope = peer.namespaces;
      const key =
        scope.kind === 'same'
          ? `same:${scope.namespace}|${formatSelector(peer.pods)}`
          : `sel:${formatSelector(scope.selector)}|${formatSelector(peer.pods)}`;
      m = this.peerCache.get(key);
      if (!m) {
        let nsIdx: number[];
        if (scope.kind === 'same') {
          const ns = this.index.nsByName.get(scope.namespace);
          nsIdx = ns ? [ns.index] : [];
        } else nsIdx = this.namespacesMatching(scope.selector);
        const list = this.classesMatching(nsIdx, peer.pods);
        m = list.length === total && total > 0 ? { all: true, set: new Set() } : { all: false, set: new Set(list) };
        this.peerCache.set(key, m);
      }
    }
    this.peerMatches.set(peer, m);
    return m;
  }

  /**
   * True when `peer` matches the remote end. IP ranges only match ipBlock/any peers. An IP peer matches pods when it is
   * a CNP `networks` peer covering every IPv4 address (see Peer), or an ipBlock where the CNI matches pod IPs.
   */
  peerMatchesRemote(peer: Peer, remote: Remote): boolean {
    if (peer.kind === 'any') return true;
    if (remote.kind === 'ip') return peer.kind === 'ip' && rangeInside(remote.range, peer.ranges);
    if (peer.kind === 'ip') return peer.matchesPods === true || this.podIpPeers.has(peer);
    const m = this.peerMatch(peer);
    return m.all || m.set.has(remote.cls.id);
  }

  private buildProfiles(): void {
    const { classes, namespaces } = this.index;
    const inSets: number[][] = classes.map(() => []);
    const egSets: number[][] = classes.map(() => []);
    const all = this.allPolicies();
    all.forEach((p, pi) => {
      let subjects: number[];
      if (p.kind === 'NetworkPolicy') {
        const ns = this.index.nsByName.get(p.namespace);
        subjects = ns ? this.classesMatching([ns.index], p.podSelector) : [];
      } else {
        subjects = this.classesMatching(this.namespacesMatching(p.subject.namespaces), p.subject.pods);
      }
      const hasIn = p.kind === 'NetworkPolicy' ? p.ingress !== undefined : (p.ingress?.length ?? 0) > 0;
      const hasEg = p.kind === 'NetworkPolicy' ? p.egress !== undefined : (p.egress?.length ?? 0) > 0;
      for (const c of subjects) {
        if (hasIn) inSets[c].push(pi);
        if (hasEg) egSets[c].push(pi);
      }
    });
    void namespaces;
    const make = (dir: Direction, sets: number[][], out: Profile[], of: Int32Array): void => {
      const byKey = new Map<string, number>();
      for (const cls of classes) {
        const ids = sets[cls.id];
        const pols = ids.map((i) => all[i]);
        // Ingress named ports resolve against the subject: classes with different ports need their own profile.
        const named = dir === 'ingress' && pols.some((p) => p.usesNamedPorts);
        const key = `${ids.join(',')}|${named ? cls.portSig : ''}`;
        let id = byKey.get(key);
        if (id === undefined) {
          id = out.length;
          byKey.set(key, id);
          out.push({
            id,
            direction: dir,
            anps: pols.filter((p): p is AdminPolicyModel => p.kind !== 'NetworkPolicy' && p.tier === 'Admin'),
            nps: pols.filter((p): p is NetworkPolicyModel => p.kind === 'NetworkPolicy'),
            banps: pols.filter((p): p is AdminPolicyModel => p.kind !== 'NetworkPolicy' && p.tier === 'Baseline'),
            ports: cls.ports,
            usesNamedPorts: pols.some((p) => p.usesNamedPorts),
          });
        }
        of[cls.id] = id;
      }
    };
    make('ingress', inSets, this.ingressProfiles, this.inProfileOf);
    make('egress', egSets, this.egressProfiles, this.egProfileOf);
  }

  // ---- evaluation ------------------------------------------------------------------------------

  /**
   * What one side allows. `matches` says whether a peer matches the remote end; `dstPorts` are the
   * destination's container ports (the subject for ingress, the remote for egress).
   */
  evaluate(profile: Profile, matches: (peer: Peer) => boolean, dstPorts: readonly ContainerPort[], trace?: TraceStep[]): ConnectionSet {
    const dir = profile.direction;
    const ruleMatches = (r: Rule): Peer | undefined => r.peers.find(matches);
    let undecided = ConnectionSet.ALL;
    let allowed = ConnectionSet.EMPTY;
    let passed = ConnectionSet.EMPTY;
    for (const anp of profile.anps) {
      for (const r of anp[dir] ?? []) {
        if (undecided.isEmpty()) break;
        const peer = ruleMatches(r);
        if (!peer) continue;
        const got = rulePorts(r, dstPorts).intersect(undecided);
        if (got.isEmpty()) continue;
        if (r.action === 'Allow') allowed = allowed.union(got);
        else if (r.action === 'Pass') passed = passed.union(got);
        undecided = undecided.subtract(got);
        trace?.push(step(dir, anp, r, r.action, got, peer));
      }
    }
    let rest = undecided.union(passed);
    if (rest.isEmpty()) return allowed;
    if (profile.nps.length > 0) {
      let npAllowed = ConnectionSet.EMPTY;
      for (const np of profile.nps) {
        let any = false;
        for (const r of np[dir] ?? []) {
          const peer = ruleMatches(r);
          if (!peer) continue;
          const got = rulePorts(r, dstPorts).intersect(rest);
          any = true;
          npAllowed = npAllowed.union(got);
          if (!got.isEmpty()) trace?.push(step(dir, np, r, 'Allow', got, peer));
        }
        if (!any && trace) trace.push({ direction: dir, policy: policyId(np), kind: np.kind, action: 'Isolate', conns: ConnectionSet.EMPTY });
      }
      return allowed.union(npAllowed);
    }
    for (const banp of profile.banps) {
      for (const r of banp[dir] ?? []) {
        if (rest.isEmpty()) break;
        const peer = ruleMatches(r);
        if (!peer) continue;
        const got = rulePorts(r, dstPorts).intersect(rest);
        if (got.isEmpty()) continue;
        // A Baseline Pass (CNP) hands the ports to the default, which allows them.
        if (r.action === 'Allow' || r.action === 'Pass') allowed = allowed.union(got);
        rest = rest.subtract(got);
        trace?.push(step(dir, banp, r, r.action, got, peer));
      }
    }
    return allowed.union(rest);
  }

  /** src class → dst class (both sides). */
  classToClass(src: PodClass, dst: PodClass, trace?: TraceStep[]): ConnectionSet {
    if (!trace) {
      const eg = this.egressTo(src, dst);
      return eg.isEmpty() ? eg : eg.intersect(this.ingressFrom(dst, src));
    }
    const eg = this.egressSide(src, { kind: 'class', cls: dst }, trace);
    return eg.intersect(this.ingressSide(dst, { kind: 'class', cls: src }, trace));
  }

  /** What src's egress side allows towards the class dst (egressSide without a trace, for hot loops). */
  egressTo(src: PodClass, dst: PodClass): ConnectionSet {
    const prof = this.egressProfiles[this.egProfileOf[src.id]];
    return this.sideForClass(prof, dst, dst.ports, prof.usesNamedPorts ? dst.portSig : 0);
  }

  /** What dst's ingress side allows from the class src (ingressSide without a trace, for hot loops). */
  ingressFrom(dst: PodClass, src: PodClass): ConnectionSet {
    // An ingress profile with named ports is already one per port signature, so the subject's ports are the profile's.
    return this.sideForClass(this.ingressProfiles[this.inProfileOf[dst.id]], src, dst.ports, 0);
  }

  /** What the subject's egress side allows towards `remote`. */
  egressSide(subject: PodClass, remote: Remote, trace?: TraceStep[]): ConnectionSet {
    if (remote.kind === 'class' && !trace) return this.egressTo(subject, remote.cls);
    const prof = this.egressProfiles[this.egProfileOf[subject.id]];
    const ports = remote.kind === 'class' ? remote.cls.ports : [];
    return this.evaluate(prof, (p) => this.peerMatchesRemote(p, remote), ports, trace);
  }

  /** What the subject's ingress side allows from `remote`. */
  ingressSide(subject: PodClass, remote: Remote, trace?: TraceStep[]): ConnectionSet {
    if (remote.kind === 'class' && !trace) return this.ingressFrom(subject, remote.cls);
    const prof = this.ingressProfiles[this.inProfileOf[subject.id]];
    return this.evaluate(prof, (p) => this.peerMatchesRemote(p, remote), subject.ports, trace);
  }

  /**
   * One side towards a remote class, memoised per (profile, which of the profile's peers match the remote, port
   * signature): evaluate() reads the remote only through those matches and the destination's named ports, so remotes
   * with the same match vector get the same answer — whatever their labels or namespace. The hot loop of every
   * matrix: no closure or object per call, the profile's peer matches and memo are looked up once per profile.
   */
  private sideForClass(prof: Profile, remote: PodClass, dstPorts: readonly ContainerPort[], portSig: number): ConnectionSet {
    const side = this.sideOf(prof);
    const matchers = side.matchers;
    if (matchers.length > 24) return this.evaluate(prof, (p) => this.peerMatchesRemote(p, { kind: 'class', cls: remote }), dstPorts);
    const id = remote.id;
    let bits = 0;
    for (let i = 0; i < matchers.length; i++) {
      const m = matchers[i];
      if (m.all || m.set.has(id)) bits |= 1 << i;
    }
    // One memo per port signature keeps keys small integers (a combined key past 2³¹ would be a heap number per call).
    let memo = side.memo.get(portSig);
    if (!memo) side.memo.set(portSig, (memo = new Map()));
    let hit = memo.get(bits);
    if (hit === undefined) {
      const peers = side.peers;
      hit = this.evaluate(prof, (p) => (bits & (1 << peers.indexOf(p))) !== 0, dstPorts);
      memo.set(bits, hit);
    }
    return hit;
  }

  /** A profile's peers, what each matches among classes, and its memo of side values (built on first use). */
  private sideOf(prof: Profile): { peers: Peer[]; matchers: PeerMatch[]; memo: Map<number, Map<number, ConnectionSet>> } {
    let side = this.sides.get(prof);
    if (!side) {
      const peers = this.profilePeers(prof);
      // An IP peer matches a class when it matches every pod (peerMatch says `all`); a pod peer by its class set.
      side = { peers, matchers: peers.map((p) => (p.kind === 'any' ? ALL_CLASSES : this.peerMatch(p))), memo: new Map() };
      this.sides.set(prof, side);
    }
    return side;
  }

  /** The distinct peers of a profile's rules in its direction (the inputs of evaluate()). */
  profilePeers(prof: Profile): Peer[] {
    let peers = this.peersOfProfile.get(prof);
    if (!peers) {
      const seen = new Set<Peer>();
      for (const p of [...prof.anps, ...prof.nps, ...prof.banps]) for (const r of p[prof.direction] ?? []) for (const peer of r.peers) seen.add(peer);
      peers = [...seen];
      this.peersOfProfile.set(prof, peers);
    }
    return peers;
  }

  // ---- IP peers --------------------------------------------------------------------------------

  /**
   * The IP peers, cut as the peer suite does: source side from NetworkPolicy ingress ipBlocks,
   * destination side from NetworkPolicy egress ipBlocks and ANP/BANP egress networks.
   */
  ipPieces(side: 'src' | 'dst'): IpRange[] {
    const ranges: IpRange[] = [];
    for (const p of this.allPolicies()) {
      if (side === 'src' && p.kind !== 'NetworkPolicy') continue;
      const rules = side === 'src' ? p.ingress : p.egress;
      for (const r of rules ?? []) for (const peer of r.peers) if (peer.kind === 'ip') ranges.push(...peer.ranges);
    }
    return cutAddressSpace(ranges);
  }

  classOf(w: Workload): PodClass {
    const c = this.index.classOf.get(w);
    if (!c) throw new Error(`workload ${w.namespace}/${w.name} is not part of this inventory`);
    return c;
  }

  // ---- universal / explicit decomposition (for the fast namespace matrix) ----------------------

  /** True when a peer matches every class (so it does not tell sources apart). */
  isUniversal(peer: Peer): boolean {
    return peer.kind === 'any' || ((peer.kind === 'pods' || peer.kind === 'ip') && this.peerMatch(peer).all);
  }

}

function step(dir: Direction, p: PolicyModel, r: Rule, action: TraceStep['action'], conns: ConnectionSet, peer: Peer): TraceStep {
  return { direction: dir, policy: policyId(p), kind: p.kind, rule: r.index, ruleName: r.name, action, conns, peer: peer.text };
}

/** `NetworkPolicy a/b`, or `3 NetworkPolicies (a/b, c/d, e/f)`, or `120 NetworkPolicies (a/b, c/d, e/f, +117 more)`. */
function namePolicies(ids: string[]): string {
  if (ids.length === 1) return `NetworkPolicy ${ids[0]}`;
  const shown = ids.slice(0, 3).join(', ');
  return `${ids.length} NetworkPolicies (${ids.length > 3 ? `${shown}, +${ids.length - 3} more` : shown})`;
}
