/**
 * The process clocks (reference §2): respond within 3 working days, disclose within 90 days, optional embargo.
 * Working days skip Saturdays and Sundays (UTC); public holidays differ per team member and are not modelled.
 */
import { isClosed, type Status } from './workflow.js';

export const ACK_WORKING_DAYS = 3;
export const DISCLOSE_DAYS = 90;
const DAY = 86_400_000;

/** Adds working days (Mon–Fri, UTC) to an instant, keeping the time of day. */
export function addWorkingDays(start: Date, days: number): Date {
  const d = new Date(start.getTime());
  let left = days;
  while (left > 0) {
    d.setTime(d.getTime() + DAY);
    const wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6) left -= 1;
  }
  return d;
}

export interface ClockState {
  label: string;
  due: string;
  /** done: the step happened; overdue: past due and not done; running: still within the deadline. */
  state: 'done' | 'overdue' | 'running' | 'not-applicable';
  note: string;
  /** When the step happened (ISO), shown after the note in the page's one time format. */
  at?: string;
}

export interface ReportClocks {
  acknowledge: ClockState;
  disclose: ClockState;
  embargo: ClockState;
  overdue: boolean;
}

export function computeClocks(
  r: { status: Status; receivedAt: string; acknowledgedAt: string | null; embargoUntil: string | null; disclosedAt: string | null },
  now = new Date(),
): ReportClocks {
  const received = new Date(r.receivedAt);
  const ackDue = addWorkingDays(received, ACK_WORKING_DAYS);
  const acknowledge: ClockState = r.acknowledgedAt
    ? { label: 'Acknowledge', due: ackDue.toISOString(), state: 'done', note: 'acknowledged', at: r.acknowledgedAt }
    : {
        label: 'Acknowledge',
        due: ackDue.toISOString(),
        state: now > ackDue ? 'overdue' : 'running',
        note: `respond within ${ACK_WORKING_DAYS} working days of receipt`,
      };
  const discloseDue = new Date(received.getTime() + DISCLOSE_DAYS * DAY);
  let disclose: ClockState;
  if (r.status === 'disclosed') {
    disclose = { label: 'Disclose', due: discloseDue.toISOString(), state: 'done', note: 'disclosed', ...(r.disclosedAt ? { at: r.disclosedAt } : {}) };
  } else if (isClosed(r.status)) {
    disclose = { label: 'Disclose', due: discloseDue.toISOString(), state: 'not-applicable', note: 'declined: nothing to disclose' };
  } else {
    disclose = {
      label: 'Disclose',
      due: discloseDue.toISOString(),
      state: now > discloseDue ? 'overdue' : 'running',
      note: `${DISCLOSE_DAYS}-day disclosure timeline`,
    };
  }
  const embargo: ClockState = r.embargoUntil
    ? {
        label: 'Embargo',
        due: r.embargoUntil,
        state: now >= new Date(r.embargoUntil) ? 'done' : 'running',
        note: 'no public disclosure before the embargo ends',
      }
    : { label: 'Embargo', due: '', state: 'not-applicable', note: 'no embargo' };
  return { acknowledge, disclose, embargo, overdue: acknowledge.state === 'overdue' || disclose.state === 'overdue' };
}

/** Disclosure must wait for the embargo to end. */
export function embargoBlocks(embargoUntil: string | null, now = new Date()): boolean {
  return embargoUntil !== null && now < new Date(embargoUntil);
}
