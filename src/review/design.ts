/**
 * The FeatureDesign input format: what a new feature adds to or changes in the threat model.
 * The zod schema is the single source of truth (docs/review.md documents it field by field).
 *
 * A design is reviewed against a threat model: its components and flows are merged into the model's
 * (an entry whose id exists in the model changes that entry; a new id adds one). Flags and RBAC-gated
 * resources say *when* a part exists, which is how the review recognises "off by default" and
 * "needs a verb that edit does not hold" as mitigations.
 */
import * as z from '../util/zod.js';
import { COMPONENT_KINDS, PRIVILEGES } from '../model/schema.js';
import { InputError } from '../util/errors.js';
import { loadSingleDocument, type ParsedDocument } from '../util/parse.js';
import { validateDocument } from '../util/validate.js';

const id = z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'ids are lower-case letters, digits, dots and dashes');

/** Default Kubernetes roles a namespace user may be bound to; `admin` aggregates `edit`, `edit` aggregates `view`. */
export const NAMESPACE_ROLES = ['view', 'edit', 'admin'] as const;
export type NamespaceRole = (typeof NAMESPACE_ROLES)[number];

/** The actor classes a review reports on (a subset of the model's privilege levels). */
export const REVIEW_ACTORS = ['none', 'event-source-admin', 'workload', 'namespace-admin'] as const;
export type ReviewActor = (typeof REVIEW_ACTORS)[number];

/** Flow properties a flag can switch on (e.g. a flag that turns on OIDC authentication or TLS for a flow). */
export const FlowSettingsSchema = z.strictObject({
  authenticated: z.boolean().optional(),
  encrypted: z.boolean().optional(),
  identity: z.enum(['caller', 'component', 'none']).optional(),
  checksCallerNamespace: z.boolean().optional(),
});
export type FlowSettings = z.infer<typeof FlowSettingsSchema>;

/**
 * When a part of the design exists: behind a config flag and/or behind an RBAC-gated resource. With `set`
 * (flows only), the flag does not make the flow exist: while the flag is enabled it changes these properties.
 */
export const RequiresSchema = z.strictObject({
  /** `key` of an entry in `flags`: the part exists only while the flag is enabled. */
  flag: z.string().optional(),
  /** `id` of an entry in `resources`: the part exists for an actor only if it holds that resource's verb. */
  resource: id.optional(),
  /** With `flag`: the flow exists either way; these properties hold while the flag is enabled. */
  set: FlowSettingsSchema.optional(),
});

export const FlagSchema = z.strictObject({
  /** The config key, e.g. `tag-header-based-routing`. */
  key: z.string().min(1),
  configMap: z.string().default('config-features'),
  namespace: z.string().optional(),
  default: z.enum(['enabled', 'disabled']),
  /** What the flag turns on, in one sentence. */
  gates: z.string(),
});

export const RbacRuleSchema = z.strictObject({
  apiGroups: z.array(z.string()).default(['']),
  resources: z.array(z.string()).min(1),
  verbs: z.array(z.string()).min(1),
  /** `cluster`: bound by a ClusterRoleBinding (every namespace); `namespace`: a RoleBinding in its own namespace. */
  scope: z.enum(['cluster', 'namespace']),
});

export const ServiceAccountSchema = z.strictObject({
  name: z.string(),
  rules: z.array(RbacRuleSchema).default([]),
});

export const DesignPortSchema = z.strictObject({
  name: z.string(),
  port: z.number().int().min(1).max(65535),
  protocol: z.enum(['TCP', 'UDP', 'SCTP']).default('TCP'),
  purpose: z.string().default(''),
});

/** A new component, or a change to a model component (same id; only the fields given change). */
export const DesignComponentSchema = z.strictObject({
  id,
  name: z.string().optional(),
  kind: z.enum(COMPONENT_KINDS).optional(),
  /** Kubernetes namespace; `<tenant>` for a per-tenant piece. */
  namespace: z.string().optional(),
  /** Trust boundary id (from the model or from this design's `boundaries`). */
  boundary: id.optional(),
  /** One instance serves every tenant. */
  shared: z.boolean().optional(),
  forwardsForCaller: z.boolean().optional(),
  ports: z.array(DesignPortSchema).optional(),
  serviceAccount: ServiceAccountSchema.optional(),
  description: z.string().optional(),
  requires: RequiresSchema.optional(),
  /**
   * The shared controller (component id) that creates this component's pods. Checked against the model's
   * controller-confinement clause: pods a tenant configures must stay in the tenant's namespace, and must not
   * carry the controller's own credentials there.
   */
  createdBy: id.optional(),
  /** Already in Knative but missing from the model: context for the review, part of "before" too. */
  existing: z.boolean().default(false),
});

