/**
 * `ktm harden`: runs every generator over the cluster, annotates each object with the check ids it fixes and the
 * clause it serves, and drops what the cluster already has (so hardening a hardened cluster adds nothing).
 *
 * API: `harden(inventory, model, options, tenants) → HardenResult`.
 */
import type { Inventory, K8sObject } from '../k8s/types.js';
import { clauseByRule } from '../model/catalog.js';
import type { ThreatModel } from '../model/schema.js';
import { detectInstalled } from './installed.js';
import { readKnativeConfig } from '../k8s/knative-config.js';
import { networkPolicies } from './generators/network-policies.js';
import { adminNetworkPolicies } from './generators/admin-network-policies.js';
import { clusterNetworkPolicies } from './generators/cluster-network-policies.js';
import { gatewayProxies } from './generators/gateway-proxies.js';
import { meshIstio } from './generators/mesh-istio.js';
import { podSecurity } from './generators/pod-security.js';
import { knativeConfig } from './generators/knative-config.js';
import { sandbox } from './generators/sandbox.js';
import { rbac } from './generators/rbac.js';
import { admissionPolicies } from './generators/admission-policies.js';
import { quotas } from './generators/quotas.js';
import { tenantWorkloads } from './generators/tenant-workloads.js';
import { proveRequiredFlows, type FlowProof } from './prove.js';
import { alreadyPresent } from './already-present.js';
import { residualSteps } from './residual.js';
import {
  ANNOTATION_CLAUSE,
  ANNOTATION_FIXES,
  ANNOTATION_REASON,
  CONCERNS,
  type GeneratedObject,
  type Generator,
  type HardenContext,
  type HardenOptions,
  type ManualStep,
} from './types.js';
import { append } from '../util/arrays.js';

export * from './types.js';

/** In the order their files are written. */
const GENERATORS: Generator[] = [networkPolicies, adminNetworkPolicies, clusterNetworkPolicies, gatewayProxies, meshIstio, podSecurity, knativeConfig, sandbox, rbac, admissionPolicies, quotas, tenantWorkloads];

export interface HardenResult {
  objects: GeneratedObject[];
  manual: ManualStep[];
  tenants: string[];
  /** Every required flow and how it fares after hardening (for `--explain`). */
  proofs: FlowProof[];
}

export function harden(inventory: Inventory, model: ThreatModel, options: HardenOptions, tenants: string[]): HardenResult {
  const config = readKnativeConfig(inventory);
  const ctx: HardenContext = {
    inventory,
    model,
    options,
    tenants: [...tenants].sort(),
    installed: detectInstalled(inventory, config),
    config,
    pending: new Map(),
  };
  const objects: GeneratedObject[] = [];
  const manual: ManualStep[] = [];
  for (const generate of GENERATORS) {
    const r = generate(ctx);
    append(objects, r.objects);
    append(manual, r.manual);
  }
  const proven = proveRequiredFlows(inventory, mergeShared(objects), options);
  append(manual, proven.manual);
  const fresh = proven.objects.filter((g) => !alreadyPresent(inventory, g.object));
  for (const g of fresh) annotate(g, model);
  // The residual audit judges the proof's final cluster (input + `fresh`, see already-present.ts) with the proof's
  // Engine. Built before `annotate` ran, its objects lack ktm's annotations (fixes, clause, reason): no audit check
  // reads those (the audit reads only ktm.knative.dev/accept, src/audit/exceptions.ts), so the findings are the same.
  append(manual, residualSteps(proven.after, model, options, ctx.tenants, manual));
  fresh.sort((a, b) => CONCERNS.indexOf(a.concern) - CONCERNS.indexOf(b.concern) || identity(a.object).localeCompare(identity(b.object)));
  return { objects: fresh, manual, tenants: ctx.tenants, proofs: proven.proofs };
}

/** Generators that changed one shared object (see config-patch.ts) give one entry: fixes and reasons joined. */
function mergeShared(objects: GeneratedObject[]): GeneratedObject[] {
  const byObject = new Map<K8sObject, GeneratedObject>();
  const out: GeneratedObject[] = [];
  for (const g of objects) {
    const first = byObject.get(g.object);
    if (!first) {
      byObject.set(g.object, g);
      out.push(g);
      continue;
    }
    first.fixes = [...new Set([...first.fixes, ...g.fixes])];
    first.reason = `${first.reason}; ${g.reason}`;
  }
  return out;
}

function identity(o: K8sObject): string {
  return `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

function annotate(g: GeneratedObject, model: ThreatModel): void {
  const clause = clauseByRule(model, g.rule);
  g.object.metadata.annotations = {
    ...(g.object.metadata.annotations ?? {}),
    ...(g.fixes.length ? { [ANNOTATION_FIXES]: g.fixes.join(',') } : {}),
    [ANNOTATION_CLAUSE]: clause ? `${model.metadata.id}#${clause.id}` : `${model.metadata.id} (no clause tagged ${g.rule})`,
    [ANNOTATION_REASON]: g.reason,
  };
}

export type { HardenOptions, FlowProof };
