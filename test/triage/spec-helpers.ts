/** One base report and one way to triage a variation of it under one model, for the rule tests. */
import { triage } from '../../src/triage/engine.js';
import type { DraftReport, VulnerabilityReport } from '../../src/triage/report.js';
import type { ThreatModel } from '../../src/model/schema.js';

export type Spec = VulnerabilityReport['spec'];

/** An unauthenticated outsider reads data through the activator: a vulnerability under every built-in model. */
export const BASE_SPEC: Spec = {
  component: 'activator',
  category: 'information-disclosure',
  attacker: { access: 'none', userInteraction: 'none' },
  target: 'own-namespace',
  impact: { confidentiality: 'high', integrity: 'none', availability: 'none' },
  attackComplexity: 'low',
  requires: [],
  equallyAffectsKubernetes: false,
  documented: 'no',
  impactDemonstrated: true,
  cvss: null,
};

/** Triage BASE_SPEC with `spec` laid over it, under one model. */
export function runSpec(spec: Partial<DraftReport['spec']>, model: ThreatModel) {
  const report = { apiVersion: 'ktm/v1', kind: 'VulnerabilityReport', metadata: { title: 't', references: [] }, spec: { ...BASE_SPEC, ...spec } } as DraftReport;
  return triage(report, [model], { received: new Date('2024-06-07') }).results[0];
}