/**
 * How a flow reaches its destination. `network`: a connection (protocol, port); `file`: a volume or host path
 * mounted into the sender; `credential`: a token or key the sender holds and can replay; `local`: a local socket
 * or loopback listener (a container-runtime socket, a sidecar on localhost).
 */
export const ACCESS_KINDS = ['network', 'file', 'credential', 'local'] as const;
export type AccessKind = (typeof ACCESS_KINDS)[number];

/** A new data flow, or a change to a model flow (same id; only the fields given change). */
export const DesignFlowSchema = z.strictObject({
  id,
  from: id.optional(),
  to: id.optional(),
  port: z.number().int().min(1).max(65535).optional(),
  protocol: z.string().optional(),
  description: z.string().optional(),
  authenticated: z.boolean().optional(),
  /** TLS (or another integrity protection) on the hop. Default: inferred from `protocol` (TLS/HTTPS/mTLS). */
  encrypted: z.boolean().optional(),
  destinationChosenBy: z.enum(['component', 'caller']).optional(),
  /**
   * Which tenants' instances the hop can join. `cross-tenant`: the sender can reach (or be fed from) any tenant;
   * `same-tenant`: it stays within the tenant it acts for. Default: `cross-tenant` when the caller chooses the
   * destination, else `same-tenant`.
   */
  tenantScope: z.enum(['same-tenant', 'cross-tenant']).optional(),
  /** Whose identity the destination sees: the original caller's, the forwarding component's, or none. */
  identity: z.enum(['caller', 'component', 'none']).optional(),
  /** The hop verifies that the caller's namespace matches the destination's (the activator filter). */
  checksCallerNamespace: z.boolean().optional(),
  /** What kind of access the flow is (default `network`). STRIDE threats and mitigations follow it. */
  access: z.enum(ACCESS_KINDS).optional(),
  /** For `file` access: the mount is read-only (default false: hostPath and emptyDir mounts are writable). */
  readOnly: z.boolean().optional(),
  /**
   * Whether a Kubernetes NetworkPolicy on the destination's namespace governs this connection. Default:
   * `bypassed` when the sender runs on the node (boundary `node-runtime`, host network), else `applies`.
   */
  networkPolicy: z.enum(['applies', 'bypassed']).optional(),
  requires: RequiresSchema.optional(),
  /** Already in Knative but missing from the model: context for the review, part of "before" too. */
  existing: z.boolean().default(false),
});

export const DesignBoundarySchema = z.strictObject({
  id,
  name: z.string(),
  description: z.string().default(''),
  perTenant: z.boolean().default(false),
  parent: id.optional(),
  existing: z.boolean().default(false),
});

/** A resource or field users can set, and the RBAC verb that lets them. */
export const DesignResourceSchema = z.strictObject({
  id,
  apiGroup: z.string(),
  /** Plural resource name, e.g. `brokers`. */
  resource: z.string(),
  fields: z.array(z.string()).default([]),
  /** The verb checked, e.g. `create` or the custom `knsubscribe`. */
  verb: z.string(),
  /** Default namespace roles that hold the verb on this resource (empty: only a cluster admin's grant gives it). */
  heldBy: z.array(z.enum(NAMESPACE_ROLES)).default([]),
  namespaced: z.boolean().default(true),
  description: z.string().default(''),
});

/** A mitigation the design itself ships (flags and RBAC verbs are recognised from `flags`/`resources`). */
export const DesignMitigationSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('namespace-check'),
    /** The flow on which the caller's namespace is checked against the destination's. */
    flow: id,
    description: z.string().default(''),
  }),
  z.strictObject({
    kind: z.literal('tls-san-check'),
    /** The flow whose TLS client verifies the `kn-user-<namespace>` SAN of the destination. */
    flow: id,
    description: z.string().default(''),
  }),
  z.strictObject({
    kind: z.literal('network-policy'),
    /** The component the policy protects: only `allowFrom` components may send to it. */
    component: id,
    allowFrom: z.array(id).default([]),
    description: z.string().default(''),
  }),
]);

