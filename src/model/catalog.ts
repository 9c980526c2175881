/**
 * Look-ups over a loaded model. Engines find clauses by the role they play (`rule` tag), never by id, so a user's
 * model can reword or drop a rule and the engines follow.
 */
import type { Clause, Component, COMPONENT_AREAS, DataFlow, RuleTag, TenancyModelId, ThreatModel, Tenancy } from './schema.js';

export type ComponentArea = (typeof COMPONENT_AREAS)[number];

export function clauseByRule(model: ThreatModel, rule: RuleTag): Clause | undefined {
  return model.clauses.find((c) => c.rule === rule);
}

export function clauseById(model: ThreatModel, id: string): Clause | undefined {
  return model.clauses.find((c) => c.id === id);
}

export function componentById(model: ThreatModel, id: string): Component | undefined {
  return model.components.find((c) => c.id === id);
}

export function tenancyById(model: ThreatModel, tenancyId: TenancyModelId): Tenancy | undefined {
  return model.tenancy.find((t) => t.id === tenancyId);
}

/** `supported` | `unsupported` | `supported-with-hardening`; undefined if the model does not state it. */
export function tenancyStatus(model: ThreatModel, tenancyId: TenancyModelId): Tenancy['status'] | undefined {
  return tenancyById(model, tenancyId)?.status;
}

/**
 * The area a component belongs to: the model's `area`, or for a model without it, derived from its kind and boundary
 * (a CLI is tooling, a gateway or anything in the ingress boundary networking, the knative-eventing boundary eventing,
 * an off-cluster part the platform, the rest serving).
 */
export function componentArea(c: Component): ComponentArea {
  if (c.area) return c.area;
  if (c.kind === 'cli') return 'tooling';
  if (c.kind === 'gateway' || c.boundary === 'ingress') return 'networking';
  if (c.boundary === 'knative-eventing') return 'eventing';
  if (c.namespace === undefined) return 'platform';
  return 'serving';
}

export const AREA_LABELS: Record<ComponentArea, string> = {
  serving: 'Serving',
  networking: 'Networking',
  eventing: 'Eventing',
  tooling: 'Tooling',
  platform: 'Kubernetes',
};

/** Components one instance of which serves every tenant (activator, autoscaler, gateways, broker ingress…). */
export function sharedComponents(model: ThreatModel): Component[] {
  return model.components.filter((c) => c.shared);
}

export interface BoundaryCrossing {
  flow: DataFlow;
  from: Component;
  to: Component;
  fromBoundary: string;
  toBoundary: string;
}

/**
 * Flows whose endpoints sit in different trust boundaries. A flow between two per-tenant components of the same
 * boundary (queue-proxy → user container) stays inside one tenant and does not cross.
 */
export function boundaryCrossings(model: ThreatModel): BoundaryCrossing[] {
  const out: BoundaryCrossing[] = [];
  for (const flow of model.dataFlows) {
    const from = componentById(model, flow.from);
    const to = componentById(model, flow.to);
    if (!from || !to || from.boundary === to.boundary) continue;
    out.push({ flow, from, to, fromBoundary: from.boundary, toBoundary: to.boundary });
  }
  return out;
}
