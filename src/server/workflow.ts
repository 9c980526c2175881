/**
 * The report workflow from Knative's disclosure process (reference §2): a report is acknowledged (triaged),
 * then accepted as a vulnerability or declined under the threat model; an accepted one is fixed, then disclosed.
 * The server refuses any other move.
 */
export const STATUSES = ['new', 'triaged', 'accepted', 'declined', 'fixed', 'disclosed'] as const;
export type Status = (typeof STATUSES)[number];

export const TRANSITIONS: Readonly<Record<Status, readonly Status[]>> = {
  new: ['triaged'],
  triaged: ['accepted', 'declined'],
  accepted: ['fixed'],
  declined: [],
  fixed: ['disclosed'],
  disclosed: [],
};

/** What the button that makes each move says. */
export const TRANSITION_LABELS: Readonly<Record<Status, string>> = {
  new: 'Reopen',
  triaged: 'Acknowledge (mark triaged)',
  accepted: 'Accept as a vulnerability',
  declined: 'Decline (not a vulnerability)',
  fixed: 'Mark fixed',
  disclosed: 'Mark disclosed',
};

export function isStatus(value: string): value is Status {
  return (STATUSES as readonly string[]).includes(value);
}

export function canMove(from: Status, to: Status): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Closed reports no longer run the disclosure clock. */
export function isClosed(status: Status): boolean {
  return status === 'declined' || status === 'disclosed';
}

/**
 * Statuses that say "this is a vulnerability": accepting, fixing and disclosing all need the threat model to agree.
 * A `needs-info` report must get its missing facts first (or be declined); a report every model calls
 * `not-a-vulnerability` is declined, not accepted. One model suffices: the 2021 and 2025 models may disagree
 * while the team moves from one to the other.
 */
export const VULNERABILITY_TRACK: readonly Status[] = ['accepted', 'fixed', 'disclosed'];

/** What the gate needs to know of each model's decision (a subset of the triage port's ModelOutcome). */
export interface VerdictSummary {
  model: string;
  verdict: string;
  reason?: string;
  /** For needs-info: the facts (report field paths) still open. */
  missing?: string[];
}

/** The current decision on a report, or why there is none (answers the engine refused). */
export interface Judgement {
  outcomes?: readonly VerdictSummary[];
  problem?: string;
}

/**
 * Why a report may not move to `to`, or undefined when it may. Only moves into the vulnerability track are gated;
 * `triaged` and `declined` need no verdict (a team may decline a report whose reporter never answers).
 */
export function verdictProblem(to: Status, judgement: Judgement): string | undefined {
  if (!VULNERABILITY_TRACK.includes(to)) return undefined;
  const outcomes = judgement.outcomes ?? [];
  if (outcomes.some((o) => o.verdict === 'vulnerability')) return undefined;
  if (outcomes.length === 0) {
    return `cannot mark ${to}: the answers cannot be judged${judgement.problem ? ` (${judgement.problem})` : ''}; correct them first`;
  }
  const each = outcomes.map((o) => {
    if (o.verdict === 'needs-info') {
      return o.missing?.length ? `${o.model}: needs-info, missing ${o.missing.join(', ')}` : `${o.model}: needs-info`;
    }
    return `${o.model}: ${o.verdict}${o.reason ? ` (${o.reason})` : ''}`;
  });
  const missing = outcomes.some((o) => o.verdict === 'needs-info');
  const advice = missing ? 'answer the missing facts (ask the reporter) or decline the report' : 'decline the report instead';
  return `cannot mark ${to}: no model calls this report a vulnerability (${each.join('; ')}); ${advice}`;
}
