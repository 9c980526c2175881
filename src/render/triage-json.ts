/** Machine output of `ktm triage --format json`: keys sorted at every level, so the output is stable. */
import type { TriageOutput } from '../triage/engine.js';

export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}

export function renderTriageJson(output: TriageOutput): string {
  return JSON.stringify(sortKeys(output), null, 2);
}
