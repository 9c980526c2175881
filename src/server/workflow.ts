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
