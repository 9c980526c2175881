/**
 * Knative's shared components as forwarding hops (reference §4.6–4.7, §5). The activator, the ingress
 * gateways and the MT broker ingress forward on a caller's behalf to a destination the caller names
 * (header / Host / path), and downstream policies see the traffic as coming from the hub. So a tenant
 * pod P reaches revision R "via-activator" when P reaches the activator, the activator reaches R's
 * queue-proxy, and no L7 filter binds the caller's namespace (see l7-filters.ts).
 *
 * Also reachability facts about system components: the autoscaler stat websocket (TCP 8080, no
 * authentication: any pod reaching it can feed load for any revision), profiling 8008, metrics 9090,
 * the webhooks (8443) and the controllers.
 */
import type { Inventory, Resource, Workload } from '../k8s/types.js';
import { REVISION_LABEL } from '../k8s/knative.js';
import { readKnativeConfig } from '../k8s/knative-config.js';
import { isSystemNamespace } from '../k8s/system-namespaces.js';
import { ConnectionSet } from './connection-set.js';
import type { Engine } from './engine.js';
import type { PodClass } from './classes.js';
import {
  ACTIVATOR_PORTS,
  BROKER_INGRESS_PORTS,
  CLASSIC_GATEWAY_PORTS,
  isActivator,
  isBrokerIngress,
  isClassicGateway,
  sharedHops,
  type HubWorkload,
} from '../k8s/shared-hops.js';
import {
  authorizationPoliciesFor,
  eventingOidc,
  eventPolicyDecider,
  type EventPolicyDecider,
  type AdmittedSenders,
  istioRow,
  rowExceptions,
  type FilterDecision,
  type HubKind,
} from './l7-filters.js';

export const SERVING_NAMESPACE = 'knative-serving';
export const EVENTING_NAMESPACE = 'knative-eventing';

const tcp = (...ports: number[]) => ports.reduce((s, p) => s.union(ConnectionSet.ports('TCP', p)), ConnectionSet.EMPTY);

/** The request ports of a revision's queue-proxy (the hubs forward there). */
export const QUEUE_PORTS = tcp(8012, 8013, 8112);

export interface HubSpec {
  kind: HubKind;
  /** Which workloads are this hub (classic hubs, by namespace and label: see k8s/shared-hops.ts). */
  matches: (w: Workload) => boolean;
  /** Ports callers send requests to. */
  listen: ConnectionSet;
}

/**
 * The hubs recognisable without reading the rest of the inventory (activator, the classic networking layers'
 * gateways, broker ingress). Gateway API gateways need the inventory: KnativeHops reads them from sharedHops().
 */
export const HUBS: readonly HubSpec[] = [
  { kind: 'activator', matches: (w) => isActivator(w), listen: tcp(...ACTIVATOR_PORTS) },
  { kind: 'gateway', matches: isClassicGateway, listen: tcp(...CLASSIC_GATEWAY_PORTS) },
  { kind: 'broker', matches: (w) => isBrokerIngress(w), listen: tcp(...BROKER_INGRESS_PORTS) },
];

const HUB_KINDS: readonly HubKind[] = ['activator', 'gateway', 'broker'];

/** Workloads that deliver what the broker ingress accepted (broker filter, channel dispatchers). */
function isBrokerDeliverer(w: Workload): boolean {
  return (
    w.namespace === EVENTING_NAMESPACE &&
    (w.podLabels['eventing.knative.dev/brokerRole'] === 'filter' || w.podLabels['messaging.knative.dev/role'] === 'dispatcher')
  );
}

export function isRevision(w: Workload): boolean {
  return w.knative?.revision !== undefined || w.podLabels[REVISION_LABEL] !== undefined;
}

export interface Hop {
  from: string;
  to: string;
  conns: ConnectionSet;
}

/** Whether a hub lets one caller through: to every target alike, to all but the named ones alike, or asked per target. */
export type RowOpening = boolean | { otherwise: boolean; named: ReadonlyMap<string, boolean> } | ((target: string) => boolean);

export type PathKind = 'direct' | 'via-activator' | 'via-gateway' | 'via-broker';

export interface ReachPath {
  kind: PathKind;
  from: Workload;
  to: Workload;
  hops: Hop[];
  /** For hub paths: the L7 filter decision that left the hop open. */
  filter?: string;
}

export type FactKind = 'autoscaler-stats' | 'profiling' | 'metrics' | 'webhook' | 'controller';

