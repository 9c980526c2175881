/**
 * Facets → CVSS base vectors (3.1 and 4.0). The mapping is documented in docs/triage.md and calibrated on
 * Knative's own record: GHSA-qmvj-4qr9-v547 (a workload attacker crashing the autoscaler, target `system`)
 * was published as CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H — so a workload attacker is AV:N/PR:L and
 * Knative's own system namespace is not a scope change, whereas another tenant's namespace, a node, the
 * cluster or an outside system are.
 *
 * Every metric is a monotone function of its facet (weaker attacker, more impact, fewer preconditions never
 * give a lower value), which is what the property tests check.
 */
import { formatVector } from '../cvss/vector.js';
import type { Access, ImpactLevel, ReportSpec, Target } from './report.js';

interface AccessMetrics {
  AV: 'N' | 'A' | 'L' | 'P';
  PR: 'N' | 'L' | 'H';
  why: string;
}

/**
 * Attack vector and privileges required per attacker position. Knative scored an attacker who reaches a
 * component from a pod over the cluster network as AV:N, so the cluster network is AV:N too; the
 * difference between positions is in the privileges the attacker holds on the cluster.
 *
 * A position on the cluster network is what a compromised pod gives (the 2021 model's cluster-network actor:
 * "a compromised pod, a neighbour on the pod network"), and Knative scored exactly that position PR:L:
 * GHSA-qmvj-4qr9-v547, "The attacker would need to have compromised one pod", is PR:L. So cluster-network is
 * PR:L like a workload; it still ranks above a workload in the model's priorities (no permission to deploy).
 */
export const ACCESS_TO_CVSS: Record<Access, AccessMetrics> = {
  none: { AV: 'N', PR: 'N', why: 'an unauthenticated attacker from outside the cluster' },
  'cluster-network': {
    AV: 'N',
    PR: 'L',
    why: 'the attacker holds a compromised pod\'s position on the cluster network (GHSA-qmvj-4qr9-v547: "compromised one pod" scored PR:L)',
  },
  'supply-chain': { AV: 'N', PR: 'N', why: 'a tampered image runs without its author holding any cluster credential' },
  'event-source-admin': { AV: 'N', PR: 'L', why: 'the attacker controls an event source Knative accepts events from' },
  workload: { AV: 'N', PR: 'L', why: 'the attacker can deploy a workload (as in GHSA-qmvj-4qr9-v547: AV:N/PR:L)' },
  'namespace-admin': { AV: 'N', PR: 'L', why: 'namespace admin rights are low privileges relative to Knative' },
  'knative-admin': { AV: 'N', PR: 'H', why: 'Knative administrator rights are high privileges' },
  'cluster-admin': { AV: 'N', PR: 'H', why: 'cluster administrator rights are high privileges' },
};

/** Targets outside the vulnerable component's security authority change the CVSS 3.1 scope. */
export const SCOPE_CHANGING_TARGETS: ReadonlySet<Target> = new Set(['other-namespace', 'node', 'cluster', 'external']);

const CIA: Record<ImpactLevel, 'N' | 'L' | 'H'> = { none: 'N', low: 'L', high: 'H' };

export type FullSpec = Omit<ReportSpec, 'cvss'>;

export function deriveCvss31(spec: FullSpec): string {
  const a = ACCESS_TO_CVSS[spec.attacker.access];
  const ac = spec.attackComplexity === 'high' || spec.requires.includes('non-default-config') ? 'H' : 'L';
  return formatVector('3.1', [
    ['AV', a.AV],
    ['AC', ac],
    ['PR', a.PR],
    ['UI', spec.attacker.userInteraction === 'required' ? 'R' : 'N'],
    ['S', SCOPE_CHANGING_TARGETS.has(spec.target) ? 'C' : 'U'],
    ['C', CIA[spec.impact.confidentiality]],
    ['I', CIA[spec.impact.integrity]],
    ['A', CIA[spec.impact.availability]],
  ]);
}

/**
 * CVSS 4.0: attack complexity → AC, non-default configuration → AT:P (an attack requirement of the
 * deployment), user interaction → UI:P. The vulnerable system always takes the impact; when the target
 * lies beyond it (the 3.1 scope change), the subsequent system takes it too.
 */
export function deriveCvss40(spec: FullSpec): string {
  const a = ACCESS_TO_CVSS[spec.attacker.access];
  const subsequent = SCOPE_CHANGING_TARGETS.has(spec.target);
  const s = (l: ImpactLevel) => (subsequent ? CIA[l] : 'N');
  return formatVector('4.0', [
    ['AV', a.AV],
    ['AC', spec.attackComplexity === 'high' ? 'H' : 'L'],
    ['AT', spec.requires.includes('non-default-config') ? 'P' : 'N'],
    ['PR', a.PR],
    ['UI', spec.attacker.userInteraction === 'required' ? 'P' : 'N'],
    ['VC', CIA[spec.impact.confidentiality]],
    ['VI', CIA[spec.impact.integrity]],
    ['VA', CIA[spec.impact.availability]],
    ['SC', s(spec.impact.confidentiality)],
    ['SI', s(spec.impact.integrity)],
    ['SA', s(spec.impact.availability)],
  ]);
}
