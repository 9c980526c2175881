/**
 * Advisory drafts from a triage: GitHub's "create repository security advisory" request body (GHSA) and an
 * OSV record. Both carry the triage facts (GHSA in the description, OSV also in database_specific.ktm) so that
 * importing a draft gives the same report back. The drafts describe the first model's result.
 */
import type { ThreatModel } from '../model/schema.js';
import type { TriageOutput, TriageResult } from '../triage/engine.js';
import { CATEGORY_CWES, packageOfComponent } from '../triage/advisory-map.js';
import { KTM_SECTION, REFERENCES_HEADING, writeFactsBlock } from '../triage/facts-block.js';
import { VulnerabilityReportSchema, type DraftReport } from '../triage/report.js';
import { reportId } from '../triage/vex-map.js';

const GHSA_SEVERITY = { critical: 'critical', high: 'high', moderate: 'medium', low: 'low', none: null } as const;

function packageName(report: DraftReport, models: ThreatModel[]): string | undefined {
  const id = report.spec.component;
  if (!id) return undefined;
  const c = models.flatMap((m) => m.components).find((x) => x.id === id);
  return packageOfComponent(c, id);
}

function describe(output: TriageOutput, r: TriageResult): string {
  const m = output.report.metadata;
  const parts: string[] = [];
  if (m.description) parts.push(m.description.trim(), '');
  parts.push(KTM_SECTION, '', r.rationale, '');
  if (m.references.length > 0) parts.push(REFERENCES_HEADING, '', ...m.references.map((u) => `- ${u}`), '');
  parts.push(writeFactsBlock(output.report.spec));
  return parts.join('\n');
}

function cwes(report: DraftReport): string[] {
  return report.spec.category ? [CATEGORY_CWES[report.spec.category][0]] : [];
}

/** GitHub REST `repository-advisory-create` body (validated against src/triage/schemas in the tests). */
export function renderGhsa(output: TriageOutput, models: ThreatModel[] = []): Record<string, unknown> {
  const r = output.results[0];
  const name = packageName(output.report, models);
  const body: Record<string, unknown> = {
    summary: output.report.metadata.title.slice(0, 1024),
    description: describe(output, r),
    vulnerabilities: [
      {
        package: name ? { ecosystem: 'go', name } : { ecosystem: 'other', name: null },
        vulnerable_version_range: null,
        patched_versions: null,
        vulnerable_functions: [],
      },
    ],
    cwe_ids: cwes(output.report),
  };
  // GitHub takes either a vector or a severity, not both.
  if (r.cvss) body.cvss_vector_string = r.cvss.vector;
  else body.severity = GHSA_SEVERITY[r.severity];
  const cve = output.report.metadata.id;
  if (cve && /^CVE-\d{4}-\d+$/.test(cve)) body.cve_id = cve;
  return body;
}

export function isUrl(s: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(s).protocol);
  } catch {
    return false;
  }
}

/** An OSV record (schema 1.6). `modified` is the day the report was received, so the draft is reproducible. */
export function renderOsv(output: TriageOutput, models: ThreatModel[] = []): Record<string, unknown> {
  const r = output.results[0];
  const m = output.report.metadata;
  const name = packageName(output.report, models);
  const id = reportId(m);
  const severity: Array<{ type: string; score: string }> = [];
  if (r.cvss && r.cvss.version !== '4.0') severity.push({ type: 'CVSS_V3', score: r.cvss.vector });
  if (r.cvss4) severity.push({ type: 'CVSS_V4', score: r.cvss4.vector });
  const full = VulnerabilityReportSchema.shape.spec.safeParse(output.report.spec);
  return {
    schema_version: '1.6.0',
    id,
    modified: `${r.timeline.received}T00:00:00Z`,
    summary: m.title,
    details: describe(output, r),
    severity,
    affected: name ? [{ package: { ecosystem: 'Go', name }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }] }] : [],
    references: m.references.filter(isUrl).map((url) => ({ type: url.includes('/advisories/') ? 'ADVISORY' : 'WEB', url })),
    database_specific: {
      severity: r.severity === 'none' ? null : r.severity.toUpperCase(),
      cwe_ids: cwes(output.report),
      ...(full.success ? { ktm: full.data } : {}),
      ktm_triage: output.results.map((x) => ({ model: x.model, verdict: x.verdict, reason: x.reason, trace: x.trace })),
    },
  };
}
