/**
 * The engines the audit borrows from other parts of ktm: the reachability engine (src/netpol) and the Pod Security
 * Standards evaluator (src/pss). Wired here, in one place, so the runner and the checks depend only on the small
 * interfaces in reach-view.ts and types.ts.
 */
import type { Inventory, Workload } from '../k8s/types.js';
import type { PssOutcome } from './types.js';
import type { ReachView } from './reach-view.js';

export interface AuditEngines {
  reach(inv: Inventory, isTenant: (ns: string) => boolean): ReachView | undefined;
  pss(w: Workload, level: 'baseline' | 'restricted', version: string): PssOutcome | undefined;
}

export const NO_ENGINES: AuditEngines = {
  reach: () => undefined,
  pss: () => undefined,
};

let defaults: AuditEngines = NO_ENGINES;

export function defaultEngines(): AuditEngines {
  return defaults;
}

/** Installs the real engines (done once by src/audit/index.ts). */
export function setDefaultEngines(e: AuditEngines): void {
  defaults = e;
}
