/**
 * What a triage says in the vocabulary of VEX and CVE records, independent of any one document format: the product
 * (Knative module and component), the VEX status, the justification a `not-a-vulnerability` reason maps to (or the
 * clause quoted as impact statement where none fits), and SSVC's decision points. The OpenVEX, CSAF VEX and CVE JSON 5
 * renderers only shape this; the mapping lives here once and is documented in docs/triage.md ("VEX and CVE records").
 */
import { createHash } from 'node:crypto';
import type { ThreatModel } from '../model/schema.js';
import { CATEGORY_CWES, packageOfComponent } from './advisory-map.js';
import type { TriageOutput, TriageResult } from './engine.js';
import type { DraftReport } from './report.js';
import type { Reason } from './verdict.js';

/** The status words OpenVEX uses (CSAF and CVE have their own words for the same four states; see the renderers). */
export type VexStatus = 'not_affected' | 'affected' | 'fixed' | 'under_investigation';

/** OpenVEX's justifications; CSAF VEX flags use the same five labels. */
export type VexJustification =
  | 'component_not_present'
  | 'vulnerable_code_not_present'
  | 'vulnerable_code_not_in_execute_path'
  | 'vulnerable_code_cannot_be_controlled_by_adversary'
  | 'inline_mitigations_already_exist';

/**
 * Reason code → justification. `null` where no justification says what the model says: the statement then carries
 * an impact statement quoting the deciding clause instead. (`component_not_present` is used for `out-of-model` only
 * when the report's component is `other`, software that is not part of Knative; see justificationOf.)
 */
export const REASON_JUSTIFICATION: Record<Reason, VexJustification | null> = {
  // Only an actor the model trusts controls the input: no adversary of the model can drive the code.
  'trusted-administrator': 'vulnerable_code_cannot_be_controlled_by_adversary',
  // The attacker only reaches what they already control: the code runs, but gives them no new power.
  'attacker-controls-target': 'vulnerable_code_cannot_be_controlled_by_adversary',
  // The flaw is in the user's application, not in Knative's code.
  'application-level': 'vulnerable_code_not_present',
  'vulnerable-code-not-reached': 'vulnerable_code_not_in_execute_path',
  // The rest are judgements about the threat model, not about code: said in the model's words.
  'requires-compromised-platform': null,
  'multi-tenant-only': null,
  'inherited-from-kubernetes': null,
  'insecure-configuration': null,
  'expected-behaviour': null,
  'out-of-model': null,
  'hardening-only': null,
};

export interface VexProduct {
  /** Go module (e.g. `knative.dev/serving`), absent when the component is not part of a Knative module. */
  module?: string;
  /** Model component id (`other` for software outside Knative). */
  component: string;
  /** The component's name in the model. */
  componentName: string;
  /** The version the statement is about; absent = every version. */
  version?: string;
}

export interface VexStatement {
  product: VexProduct;
  status: VexStatus;
  justification?: VexJustification;
  /** Why not affected, in the model's words, where no justification fits. */
  impactStatement?: string;
  /** What to do, for `affected`. */
  actionStatement?: string;
  /** The verdict, its reason and the trace, in one sentence. */
  statusNotes: string;
}

export interface VexOptions {
  /** The first version with the fix (`--fixed-in`): adds a `fixed` statement for it. */
  fixedIn?: string;
}

export interface VexView {
  /** The advisory id: the report's id (CVE/GHSA) or a stable draft id from its title. */
  id: string;
  /** The CVE id: the report's id, or the one CVE its references name (cve.org, NVD); absent when none or several. */
  cve?: string;
  title: string;
  description: string;
  /** The result the statements describe: the first model's (as the advisory drafts do). */
  result: TriageResult;
  /** Every model's verdict, for the notes. */
  byModel: { model: string; verdict: string; reason: string | null; trace: string[] }[];
  statements: VexStatement[];
  cwe?: { id: string; name: string };
  references: string[];
  /** The day the report was received, as an RFC 3339 timestamp (documents stay reproducible). */
  timestamp: string;
}

/** The report's own id, or `KTM-DRAFT-` and 12 hex digits of its title's hash (the same id the OSV draft uses). */
export function reportId(metadata: DraftReport['metadata']): string {
  // An id of blanks (or with blanks around it) would be an invalid id in every format: trimmed, or replaced.
  return metadata.id?.trim() || `KTM-DRAFT-${createHash('sha256').update(metadata.title).digest('hex').slice(0, 12)}`;
}

const CVE_ID = /^CVE-\d{4}-\d{4,19}$/;

/** The report's CVE id: its own id when that is one, else the single CVE id its reference URLs name. */
export function cveIdOf(metadata: DraftReport['metadata']): string | undefined {
  if (metadata.id && CVE_ID.test(metadata.id)) return metadata.id;
  const named = new Set(metadata.references.flatMap((u) => [...u.matchAll(/\b(CVE-\d{4}-\d{4,19})\b/g)].map((m) => m[1])));
  return named.size === 1 ? [...named][0] : undefined;
}

/** CWE names of the representative CWE of each category (CATEGORY_CWES[category][0]), as MITRE titles them. */
const CWE_NAMES: Record<string, string> = {
  'CWE-290': 'Authentication Bypass by Spoofing',
  'CWE-284': 'Improper Access Control',
  'CWE-778': 'Insufficient Logging',
  'CWE-200': 'Exposure of Sensitive Information to an Unauthorized Actor',
  'CWE-400': 'Uncontrolled Resource Consumption',
  'CWE-269': 'Improper Privilege Management',
  'CWE-94': "Improper Control of Generation of Code ('Code Injection')",
  'CWE-294': 'Authentication Bypass by Capture-replay',
};

