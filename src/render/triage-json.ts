/** Machine output of `ktm triage --format json`: keys sorted at every level, so the output is stable. */
import type { TriageOutput } from '../triage/engine.js';
import { withEnvelope, type JudgedInput } from './json-envelope.js';

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

/** A `TriageResult` document: the header (report file, models and versions), then the report and one result per model. */
export function renderTriageJson(output: TriageOutput, input: JudgedInput): string {
  return JSON.stringify(sortKeys(withEnvelope('TriageResult', input, output)), null, 2);
}
