/**
 * Applies a FeatureDesign to a threat model: the changed model the review compares with the original.
 *
 * The result keeps, for every component and flow, where it came from (model, new, changed) and what it
 * requires (a flag, an RBAC-gated resource), so the graph can be built for different scenarios
 * (feature at its defaults, feature switched on) without re-merging.
 */
import type { Component, DataFlow, ThreatModel, TrustBoundary } from '../model/schema.js';
import { InputError } from '../util/errors.js';
import type { ParsedDocument } from '../util/parse.js';
import { BUILTIN_COMPONENTS, NODE_BOUNDARY } from './builtins.js';
import type { AccessKind, DesignMitigation, FeatureDesign, FlowSettings, Requires } from './design.js';

/** `existing`: described by the design as already in Knative (context, not part of the change). */
export type Origin = 'model' | 'existing' | 'new' | 'changed';

export interface ReviewComponent extends Component {
  origin: Origin;
  requires?: Requires;
  /** The shared controller that creates this component's pods (design field `createdBy`). */
  createdBy?: string;
  /** The design's service-account rules (for new or changed components). */
  serviceAccountRules?: Array<{ resources: string[]; verbs: string[]; scope: 'cluster' | 'namespace' }>;
}

export interface ReviewFlow extends DataFlow {
  origin: Origin;
  requires?: Requires;
  encrypted: boolean;
  tenantScope: 'same-tenant' | 'cross-tenant';
  identity: 'caller' | 'component' | 'none';
  checksCallerNamespace: boolean;
  access: AccessKind;
  readOnly: boolean;
  /** Does a NetworkPolicy in the destination's namespace govern the connection (network access only)? */
  networkPolicy: 'applies' | 'bypassed';
  /** Properties that hold while `requires.flag` is enabled (`requires.set`). */
  settings?: FlowSettings;
}

/** The model with the design applied (or not: `before` has every entry with origin `model`). */
export interface ReviewModel {
  model: ThreatModel;
  components: Map<string, ReviewComponent>;
  flows: Map<string, ReviewFlow>;
  boundaries: Map<string, TrustBoundary>;
  mitigations: DesignMitigation[];
}

/** TLS on the wire, as far as the protocol name tells. */
export function protocolIsEncrypted(protocol: string): boolean {
  return /\b(tls|https|mtls|wss|grpcs)\b/i.test(protocol);
}

function defaultScope(f: { destinationChosenBy: 'component' | 'caller' }): 'same-tenant' | 'cross-tenant' {
  return f.destinationChosenBy === 'caller' ? 'cross-tenant' : 'same-tenant';
}

/** A sender on the node (host network, node services) is node traffic to NetworkPolicy, which cannot tell tenants apart. */
function defaultNetworkPolicy(from: Component | undefined): 'applies' | 'bypassed' {
  return from?.boundary === NODE_BOUNDARY.id ? 'bypassed' : 'applies';
}

function fromModelFlow(f: DataFlow, components: Component[]): ReviewFlow {
  return {
    ...f,
    origin: 'model',
    encrypted: protocolIsEncrypted(f.protocol),
    tenantScope: defaultScope(f),
    // The model does not say; a hop that forwards sees the forwarder, so assume the component's identity.
    identity: f.authenticated ? 'component' : 'none',
    checksCallerNamespace: false,
    access: 'network',
    readOnly: false,
    networkPolicy: defaultNetworkPolicy(components.find((c) => c.id === f.from)),
  };
}

/** The model as a ReviewModel, unchanged. */
export function baseline(model: ThreatModel): ReviewModel {
  return {
    model,
    components: new Map(model.components.map((c) => [c.id, { ...c, origin: 'model' as const }])),
    flows: new Map(model.dataFlows.map((f) => [f.id, fromModelFlow(f, model.components)])),
    boundaries: new Map(model.trustBoundaries.map((b) => [b.id, b])),
    mitigations: [],
  };
}

/**
 * Merges the design into the model. Model-aware checks (references to components, boundaries, flows)
 * fail with an InputError at the design's position.
 */