export function vexView(output: TriageOutput, models: ThreatModel[], opts: VexOptions = {}): VexView {
  const r = output.results[0];
  const report = output.report;
  const id = report.spec.component ?? 'other';
  const component = models.flatMap((m) => m.components).find((c) => c.id === id);
  const product: VexProduct = { component: id, componentName: component?.name ?? (id === 'other' ? 'not part of Knative' : id) };
  const module = packageOfComponent(component, id);
  if (module) product.module = module;
  const cweId = report.spec.category ? CATEGORY_CWES[report.spec.category][0] : undefined;
  return {
    id: reportId(report.metadata),
    ...(cveIdOf(report.metadata) ? { cve: cveIdOf(report.metadata) } : {}),
    title: report.metadata.title.trim() || reportId(report.metadata),
    description: report.metadata.description?.trim() || report.metadata.title.trim() || reportId(report.metadata),
    result: r,
    byModel: output.results.map((x) => ({ model: x.model, verdict: x.verdict, reason: x.reason, trace: x.trace })),
    statements: statementsOf(r, report, product, opts),
    ...(cweId ? { cwe: { id: cweId, name: CWE_NAMES[cweId] } } : {}),
    // Listed once each: CSAF and CVE references are unique items.
    references: [...new Set(report.metadata.references.map((u) => u.trim()))],
    timestamp: `${r.timeline.received}T00:00:00Z`,
  };
}

function statementsOf(r: TriageResult, report: DraftReport, product: VexProduct, opts: VexOptions): VexStatement[] {
  const notes = statusNotes(r);
  if (r.verdict === 'needs-info') return [{ product, status: 'under_investigation', statusNotes: notes }];
  if (r.verdict === 'not-a-vulnerability') {
    const justification = justificationOf(r.reason, report);
    const st: VexStatement = { product, status: 'not_affected', statusNotes: notes };
    if (justification) st.justification = justification;
    else st.impactStatement = decidingQuote(r);
    return [st];
  }
  const affected: VexStatement = {
    product,
    status: 'affected',
    actionStatement: opts.fixedIn
      ? `Upgrade ${product.module ?? 'the component'} to ${opts.fixedIn} or later.`
      : `No fixed version is known yet; follow the advisory for ${product.module ?? 'the component'}.`,
    statusNotes: opts.fixedIn ? `${notes} Affected: versions before ${opts.fixedIn}.` : notes,
  };
  if (!opts.fixedIn) return [affected];
  return [affected, { product: { ...product, version: opts.fixedIn }, status: 'fixed', statusNotes: `${notes} Fixed in ${opts.fixedIn}.` }];
}

/** The justification for a reason; `out-of-model` is "component not present" only for software outside Knative. */
export function justificationOf(reason: Reason | null, report: DraftReport): VexJustification | undefined {
  if (reason === null) return undefined;
  if (reason === 'out-of-model' && report.spec.component === 'other') return 'component_not_present';
  return REASON_JUSTIFICATION[reason] ?? undefined;
}

/** The clause that decided (the last of the verdict's steps), quoted with its id: the impact statement. */
function decidingQuote(r: TriageResult): string {
  const s = r.steps[r.steps.length - 1];
  const why = `Not a vulnerability under ${r.model} (reason: ${r.reason})`;
  return s ? `${why}: "${s.quote}" (${s.clause}, section "${s.section}"). ${s.finding}` : `${why}.`;
}

function statusNotes(r: TriageResult): string {
  const reason = r.reason ? ` (${r.reason})` : '';
  return `ktm triage under ${r.model}: ${r.verdict}${reason}; trace ${r.trace.join(' → ') || '(none)'}.`;
}

/** SSVC v2.0.3 decision points as CISA's Vulnrichment writes them, and which facts gave each value. */
export interface SsvcDecision {
  options: Array<Record<string, string>>;
  /** Decision points ktm cannot derive from a report's facts (never guessed). */
  undetermined: { decisionPoint: string; why: string }[];
  /** For each value given, the facts that drove it. */
  basis: Record<string, string>;
}

/**
 * Automatable: `yes` when the attack needs no user interaction, no special conditions (attack complexity low) and no
 * foothold beyond the network (attacker access `none` or `cluster-network`) — SSVC's "steps 1–4 of the kill chain can
 * be automated"; `no` otherwise. Technical Impact: `total` when the attacker gains both high confidentiality and high
 * integrity impact (control of the component's behaviour or all its information), `partial` otherwise. Exploitation
 * (none/public PoC/active) is about the world, not the report: ktm has no evidence of it and leaves it undetermined.
 */
export function ssvcOf(report: DraftReport): SsvcDecision | undefined {
  const s = report.spec;
  if (!s.attacker?.access || !s.impact?.confidentiality || !s.impact.integrity) return undefined;
  const ui = s.attacker.userInteraction ?? 'none';
  const ac = s.attackComplexity ?? 'low';
  const remote = s.attacker.access === 'none' || s.attacker.access === 'cluster-network';
  const automatable = ui === 'none' && ac === 'low' && remote ? 'yes' : 'no';
  const total = s.impact.confidentiality === 'high' && s.impact.integrity === 'high';
  return {
    options: [{ Automatable: automatable }, { 'Technical Impact': total ? 'total' : 'partial' }],
    undetermined: [
      { decisionPoint: 'Exploitation', why: 'whether a public proof of concept or active exploitation exists is not among the report\'s facts' },
    ],
    basis: {
      Automatable: `attacker access ${s.attacker.access}, user interaction ${ui}, attack complexity ${ac}`,
      'Technical Impact': `confidentiality ${s.impact.confidentiality}, integrity ${s.impact.integrity}`,
    },
  };
}
