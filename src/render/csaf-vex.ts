/**
 * `ktm triage --format csaf-vex`: a CSAF 2.0 document in the `csaf_vex` profile (OASIS CSAF 2.0 §4.5): product tree,
 * one vulnerability with `cve` (or `ids` for a GHSA or draft id), notes, `product_status`, and what the profile's
 * mandatory tests ask of each status — a flag or an impact threat for `known_not_affected` (6.1.27.9), a remediation
 * for `known_affected` (6.1.27.10). The document is a draft (`tracking.status: draft`, version 0) for the security
 * team to review and publish.
 */
import type { ThreatModel } from '../model/schema.js';
import type { CvssResult, TriageOutput } from '../triage/engine.js';
import { vexView, type VexOptions, type VexProduct, type VexStatement, type VexStatus, type VexView } from '../triage/vex-map.js';
import { firstRatingOfScore } from '../cvss/severity.js';
import { isUrl } from './triage-advisory.js';

const STATUS: Record<VexStatus, 'known_not_affected' | 'known_affected' | 'fixed' | 'under_investigation'> = {
  not_affected: 'known_not_affected',
  affected: 'known_affected',
  fixed: 'fixed',
  under_investigation: 'under_investigation',
};

export function csafVexDocument(output: TriageOutput, models: ThreatModel[], opts: VexOptions = {}): Record<string, unknown> {
  const v = vexView(output, models, opts);
  const ids = new Map(v.statements.map((s) => [s, productId(s.product)] as const));
  const productStatus: Record<string, string[]> = {};
  for (const s of v.statements) (productStatus[STATUS[s.status]] ??= []).push(ids.get(s)!);
  const flags = v.statements
    .filter((s) => s.justification)
    .map((s) => ({ label: s.justification!, product_ids: [ids.get(s)!] }));
  const threats = v.statements
    .filter((s) => s.impactStatement)
    .map((s) => ({ category: 'impact', details: s.impactStatement!, product_ids: [ids.get(s)!] }));
  const remediations = v.statements
    .filter((s) => s.status === 'affected')
    .map((s) => ({ category: opts.fixedIn ? 'vendor_fix' : 'none_available', details: s.actionStatement!, product_ids: [ids.get(s)!] }));
  const affectedIds = v.statements.filter((s) => s.status === 'affected').map((s) => ids.get(s)!);
  const scores = affectedIds.length > 0 ? cvssScores(v.result.cvss, affectedIds) : [];
  const vulnerability: Record<string, unknown> = {
    ...(v.cve ? { cve: v.cve } : {}),
    ...(v.cve !== v.id ? { ids: [{ system_name: idSystem(v.id), text: v.id }] } : {}),
    title: v.title,
    ...(v.cwe ? { cwe: v.cwe } : {}),
    notes: [
      { category: 'description', title: 'Description', text: v.description },
      { category: 'summary', title: `ktm triage (${v.result.model})`, text: v.result.rationale },
      ...v.statements.map((s) => ({ category: 'details', title: `Status of ${ids.get(s)}`, text: s.statusNotes })),
      ...(v.byModel.length > 1
        ? [{ category: 'other', title: 'Other threat models', text: v.byModel.slice(1).map((m) => `${m.model}: ${m.verdict}${m.reason ? ` (${m.reason})` : ''}`).join('; ') }]
        : []),
    ],
    product_status: productStatus,
    ...(flags.length ? { flags } : {}),
    ...(threats.length ? { threats } : {}),
    ...(remediations.length ? { remediations } : {}),
    ...(scores.length ? { scores } : {}),
    ...(v.references.some(isUrl) ? { references: v.references.filter(isUrl).map((url) => ({ category: 'external', summary: url, url })) } : {}),
  };
  return {
    document: {
      category: 'csaf_vex',
      csaf_version: '2.0',
      lang: 'en',
      publisher: { category: 'vendor', name: 'Knative', namespace: 'https://knative.dev' },
      title: v.title,
      tracking: {
        id: v.id,
        status: 'draft',
        version: '0',
        initial_release_date: v.timestamp,
        current_release_date: v.timestamp,
        revision_history: [{ date: v.timestamp, number: '0', summary: 'Draft from ktm triage.' }],
        generator: { engine: { name: 'ktm' }, date: v.timestamp },
      },
    },
    product_tree: productTree(v),
    vulnerabilities: [vulnerability],
  };
}

/** A product id per statement: the component, the module, and the version it speaks about. */
function productId(p: VexProduct): string {
  const base = p.module ? `${p.module}:${p.component}` : `knative:${p.component}`;
  return p.version ? `${base}@${p.version}` : base;
}

/** vendor Knative → module → (version range | version | the product itself). */
function productTree(v: VexView): Record<string, unknown> {
  const first = v.statements[0].product;
  const moduleName = first.module ?? 'Knative';
  const leaf = (s: VexStatement): Record<string, unknown> => {
    const p = s.product;
    const name = p.component === 'other' ? 'Knative' : `Knative ${moduleName} (${p.componentName})`;
    const product: Record<string, unknown> = { name: p.version ? `${name} ${p.version}` : name, product_id: productId(p) };
    if (p.module) product.product_identification_helper = { purl: `pkg:golang/${p.module}${p.version ? `@${p.version}` : ''}` };
    if (p.version) return { category: 'product_version', name: p.version, product };
    // An affected product next to a fixed version: the versions before it.
    const fixed = v.statements.find((x) => x.product.version)?.product.version;
    if (fixed) return { category: 'product_version_range', name: `vers:golang/<${fixed}`, product };
    return { category: 'product_version_range', name: 'vers:all/*', product };
  };
  return {
    branches: [
      {
        category: 'vendor',
        name: 'Knative',
        branches: [{ category: 'product_name', name: moduleName, branches: v.statements.map(leaf) }],
      },
    ],
  };
}

function cvssScores(c: CvssResult | null, products: string[]): Record<string, unknown>[] {
  // CSAF 2.0 carries CVSS v2 and v3 only; a 4.0 vector stays in the notes of the CVE record.
  if (!c || c.version === '4.0') return [];
  return [
    {
      products,
      cvss_v3: { version: c.version, vectorString: c.vector, baseScore: c.score, baseSeverity: firstRatingOfScore(c.score).toUpperCase() },
    },
  ];
}

function idSystem(id: string): string {
  if (/^GHSA-/.test(id)) return 'GitHub Security Advisory';
  if (/^KTM-DRAFT-/.test(id)) return 'ktm draft';
  return 'Report';
}

export function renderCsafVex(output: TriageOutput, models: ThreatModel[], opts: VexOptions = {}): string {
  return `${JSON.stringify(csafVexDocument(output, models, opts), null, 2)}\n`;
}
