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
  // "Remotely exploitable": over the network (CVSS AV:N). From outside without credentials, or from any pod on the
  // cluster network — the position Knative itself scored as low privileges in GHSA-qmvj-4qr9-v547.
  const remote =
    spec.attacker.access === 'none'
      ? 'remotely exploitable without credentials'
      : spec.attacker.access === 'cluster-network'
        ? 'remotely exploitable from any pod on the cluster network'
        : '';
  const escalation =
    spec.category === 'elevation-of-privilege' || spec.category === 'code-execution' || SCOPE_CHANGING_TARGETS.has(spec.target);
  const significant = severity === 'high' || severity === 'critical';
  const kind = [remote, escalation ? 'a privilege escalation beyond the attacker\'s own authority' : '']
    .filter(Boolean)
    .join(' and ');
  if (significant && kind) {
    return {
      recommended: true,
      reason: `A ${severity} vulnerability that is ${kind}: give the early-disclosure list at least 3 (up to 4) weeks of notice.`,
    };
  }
  if (!kind) return { recommended: false, reason: 'Neither remotely exploitable nor a privilege escalation.' };
  return { recommended: false, reason: `It is ${kind}, but at ${severity} severity it is not a significant vulnerability.` };
}
