/**
 * Says the same problem once per interval: the first occurrence of a kind is logged in full, later ones within the
 * interval only counted, and the count is told with the next occurrence after it (or when the interval ends). A
 * full disk under load would otherwise write thousands of identical stack traces a second.
 */
export class LogLimiter {
  private readonly kinds = new Map<string, { since: number; suppressed: number; timer?: NodeJS.Timeout }>();

  constructor(
    private readonly log: (line: string) => void,
    private readonly intervalMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Logs `line` unless `kind` was logged less than an interval ago; then counts it. */
  report(kind: string, line: string): void {
    const t = this.now();
    const seen = this.kinds.get(kind);
    if (seen && t - seen.since < this.intervalMs) {
      seen.suppressed++;
      if (!seen.timer) {
        // Tell the count when the interval ends even if the problem does not come back.
        seen.timer = setTimeout(() => this.flush(kind), this.intervalMs - (t - seen.since));
        seen.timer.unref();
      }
      return;
    }
    if (seen) this.flush(kind);
    this.kinds.set(kind, { since: t, suppressed: 0 });
    this.log(line);
  }

  private flush(kind: string): void {
    const seen = this.kinds.get(kind);
    if (!seen) return;
    if (seen.timer) clearTimeout(seen.timer);
    seen.timer = undefined;
    if (seen.suppressed > 0) {
      this.log(`(${seen.suppressed} more of "${kind}" in ${Math.round(this.intervalMs / 1000)} s, not shown)`);
      seen.suppressed = 0;
    }
  }
}
