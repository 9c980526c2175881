/**
 * triage(): one result per model. Engines never print; renderers turn the TriageOutput into text, JSON,
 * Markdown or advisory drafts.
 */
import type { Clause, ThreatModel } from '../model/schema.js';
import { scoreVector } from '../cvss/vector.js';
import type { Severity } from '../cvss/severity.js';
import { clauseFor, quoteOf } from './clauses.js';
import { deriveCvss31, deriveCvss40, type FullSpec } from './derive-cvss.js';
import { decideEmbargo, type Embargo } from './embargo.js';
import { decidePriority, type Priority } from './priority.js';
import { completeSpec, missingFacts, triageQuestions, type Question } from './questions.js';
import type { DraftReport, VulnerabilityReport } from './report.js';
import { computeTimeline, type Timeline } from './timeline.js';
import { decideVerdict, type Reason } from './verdict.js';
import type { FactProposal } from './extract.js';

export type Verdict = 'vulnerability' | 'not-a-vulnerability' | 'needs-info';

export interface CvssResult {
  version: string;
  vector: string;
  score: number;
  severity: Severity;
  /** true when ktm derived the vector from the report's facets; false when the report gave it. */
  derived: boolean;
}

/** One step of the trace: which clause, what rule it played, what it decided. */
export interface TraceStep {
  clause: string;
  rule: string;
  section: string;
  quote: string;
  finding: string;
}

export interface TriageResult {
  model: string;
  modelTitle: string;
  verdict: Verdict;
  reason: Reason | null;
  severity: Severity;
  priority: Priority;
  cvss: CvssResult | null;
  cvss4: CvssResult | null;
  embargo: Embargo;
  timeline: Timeline;
  /** Clause ids that decided, in order. */
  trace: string[];
  steps: TraceStep[];
  rationale: string;
  /** For needs-info: the questions to ask the reporter. */
  questions: Question[];
  /** Rules that could not apply because the model lacks their clause. */
  notes: string[];
}

export interface TriageOutput {
  report: DraftReport | VulnerabilityReport;
  results: TriageResult[];
  /** Facts proposed from the evidence of an imported advisory or text report, each with its evidence. */
  proposals?: FactProposal[];
}

export interface TriageOptions {
  /** When the report was received (default: now). */
  received?: Date;
  proposals?: FactProposal[];
}

export function triage(report: DraftReport | VulnerabilityReport, models: ThreatModel[], opts: TriageOptions = {}): TriageOutput {
  const received = opts.received ?? new Date();
  const results = models.map((m) => triageOne(report as DraftReport, m, received));
  return opts.proposals ? { report, results, proposals: opts.proposals } : { report, results };
}

/** Derived vectors repeat a lot (a few hundred distinct ones); scoring each once keeps `--model all` sweeps fast. */
const SCORES = new Map<string, ReturnType<typeof scoreVector>>();
function scoreCached(vector: string): ReturnType<typeof scoreVector> {
  let s = SCORES.get(vector);
  if (!s) {
    s = scoreVector(vector);
    if (SCORES.size < 10_000) SCORES.set(vector, s);
  }
  return s;
}

/** Scores the report's own vector if it gave one; otherwise derives 3.1 and 4.0 vectors from the facets. */
export function scoreReport(spec: FullSpec & { cvss?: string | null }): { cvss: CvssResult; cvss4: CvssResult } {
  const given = spec.cvss ? scoreVector(spec.cvss) : undefined;
  const derived31 = { ...scoreCached(deriveCvss31(spec)), derived: true };
  const derived40 = { ...scoreCached(deriveCvss40(spec)), derived: true };
  if (!given) return { cvss: derived31, cvss4: derived40 };
  const own = { ...given, derived: false };
  return given.version === '4.0' ? { cvss: own, cvss4: own } : { cvss: own, cvss4: derived40 };
}

function step(c: Clause, finding: string): TraceStep {
  return { clause: c.id, rule: c.rule ?? '', section: c.section, quote: quoteOf(c), finding };
}

