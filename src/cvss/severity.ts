/**
 * Qualitative severity of a CVSS score. ktm prints GitHub advisory labels (DESIGN.md, "Severity labels"):
 * the bands are FIRST's, only the word for 4.0–6.9 differs (FIRST "Medium", GitHub "moderate").
 */
export const SEVERITIES = ['none', 'low', 'moderate', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** FIRST's qualitative rating scale words, as the CVSS specifications print them. */
export type FirstRating = 'None' | 'Low' | 'Medium' | 'High' | 'Critical';

export function severityOfScore(score: number): Severity {
  if (score >= 9.0) return 'critical';
  if (score >= 7.0) return 'high';
  if (score >= 4.0) return 'moderate';
  if (score >= 0.1) return 'low';
  return 'none';
}

export function firstRatingOfScore(score: number): FirstRating {
  const map: Record<Severity, FirstRating> = {
    none: 'None',
    low: 'Low',
    moderate: 'Medium',
    high: 'High',
    critical: 'Critical',
  };
  return map[severityOfScore(score)];
}

/** Rank for comparisons: a higher rank is more severe. */
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}
