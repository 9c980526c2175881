/** The reply to the reporter: the rationale, what happens next and when, in plain words. */
import type { TriageOutput, TriageResult } from '../triage/engine.js';

export function renderReply(output: TriageOutput, result: TriageResult = output.results[0]): string {
  const t = result.timeline;
  const next =
    result.verdict === 'vulnerability'
      ? `We will open a GitHub Security Advisory and aim to disclose a fix by ${t.discloseBy}, following our 90-day disclosure timeline.` +
        (result.embargo.recommended ? ' Because of its severity, the fix will first be shared with our early-disclosure list under embargo.' : '')
      : result.verdict === 'needs-info'
        ? 'Once we have your answers we will complete the assessment; the 90-day disclosure clock runs from the day we received the report.'
        : 'This ends the private disclosure process; you are welcome to open a public issue or pull request.';
  return [
    `Subject: Re: ${output.report.metadata.title}`,
    '',
    'Hello,',
    '',
    result.rationale,
    '',
    next,
    '',
    `(Assessed under ${result.modelTitle}; clauses: ${result.trace.join(', ') || 'none'}.)`,
    '',
    'The Knative security team',
  ].join('\n');
}