function triageOne(report: DraftReport, model: ThreatModel, received: Date): TriageResult {
  const base = { model: model.metadata.id, modelTitle: model.metadata.title };
  // A dependency whose vulnerable code Knative never reaches is not an exploit of Knative, whatever the other facts.
  const notReached = decideNotReached(report, model);
  if (notReached) return notReachedResult(report, model, received, notReached, base);
  const missing = missingFacts(report);
  if (missing.length > 0) return needsInfo(report, model, received, missing, base);

  const spec = completeSpec(report);
  const decision = decideVerdict(spec, model);
  // A dependency's own score is the library's worst case, not Knative's exposure: score the facts instead.
  const dependencyVector = spec.dependency && spec.cvss ? spec.cvss : undefined;
  const { cvss, cvss4 } = scoreReport(dependencyVector ? { ...spec, cvss: null } : spec);
  const steps: TraceStep[] = decision.clauses.map((c) => step(c, decision.finding));
  let priority: Priority = 'none';
  let priorityWhy = '';
  let severity: Severity = 'none';
  if (decision.verdict === 'vulnerability') {
    severity = cvss.severity;
    const p = decidePriority(spec, model);
    priority = p.priority;
    priorityWhy = p.why;
    p.clauses.forEach((c, i) => steps.push(step(c, p.findings[i])));
  }
  const capped = capDependencySeverity(spec, severity);
  if (capped) {
    severity = capped.severity;
    decision.notes.push(capped.note);
  }
  if (dependencyVector) {
    decision.notes.push(`The dependency's own score (${dependencyVector}) rates the library, not Knative's use of it; ktm scores Knative's exposure from the reported facts.`);
  }
  const embargo = capped ? { recommended: false, reason: capped.embargo } : decideEmbargo(spec, decision.verdict, severity);
  const trace = unique(steps.map((s) => s.clause));
  return {
    ...base,
    verdict: decision.verdict,
    reason: decision.reason,
    severity,
    priority,
    cvss,
    cvss4,
    embargo,
    timeline: computeTimeline(received, decision.verdict === 'vulnerability'),
    trace,
    steps,
    rationale: rationale(report, model, decision, steps, cvss, severity, priority, priorityWhy),
    questions: [],
    notes: decision.notes,
  };
}

/** The dependency rule (before any other fact): `not-reached` decides, citing the model's purpose. */
function decideNotReached(report: DraftReport, model: ThreatModel): { clause?: Clause; finding: string } | undefined {
  const dep = report.spec.dependency;
  if (dep?.reachability !== 'not-reached') return undefined;
  const what = `${dep.module ?? 'the dependency'}${dep.advisory ? ` (${dep.advisory})` : ''}`;
  return {
    clause: clauseFor(model, 'purpose-triage'),
    finding: `Knative's code does not reach the vulnerable code of ${what}${dep.evidence ? ` (${dep.evidence})` : ''}, so the report describes no potential exploit of Knative; update the dependency in the normal course.`,
  };
}

function notReachedResult(
  report: DraftReport,
  model: ThreatModel,
  received: Date,
  d: { clause?: Clause; finding: string },
  base: { model: string; modelTitle: string },
): TriageResult {
  const steps = d.clause ? [step(d.clause, d.finding)] : [];
  const said = d.clause ? ` The model is consulted "${quoteOf(d.clause)}" (${d.clause.id}).` : '';
  return {
    ...base,
    verdict: 'not-a-vulnerability',
    reason: 'vulnerable-code-not-reached',
    severity: 'none',
    priority: 'none',
    cvss: null,
    cvss4: null,
    embargo: { recommended: false, reason: 'Only confirmed vulnerabilities are embargoed.' },
    timeline: computeTimeline(received, false),
    trace: steps.map((s) => s.clause),
    steps,
    rationale:
      `We assessed the report "${report.metadata.title}" against ${model.metadata.title} and concluded it is not a vulnerability ` +
      `for the purpose of our disclosure policy (vulnerable-code-not-reached). ${d.finding}${said} We still welcome a public issue or pull request to update the dependency.`,
    questions: [],
    notes: [],
  };
}

/**
 * A dependency report whose reachability rests on no evidence (only a scanner saying the module is present) is never
 * high or critical and never embargoed: the scanner's score rates the library, not Knative.
 */
