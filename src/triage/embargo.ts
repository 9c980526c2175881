/**
 * Embargo recommendation (reference §2, disclosure.md): the optional early-disclosure embargo "is reserved for
 * significant vulnerabilities … In general these are vulnerabilities that could lead to remotely exploitable
 * or privilege escalation issues." ktm reads "significant" as a severity of high or critical.
 */
import type { Severity } from '../cvss/severity.js';
import type { FullSpec } from './derive-cvss.js';
import { SCOPE_CHANGING_TARGETS } from './derive-cvss.js';

export interface Embargo {
  recommended: boolean;
  reason: string;
}

export function decideEmbargo(spec: FullSpec | undefined, verdict: string, severity: Severity): Embargo {
  if (verdict !== 'vulnerability' || !spec) {
    return { recommended: false, reason: 'Only confirmed vulnerabilities are embargoed.' };
  }
  const remote = spec.attacker.access === 'none' || spec.attacker.access === 'cluster-network';
  const escalation =
    spec.category === 'elevation-of-privilege' || spec.category === 'code-execution' || SCOPE_CHANGING_TARGETS.has(spec.target);
  const significant = severity === 'high' || severity === 'critical';
  const kind = [remote ? 'remotely exploitable without credentials' : '', escalation ? 'a privilege escalation beyond the attacker\'s own authority' : '']
    .filter(Boolean)
    .join(' and ');
  if (significant && kind) {
    return {
      recommended: true,
      reason: `A ${severity} vulnerability that is ${kind}: give the early-disclosure list at least 3 (up to 4) weeks of notice.`,
    };
  }
  if (!kind) return { recommended: false, reason: 'Neither remotely exploitable without credentials nor a privilege escalation.' };
  return { recommended: false, reason: `It is ${kind}, but at ${severity} severity it is not a significant vulnerability.` };
}
