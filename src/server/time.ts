/**
 * The one way the workbench shows an instant to people: `2026-11-27 09:29 UTC`. Stored values stay ISO 8601
 * (sortable, exact); only what pages and messages show goes through here, so a page never mixes formats.
 */

/** ISO 8601 instants as the store writes them (`toISOString()`), with or without milliseconds. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/;

export function isIsoInstant(value: string): boolean {
  return ISO_INSTANT.test(value);
}

/** `YYYY-MM-DD HH:MM UTC`; minutes are precise enough for the 3-day and 90-day clocks. */
export function formatUtc(instant: string | Date | null | undefined): string {
  if (instant === null || instant === undefined || instant === '') return '—';
  const d = typeof instant === 'string' ? new Date(instant) : instant;
  // Something that is not an instant is shown as it is rather than hidden.
  if (Number.isNaN(d.getTime())) return String(instant);
  const iso = d.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