export interface ReachFact {
  kind: FactKind;
  from: Workload;
  to: Workload;
  conns: ConnectionSet;
}

const wname = (w: Workload) => `${w.namespace}/${w.name}`;

/** A workload a hub forwards to, with the hub's connections to it (`via`: through the activator, or the broker's deliverer). */
export interface ForwardTarget {
  via?: Workload;
  to: Workload;
  conns: ConnectionSet;
  first?: ConnectionSet;
}

/** Per hub kind: which namespaces' workloads reach the hub, and which namespaces the hub reaches. */
export class KnativeHops {
  readonly present: boolean;
  private readonly hubWorkloads = new Map<HubKind, Workload[]>();
  private readonly hubInfo = new Map<Workload, HubWorkload & { conns: ConnectionSet }>();
  private readonly policyCache = new Map<Workload, Resource[]>();
  private readonly oidc: { enabled: boolean; mode: string };
  private brokerNamespaces?: Set<string | undefined>;
  private brokerDeliverers?: Workload[];
  private readonly eventPolicyDeciders = new Map<string, EventPolicyDecider>();

  constructor(
    private readonly engine: Engine,
    private readonly inv: Inventory,
  ) {
    for (const kind of HUB_KINDS) this.hubWorkloads.set(kind, []);
    for (const h of sharedHops(inv, readKnativeConfig(inv), engine.warnings)) {
      this.hubWorkloads.get(h.kind)!.push(h.workload);
      this.hubInfo.set(h.workload, { ...h, conns: h.listen ? tcp(...h.listen) : ConnectionSet.protocol('TCP') });
    }
    this.present = [...this.hubWorkloads.values()].some((l) => l.length > 0);
    this.oidc = eventingOidc(inv);
  }

  hubs(kind: HubKind): Workload[] {
    return this.hubWorkloads.get(kind) ?? [];
  }

  /** How ktm recognised a hub workload (objects and fields read), for explanations. */
  hubEvidence(hub: Workload): string | undefined {
    return this.hubInfo.get(hub)?.evidence;
  }

  /** The ports a hub workload accepts requests on. */
  listenOf(hub: Workload): ConnectionSet {
    return this.hubInfo.get(hub)?.conns ?? HUBS.find((h) => h.matches(hub))?.listen ?? ConnectionSet.EMPTY;
  }

  /** Classes → connections towards a hub's listening ports. */
  callerConns(src: PodClass, hub: Workload): ConnectionSet {
    return this.engine.classToClass(src, this.engine.classOf(hub)).intersect(this.listenOf(hub));
  }

  /** The workloads a hub forwards to in a target namespace, with the hub's connections to each. */
  forwardTargets(kind: HubKind, hub: Workload, targetNs: string): ForwardTarget[] {
    return [...this.eachForwardTarget(kind, hub, targetNs)];
  }

  /** Whether a hub forwards into some workload of a namespace (stops at the first one). */
  forwardsInto(kind: HubKind, hub: Workload, targetNs: string): boolean {
    return !this.eachForwardTarget(kind, hub, targetNs).next().done;
  }

  private *eachForwardTarget(kind: HubKind, hub: Workload, targetNs: string): Generator<ForwardTarget> {
    const ns = this.engine.index.nsByName.get(targetNs);
    if (!ns) return;
    const hubCls = this.engine.classOf(hub);
    const targets = this.engine.index.classesByNs[ns.index].map((c) => this.engine.index.classes[c]);
    if (kind === 'broker') {
      // Read once, not per target namespace: thousands of namespaces may each have a Broker.
      this.brokerNamespaces ??= new Set(this.inv.byKind('Broker').map((b) => b.namespace));
      this.brokerDeliverers ??= this.inv.workloads.filter(isBrokerDeliverer);
      if (!this.brokerNamespaces.has(targetNs)) return;
      for (const del of this.brokerDeliverers) {
        const dc = this.engine.classOf(del);
        for (const t of targets) {
          const conns = this.engine.classToClass(dc, t);
          if (!conns.isEmpty()) for (const w of t.workloads) yield { via: del, to: w, conns };
        }
      }
      return;
    }
    for (const t of targets) {
      const revs = t.workloads.filter(isRevision);
      if (revs.length === 0) continue;
      const conns = this.engine.classToClass(hubCls, t).intersect(QUEUE_PORTS);
      if (!conns.isEmpty()) for (const w of revs) yield { to: w, conns };
      else if (kind === 'gateway') {
        // The gateway may also route through the activator (scale-to-zero / target-burst-capacity).
        for (const act of this.hubs('activator')) {
          const first = this.engine.classToClass(hubCls, this.engine.classOf(act)).intersect(this.listenOf(act));
          const second = this.engine.classToClass(this.engine.classOf(act), t).intersect(QUEUE_PORTS);
          if (!first.isEmpty() && !second.isEmpty()) for (const w of revs) yield { via: act, to: w, conns: second, first };
        }
      }
    }
  }

