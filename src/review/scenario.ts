/**
 * Scenarios a design is evaluated in. Comparing them is how the review recognises mitigations:
 * - `before`:      the model (plus what the design marks as already existing);
 * - `default`:     the feature as shipped — flags at their defaults, RBAC verbs held only by the roles that hold
 *                  them by default, the design's own mitigations in place;
 * - `enabled`:     an operator switched every flag on; verbs still as by default;
 * - `granted`:     flags on and the feature's verbs granted to tenants;
 * - `unmitigated`: `granted` without the mitigations the design declares (namespace checks, SAN checks, policies).
 * A finding that first appears in `enabled` is mitigated by a flag that is off by default; in `granted`, by an
 * RBAC verb tenants do not hold by default; in `unmitigated`, by the design's own mitigation.
 */
import type { FeatureDesign, NamespaceRole, ReviewActor } from './design.js';

export const SCENARIOS = ['before', 'default', 'enabled', 'granted', 'unmitigated'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface Scenario {
  name: ScenarioName;
  flagOn(key: string): boolean;
  verbHeld(resourceId: string, actor: ReviewActor): boolean;
  /** Apply the mitigations the design declares. */
  designMitigations: boolean;
}

/** Default roles each tenant actor class is bound to (Kubernetes aggregation: admin ⊇ edit ⊇ view). */
export const ACTOR_ROLES: Record<ReviewActor, readonly NamespaceRole[]> = {
  none: [],
  'event-source-admin': [],
  workload: ['view', 'edit'],
  'namespace-admin': ['view', 'edit', 'admin'],
};

export function isTenantActor(actor: ReviewActor): boolean {
  return ACTOR_ROLES[actor].length > 0;
}

export function scenario(name: ScenarioName, design: FeatureDesign): Scenario {
  const flagDefaults = new Map(design.flags.map((f) => [f.key, f.default === 'enabled']));
  const heldBy = new Map(design.resources.map((r) => [r.id, r.heldBy]));
  const flagsAtDefault = name === 'before' || name === 'default';
  const verbsAtDefault = flagsAtDefault || name === 'enabled';
  return {
    name,
    flagOn: (key) => (flagsAtDefault ? (flagDefaults.get(key) ?? false) : true),
    verbHeld: (resourceId, actor) =>
      verbsAtDefault
        ? (heldBy.get(resourceId) ?? []).some((role) => ACTOR_ROLES[actor].includes(role))
        : isTenantActor(actor),
    designMitigations: name !== 'unmitigated',
  };
}
