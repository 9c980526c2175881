/** One JSON line per scored vector, keys in a fixed order: vector, version, score, severity. */
import type { CvssScore } from '../cvss/vector.js';

export function renderCvssLine(s: CvssScore): string {
  return JSON.stringify({ vector: s.vector, version: s.version, score: s.score, severity: s.severity });
}
