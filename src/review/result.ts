/**
 * The result objects of a review. Renderers (src/render/review-*.ts) only format these; the JSON output is
 * this structure, sorted (docs/review.md documents it).
 */
import type { RuleTag, TenancyModelId } from '../model/schema.js';
import type { ReviewActor } from './design.js';

export const SEVERITIES = ['none', 'low', 'moderate', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

import type { StrideCategory } from '../model/stride.js';
export { STRIDE, type StrideCategory } from '../model/stride.js';

export const FINDING_KINDS = [
  'cross-tenant-reach',
  'cross-tenant-data',
  'unprivileged-reach',
  'confused-deputy',
  'shared-surface',
  'broad-rbac',
  'system-escalation',
  'relay-identity',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** `mitigated-by-default`: gone while a flag stays at its default; `mitigated`: gone because of an RBAC verb
 * tenants do not hold by default or a mitigation the design ships. */
export type FindingStatus = 'open' | 'mitigated-by-default' | 'mitigated';

export interface ClauseRef {
  rule: RuleTag;
  /** The model's clause playing that role (absent when the model has no clause with this tag). */
  id?: string;
}

export interface MitigationRef {
  id: string;
  title: string;
  /** What exactly, for this finding (which flag, verb, component). */
  detail: string;
  /** Declared by the design (recognised) rather than suggested by ktm. */
  declared: boolean;
}

export interface Finding {
  /** Stable key: `<kind>:<component or flow>`. */
  id: string;
  kind: FindingKind;
  title: string;
  /** Effective severity, after the mitigations the design declares. */
  severity: Severity;
  /** Severity with the feature switched on and nothing mitigating it. */
  baseSeverity: Severity;
  status: FindingStatus;
  stride: StrideCategory[];
  /** Weakest actor class that gets it, and all that do. */
  actor?: ReviewActor;
  actors: ReviewActor[];
  /** The new or changed parts of the design it is about. */
  components: string[];
  flows: string[];
  /** Hops from what the actor controls to the finding, `flow: from@ctx -> to@ctx`. */
  path: string[];
  reason: string;
  clauses: ClauseRef[];
  mitigations: MitigationRef[];
  tenancy: TenancyModelId[];
  /** The model's attack goals the finding reaches (2025: code execution in a system namespace). */
  goals: Array<{ id: string; title: string }>;
}

export interface ReachItem {
  component: string;
  /** Whose instance: the actor's own tenant, another tenant, shared (acting for nobody / for the actor), off-cluster. */
  tenant: 'own' | 'other' | 'shared' | 'outside';
  flows: string[];
  /** Still there with the feature at its defaults. */
  atDefault: boolean;
}

export interface ActorDelta {
  actor: ReviewActor;
  /** The model's name for the actor class (or ktm's when the model has none of that privilege). */
  name: string;
  modelActor?: string;
  newlyReaches: ReachItem[];
  /** Cross-tenant hops through which the actor can newly pull other tenants' data. */
  newlyReceives: ReachItem[];
}

export interface Crossing {
  flow: string;
  from: string;
  to: string;
  fromBoundary: string;
  toBoundary: string;
  /** Also (or only) crosses from one tenant namespace into another. */
  crossTenant: boolean;
  authenticated: boolean;
  encrypted: boolean;
}

export interface SharedComponentReport {
  component: string;
  origin: 'new' | 'changed';
  forwardsForCaller: boolean;
  /** Every flow out of it with a caller-chosen destination carries or checks the caller's namespace. */
  identitySurvives: boolean;
  confusedDeputy: boolean;
  reachableFromTenants: boolean;
  flows: string[];
}

export interface StrideThreat {
  category: StrideCategory;
  reason: string;
  mitigation: string;
  mitigated: boolean;
}

export interface FlowThreats {
  flow: string;
  from: string;
  to: string;
  origin: 'new' | 'changed';
  threats: StrideThreat[];
}

export interface TenancyImpact {
  tenancy: TenancyModelId;
  name: string;
  before: 'supported' | 'unsupported' | 'supported-with-hardening';
  after: 'supported' | 'unsupported' | 'supported-with-hardening';
  keeps: boolean;
  impact: 'none' | 'kept-by-default' | 'adds-hardening' | 'weakened' | 'blocked';
  summary: string;
  findings: string[];
  clauses: ClauseRef[];
  mitigations: MitigationRef[];
}

export interface ModelReview {
  model: { id: string; title: string; version: string };
  /** Highest effective severity among findings that are not fully mitigated; `none` when there are none. */
  verdict: Severity;
  findings: Finding[];
  actors: ActorDelta[];
  crossings: Crossing[];
  sharedComponents: SharedComponentReport[];
  threats: FlowThreats[];
  tenancy: TenancyImpact[];
  /** Remarks on the design itself (e.g. actors it omits from `triggeredBy`). */
  notes: string[];
}

export interface ReviewResult {
  design: { name: string; summary: string; file: string };
  /** Highest verdict across the reviewed models. */
  verdict: Severity;
  reviews: ModelReview[];
}

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export function maxSeverity(list: Severity[]): Severity {
  return list.reduce<Severity>((m, s) => (severityRank(s) > severityRank(m) ? s : m), 'none');
}

/** Lowers a severity by `bands` steps, never below `floor`. */
export function lowerSeverity(s: Severity, bands: number, floor: Severity = 'low'): Severity {
  if (s === 'none') return 'none';
  return SEVERITIES[Math.max(severityRank(floor), severityRank(s) - bands)];
}