  /** May a caller in `caller` make this hub forward into `target`? */
  filter(kind: HubKind, hub: Workload, caller: string, target: string): FilterDecision {
    return this.filterRow(kind, hub, caller)(target);
  }

  /** The filter decision for one caller namespace, as a function of the target namespace (OPEN_ROW when nothing filters). */
  filterRow(kind: HubKind, hub: Workload, caller: string): (target: string) => FilterDecision {
    const istio = this.istioRowOf(kind, hub, caller);
    if (kind !== 'broker' || !this.oidc.enabled) return istio;
    return (target) => {
      const d = istio(target);
      return d.open ? this.eventPolicies(target).decide(caller) : d;
    };
  }

  /**
   * Only whether the mesh (Istio AuthorizationPolicies) lets one caller namespace through, per target: what the
   * namespace matrix needs, without the decisions' reasons. A boolean when every target is decided alike; the
   * decision for all but a few named targets and theirs when the rules compare the target with exact names only (a
   * tenant bound to its own hosts). Eventing's sender filter is sendersAdmitted's: the matrix combines the two.
   */
  opensRow(kind: HubKind, hub: Workload, caller: string): RowOpening {
    const istio = this.istioRowOf(kind, hub, caller);
    const shape = rowExceptions(istio);
    if (!shape) return (target) => istio(target).open;
    if (shape.named.size === 0) return shape.otherwise.open;
    return { otherwise: shape.otherwise.open, named: new Map(Array.from(shape.named, (t) => [t, istio(t).open])) };
  }

  /**
   * With Eventing OIDC on, the sender namespaces a broker target admits (EventPolicies, else the default mode);
   * undefined when no sender filter applies (another hub kind, or OIDC off). The matrix fills a target's column from
   * it: with OIDC and no EventPolicy, only the target's own namespace, not every caller asked.
   */
  sendersAdmitted(kind: HubKind, target: string): AdmittedSenders | undefined {
    return kind === 'broker' && this.oidc.enabled ? this.eventPolicies(target).admitted : undefined;
  }

  private istioRowOf(kind: HubKind, hub: Workload, caller: string): (target: string) => FilterDecision {
    let pols = this.policyCache.get(hub);
    if (!pols) {
      const info = this.hubInfo.get(hub);
      pols = authorizationPoliciesFor(this.inv, hub, { implementation: info?.implementation, gateways: info?.gateways ?? [] });
      this.policyCache.set(hub, pols);
    }
    return istioRow(pols, kind, caller, this.hubInfo.get(hub)?.localPort);
  }

  /** A target's EventPolicies, read once (src/netpol/l7-filters.ts eventPolicyDecider). */
  private eventPolicies(target: string): EventPolicyDecider {
    let decider = this.eventPolicyDeciders.get(target);
    if (!decider) this.eventPolicyDeciders.set(target, (decider = eventPolicyDecider(this.inv, this.oidc.mode, target)));
    return decider;
  }

  /**
   * Namespace-level hop reach: for each hub kind, the namespaces some workload of which reaches a hub
   * (by hub), and the namespaces each hub forwards into.
   */
  namespaceReach(): Map<HubKind, Array<{ hub: Workload; callers: Set<string>; targets: Set<string> }>> {
    const out = new Map<HubKind, Array<{ hub: Workload; callers: Set<string>; targets: Set<string> }>>();
    const { classes, namespaces } = this.engine.index;
    for (const kind of HUB_KINDS) {
      const list: Array<{ hub: Workload; callers: Set<string>; targets: Set<string> }> = [];
      for (const hub of this.hubs(kind)) {
        const callers = new Set<string>();
        for (const c of classes) {
          if (c.ns.name === hub.namespace || callers.has(c.ns.name)) continue;
          if (!this.callerConns(c, hub).isEmpty()) callers.add(c.ns.name);
        }
        const targets = new Set<string>();
        for (const ns of namespaces) {
          if (isSystemNamespace(ns.name)) continue;
          if (this.forwardsInto(kind, hub, ns.name)) targets.add(ns.name);
        }
        list.push({ hub, callers, targets });
      }
      out.set(kind, list);
    }
    return out;
  }

