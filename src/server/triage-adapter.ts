/**
 * The TriagePort over ktm's own engines: the triage engine and questionnaire (src/triage), the built-in models
 * (src/model/loader) and the diagram renderer (src/render/diagram).
 */
import { renderOpenVex } from '../render/openvex.js';
import { renderCsafVex } from '../render/csaf-vex.js';
import { cve5Problem as cve5ProblemOf, renderCve5 } from '../render/cve5.js';
import { DEFAULT_MODEL, listBuiltinModels, loadModel } from '../model/loader.js';
import { AREA_LABELS } from '../model/catalog.js';
import { TENANCY_MODELS, type TenancyModelId, type ThreatModel } from '../model/schema.js';
import {
  importAdvisoryDocument,
  renderGhsa,
  renderMarkdown,
  renderOsv,
  renderReply,
  triage,
  triageQuestions,
  type Question as EngineQuestion,
  type TriageOutput,
  type TriageResult,
} from '../triage/index.js';
import { getField } from '../triage/questions.js';
import type { DraftReport } from '../triage/report.js';
import { renderDiagram } from '../render/diagram.js';
import { parseDocuments } from '../util/parse.js';
import { InputError } from '../util/errors.js';
import type { Answers, ImportedReport, ModelOutcome, ModelSummary, Question, ReportExports, TriagePort } from './triage-port.js';

/** Questions whose choices are exactly true/false carry a boolean in the report. */
function isBoolean(q: EngineQuestion): boolean {
  return q.choices.length === 2 && q.choices.every((c) => c.value === 'true' || c.value === 'false');
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (!next || typeof next !== 'object') node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}

export class EngineTriage implements TriagePort {
  private readonly modelIds: string[];
  private readonly loaded: ThreatModel[];
  private readonly engineQuestions: EngineQuestion[];

  constructor(modelIds?: string[]) {
    this.modelIds = modelIds ?? listBuiltinModels().map((m) => m.id);
    this.loaded = this.modelIds.map((id) => loadModel(id));
    this.engineQuestions = triageQuestions(this.loaded);
  }

  questions(): Question[] {
    return this.engineQuestions.map((q) => ({
      id: q.field,
      prompt: q.prompt,
      choices: byArea(q.choices),
      multiple: q.multiple ?? false,
      required: q.default === undefined,
      defaults: q.default === undefined || q.default === '' ? [] : q.default.split(',').map((s) => s.trim()),
    }));
  }

  /** Answers → the engine's draft report; unanswered questions stay absent (the engine asks for them). */
  toDraft(input: { title: string; description: string; answers: Answers; id?: number }): DraftReport {
    const draft: Record<string, unknown> = {
      apiVersion: 'ktm/v1',
      kind: 'VulnerabilityReport',
      metadata: {
        title: input.title || '(untitled)',
        references: [],
        ...(input.id !== undefined ? { id: `workbench-${input.id}` } : {}),
        ...(input.description ? { description: input.description } : {}),
      },
      spec: {},
    };
    const questionFields = new Set(this.engineQuestions.map((q) => q.field));
    // Facts an imported advisory carried that the questionnaire does not ask (its CVSS vector) ride along as-is.
    for (const [field, a] of Object.entries(input.answers)) {
      if (!questionFields.has(field) && field.startsWith('spec.') && typeof a === 'string') setPath(draft, field.split('.'), a);
    }
    for (const q of this.engineQuestions) {
      const a = input.answers[q.field];
      if (a === undefined) continue;
      const values = ([] as string[]).concat(a);
      let value: unknown;
      if (q.multiple) value = values;
      else if (isBoolean(q)) value = values[0] === 'true';
      else value = values[0];
      setPath(draft, q.field.split('.'), value);
    }
    return draft as unknown as DraftReport;
  }

  results(input: { title: string; description: string; answers: Answers; received: Date; id?: number }): TriageResult[] {
    return triage(this.toDraft(input), this.loaded, { received: input.received }).results;
  }

