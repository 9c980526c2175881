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

export { plainTenant } from '../helpers/cluster.js';

/**
 * A Knative ConfigMap as YAML text, for check tests: `data` is the body of its `data:` block, further lines indented
 * by two spaces (e.g. `'a: b\n  c: d'`).
 */
export function configMapYaml(name: string, namespace: string, data: string): string {
  return `
apiVersion: v1
kind: ConfigMap
metadata: {name: ${name}, namespace: ${namespace}}
data:
  ${data}
`;
}

export function audit(inv: Inventory, opts: Partial<AuditOptions> = {}): AuditResult {
  return runAudit(inv, { tenancy: ['cluster', 'namespace', 'control-plane'], ...opts, model: opts.model ?? loadModel('knative-2021') });
}

/** Findings of one check, run alone. */
export function runCheck(check: Check, inv: Inventory, opts: Partial<AuditOptions> & { tenancy?: TenancyModelId[] } = {}): Finding[] {
  return audit(inv, { tenancy: check.tenancy, ...opts, checks: [check] }).findings;
}
