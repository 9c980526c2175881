/**
 * What the workbench needs from the triage engine and the model catalogue. The server talks only to this
 * interface; `triage-adapter.ts` implements it over src/triage and src/model.
 */

/** One question of the triage questionnaire, in plain words, as the form shows it. */
export interface Question {
  id: string;
  prompt: string;
  help?: string;
  /** `group`: the heading a choice is listed under (components: Serving, Networking, Eventing, Tooling, …). */
  choices: { value: string; label: string; group?: string }[];
  /** Several answers may be chosen (check boxes rather than radio buttons). */
  multiple: boolean;
  /** No verdict without it (the engine answers needs-info); a report may still be saved without it. */
  required: boolean;
  /** The answer to pre-select on a new report (the engine's own default for the question). */
  defaults: string[];
}

/** Answers keyed by question id: one value, or several for a `multiple` question. */
export type Answers = Record<string, string | string[]>;

/** The decision under one model version. */
export interface ModelOutcome {
  model: string;
  verdict: string;
  reason?: string;
  /** For needs-info: the facts (report field paths) the reporter has not given yet. */
  missing?: string[];
  severity: string;
  cvss?: { score: number; vector: string };
  rationale: string[];
  trace: string[];
}

export interface ImportedReport {
  title: string;
  description: string;
  answers: Answers;
}

export interface ReportExports {
  ghsa: string;
  osv: string;
  markdown: string;
  reply: string;
  openvex: string;
  'csaf-vex': string;
  /** Undefined when no CVE record can be written; `cve5Problem` says why (no CVE id, or no decision yet). */
  cve5?: string;
  cve5Problem?: string;
}

export interface ModelSummary {
  id: string;
  title: string;
}

export interface TriagePort {
  questions(): Question[];
  /** Runs the triage under every model. Throws an Error whose message is fit to show when the answers are invalid. */
  evaluate(input: { title: string; description: string; answers: Answers; received: Date }): ModelOutcome[];
  /** Reads a pasted GHSA or OSV advisory. Throws an Error with a message fit to show on bad input. */
  importAdvisory(text: string, kind: 'ghsa' | 'osv'): ImportedReport;
  /**
   * Advisory drafts, VEX documents, the CVE record and the reply; they describe the decision under `model` (default:
   * ktm's default model). `cve` is the reserved CVE id the CVE record (and the VEX documents) are about.
   */
  exports(input: { id: number; title: string; description: string; answers: Answers; received: Date; cve?: string }, model?: string): ReportExports;
  models(): ModelSummary[];
  /** The model as JSON-able data for the browser (components, actors, clauses…). */
  model(id: string): Record<string, unknown> | undefined;
  /** The data-flow diagram as SVG, or undefined when the renderer is not available. */
  diagram(id: string, tenancy: string): Promise<string | undefined>;
}
