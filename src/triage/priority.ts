/**
 * The model's priorities applied to a vulnerability (2021 "Trusted and untrusted workloads" and "Availability,
 * confidentiality, and integrity"): availability-only issues are lower priority; exploits that need no
 * permission to deploy workloads are the most significant. Priority never changes the CVSS severity (which
 * stays the GitHub label of the score); it is the model's own ordering, explained in the trace.
 */
import type { Clause, ThreatModel } from '../model/schema.js';
import { clauseFor } from './clauses.js';
import type { FullSpec } from './derive-cvss.js';
import type { Access } from './report.js';

export const PRIORITIES = ['most-significant', 'standard', 'lower', 'none'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Attackers who need no permission to deploy a workload themselves (2021: "even without the ability to submit workloads"). */
export const NO_DEPLOY_PERMISSION: ReadonlySet<Access> = new Set(['none', 'cluster-network', 'event-source-admin', 'supply-chain']);

export interface PriorityDecision {
  priority: Priority;
  /** Each clause with what it contributed, in order. */
  clauses: Clause[];
  findings: string[];
  why: string;
}

const CI_FIRST = 'The report affects confidentiality or integrity, which the model ranks as its first concern.';

export function decidePriority(spec: FullSpec, model: ThreatModel): PriorityDecision {
  const { confidentiality, integrity, availability } = spec.impact;
  const availabilityOnly = confidentiality === 'none' && integrity === 'none' && availability !== 'none';
  const unprivileged = NO_DEPLOY_PERMISSION.has(spec.attacker.access);
  const lower = clauseFor(model, 'availability-lower-priority');
  const most = clauseFor(model, 'unprivileged-most-significant');
  const ciFirst = clauseFor(model, 'confidentiality-integrity-first');

  // 2021: "We are also concerned about Denial of Service and Availability attacks (particularly where exploitable
  // without the ability to submit workloads)": such an availability attack is not lowered.
  const concern = clauseFor(model, 'availability-unprivileged-concern');
  if (availabilityOnly && unprivileged && concern) {
    const why = 'Availability-only, but exploitable without the ability to submit workloads, the availability case the model is particularly concerned about: standard priority, not lowered.';
    return { priority: 'standard', clauses: [concern], findings: [why], why };
  }
  if (availabilityOnly && lower) {
    const why = unprivileged
        ? 'Availability-only issues are lower priority, though this one needs no permission to deploy workloads, the case the model is most concerned about within availability.'
        : 'Availability-only issues are lower priority under this model.';
    return { priority: 'lower', clauses: [lower], findings: [why], why };
  }
  if (unprivileged && most) {
    const why = 'The attacker needs no permission to deploy workloads, which the model ranks as the most significant class of exploit.';
    const withCi = ciFirst && !availabilityOnly;
    return {
      priority: 'most-significant',
      clauses: withCi ? [most, ciFirst] : [most],
      findings: withCi ? [why, CI_FIRST] : [why],
      why,
    };
  }
  const why = unprivileged
    ? 'The model has no rule ranking unprivileged attacks higher, so this has standard priority.'
    : availabilityOnly
      ? 'The model has no rule lowering availability-only issues, so this has standard priority.'
      : 'The attacker needs permission to deploy workloads (or more), so this has standard priority.';
  const withCi = ciFirst && !availabilityOnly;
  return { priority: 'standard', clauses: withCi ? [ciFirst] : [], findings: withCi ? [CI_FIRST] : [], why };
}
