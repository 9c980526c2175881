/**
 * The threat-model data format. This zod schema is the single source of truth: the loader validates with it,
 * `ktm model schema` emits JSON Schema generated from it, and engines read the inferred types.
 *
 * Engines never hard-code clause ids: they find the clause that plays a role through its `rule` tag
 * (e.g. the clause tagged `administrator-trusted`), so a user's own model can re-word or drop a rule.
 */
import * as z from '../util/zod.js';
import { TENANCY_MODELS } from './tenancy.js';

export { TENANCY_MODELS, type TenancyModelId } from './tenancy.js';

/** Attacker privilege levels, weakest first. The order is used to compare attacker strength. */
export const PRIVILEGES = [
  'none',
  'cluster-network',
  'supply-chain',
  'event-source-admin',
  'workload',
  'namespace-admin',
  'knative-admin',
  'cluster-admin',
] as const;
export type Privilege = (typeof PRIVILEGES)[number];

export const CLAUSE_KINDS = ['scope', 'priority', 'out-of-scope', 'assumption', 'guidance'] as const;

/**
 * Roles a clause can play for ktm's engines. A clause carries at most one; engines look clauses up by it.
 */
export const RULE_TAGS = [
  // purpose of the model
  'purpose-triage',
  'purpose-feature-review',
  // tenancy
  'tenancy-supported',
  'tenancy-hardening',
  'multi-tenant-not-vulnerability',
  'namespace-isolation-goal',
  'multi-cluster-independent',
  // attackers and priorities
  'attacker-classes',
  'unprivileged-most-significant',
  'administrator-trusted',
  'confidentiality-integrity-first',
  'availability-lower-priority',
  'availability-inherited',
  'equal-impact-out-of-scope',
  'application-level-excluded',
  'replay-expected',
  // what an attacker must not already control, and what counts as an attack at all
  'attack-goals',
  'attacker-controlled-application',
  'sidecar-same-domain',
  'availability-unprivileged-concern',
  // behaviour the documentation states, and who configures it
  'documented-limitations',
  'administrator-defined',
  'scope-serving-eventing',
  // assumptions about what lies below Knative
  'platform-trusted',
  'runtime-network-trusted',
  'untrusted-needs-isolation',
  'network-policy-limits',
  // design guidance for components
  'controller-namespace-confinement',
  'shared-component-filtering',
] as const;
export type RuleTag = (typeof RULE_TAGS)[number];

const id = z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'ids are lower-case letters, digits, dots and dashes');
const level = z.enum(['high', 'medium', 'low']);

export const ClauseSchema = z.strictObject({
  id,
  kind: z.enum(CLAUSE_KINDS),
  /** The section of the source document the quote is from. */
  section: z.string(),
  /** The exact words of the source (whitespace-normalised when compared). */
  quote: z.string().min(1),
  /** What the clause means for ktm, in one sentence. */
  summary: z.string().optional(),
  rule: z.enum(RULE_TAGS).optional(),
});

export const TenancySchema = z.strictObject({
  id: z.enum(TENANCY_MODELS),
  name: z.string(),
  description: z.string(),
  status: z.enum(['supported', 'unsupported', 'supported-with-hardening']),
  /** Hardening ids that make this tenancy acceptable (for `supported-with-hardening`, or to go from unsupported to safe). */
  hardening: z.array(id).default([]),
  clauses: z.array(id).default([]),
});

export const HardeningSchema = z.strictObject({
  id,
  title: z.string(),
  description: z.string(),
  clauses: z.array(id).default([]),
});

export const ActorSchema = z.strictObject({
  id,
  name: z.string(),
  privilege: z.enum(PRIVILEGES),
  trusted: z.boolean(),
  description: z.string(),
  clauses: z.array(id).default([]),
});

export const AssetSchema = z.strictObject({
  id,
  name: z.string(),
  description: z.string(),
  confidentiality: level,
  integrity: level,
  availability: level,
  clauses: z.array(id).default([]),
});

export const TrustBoundarySchema = z.strictObject({
  id,
  name: z.string(),
  description: z.string(),
  /** A boundary drawn once per tenant (a tenant namespace) rather than once for the cluster. */
  perTenant: z.boolean().default(false),
  /** The enclosing boundary, if any (e.g. namespaces inside the cluster). */
  parent: id.optional(),
});

export const PortSchema = z.strictObject({
  name: z.string(),
  port: z.number().int().min(1).max(65535),
  protocol: z.enum(['TCP', 'UDP', 'SCTP']).default('TCP'),
  purpose: z.string(),
});

export const COMPONENT_KINDS = [
  'control-plane',
  'data-plane',
  'webhook',
  'sidecar',
  'gateway',
  'workload',
  'cli',
  'external',
] as const;

/** The part of Knative a component belongs to (groups components where people pick one, e.g. the workbench form). */
export const COMPONENT_AREAS = ['serving', 'networking', 'eventing', 'tooling', 'platform'] as const;

