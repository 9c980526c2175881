/**
 * Report pages: the queue, the questionnaire form (with live preview under both models), and the report page
 * (verdicts, clocks, workflow, embargo, comments, exports, history).
 */
import { html, pathSegment, type SafeHtml } from '../html.js';
import type { Comment, Report } from '../reports.js';
import type { ReportClocks, ClockState } from '../clocks.js';
import type { Answers, ModelOutcome, Question } from '../triage-port.js';
import { TRANSITIONS, TRANSITION_LABELS, STATUSES, verdictProblem } from '../workflow.js';
import type { LogEntry } from '../audit-log.js';
import { csrfField, errorBox, layout, when, type PageContext } from './layout.js';
import { isIsoInstant } from '../time.js';

export interface QueueRow {
  report: Report;
  clocks: ReportClocks;
  outcomes: ModelOutcome[] | undefined;
}

export function queuePage(ctx: PageContext, rows: QueueRow[], statusFilter: string): SafeHtml {
  const filters = ['all', ...STATUSES].map(
    (s) => html`<a href="/?status=${s}" class="${s === statusFilter ? 'chip active' : 'chip'}">${s}</a>`,
  );
  const models = rows[0]?.outcomes?.map((o) => o.model) ?? [];
  const body = rows.length
    ? html`<table class="queue">
<thead><tr><th>#</th><th>Title</th><th>Reporter</th><th>Status</th>${models.map((m) => html`<th>${m}</th>`)}<th>Received</th><th>Acknowledge by</th><th>Disclose by</th></tr></thead>
<tbody>
${rows.map(
  ({ report: r, clocks, outcomes }) => html`<tr class="${clocks.overdue ? 'overdue' : ''}" data-report-id="${r.id}">
<td>${r.id}</td>
<td><a href="/reports/${pathSegment(r.id)}">${r.title}</a>${clocks.overdue ? html` <span class="badge overdue">overdue</span>` : ''}</td>
<td>${r.owner}</td>
<td><span class="status status-${r.status}">${r.status}</span></td>
${(outcomes ?? models.map(() => undefined)).map((o) => html`<td>${o ? html`<span class="verdict verdict-${o.verdict}">${o.verdict}</span> <span class="severity severity-${o.severity}">${o.severity}</span>` : '—'}</td>`)}
<td>${when(r.receivedAt)}</td>
<td class="clock-${clocks.acknowledge.state}">${clockCell(clocks.acknowledge)}</td>
<td class="clock-${clocks.disclose.state}">${clockCell(clocks.disclose)}</td>
</tr>`,
)}
</tbody></table>`
    : html`<p>No reports${statusFilter !== 'all' ? html` with status ${statusFilter}` : ''} yet. <a href="/reports/new">File one</a>.</p>`;
  return layout('Triage queue', ctx, html`<p class="filters">${filters}</p>${body}`);
}

function clockCell(c: ClockState): SafeHtml {
  if (c.state === 'not-applicable') return html`—`;
  return html`${when(c.due)} <span class="clock">${c.state}</span>`;
}

/**
 * The questionnaire, in plain words; answers pre-filled. Field names are `q.<question id>`. Choices that carry a group
 * (the components: Serving, Networking, …) are listed under their group's heading, in the order the groups first
 * appear, with a filter box (app.js hides the choices that do not match; without script every choice stays shown).
 */
export function questionFields(questions: Question[], answers: Answers): SafeHtml {
  return html`${questions.map((q) => {
    const chosen = new Set(([] as string[]).concat(answers[q.id] ?? []));
    const name = `q.${q.id}`;
    const choice = (c: Question['choices'][number]) =>
      html`<label class="choice"><input type="${q.multiple ? 'checkbox' : 'radio'}" name="${name}" value="${c.value}"${chosen.has(c.value) ? html` checked` : ''}> ${c.label}</label>`;
    const groups = choiceGroups(q.choices);
    return html`<fieldset class="question${groups ? ' grouped' : ''}" data-question="${q.id}">
<legend>${q.prompt}${q.required ? '' : html` <span class="optional">(optional)</span>`}</legend>
${q.help ? html`<p class="help">${q.help}</p>` : ''}
${q.multiple ? html`<input type="hidden" name="${name}" value="">` : ''}
${groups
  ? html`<label class="choice-filter">Filter the ${q.choices.length} choices <input type="search" data-filter-choices autocomplete="off" placeholder="e.g. activator, broker, gateway"></label>
<p class="muted no-match" hidden>No choice matches the filter.</p>
${groups.map(([group, list]) => html`<div class="choice-group" data-group="${group}"><h3>${group}</h3>${list.map(choice)}</div>`)}`
  : q.choices.map(choice)}
</fieldset>`;
  })}`;
}