export function applyDesign(
  model: ThreatModel,
  design: FeatureDesign,
  file: string,
  doc?: ParsedDocument,
  which: 'existing' | 'all' = 'all',
): ReviewModel {
  const take = (x: { existing: boolean }) => which === 'all' || x.existing;
  const originOf = (x: { existing: boolean }, changed: boolean): Origin => (x.existing ? 'existing' : changed ? 'changed' : 'new');
  const fail = (path: Array<string | number>, message: string): never => {
    throw new InputError(file, `invalid FeatureDesign for model ${model.metadata.id}: ${message}`, doc?.locate(path), path.map(String).join('.'));
  };
  const out = baseline(model);
  addBuiltins(out, design);
  design.boundaries.forEach((b, i) => {
    if (!take(b)) return;
    if (out.boundaries.has(b.id)) fail(['boundaries', i, 'id'], `trust boundary "${b.id}" already exists in the model`);
    out.boundaries.set(b.id, { ...b });
  });
  design.boundaries.forEach((b, i) => {
    if (!take(b)) return;
    if (b.parent && !out.boundaries.has(b.parent)) fail(['boundaries', i, 'parent'], `unknown trust boundary "${b.parent}"`);
  });

  design.components.forEach((dc, i) => {
    if (!take(dc)) return;
    const existing = out.components.get(dc.id);
    const ports = dc.ports?.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol, purpose: p.purpose }));
    if (existing) {
      out.components.set(dc.id, {
        ...existing,
        ...(dc.name !== undefined && { name: dc.name }),
        ...(dc.kind !== undefined && { kind: dc.kind }),
        ...(dc.namespace !== undefined && { namespace: dc.namespace }),
        ...(dc.boundary !== undefined && { boundary: dc.boundary }),
        ...(dc.shared !== undefined && { shared: dc.shared }),
        ...(dc.forwardsForCaller !== undefined && { forwardsForCaller: dc.forwardsForCaller }),
        ...(ports !== undefined && { ports }),
        ...(dc.serviceAccount !== undefined && { serviceAccount: dc.serviceAccount.name }),
        ...(dc.description !== undefined && { description: dc.description }),
        ...(dc.createdBy !== undefined && { createdBy: dc.createdBy }),
        ...(dc.serviceAccount !== undefined && { serviceAccountRules: dc.serviceAccount.rules }),
        origin: originOf(dc, true),
        requires: dc.requires,
      });
    } else {
      for (const field of ['name', 'kind', 'boundary', 'shared'] as const) {
        if (dc[field] === undefined) fail(['components', i], `new component "${dc.id}" needs "${field}" (no model component has this id)`);
      }
      out.components.set(dc.id, {
        id: dc.id,
        name: dc.name!,
        kind: dc.kind!,
        namespace: dc.namespace,
        boundary: dc.boundary!,
        shared: dc.shared!,
        forwardsForCaller: dc.forwardsForCaller ?? false,
        ports: ports ?? [],
        serviceAccount: dc.serviceAccount?.name,
        description: dc.description ?? '',
        clauses: [],
        origin: originOf(dc, false),
        requires: dc.requires,
        ...(dc.createdBy !== undefined && { createdBy: dc.createdBy }),
        ...(dc.serviceAccount !== undefined && { serviceAccountRules: dc.serviceAccount.rules }),
      });
    }
    const boundary = out.components.get(dc.id)!.boundary;
    if (!out.boundaries.has(boundary)) fail(['components', i, 'boundary'], `unknown trust boundary "${boundary}"`);
  });

  design.flows.forEach((df, i) => {
    if (!take(df)) return;
    const existing = out.flows.get(df.id);
    let merged: ReviewFlow;
    if (existing) {
      merged = {
        ...existing,
        ...(df.from !== undefined && { from: df.from }),
        ...(df.to !== undefined && { to: df.to }),
        ...(df.port !== undefined && { port: df.port }),
        ...(df.protocol !== undefined && { protocol: df.protocol }),
        ...(df.description !== undefined && { description: df.description }),
        ...(df.authenticated !== undefined && { authenticated: df.authenticated }),
        ...(df.destinationChosenBy !== undefined && { destinationChosenBy: df.destinationChosenBy }),
        origin: originOf(df, true),
        requires: df.requires,
      };
      merged.encrypted = df.encrypted ?? (df.protocol !== undefined ? protocolIsEncrypted(df.protocol) : existing.encrypted);
      merged.tenantScope = df.tenantScope ?? defaultScope(merged);
      merged.identity = df.identity ?? existing.identity;
      merged.checksCallerNamespace = df.checksCallerNamespace ?? existing.checksCallerNamespace;
      merged.access = df.access ?? existing.access;
      merged.readOnly = df.readOnly ?? existing.readOnly;
      merged.networkPolicy = df.networkPolicy ?? (df.from !== undefined ? defaultNetworkPolicy(out.components.get(df.from)) : existing.networkPolicy);
      merged.settings = df.requires?.set;
    } else {
      for (const field of ['from', 'to', 'protocol', 'authenticated'] as const) {
        if (df[field] === undefined) fail(['flows', i], `new flow "${df.id}" needs "${field}" (no model flow has this id)`);
      }
      const destinationChosenBy = df.destinationChosenBy ?? 'component';
      merged = {
        id: df.id,
        from: df.from!,
        to: df.to!,
        port: df.port,
        protocol: df.protocol!,
        description: df.description ?? '',
        authenticated: df.authenticated!,
        destinationChosenBy,
        clauses: [],
        origin: originOf(df, false),
        requires: df.requires,
        encrypted: df.encrypted ?? protocolIsEncrypted(df.protocol!),
        tenantScope: df.tenantScope ?? defaultScope({ destinationChosenBy }),
        identity: df.identity ?? (df.authenticated ? 'component' : 'none'),
        checksCallerNamespace: df.checksCallerNamespace ?? false,
        access: df.access ?? 'network',
        readOnly: df.readOnly ?? false,
        networkPolicy: df.networkPolicy ?? defaultNetworkPolicy(out.components.get(df.from!)),
        settings: df.requires?.set,
      };
    }
    if (!out.components.has(merged.from)) fail(['flows', i, 'from'], `unknown component "${merged.from}"`);
    if (!out.components.has(merged.to)) fail(['flows', i, 'to'], `unknown component "${merged.to}"`);
    out.flows.set(df.id, merged);
  });

  design.components.forEach((dc, i) => {
    if (!take(dc) || dc.createdBy === undefined) return;
    if (!out.components.has(dc.createdBy)) fail(['components', i, 'createdBy'], `unknown component "${dc.createdBy}"`);
  });

  design.mitigations.forEach((m, i) => {
    if (which !== 'all') return;
    if ((m.kind === 'namespace-check' || m.kind === 'tls-san-check') && !out.flows.has(m.flow)) {
      fail(['mitigations', i, 'flow'], `unknown flow "${m.flow}"`);
    }
    if (m.kind === 'network-policy') {
      if (!out.components.has(m.component)) fail(['mitigations', i, 'component'], `unknown component "${m.component}"`);
      m.allowFrom.forEach((c, j) => {
        if (!out.components.has(c)) fail(['mitigations', i, 'allowFrom', j], `unknown component "${c}"`);
      });
    }
  });
  if (which === 'all') out.mitigations = design.mitigations;
  return out;
}