  /** Every hop path from workloads of `fromNs` to workloads of `toNs` (one per caller, hub and target). */
  paths(fromNs: string, toNs: string): ReachPath[] {
    const out: ReachPath[] = [];
    const fromNsView = this.engine.index.nsByName.get(fromNs);
    if (!fromNsView) return out;
    const callers = this.engine.index.classesByNs[fromNsView.index].map((c) => this.engine.index.classes[c]);
    for (const kind of HUB_KINDS) {
      for (const hub of this.hubs(kind)) {
        if (hub.namespace === fromNs) continue;
        const decision = this.filter(kind, hub, fromNs, toNs);
        if (!decision.open) continue;
        const targets = this.forwardTargets(kind, hub, toNs);
        if (targets.length === 0) continue;
        for (const c of callers) {
          const first = this.callerConns(c, hub);
          if (first.isEmpty()) continue;
          for (const caller of c.workloads) {
            for (const t of targets) {
              const hops: Hop[] = [{ from: wname(caller), to: wname(hub), conns: first }];
              if (t.via && t.first) hops.push({ from: wname(hub), to: wname(t.via), conns: t.first });
              else if (t.via) hops.push({ from: wname(hub), to: wname(t.via), conns: ConnectionSet.ALL });
              hops.push({ from: wname(t.via ?? hub), to: wname(t.to), conns: t.conns });
              out.push({ kind: `via-${kind}` as PathKind, from: caller, to: t.to, hops, filter: decision.reason });
            }
          }
        }
      }
    }
    return out;
  }

  /** Reachability facts about system components, from workloads of tenant namespaces. */
  facts(isTenant: (ns: string) => boolean): ReachFact[] {
    const targets: Array<{ kind: FactKind; w: Workload; conns: ConnectionSet }> = [];
    const config = readKnativeConfig(this.inv);
    // pprof listens on 8008 in every component of a namespace whose config-observability turns it on, declared or not.
    const profiling = new Map<string, boolean>();
    const profilingOn = (ns: string) => {
      if (!profiling.has(ns)) profiling.set(ns, (ns === SERVING_NAMESPACE || ns === EVENTING_NAMESPACE) && config.runtimeProfiling(ns).value);
      return profiling.get(ns)!;
    };
    for (const w of this.inv.workloads) {
      if (!isSystemNamespace(w.namespace) || w.namespace.startsWith('kube-')) continue;
      const knativeNs = w.namespace === SERVING_NAMESPACE || w.namespace === EVENTING_NAMESPACE || w.namespace === 'kourier-system';
      if (w.namespace === SERVING_NAMESPACE && w.podLabels.app === 'autoscaler') targets.push({ kind: 'autoscaler-stats', w, conns: tcp(8080) });
      if (knativeNs) {
        if (profilingOn(w.namespace)) targets.push({ kind: 'profiling', w, conns: tcp(8008) });
        // Metrics only where the component declares a metrics port (9090, or a port named for metrics).
        const metrics = w.ports.filter((p) => p.containerPort === 9090 || /metrics/i.test(p.name ?? ''));
        if (metrics.length) targets.push({ kind: 'metrics', w, conns: metrics.reduce((s, p) => s.union(ConnectionSet.ports(p.protocol, p.containerPort)), ConnectionSet.EMPTY) });
      }
      if (knativeNs && /webhook/.test(w.podLabels.app ?? w.name)) targets.push({ kind: 'webhook', w, conns: tcp(8443) });
      if (knativeNs && /controller/.test(w.podLabels.app ?? w.name)) targets.push({ kind: 'controller', w, conns: ConnectionSet.ALL });
    }
    const out: ReachFact[] = [];
    for (const c of this.engine.index.classes) {
      if (!isTenant(c.ns.name)) continue;
      for (const t of targets) {
        const conns = this.engine.classToClass(c, this.engine.classOf(t.w)).intersect(t.conns);
        if (conns.isEmpty()) continue;
        for (const w of c.workloads) out.push({ kind: t.kind, from: w, to: t.w, conns });
      }
    }
    return out;
  }
}
