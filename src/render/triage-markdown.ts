/** `ktm triage --format md`: a triage note for a security advisory or an issue, one section per model. */
import type { TriageOutput } from '../triage/engine.js';
import { cvssWords, severityWords } from './triage-words.js';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderMarkdown(output: TriageOutput): string {
  const m = output.report.metadata;
  const out: string[] = [`# Triage: ${m.title}`, ''];
  if (m.id) out.push(`Report: ${m.id}`, '');
  out.push('| model | verdict | severity | priority | CVSS | embargo |', '|---|---|---|---|---|---|');
  for (const r of output.results) {
    const cvss = r.cvss ? (r.verdict === 'vulnerability' ? `${r.cvss.score} \`${r.cvss.vector}\`` : `— (${cell(cvssWords(r, r.cvss))})`) : '—';
    out.push(
      `| ${r.model} | ${r.verdict}${r.reason ? ` (${r.reason})` : ''} | ${severityWords(r)} | ${r.priority} | ${cvss} | ${r.embargo.recommended ? 'recommended' : 'no'} |`,
    );
  }
  for (const r of output.results) {
    out.push('', `## ${r.modelTitle} (${r.model})`, '', r.rationale, '');
    // Only a vulnerability's score is a severity; otherwise it is the score the facts would have, and says so.
    if (r.cvss4 && r.cvss4 !== r.cvss) out.push(`CVSS 4.0: ${r.verdict === 'vulnerability' ? `${r.cvss4.score} \`${r.cvss4.vector}\`` : cvssWords(r, r.cvss4)}`, '');
    out.push(
      `Timeline: received ${r.timeline.received}, acknowledge by ${r.timeline.acknowledgeBy}` +
        (r.timeline.discloseBy ? `, disclose by ${r.timeline.discloseBy}.` : '.'),
      '',
    );
    if (r.steps.length > 0) {
      out.push('| clause | rule | finding |', '|---|---|---|');
      for (const s of r.steps) out.push(`| \`${s.clause}\` | ${s.rule || '—'} | ${cell(s.finding)} |`);
      out.push('');
    }
    for (const n of r.notes) out.push(`> Note: ${n}`, '');
    if (r.questions.length > 0) {
      out.push('Questions for the reporter:', '');
      for (const q of r.questions) out.push(`- ${q.prompt}`);
      out.push('');
    }
  }
  return out.join('\n').trimEnd() + '\n';
}
