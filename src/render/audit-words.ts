/**
 * Sentences the audit reports (table, Markdown, HTML) share, so they say the same thing in the same words.
 */
import type { TenancySupport } from '../audit/types.js';

/** One line for a tenancy the model does not support (or supports only with hardening). */
export function supportLine(model: string, s: TenancySupport): string {
  const verb = s.status === 'unsupported' ? 'does not support' : 'supports only with hardening';
  const hardening = s.hardening.length ? `; it names ${s.hardening.length} hardening requirement(s), checked below` : '';
  const consequence = s.status === 'unsupported' ? ': exploits that need it are not vulnerabilities' : '';
  return `The model ${model} ${verb} ${s.tenancy} tenancy${consequence}${hardening}.`;
}
