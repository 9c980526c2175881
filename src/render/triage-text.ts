/** `ktm triage` text output, for people: one block per model. */
import type { TriageOutput, TriageResult } from '../triage/engine.js';

function block(r: TriageResult): string {
  const lines = [
    `${r.model} — ${r.modelTitle}`,
    `  verdict:    ${r.verdict}${r.reason ? ` (${r.reason})` : ''}`,
    `  severity:   ${r.severity}`,
    `  priority:   ${r.priority}`,
  ];
  if (r.cvss) lines.push(`  cvss:       ${r.cvss.score} ${r.cvss.vector}${r.cvss.derived ? ' (derived)' : ''}`);
  if (r.cvss4 && r.cvss4 !== r.cvss) lines.push(`  cvss 4.0:   ${r.cvss4.score} ${r.cvss4.vector}${r.cvss4.derived ? ' (derived)' : ''}`);
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
  return [head, ...output.results.map(block)].join('\n\n');
}
