/**
 * The TriagePort over ktm's own engines: the triage engine and questionnaire (src/triage), the built-in models
 * (src/model/loader) and the diagram renderer (src/render/diagram).
 */
import { listBuiltinModels, loadModel } from '../model/loader.js';
import type { ThreatModel } from '../model/schema.js';
import { triage, type TriageResult } from '../triage/engine.js';
import { triageQuestions, type Question as EngineQuestion } from '../triage/questions.js';
import type { DraftReport } from '../triage/report.js';
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
      choices: q.choices,
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
      severity: r.severity,
      ...(r.cvss ? { cvss: { score: r.cvss.score, vector: r.cvss.vector } } : {}),
      rationale: [r.rationale, ...r.notes],
      trace: r.trace,
    }));
  }

  importAdvisory(_text: string, _kind: 'ghsa' | 'osv'): ImportedReport {
    throw new Error('advisory import is not available in this build');
  }

  exports(_input: { id: number; title: string; description: string; answers: Answers; received: Date }): ReportExports {
    throw new Error('advisory export is not available in this build');
  }

  models(): ModelSummary[] {
    return this.loaded.map((m) => ({ id: m.metadata.id, title: m.metadata.title }));
  }

  model(id: string): Record<string, unknown> | undefined {
    // Only ids of loaded models: a URL must never make the loader read a file.
    const m = this.loaded.find((x) => x.metadata.id === id);
    return m ? { title: m.metadata.title, ...m } : undefined;
  }

  async diagram(_id: string, _tenancy: string): Promise<string | undefined> {
    return undefined;
  }
}
