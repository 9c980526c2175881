/**
 * Triage engine API (used by `ktm triage` and by the workbench).
 *
 *   triage(report, models, { received? }) → TriageOutput
 *       report: a VulnerabilityReport (parseReport) or a DraftReport (importAdvisory, a half-filled form);
 *       models: ThreatModel[] (src/model/loader.ts loadModel). One TriageResult per model, in order:
 *       { model, modelTitle, verdict, reason, severity, priority, cvss, cvss4, embargo, timeline, trace, steps,
 *         rationale, questions, notes }. Missing facts → verdict `needs-info` with `questions`.
 *   parseReport(text, file) → VulnerabilityReport          (InputError with field path and line:col)
 *   VulnerabilityReportSchema                              (zod; the report format)
 *   checkComponents(report, models, file, locate?)         (InputError when the component is in no model)
 *   importAdvisory(json, 'ghsa' | 'osv', models?) → DraftReport
 *   triageQuestions(models) → Question[]                   (field path, plain-words prompt, choices, default)
 *   missingFacts(draft) → field paths still open
 *   renderGhsa(output, models) / renderOsv(output, models) → advisory draft objects (JSON)
 *   renderMarkdown(output) → string;  renderReply(output, result?) → the reply to send the reporter
 *   scoreVector(vector) → { vector, version, score, severity }   (CVSS 3.0/3.1/4.0)
 *
 * Engines never print; the CLI (src/cli/triage.ts) wires files, models and formats.
 */
export { triage, scoreReport, type TriageOutput, type TriageResult, type TriageOptions, type CvssResult, type TraceStep, type Verdict } from './engine.js';
export {
  parseReport,
  VulnerabilityReportSchema,
  type VulnerabilityReport,
  type DraftReport,
  CATEGORIES,
  ACCESS_LEVELS,
  TARGETS,
  IMPACT_LEVELS,
  PRECONDITIONS,
} from './report.js';
export { checkComponents } from './components.js';
export { importAdvisory, importAdvisoryDocument, importWithEvidence, importText, type AdvisoryKind, type Imported } from './import.js';
export { proposeFacts, type FactProposal } from './extract.js';
export { resolveComponent, COMPONENT_ALIASES } from './components.js';
export { triageQuestions, missingFacts, type Question, type Choice } from './questions.js';
export { REASONS, type Reason } from './verdict.js';
export { PRIORITIES, type Priority } from './priority.js';
export { deriveCvss31, deriveCvss40, ACCESS_TO_CVSS } from './derive-cvss.js';
export { renderGhsa, renderOsv } from '../render/triage-advisory.js';
export { renderMarkdown } from '../render/triage-markdown.js';
export { renderReply } from '../render/triage-reply.js';
export { renderTriageText } from '../render/triage-text.js';
export { renderTriageJson } from '../render/triage-json.js';
export { scoreVector } from '../cvss/vector.js';
