/**
 * `ktm triage --format cve5`: a CVE Record (CVE JSON 5.1) for the report's CVE id, as the assigning CNA would submit
 * it. A vulnerability gives a PUBLISHED record whose CNA container carries descriptions, the affected Knative module
 * (with the component as module), the CWE, CVSS 3.1 and 4.0 metrics, and an SSVC decision point set in the form of
 * CISA's Vulnrichment (`metrics[].other`, type `ssvc`, SSVC 2.0.3); a decision that it is not a vulnerability gives a
 * REJECTED record quoting the deciding clause. `needs-info` has no CVE record: cve5Problem says why.
 */
import type { ThreatModel } from '../model/schema.js';
import type { CvssResult, TriageOutput } from '../triage/engine.js';
import { cveIdOf, ssvcOf, vexView, type VexOptions, type VexView } from '../triage/vex-map.js';
import { firstRatingOfScore } from '../cvss/severity.js';
import { isUrl } from './triage-advisory.js';

/**
 * GitHub's CNA (short name GitHub_M), which assigns the CVE ids of Knative's GitHub security advisories. A record for
 * another CNA needs its own orgId: edit `cveMetadata.assignerOrgId` and `providerMetadata.orgId`.
 */
export const GITHUB_CNA = { orgId: 'a0819718-46f1-4df5-94e2-005712e83aaa', shortName: 'GitHub_M' };
const MAX_TEXT = 4096;

/** Why no CVE record can be written for this triage, or undefined when one can. */
export function cve5Problem(output: TriageOutput): string | undefined {
  if (!cveIdOf(output.report.metadata)) {
    return "--format cve5 needs the report's CVE id (metadata.id: CVE-YYYY-NNNN, or one CVE id among its references): a CVE record exists only for a reserved id";
  }
  if (output.results[0].verdict === 'needs-info') {
    return `--format cve5 needs a decision, and the verdict under ${output.results[0].model} is needs-info: answer the questions first (ktm triage --interactive)`;
  }
  return undefined;
}

export function cve5Record(output: TriageOutput, models: ThreatModel[], opts: VexOptions = {}): Record<string, unknown> {
  const problem = cve5Problem(output);
  if (problem) throw new Error(problem);
  const v = vexView(output, models, opts);
  const providerMetadata = { orgId: GITHUB_CNA.orgId, shortName: GITHUB_CNA.shortName };
  const cveMetadata = { cveId: v.cve!, assignerOrgId: GITHUB_CNA.orgId, assignerShortName: GITHUB_CNA.shortName };
  if (v.result.verdict === 'not-a-vulnerability') {
    // The quoted clause where no VEX justification fits; otherwise ktm's rationale, which quotes it too.
    const why = v.statements[0].impactStatement ?? v.result.rationale;
    return {
      dataType: 'CVE_RECORD',
      dataVersion: '5.1',
      cveMetadata: { ...cveMetadata, state: 'REJECTED' },
      containers: { cna: { providerMetadata, rejectedReasons: [{ lang: 'en', value: clip(`Not a vulnerability. ${why}`) }] } },
    };
  }
  const cna: Record<string, unknown> = {
    providerMetadata,
    title: clip(v.title, 256),
    descriptions: [{ lang: 'en', value: clip(v.description) }],
    affected: [affected(v, opts)],
    problemTypes: v.cwe ? [{ descriptions: [{ lang: 'en', type: 'CWE', cweId: v.cwe.id, description: `${v.cwe.id}: ${v.cwe.name}` }] }] : [],
    metrics: metrics(v, output),
    references: references(v),
    ...(opts.fixedIn ? { solutions: [{ lang: 'en', value: v.statements[0].actionStatement! }] } : {}),
    source: { discovery: 'UNKNOWN' },
  };
  if ((cna.problemTypes as unknown[]).length === 0) delete cna.problemTypes;
  return { dataType: 'CVE_RECORD', dataVersion: '5.1', cveMetadata: { ...cveMetadata, state: 'PUBLISHED' }, containers: { cna } };
}

function affected(v: VexView, opts: VexOptions): Record<string, unknown> {
  const p = v.statements[0].product;
  const where = p.module
    ? { vendor: 'knative', product: p.module.replace(/^knative\.dev\//, ''), collectionURL: 'https://pkg.go.dev', packageName: p.module, repo: `https://github.com/knative/${p.module.replace(/^knative\.dev\//, '')}` }
    : { vendor: 'knative', product: 'knative' };
  const modules = p.component === 'other' ? {} : { modules: [p.componentName] };
  if (!opts.fixedIn) return { ...where, ...modules, defaultStatus: 'affected' };
  return {
    ...where,
    ...modules,
    // SemVer has no `v` prefix (Go's module tags do): `v0.39.0` is compared as `0.39.0`.
    versions: [{ version: '0', lessThan: opts.fixedIn.replace(/^v/, ''), status: 'affected', versionType: 'semver' }],
    defaultStatus: 'unaffected',
  };
}

function metrics(v: VexView, output: TriageOutput): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const { cvss, cvss4 } = v.result;
  if (cvss && cvss.version !== '4.0') out.push({ format: 'CVSS', scenarios: [{ lang: 'en', value: 'GENERAL' }], [`cvssV${cvss.version.replace('.', '_')}`]: cvssObject(cvss) });
  if (cvss4) out.push({ format: 'CVSS', scenarios: [{ lang: 'en', value: 'GENERAL' }], cvssV4_0: cvssObject(cvss4) });
  const ssvc = ssvcOf(output.report);
  if (ssvc) {
    out.push({
      other: {
        type: 'ssvc',
        content: {
          id: v.cve,
          role: 'Supplier',
          version: '2.0.3',
          timestamp: v.timestamp,
          options: ssvc.options,
          // Not part of CISA's form: what ktm could not derive, and the facts behind each value.
          x_ktm_undetermined: ssvc.undetermined,
          x_ktm_basis: ssvc.basis,
        },
      },
    });
  }
  return out;
}

function cvssObject(c: CvssResult): Record<string, unknown> {
  return { version: c.version, vectorString: c.vector, baseScore: c.score, baseSeverity: firstRatingOfScore(c.score).toUpperCase() };
}

/** The report's URLs; a record needs one, so without any it names the module's security advisories page. */
function references(v: VexView): { url: string; tags?: string[] }[] {
  const urls = v.references.filter(isUrl);
  if (urls.length > 0) return urls.map((url) => ({ url }));
  const mod = v.statements[0].product.module;
  const repo = mod ? mod.replace(/^knative\.dev\//, '') : 'community';
  return [{ url: `https://github.com/knative/${repo}/security/advisories`, tags: ['vendor-advisory'] }];
}

function clip(s: string, max = MAX_TEXT): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

export function renderCve5(output: TriageOutput, models: ThreatModel[], opts: VexOptions = {}): string {
  return `${JSON.stringify(cve5Record(output, models, opts), null, 2)}\n`;
}