/** Adds the built-in node components the design names (by id, anywhere) and the model lacks. */
function addBuiltins(out: ReviewModel, design: FeatureDesign): void {
  const named = new Set([
    ...design.components.flatMap((c) => [c.id, c.createdBy ?? '']),
    ...design.flows.flatMap((f) => [f.from ?? '', f.to ?? '']),
    ...design.mitigations.flatMap((m) => (m.kind === 'network-policy' ? [m.component, ...m.allowFrom] : [])),
  ]);
  for (const c of BUILTIN_COMPONENTS) {
    if (!named.has(c.id) || out.components.has(c.id)) continue;
    if (!out.boundaries.has(c.boundary)) out.boundaries.set(NODE_BOUNDARY.id, { ...NODE_BOUNDARY });
    out.components.set(c.id, { ...c, origin: 'model' });
  }
}

/** The changed model as a plain ThreatModel (for diagrams), with the parts present in the given scenario. */
export function toThreatModel(rm: ReviewModel, include: (req: Requires | undefined) => boolean): ThreatModel {
  const components = [...rm.components.values()].filter((c) => include(c.requires));
  const present = new Set(components.map((c) => c.id));
  const strip = <T extends { origin: Origin; requires?: Requires }>(x: T) => {
    const { origin: _o, requires: _r, ...rest } = x;
    return rest;
  };
  return {
    ...rm.model,
    trustBoundaries: [...rm.boundaries.values()],
    components: components.map((c) => strip(c) as Component),
    dataFlows: [...rm.flows.values()]
      .filter((f) => include(f.requires) && present.has(f.from) && present.has(f.to))
      .map((f) => {
        const { encrypted: _e, tenantScope: _t, identity: _i, checksCallerNamespace: _c, access: _a, readOnly: _ro, networkPolicy: _np, settings: _s, ...rest } = strip(f);
        return rest as DataFlow;
      }),
  };
}