/** Choices by group in order of first appearance; undefined when the question's choices carry no groups. */
function choiceGroups(choices: Question['choices']): [string, Question['choices']][] | undefined {
  if (!choices.some((c) => c.group)) return undefined;
  const groups = new Map<string, Question['choices']>();
  for (const c of choices) {
    const g = c.group ?? 'Other';
    let list = groups.get(g);
    if (!list) groups.set(g, (list = []));
    list.push(c);
  }
  return [...groups];
}

export function outcomeTable(outcomes: ModelOutcome[] | undefined, problem?: string): SafeHtml {
  if (!outcomes) return html`<p class="muted">${problem ?? 'Answer the questions to see the verdict.'}</p>`;
  return html`<table class="outcomes">
<thead><tr><th>Model</th><th>Verdict</th><th>Severity</th><th>CVSS</th><th>Why</th></tr></thead>
<tbody>${outcomes.map(
    (o) => html`<tr data-model="${o.model}">
<td data-label="Model">${o.model}</td>
<td data-label="Verdict"><span class="verdict verdict-${o.verdict}">${o.verdict}</span>${o.reason ? html`<br><span class="reason">${o.reason}</span>` : ''}</td>
<td data-label="Severity"><span class="severity severity-${o.severity}">${o.severity}</span></td>
<td data-label="CVSS">${o.cvss ? html`${o.cvss.score.toFixed(1)}<br><code>${o.cvss.vector}</code>` : '—'}</td>
<td data-label="Why"><ul class="rationale">${o.rationale.map((line) => html`<li>${line}</li>`)}</ul>${o.trace.length ? html`<p class="trace">clauses: ${o.trace.join(' → ')}</p>` : ''}</td>
</tr>`,
  )}</tbody></table>`;
}

export interface ReportFormState {
  title: string;
  description: string;
  answers: Answers;
  outcomes?: ModelOutcome[];
  problem?: string;
  error?: string;
  importText?: string;
  importKind?: string;
  importError?: string;
}

export function newReportPage(ctx: PageContext, questions: Question[], s: ReportFormState): SafeHtml {
  return layout(
    'New report',
    ctx,
    html`<div class="columns">
<form method="post" action="/reports" class="card triage-form" id="report-form">
  ${csrfField(ctx)}
  ${errorBox(s.error)}
  <label>Title <input name="title" required maxlength="300" value="${s.title}"></label>
  <label>What happened, and how to reproduce it <textarea name="description" rows="6" maxlength="20000">${s.description}</textarea></label>
  ${questionFields(questions, s.answers)}
  <button type="submit">File the report</button>
</form>
<aside class="card verdict-panel" id="verdict-panel">
  <h2>Verdict as you answer</h2>
  <div id="preview" aria-live="polite">${outcomeTable(s.outcomes, s.problem)}</div>
</aside>
</div>
<form method="post" action="/reports/import" class="card" id="import-form">
  <h2>Or paste an advisory</h2>
  ${csrfField(ctx)}
  ${errorBox(s.importError)}
  <label>Format <select name="kind">
    <option value="ghsa"${s.importKind === 'osv' ? '' : html` selected`}>GitHub Security Advisory (GHSA JSON)</option>
    <option value="osv"${s.importKind === 'osv' ? html` selected` : ''}>OSV JSON</option>
  </select></label>
  <label>Advisory JSON <textarea name="advisory" rows="8" maxlength="200000">${s.importText ?? ''}</textarea></label>
  <button type="submit">Import</button>
</form>`,
  );
}

export interface ReportView {
  report: Report;
  questions: Question[];
  outcomes?: ModelOutcome[];
  problem?: string;
  clocks: ReportClocks;
  comments: Comment[];
  history: LogEntry[];
  canEditAnswers: boolean;
  staff: boolean;
  error?: string;
}

