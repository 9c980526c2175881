/**
 * Login throttling, per client address and per account name. After `freeAttempts` failures in a row, each further
 * failure locks the key out for an exponentially growing time (1 s, 2 s, 4 s … capped), so guessing slows to a crawl
 * while a user who mistypes twice is not bothered. A success clears the account's record only: an attacker
 * who owns one account must not be able to reset their address's count by logging into it.
 */
export interface LimiterPolicy {
  freeAttempts: number;
  baseLockMs: number;
  maxLockMs: number;
  /** A quiet key is forgotten after this long. */
  forgetMs: number;
}

/** Per account: a handful of mistakes, then 1 s, 2 s, 4 s … up to 15 minutes. */
export const DEFAULT_ACCOUNT_POLICY: LimiterPolicy = {
  freeAttempts: 5,
  baseLockMs: 1000,
  maxLockMs: 15 * 60_000,
  forgetMs: 60 * 60_000,
};

/** Per client address: more room (a team may share one address), the same growth once it is used up. */
export const DEFAULT_ADDRESS_POLICY: LimiterPolicy = {
  freeAttempts: 20,
  baseLockMs: 1000,
  maxLockMs: 15 * 60_000,
  forgetMs: 60 * 60_000,
};

interface Entry {
  failures: number;
  lockedUntil: number;
  lastFailure: number;
}

export class LoginLimiter {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly policy: LimiterPolicy = DEFAULT_ACCOUNT_POLICY) {}

  /** Milliseconds the caller must wait before another attempt for any of these keys (0 = go ahead). */
  retryAfter(keys: string[], now = Date.now()): number {
    let wait = 0;
    for (const key of keys) {
      const e = this.entries.get(key);
      if (!e) continue;
      if (now - e.lastFailure > this.policy.forgetMs) {
        this.entries.delete(key);
        continue;
      }
      wait = Math.max(wait, e.lockedUntil - now);
    }
    return Math.max(0, wait);
  }

  recordFailure(keys: string[], now = Date.now()): void {
    for (const key of keys) {
      const e = this.entries.get(key) ?? { failures: 0, lockedUntil: 0, lastFailure: now };
      e.failures += 1;
      e.lastFailure = now;
      const over = e.failures - this.policy.freeAttempts;
      if (over >= 0) e.lockedUntil = now + Math.min(this.policy.maxLockMs, this.policy.baseLockMs * 2 ** over);
      this.entries.set(key, e);
    }
    // Bound memory against a flood of distinct names: forget the oldest when the table grows large.
    if (this.entries.size > 10_000) {
      const oldest = [...this.entries.entries()].sort((a, b) => a[1].lastFailure - b[1].lastFailure).slice(0, 1000);
      for (const [k] of oldest) this.entries.delete(k);
    }
  }

  recordSuccess(keys: string[]): void {
    for (const key of keys) this.entries.delete(key);
  }
}

/** Both limits together: an attempt waits for whichever of its address and account is locked longer. */
export class LoginThrottle {
  readonly byAddress: LoginLimiter;
  readonly byAccount: LoginLimiter;

  constructor(address: LimiterPolicy = DEFAULT_ADDRESS_POLICY, account: LimiterPolicy = DEFAULT_ACCOUNT_POLICY) {
    this.byAddress = new LoginLimiter(address);
    this.byAccount = new LoginLimiter(account);
  }

  retryAfter(address: string, username: string, now = Date.now()): number {
    return Math.max(this.byAddress.retryAfter([address], now), this.byAccount.retryAfter([accountKey(username)], now));
  }

  recordFailure(address: string, username: string, now = Date.now()): void {
    this.byAddress.recordFailure([address], now);
    this.byAccount.recordFailure([accountKey(username)], now);
  }

  /** Clears the account only (see LoginLimiter). */
  recordSuccess(username: string): void {
    this.byAccount.recordSuccess([accountKey(username)]);
  }
}

export const accountKey = (username: string): string => `user:${username.toLowerCase()}`;
