/**
 * The posture audit: `runAudit(inventory, options)` → AuditResult. This module wires the real engines (reachability,
 * Pod Security Standards) into the runner; import the audit from here.
 */
import { evaluateWorkload } from '../pss/index.js';
import { setDefaultEngines } from './engines.js';
import { reachView } from './reach-adapter.js';

setDefaultEngines({
  reach: (inv, isTenant, cni) => reachView(inv, isTenant, cni),
  pss: (w, level, version) => {
    const r = evaluateWorkload(w, level, version);
    return {
      allowed: r.allowed,
      violations: r.violations.map((v) => ({ check: v.check, message: v.message })),
      version: r.version === r.effectiveVersion ? r.version : `${r.version} = ${r.effectiveVersion}`,
    };
  },
});

export { runAudit, effectiveTrust, clauseFor, type AuditOptions } from './runner.js';
export { ALL_CHECKS, checkById } from './checks/index.js';
export { tenantNamespaces, SYSTEM_NAMESPACES, SYSTEM_PREFIXES, isSystemNamespace } from './tenants.js';
export * from './types.js';