export const ComponentSchema = z.strictObject({
  id,
  name: z.string(),
  kind: z.enum(COMPONENT_KINDS),
  /** Serving, networking layer, eventing, tooling (CLIs, operator, plugins) or the platform under Knative; absent = derived (catalog.ts componentArea). */
  area: z.enum(COMPONENT_AREAS).optional(),
  /** The Kubernetes namespace it runs in; `<tenant>` for per-tenant pieces; absent for off-cluster parts. */
  namespace: z.string().optional(),
  boundary: id,
  /** Shared by all tenants (one instance serves every namespace). */
  shared: z.boolean(),
  /** Forwards requests on a caller's behalf to a destination the caller chooses (confused-deputy risk). */
  forwardsForCaller: z.boolean().default(false),
  ports: z.array(PortSchema).default([]),
  serviceAccount: z.string().optional(),
  /** Kubernetes label selector of its pods, to find it in a cluster. */
  selector: z.record(z.string(), z.string()).optional(),
  description: z.string(),
  clauses: z.array(id).default([]),
});

export const DataFlowSchema = z.strictObject({
  id,
  from: id,
  to: id,
  port: z.number().int().min(1).max(65535).optional(),
  protocol: z.string(),
  description: z.string(),
  authenticated: z.boolean(),
  /** Who picks the destination of this flow: the component itself, or the caller (header, Host, URL). */
  destinationChosenBy: z.enum(['component', 'caller']).default('component'),
  /** Trust change along the flow, as in the 2025 model's trust flows (e.g. `low->high`). */
  trust: z.string().optional(),
  /** Tenancy models in which this flow exists (default: all). */
  tenancy: z.array(z.enum(TENANCY_MODELS)).optional(),
  clauses: z.array(id).default([]),
});

export const AssumptionSchema = z.strictObject({
  id,
  subject: z.enum(['cluster', 'container-runtime', 'network', 'ingress', 'event-transport', 'supply-chain', 'operator']),
  statement: z.string(),
  /** Can a manifest audit verify it? If not, the audit lists it under "pass-with-assumptions". */
  verifiableFromManifests: z.boolean().default(false),
  clauses: z.array(id).default([]),
});

export const MitigationSchema = z.strictObject({
  id,
  title: z.string(),
  description: z.string(),
  /** Attack goals (or threat categories) it mitigates. */
  mitigates: z.array(z.string()).default([]),
  clauses: z.array(id).default([]),
});

export const AttackGoalSchema = z.strictObject({
  id,
  title: z.string(),
  description: z.string(),
  components: z.array(id).default([]),
  actors: z.array(id).default([]),
  clauses: z.array(id).default([]),
});

export const ThreatModelSchema = z.strictObject({
  apiVersion: z.literal('ktm/v1'),
  kind: z.literal('ThreatModel'),
  metadata: z.strictObject({
    id,
    title: z.string(),
    version: z.string(),
    status: z.enum(['draft', 'published', 'custom']),
    source: z.strictObject({
      title: z.string(),
      url: z.string().optional(),
      date: z.string().optional(),
      /** Path of the source text under ../shared, when the quotes can be checked against it. */
      seed: z.string().optional(),
    }),
    description: z.string().optional(),
  }),
  /** Default trust profile the model assumes. */
  trustProfile: z
    .strictObject({
      developers: z.enum(['trusted', 'untrusted']),
      users: z.enum(['trusted', 'untrusted']),
    })
    .default({ developers: 'trusted', users: 'untrusted' }),
  tenancy: z.array(TenancySchema),
  hardening: z.array(HardeningSchema).default([]),
  actors: z.array(ActorSchema),
  assets: z.array(AssetSchema),
  trustBoundaries: z.array(TrustBoundarySchema),
  components: z.array(ComponentSchema),
  dataFlows: z.array(DataFlowSchema),
  assumptions: z.array(AssumptionSchema),
  attackGoals: z.array(AttackGoalSchema).default([]),
  mitigations: z.array(MitigationSchema).default([]),
  clauses: z.array(ClauseSchema),
});

export type ThreatModel = z.infer<typeof ThreatModelSchema>;
export type Clause = z.infer<typeof ClauseSchema>;
export type Component = z.infer<typeof ComponentSchema>;
export type DataFlow = z.infer<typeof DataFlowSchema>;
export type Actor = z.infer<typeof ActorSchema>;
export type TrustBoundary = z.infer<typeof TrustBoundarySchema>;
export type Tenancy = z.infer<typeof TenancySchema>;
export type Assumption = z.infer<typeof AssumptionSchema>;

/**
 * A user's model: `extends` a built-in (or another file) and overrides parts. Lists merge by `id`
 * (an entry with a known id replaces that entry; a new id is appended); `remove` drops entries by id.
 */
export const ModelOverlaySchema = z.strictObject({
  apiVersion: z.literal('ktm/v1'),
  kind: z.literal('ThreatModel'),
  extends: z.string(),
  metadata: ThreatModelSchema.shape.metadata.partial().extend({ id }),
  trustProfile: ThreatModelSchema.shape.trustProfile.optional(),
  tenancy: z.array(TenancySchema.partial().extend({ id: z.enum(TENANCY_MODELS) })).optional(),
  hardening: z.array(HardeningSchema).optional(),
  actors: z.array(ActorSchema).optional(),
  assets: z.array(AssetSchema).optional(),
  trustBoundaries: z.array(TrustBoundarySchema).optional(),
  components: z.array(ComponentSchema).optional(),
  dataFlows: z.array(DataFlowSchema).optional(),
  assumptions: z.array(AssumptionSchema).optional(),
  attackGoals: z.array(AttackGoalSchema).optional(),
  mitigations: z.array(MitigationSchema).optional(),
  clauses: z.array(ClauseSchema).optional(),
  remove: z.array(id).default([]),
});
export type ModelOverlay = z.infer<typeof ModelOverlaySchema>;
