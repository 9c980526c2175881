/**
 * Builders for audit tests: inventories from YAML text (through the real loader and inventory builder), the stock
 * Knative manifests read in place from FIXTURES, tenant namespaces, and a run of one check with a built-in model.
 */
import { buildInventory } from '../../src/k8s/inventory.js';
import type { Inventory, Resource } from '../../src/k8s/types.js';
import { loadModel } from '../../src/model/loader.js';
import { runAudit, type AuditOptions } from '../../src/audit/index.js';
import type { AuditResult, Check, Finding } from '../../src/audit/types.js';
import type { TenancyModelId } from '../../src/model/schema.js';
import { STOCK_FILES, stockResources, resourcesFromYaml } from '../helpers/cluster.js';

export { STOCK_FILES, stockResources, resourcesFromYaml };

/** Inventory from YAML text, optionally on top of the stock Knative manifests. */
export function inventory(text: string, opts: { stock?: boolean } = {}): Inventory {
  const extra = text.trim() ? resourcesFromYaml(text) : [];
  return buildInventory([...(opts.stock ? stockResources() : []), ...extra]);
}

/** A plain tenant namespace with a Knative Service and a Deployment; nothing hardened. */
export function plainTenant(ns: string, extraLabels: Record<string, string> = {}): string {
  const labels = Object.entries({ team: ns, ...extraLabels })
    .map(([k, v]) => `    ${k}: "${v}"`)
    .join('\n');
  return `---
apiVersion: v1
kind: Namespace
metadata:
  name: ${ns}
  labels:
${labels}
---
apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: api
  namespace: ${ns}
spec:
  template:
    spec:
      containers:
        - image: registry.example.com/${ns}/api:1.0
          ports:
            - containerPort: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
  namespace: ${ns}
spec:
  selector:
    matchLabels: {app: worker}
  template:
    metadata:
      labels: {app: worker}
    spec:
      containers:
        - name: worker
          image: registry.example.com/${ns}/worker:1.0
`;
}

export function audit(inv: Inventory, opts: Partial<AuditOptions> = {}): AuditResult {
  return runAudit(inv, { tenancy: ['cluster', 'namespace', 'control-plane'], ...opts, model: opts.model ?? loadModel('knative-2021') });
}

/** Findings of one check, run alone. */
export function runCheck(check: Check, inv: Inventory, opts: Partial<AuditOptions> & { tenancy?: TenancyModelId[] } = {}): Finding[] {
  return audit(inv, { tenancy: check.tenancy, ...opts, checks: [check] }).findings;
}