export function reportPage(ctx: PageContext, v: ReportView): SafeHtml {
  const r = v.report;
  const base = `/reports/${pathSegment(r.id)}`;
  const moves = TRANSITIONS[r.status];
  // Moves the threat model does not support yet are shown disabled, with the reason (the server refuses them too).
  const gates = new Map(moves.flatMap((to) => {
    const why = verdictProblem(to, { outcomes: v.outcomes, problem: v.problem });
    return why ? [[to, why] as const] : [];
  }));
  return layout(
    `#${r.id} ${r.title}`,
    ctx,
    html`${errorBox(v.error)}
<p class="meta">Filed by <strong>${r.owner}</strong> on ${when(r.receivedAt)} via ${r.source} · status <span class="status status-${r.status}" id="status">${r.status}</span>${v.clocks.overdue ? html` <span class="badge overdue">overdue</span>` : ''}</p>
<section class="card">
  <h2>Verdict under each model</h2>
  <div id="verdicts">${outcomeTable(v.outcomes, v.problem)}</div>
</section>
<section class="card">
  <h2>Clocks</h2>
  <table class="clocks"><tbody>${[v.clocks.acknowledge, v.clocks.disclose, v.clocks.embargo].map(
    (c) => html`<tr class="clock-${c.state}"><th>${c.label}</th><td>${c.due ? when(c.due) : '—'}</td><td>${c.state}</td><td>${c.note}${c.at ? ` ${when(c.at)}` : ''}</td></tr>`,
  )}</tbody></table>
  ${v.staff && r.status !== 'disclosed' && r.status !== 'declined'
    ? html`<form method="post" action="${base}/embargo" class="inline-form">${csrfField(ctx)}
      <label>Embargo until (UTC date) <input type="date" name="until" value="${r.embargoUntil ? r.embargoUntil.slice(0, 10) : ''}"></label>
      <button type="submit">Set embargo</button> <span class="muted">(empty clears it)</span></form>`
    : ''}
</section>
${v.staff
  ? html`<section class="card">
  <h2>Workflow</h2>
  ${moves.length
    ? html`<form method="post" action="${base}/status" class="inline-form" id="workflow">${csrfField(ctx)}
      ${moves.map((to) => html`<button type="submit" name="to" value="${to}"${gates.has(to) ? html` disabled` : ''}>${TRANSITION_LABELS[to]}</button> `)}</form>
      ${[...gates.values()].map((why) => html`<p class="muted gate">${why}</p>`)}`
    : html`<p class="muted">No further steps: the report is ${r.status}.</p>`}
  <h3>Export</h3>
  <p class="exports"><a href="${base}/export/ghsa">GHSA draft (JSON)</a> · <a href="${base}/export/osv">OSV draft (JSON)</a> · <a href="${base}/export/markdown">Advisory (Markdown)</a> · <a href="${base}/export/reply">Reply to the reporter</a></p>
  <p class="exports">VEX: <a href="${base}/export/openvex">OpenVEX (JSON)</a> · <a href="${base}/export/csaf-vex">CSAF VEX (JSON)</a></p>
  <form method="get" action="${base}/export/cve5" class="inline-form exports"><label>CVE record (JSON 5) for <input name="cve" required placeholder="CVE-2024-12345" pattern="CVE-[0-9]{4}-[0-9]{4,19}" size="16"></label> <button type="submit">Export</button></form>
</section>`
  : ''}
<section class="card">
  <h2>Description</h2>
  <pre class="description">${r.description || '(none)'}</pre>
</section>
${v.canEditAnswers
  ? html`<section class="card"><details${r.status === 'new' ? html` open` : ''}><summary>Answers (change them to re-assess)</summary>
<form method="post" action="${base}/answers" class="triage-form" id="report-form">${csrfField(ctx)}
  <label>Title <input name="title" required maxlength="300" value="${r.title}"></label>
  <label>Description <textarea name="description" rows="5" maxlength="20000">${r.description}</textarea></label>
  ${questionFields(v.questions, r.answers)}
  <div id="preview" aria-live="polite"></div>
  <button type="submit">Save answers</button>
</form></details></section>`
  : html`<section class="card"><h2>Answers</h2><dl class="answers">${v.questions.map((q) => {
      const a = ([] as string[]).concat(r.answers[q.id] ?? []);
      const labels = a.map((x) => q.choices.find((c) => c.value === x)?.label ?? x);
      return html`<dt>${q.prompt}</dt><dd>${labels.length ? labels.join(', ') : '—'}</dd>`;
    })}</dl></section>`}
<section class="card">
  <h2>Comments</h2>
  <ol class="comments">${v.comments.map(
    (c) => html`<li><p class="meta">${c.author} · ${when(c.createdAt)}</p><pre class="comment-body">${c.body}</pre></li>`,
  )}</ol>
  <form method="post" action="${base}/comments">${csrfField(ctx)}
    <label>Add a comment <textarea name="body" rows="3" maxlength="20000" required></textarea></label>
    <button type="submit">Comment</button>
  </form>
</section>
${v.staff ? historySection(v.history) : ''}`,
  );
}

function historySection(history: LogEntry[]): SafeHtml {
  return html`<section class="card"><h2>History</h2><table class="log"><thead><tr><th>When</th><th>Who</th><th>What</th><th>Before</th><th>After</th></tr></thead>
<tbody>${history.map(
    (e) => html`<tr><td>${when(e.at)}</td><td>${e.actor}</td><td>${e.action}</td><td><code>${brief(e.before)}</code></td><td><code>${brief(e.after)}</code></td></tr>`,
  )}</tbody></table></section>`;
}

/** A short JSON view of a record; instants inside it are shown like every other time on the page. */
export function brief(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' && isIsoInstant(value)) return when(value);
  const s = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' && isIsoInstant(v) ? when(v) : v));
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
}

