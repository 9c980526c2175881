/** Plain words shared by the triage renderers: severity as people read it, and what a CVSS score means here. */
import type { CvssResult, TriageResult } from '../triage/engine.js';

/** "informational (hardening)" for hardening-only findings; the GitHub label otherwise. */
export function severityWords(r: TriageResult): string {
  if (r.reason === 'hardening-only') return 'informational (hardening)';
  return r.severity;
}

/**
 * A score is a severity only for a vulnerability; otherwise it is the score the facts would have, and says so, so
 * nobody reads a declined report's 9.8 as critical.
 */
export function cvssWords(r: TriageResult, c: CvssResult): string {
  const origin = c.derived ? ' (derived)' : '';
  if (r.verdict === 'vulnerability') return `${c.score} ${c.vector}${origin}`;
  return `${c.vector}${origin} would score ${c.score} if it were a vulnerability; not a severity`;
}