function capDependencySeverity(spec: FullSpec, severity: Severity): { severity: Severity; note: string; embargo: string } | undefined {
  if (!spec.dependency || spec.dependency.evidence) return undefined;
  if (severity !== 'high' && severity !== 'critical') return undefined;
  return {
    severity: 'moderate',
    note: `The report says Knative reaches the vulnerable code of ${spec.dependency.module} but gives no evidence (a govulncheck trace or the call path); without it a dependency report is capped at moderate.`,
    embargo: 'A dependency report without evidence that Knative reaches the vulnerable code is not embargoed.',
  };
}

function needsInfo(
  report: DraftReport,
  model: ThreatModel,
  received: Date,
  missing: string[],
  base: { model: string; modelTitle: string },
): TriageResult {
  const questions = triageQuestions([model]).filter((q) => missing.includes(q.field));
  const purpose = clauseFor(model, 'purpose-triage');
  const finding = `The report leaves open: ${questions.map((q) => q.field).join(', ')}.`;
  const steps = purpose ? [step(purpose, finding)] : [];
  // A vector the advisory gave is still shown, so the reporter sees what was understood.
  let cvss: CvssResult | null = null;
  if (report.spec.cvss) {
    const s = scoreVector(report.spec.cvss);
    cvss = { ...s, derived: false };
  }
  const purposeWords = purpose ? ` The model is consulted "${quoteOf(purpose)}" (${purpose.id}), and that needs these facts.` : '';
  return {
    ...base,
    verdict: 'needs-info',
    reason: null,
    severity: 'none',
    priority: 'none',
    cvss,
    cvss4: cvss && cvss.version === '4.0' ? cvss : null,
    embargo: { recommended: false, reason: 'Decide once the missing facts are known.' },
    timeline: computeTimeline(received, true),
    trace: steps.map((s) => s.clause),
    steps,
    rationale:
      `Thank you for the report "${report.metadata.title}". Before we can judge it against ${model.metadata.title} we need a few more facts.` +
      purposeWords +
      ` Please tell us: ${questions.map((q) => q.prompt).join(' ')}`,
    questions,
    notes: [],
  };
}

function rationale(
  report: DraftReport,
  model: ThreatModel,
  decision: ReturnType<typeof decideVerdict>,
  steps: TraceStep[],
  cvss: CvssResult,
  severity: Severity,
  priority: Priority,
  priorityWhy: string,
): string {
  const title = `"${report.metadata.title}"`;
  const said = (c: Clause | undefined) => (c ? ` The model says: "${quoteOf(c)}" (${c.id}, section "${c.section}").` : '');
  const notes = decision.notes.length > 0 ? ` ${decision.notes.join(' ')}` : '';
  if (decision.verdict === 'not-a-vulnerability') {
    // Quote the exclusion that applied (the last clause of the decision: the rule after any context clause).
    return (
      `We assessed the report ${title} against ${model.metadata.title} and concluded it is not a vulnerability ` +
      `for the purpose of our disclosure policy (${decision.reason}). ${decision.finding}${said(decision.clauses[decision.clauses.length - 1])}${notes} ` +
      'We still welcome a public issue or pull request if there is a bug to fix.'
    );
  }
  // A vulnerability: quote why it is in scope (the model's own words where it has them, else its purpose), and quote
  // the ranking clause with the priority it sets, so each quote stands next to the sentence it supports.
  const inScope = decision.clauses.find((c) => c.rule !== 'purpose-triage') ?? decision.clauses[0];
  const ranking = priorityClause(model, steps, decision.clauses);
  const rankingWords = ranking ? ` ("${quoteOf(ranking)}", ${ranking.id})` : '';
  return (
    `We assessed the report ${title} against ${model.metadata.title} and concluded it is a vulnerability. ` +
    `${decision.finding}${said(inScope)} Its severity is ${severity} (CVSS ${cvss.version} ${cvss.score}, ${cvss.vector}` +
    `${cvss.derived ? ', derived from the reported facts' : ', as reported'}); its priority under the model is ${priority}: ${priorityWhy}${rankingWords}${notes}`
  );
}

/** The clause that set the priority: the first step after the verdict's own clauses. */
function priorityClause(model: ThreatModel, steps: TraceStep[], decided: Clause[]): Clause | undefined {
  const step = steps.find((s) => s.rule !== 'purpose-triage' && !decided.some((c) => c.id === s.clause));
  return step ? model.clauses.find((c) => c.id === step.clause) : undefined;
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

