/**
 * Disclosure timeline (reference §2): respond within 3 working days; disclose within 90 days.
 * Dates are calendar dates (YYYY-MM-DD, UTC); working days skip Saturdays and Sundays (public holidays differ
 * by country and are not modelled).
 */
export interface Timeline {
  received: string;
  acknowledgeBy: string;
  /** Absent (null) when the report is not a vulnerability: the process ends once the reporter is told. */
  discloseBy: string | null;
}

export const ACK_WORKING_DAYS = 3;
export const DISCLOSURE_DAYS = 90;

export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function utcDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

export function addWorkingDays(from: Date, days: number): Date {
  const d = utcDay(from);
  let left = days;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    const dow = d.getUTCDay();
    if (dow !== 0 && dow !== 6) left--;
  }
  return d;
}

export function computeTimeline(received: Date, disclose: boolean): Timeline {
  const r = utcDay(received);
  const discloseBy = new Date(r);
  discloseBy.setUTCDate(discloseBy.getUTCDate() + DISCLOSURE_DAYS);
  return {
    received: isoDate(r),
    acknowledgeBy: isoDate(addWorkingDays(r, ACK_WORKING_DAYS)),
    discloseBy: disclose ? isoDate(discloseBy) : null,
  };
}
