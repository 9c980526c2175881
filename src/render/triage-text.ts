/** `ktm triage` text output, for people: one block per model. */
import type { TriageOutput, TriageResult } from '../triage/engine.js';
import { cvssWords, severityWords } from './triage-words.js';

function block(r: TriageResult): string {
  const lines = [
    `${r.model} — ${r.modelTitle}`,
    `  verdict:    ${r.verdict}${r.reason ? ` (${r.reason})` : ''}`,
    `  severity:   ${severityWords(r)}`,
    `  priority:   ${r.priority}`,
  ];
  if (r.cvss) lines.push(`  cvss:       ${cvssWords(r, r.cvss)}`);
  if (r.cvss4 && r.cvss4 !== r.cvss) lines.push(`  cvss 4.0:   ${cvssWords(r, r.cvss4)}`);
  lines.push(`  embargo:    ${r.embargo.recommended ? 'recommended' : 'no'} — ${r.embargo.reason}`);
  lines.push(`  timeline:   received ${r.timeline.received}, acknowledge by ${r.timeline.acknowledgeBy}` + (r.timeline.discloseBy ? `, disclose by ${r.timeline.discloseBy}` : ''));
  lines.push('  trace:');
  for (const s of r.steps) lines.push(`    - ${s.clause}${s.rule ? ` [${s.rule}]` : ''}: ${s.finding}`);
  if (r.steps.length === 0) lines.push('    (no clause of the model decided this)');
  for (const n of r.notes) lines.push(`  note:       ${n}`);
  if (r.questions.length > 0) {
    lines.push('  questions for the reporter:');
    for (const q of r.questions) lines.push(`    - ${q.prompt} (${q.field})`);
  }
  lines.push('  rationale:', `    ${r.rationale}`);
  return lines.join('\n');
}

export function renderTriageText(output: TriageOutput): string {
  const head = `${output.report.metadata.id ? `${output.report.metadata.id}: ` : ''}${output.report.metadata.title}`;
  const proposals = output.proposals ?? [];
  const evidence =
    proposals.length > 0
      ? ['facts proposed from the evidence (confirm them, or answer with --interactive):', ...proposals.map((p) => `  - ${p.field} = ${JSON.stringify(p.value)} [${p.source}, ${p.confidence}]: ${p.evidence}`)].join('\n')
      : undefined;
  return [head, ...(evidence ? [evidence] : []), ...output.results.map(block)].join('\n\n');
}
