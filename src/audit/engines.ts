/**
 * The engines the audit borrows from other parts of ktm: the reachability engine (src/netpol) and the Pod Security
 * Standards evaluator (src/pss). Wired here, in one place, so the runner and the checks depend only on the small
 * interfaces in reach-view.ts and types.ts.
 *
 * An engine always answers or throws: there is no "unavailable" answer, because a check that silently skipped would
 * turn into a pass (fail-open). The runner lets an InputError through (exit 2) and reports anything else as an
 * internal error (exit 3).
 */
import type { Inventory, Workload } from '../k8s/types.js';
import type { PssOutcome } from './types.js';
import type { ReachView } from './reach-view.js';
import type { CniDecision } from '../k8s/cni.js';

export interface AuditEngines {
  reach(inv: Inventory, isTenant: (ns: string) => boolean, cni: CniDecision): ReachView;
  pss(w: Workload, level: 'baseline' | 'restricted', version: string): PssOutcome;
}

/** Before src/audit/index.ts installs the real engines: running an audit is a bug, never a silent skip. */
export const NO_ENGINES: AuditEngines = {
  reach: () => {
    throw new Error('the reachability engine is not installed (import the audit from src/audit/index.js)');
  },
  pss: () => {
    throw new Error('the Pod Security Standards evaluator is not installed (import the audit from src/audit/index.js)');
  },
};

let defaults: AuditEngines = NO_ENGINES;

export function defaultEngines(): AuditEngines {
  return defaults;
}

/** Installs the real engines (done once by src/audit/index.ts). */
export function setDefaultEngines(e: AuditEngines): void {
  defaults = e;
}