  evaluate(input: { title: string; description: string; answers: Answers; received: Date }): ModelOutcome[] {
    return this.results(input).map((r) => ({
      model: r.model,
      verdict: r.verdict,
      ...(r.reason ? { reason: r.reason } : {}),
      ...(r.verdict === 'needs-info' ? { missing: r.questions.map((q) => q.field) } : {}),
      severity: r.severity,
      ...(r.cvss ? { cvss: { score: r.cvss.score, vector: r.cvss.vector } } : {}),
      rationale: [r.rationale, ...r.notes],
      trace: r.trace,
    }));
  }

  importAdvisory(text: string, kind: 'ghsa' | 'osv'): ImportedReport {
    const file = `pasted ${kind.toUpperCase()} advisory`;
    let draft: DraftReport;
    try {
      const docs = parseDocuments(text, file);
      if (docs.length !== 1) throw new InputError(file, `expected one JSON document, found ${docs.length}`);
      draft = importAdvisoryDocument(docs[0], kind, this.loaded, file);
    } catch (err) {
      if (err instanceof InputError) throw new Error(err.format());
      throw err;
    }
    const answers: Answers = {};
    for (const q of this.engineQuestions) {
      const v = getField(draft, q.field);
      if (v === undefined || v === null) continue;
      answers[q.field] = Array.isArray(v) ? v.map(String) : String(v);
    }
    if (draft.spec.cvss) answers['spec.cvss'] = draft.spec.cvss;
    return { title: draft.metadata.title, description: draft.metadata.description ?? '', answers };
  }

  /** Drafts describe the first model's result: `model` (default: ktm's default model) goes first. */
  exports(
    input: { id: number; title: string; description: string; answers: Answers; received: Date; cve?: string },
    model: string = DEFAULT_MODEL,
  ): ReportExports {
    const first = this.loaded.find((m) => m.metadata.id === model) ?? this.loaded[0];
    const ordered = [first, ...this.loaded.filter((m) => m !== first)];
    const draft = this.toDraft(input);
    // The reserved CVE id names the record (and the VEX documents) instead of the workbench id.
    if (input.cve) draft.metadata = { ...draft.metadata, id: input.cve };
    const output: TriageOutput = triage(draft, ordered, { received: input.received });
    const cve5Problem = cve5ProblemOf(output);
    return {
      ghsa: `${JSON.stringify(renderGhsa(output, ordered), null, 2)}\n`,
      osv: `${JSON.stringify(renderOsv(output, ordered), null, 2)}\n`,
      markdown: renderMarkdown(output),
      reply: renderReply(output, output.results[0]),
      openvex: renderOpenVex(output, ordered),
      'csaf-vex': renderCsafVex(output, ordered),
      ...(cve5Problem ? { cve5Problem } : { cve5: renderCve5(output, ordered) }),
    };
  }

  models(): ModelSummary[] {
    return this.loaded.map((m) => ({ id: m.metadata.id, title: m.metadata.title }));
  }

  model(id: string): Record<string, unknown> | undefined {
    // Only ids of loaded models: a URL must never make the loader read a file.
    const m = this.loaded.find((x) => x.metadata.id === id);
    return m ? { title: m.metadata.title, ...m } : undefined;
  }

  private readonly diagrams = new Map<string, Promise<string>>();

  /** Rendering is slow (Graphviz in WebAssembly) and models do not change while serving: cache per view. */
  async diagram(id: string, tenancy: string): Promise<string | undefined> {
    const m = this.loaded.find((x) => x.metadata.id === id);
    if (!m || !(TENANCY_MODELS as readonly string[]).includes(tenancy)) return undefined;
    const key = `${id}\u0000${tenancy}`;
    let svg = this.diagrams.get(key);
    if (!svg) {
      svg = renderDiagram(m, { tenancy: tenancy as TenancyModelId, format: 'svg' });
      this.diagrams.set(key, svg);
      svg.catch(() => this.diagrams.delete(key));
    }
    return svg;
  }
}

/** Grouped choices (components) in the order of the areas (Serving, Networking, …), each group keeping its order. */
function byArea<C extends { group?: string }>(choices: C[]): C[] {
  if (!choices.some((c) => c.group)) return choices;
  const order: string[] = Object.values(AREA_LABELS);
  const rank = (c: C) => (c.group !== undefined && order.includes(c.group) ? order.indexOf(c.group) : order.length);
  return choices.map((c, i) => [c, i] as const).sort(([a, i], [b, j]) => rank(a) - rank(b) || i - j).map(([c]) => c);
}
