/**
 * Hardening: turn the audit's view of a cluster into the manifests that fix it (issue "Hardening").
 * Generators are pure: inventory in, objects out. Nothing is ever applied; ktm only writes YAML.
 */
import type { Inventory, K8sObject } from '../k8s/types.js';
import type { RuleTag, ThreatModel } from '../model/schema.js';
import type { KnativeConfig } from '../k8s/knative-config.js';
import type { InstalledGateway } from '../k8s/shared-hops.js';
import type { Cni } from '../k8s/cni.js';

export interface HardenOptions {
  tenancy: 'namespace' | 'control-plane';
  developers: 'trusted' | 'untrusted';
  mesh: 'istio' | 'none';
  sandbox: 'gvisor' | 'kata' | 'none';
  /** The cluster supports AdminNetworkPolicy: emit cluster-wide parts as ANP/BANP instead of per-namespace policies. */
  anp: boolean;
  /** Emit the cluster-wide parts as ClusterNetworkPolicies (v1alpha2); without it, v1alpha2 when the cluster serves it. */
  cnp?: boolean;
  /** Upper bound for `max-scale-limit` when the cluster leaves it unbounded. */
  maxScaleLimit: number;
  /** CIDR the API server connects from (for the webhook); without it the webhook stays closed to tenants only. */
  apiserverCidr?: string;
  /** The CNI (`--cni`), when the input does not show it: decides whether ipBlocks match pods in the proof. */
  cni?: Cni;
}

export const DEFAULT_HARDEN_OPTIONS: HardenOptions = {
  tenancy: 'namespace',
  developers: 'untrusted',
  mesh: 'none',
  sandbox: 'none',
  anp: false,
  maxScaleLimit: 100,
};

/** Files in `--out DIR`: one per concern. */
export const CONCERNS = [
  'network-policies',
  'mesh-policies',
  'pod-security',
  'knative-config',
  'sandbox',
  'rbac',
  'admission-policies',
  'quotas',
] as const;
export type Concern = (typeof CONCERNS)[number];

export interface GeneratedObject {
  concern: Concern;
  object: K8sObject;
  /** Audit check ids this object fixes. */
  fixes: string[];
  /** The model clause (by rule tag) the object serves. */
  rule: RuleTag;
  /** One line: why this object, in terms of this cluster. */
  reason: string;
}

/** Something manifests cannot do (a deletion, a node setting, a CNI property): printed, never hidden. */
export interface ManualStep {
  fixes: string[];
  rule: RuleTag;
  text: string;
  /** The objects it is about (`Kind/namespace/name`, as audit findings name them), when it is about some. */
  resources?: string[];
  /** Found by re-auditing the hardened cluster, not by a generator (see residual.ts). */
  residual?: boolean;
}

export interface HardenContext {
  inventory: Inventory;
  model: ThreatModel;
  options: HardenOptions;
  tenants: string[];
  /** Knative pieces found in the inventory; generators skip what is not installed. */
  installed: InstalledKnative;
  /** Knative configuration, read as Knative (and the audit) reads it. */
  config: KnativeConfig;
  /** Config objects being changed by several generators (one KnativeServing carries every section): by identity. */
  pending: Map<string, K8sObject>;
}

export interface InstalledKnative {
  serving: boolean;
  eventing: boolean;
  brokerIngress: boolean;
  /** Ingress implementation and the namespace of its gateway pods. */
  /** The gateways' pods (k8s/shared-hops.ts: classic layers and the Gateway API gateways Knative attaches to). */
  ingress: InstalledGateway[];
}

export interface GeneratorResult {
  objects: GeneratedObject[];
  manual: ManualStep[];
}

export type Generator = (ctx: HardenContext) => GeneratorResult;

/** Label put on tenant namespaces so cluster-side policies can tell tenants apart without listing them. */
export const TENANT_LABEL = 'ktm.knative.dev/tenant';
export const ANNOTATION_FIXES = 'ktm.knative.dev/fixes';
export const ANNOTATION_CLAUSE = 'ktm.knative.dev/clause';
export const ANNOTATION_REASON = 'ktm.knative.dev/reason';
export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'ktm' };
