/**
 * Sheds load early: a request is refused (503 + Retry-After) when too many are in progress, or when it has waited
 * too long for the event loop. Every write is a synchronous fsync, so under a burst requests queue inside one long
 * turn of the loop where no in-flight counter sees them; the time since the loop last turned is how long the
 * request now being dispatched has waited at least.
 */
export class LoadShedder {
  private inFlight = 0;
  private lastTurn: number;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly maxInFlight: number,
    private readonly maxQueueMs: number,
    private readonly now: () => number,
  ) {
    this.lastTurn = now();
  }

  /** Starts noting each turn of the event loop (a short timer; does not keep the process alive). */
  start(): void {
    this.timer = setInterval(() => this.turned(), 20);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** The event loop came round: requests dispatched from now on have not waited behind a long turn. */
  turned(): void {
    this.lastTurn = this.now();
  }

  /** Whether to handle a request now; when true, call done() once it has ended. */
  admit(): boolean {
    if (this.inFlight >= this.maxInFlight || this.now() - this.lastTurn > this.maxQueueMs) return false;
    this.inFlight++;
    return true;
  }

  done(): void {
    this.inFlight--;
  }
}
