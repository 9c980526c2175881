/**
 * `ktm review --format json`: the ReviewResult with keys sorted, so output is byte-stable across runs.
 * Arrays are already in a defined order (findings by severity then id; everything else by id).
 */
import type { ReviewResult } from '../review/result.js';
import { withEnvelope, type JudgedInput } from './json-envelope.js';

/** A `ReviewReport` document: the header (design file, models and versions), then the ReviewResult. */
export function renderReviewJson(result: ReviewResult, input: JudgedInput): string {
  return `${JSON.stringify(sortKeys(withEnvelope('ReviewReport', input, result)), null, 2)}\n`;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v as Record<string, unknown>)
        .sort()
        .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}
