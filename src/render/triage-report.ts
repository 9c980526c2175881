/**
 * `ktm triage --format report`: the facts as confirmed (from the file, the evidence, or the interactive answers),
 * written back as a VulnerabilityReport so the decision can be replayed with `ktm triage FILE`. Each fact that came
 * from evidence carries it as a comment; facts still open are listed at the top (a replay asks for them).
 */
import { stringify } from 'yaml';
import type { TriageOutput } from '../triage/engine.js';
import { completeSpec, missingFacts } from '../triage/questions.js';
import type { DraftReport } from '../triage/report.js';
import type { FactProposal } from '../triage/extract.js';

export function renderReportYaml(output: TriageOutput): string {
  const draft = output.report as DraftReport;
  const open = missingFacts(draft);
  const spec = open.length === 0 ? completeSpec(draft) : draft.spec;
  const { cvss, ...rest } = spec as Record<string, unknown>;
  const doc = {
    apiVersion: 'ktm/v1',
    kind: 'VulnerabilityReport',
    metadata: draft.metadata,
    spec: cvss ? { ...rest, cvss } : rest,
  };
  const head = [
    '# Written by ktm triage --format report: replay the decision with `ktm triage THIS-FILE`.',
    ...(open.length > 0 ? [`# Still open (a replay asks for them): ${open.join(', ')}`] : []),
    ...evidenceLines(output.proposals ?? []),
  ];
  return `${head.join('\n')}\n${stringify(doc, { lineWidth: 0 })}`;
}

function evidenceLines(proposals: FactProposal[]): string[] {
  if (proposals.length === 0) return [];
  return [
    '# Facts proposed from the evidence (field = value — source, confidence: evidence):',
    ...proposals.map((p) => `#   ${p.field} = ${JSON.stringify(p.value)} — ${p.source}, ${p.confidence}: ${p.evidence.replace(/\s+/g, ' ')}`),
  ];
}