export const FeatureDesignSchema = z.strictObject({
  apiVersion: z.literal('ktm/v1'),
  kind: z.literal('FeatureDesign'),
  name: z.string().min(1),
  summary: z.string().default(''),
  /** Model id or file the design is reviewed against. */
  model: z.string().default('knative-2021'),
  links: z.array(z.string()).default([]),
  /** Actor classes the design says can trigger the feature (cross-checked against the computed delta). */
  triggeredBy: z.array(z.enum(PRIVILEGES)).default([]),
  boundaries: z.array(DesignBoundarySchema).default([]),
  components: z.array(DesignComponentSchema).default([]),
  flows: z.array(DesignFlowSchema).default([]),
  resources: z.array(DesignResourceSchema).default([]),
  flags: z.array(FlagSchema).default([]),
  mitigations: z.array(DesignMitigationSchema).default([]),
});

export type FeatureDesign = z.infer<typeof FeatureDesignSchema>;
export type DesignComponent = z.infer<typeof DesignComponentSchema>;
export type DesignFlow = z.infer<typeof DesignFlowSchema>;
export type DesignResource = z.infer<typeof DesignResourceSchema>;
export type DesignFlag = z.infer<typeof FlagSchema>;
export type DesignMitigation = z.infer<typeof DesignMitigationSchema>;
export type Requires = z.infer<typeof RequiresSchema>;

/** A validated design together with where it came from (for positions in later, model-aware errors). */
export interface LoadedDesign {
  design: FeatureDesign;
  file: string;
  doc: ParsedDocument;
}

/** Reads, parses and validates a FeatureDesign file (`-` for stdin). Also checks references inside the design. */
export function loadDesign(file: string): LoadedDesign {
  const doc = loadSingleDocument(file);
  const design = validateDocument(FeatureDesignSchema, doc, file, 'FeatureDesign');
  checkInternalReferences(design, file, doc);
  return { design, file, doc };
}

/** Flags and resources named in `requires` must be declared; ids must be unique. */
export function checkInternalReferences(design: FeatureDesign, file: string, doc?: ParsedDocument): void {
  const fail = (path: Array<string | number>, message: string): never => {
    throw new InputError(file, `invalid FeatureDesign: ${message}`, doc?.locate(path), path.map(String).join('.'));
  };
  const flagKeys = new Set(design.flags.map((f) => f.key));
  const resourceIds = new Set(design.resources.map((r) => r.id));
  const checkRequires = (req: Requires | undefined, path: Array<string | number>) => {
    if (req?.flag !== undefined && !flagKeys.has(req.flag)) fail([...path, 'flag'], `flag "${req.flag}" is not declared in flags`);
    if (req?.resource !== undefined && !resourceIds.has(req.resource)) {
      fail([...path, 'resource'], `resource "${req.resource}" is not declared in resources`);
    }
  };
  const unique = (list: Array<{ id?: string; key?: string }>, field: string) => {
    const seen = new Set<string>();
    list.forEach((item, i) => {
      const key = item.id ?? item.key ?? '';
      if (seen.has(key)) fail([field, i], `duplicate ${field} entry "${key}"`);
      seen.add(key);
    });
  };
  unique(design.components, 'components');
  unique(design.flows, 'flows');
  unique(design.boundaries, 'boundaries');
  unique(design.resources, 'resources');
  unique(design.flags, 'flags');
  design.components.forEach((c, i) => checkRequires(c.requires, ['components', i, 'requires']));
  design.flows.forEach((f, i) => checkRequires(f.requires, ['flows', i, 'requires']));
  design.components.forEach((c, i) => {
    if (c.requires?.set) fail(['components', i, 'requires', 'set'], '`set` changes flow properties; use it on a flow');
  });
  design.flows.forEach((f, i) => {
    if (f.requires?.set && f.requires.flag === undefined) fail(['flows', i, 'requires', 'set'], '`set` needs the `flag` that switches it');
  });
}
