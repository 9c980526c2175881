/**
 * Server-side sessions. The cookie carries a random 256-bit token; the store keeps only its SHA-256, with a
 * per-session CSRF synchronizer token, and enforces an idle and an absolute timeout. Visitors who have not logged
 * in have no row at all (PreLoginTokens); logging in always issues a new token (no fixation).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from './db.js';
import { getUser, type User } from './accounts.js';

export interface SessionPolicy {
  /** Milliseconds without a request after which the session ends. */
  idleMs: number;
  /** Milliseconds after login after which the session ends regardless of activity. */
  absoluteMs: number;
}

/** 30 minutes idle, 8 hours absolute (ASVS V3.3.2 level 2 asks for re-authentication within 12 hours and 30 minutes idle). */
export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 30 * 60_000, absoluteMs: 8 * 3600_000 };

export interface Session {
  tokenHash: string;
  csrfToken: string;
  user: User | undefined;
  createdAt: number;
}

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export function newSession(db: Db, userId: number | null, now = Date.now()): { token: string; session: Session } {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const tokenHash = hashToken(token);
  db.prepare('INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)').run(
    tokenHash,
    userId,
    csrfToken,
    now,
    now,
  );
  return {
    token,
    session: { tokenHash, csrfToken, user: userId === null ? undefined : getUser(db, userId), createdAt: now },
  };
}

/** Finds a live session for a cookie token; ends it if it has timed out or its account is disabled. */
export function findSession(
  db: Db,
  token: string | undefined,
  policy: SessionPolicy,
  now = Date.now(),
  onTouchFailure?: (err: unknown) => void,
): Session | undefined {
  if (!token || token.length > 100) return undefined;
  const tokenHash = hashToken(token);
  const row = db.prepare('SELECT * FROM sessions WHERE token_hash = ?').get(tokenHash) as
    | { token_hash: string; user_id: number | null; csrf_token: string; created_at: number; last_seen_at: number }
    | undefined;
  if (!row) return undefined;
  const user = row.user_id === null ? undefined : getUser(db, row.user_id);
  const expired = now - row.last_seen_at > policy.idleMs || now - row.created_at > policy.absoluteMs;
  if (expired || (row.user_id !== null && (!user || user.disabled))) {
    try {
      db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
    } catch (err) {
      onTouchFailure?.(err); // refused all the same; the sweep removes the row later
    }
    return undefined;
  }
  // Only write when it matters (once a minute) so that reads do not turn into writes on every request.
  if (now - row.last_seen_at > 60_000) {
    try {
      db.prepare('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?').run(now, tokenHash);
    } catch (err) {
      // A full or read-only disk must not lock readers out: the session only looks idle a little longer.
      onTouchFailure?.(err);
    }
  }
  return { tokenHash, csrfToken: row.csrf_token, user, createdAt: row.created_at };
}

export function endSession(db: Db, tokenHash: string): void {
  db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
}

/** Drops sessions past either timeout (called now and then; lookups also refuse them). */
export function pruneSessions(db: Db, policy: SessionPolicy, now = Date.now()): void {
  db.prepare('DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?').run(now - policy.idleMs, now - policy.absoluteMs);
}

export function csrfMatches(session: Session, presented: string | undefined): boolean {
  return tokensMatch(session.csrfToken, presented);
}

/**
 * The login form's CSRF token without a database row: anyone may load /login, so nothing they do may grow the
 * store (or fail when the disk is full). The browser holds a signed, HttpOnly cookie `issuedAt.nonce.mac`; the
 * token in the form is derived from the nonce with the server's key. A new key per process: a restart only asks
 * a visitor to reload the login page.
 */
export class PreLoginTokens {
  private readonly key = randomBytes(32);

  constructor(private readonly maxAgeMs: number) {}

  /** A new cookie value and the form token that goes with it. */
  issue(now = Date.now()): { cookie: string; csrf: string } {
    const payload = `${now}.${randomBytes(18).toString('base64url')}`;
    return { cookie: `${payload}.${this.mac(`cookie:${payload}`)}`, csrf: this.mac(`csrf:${payload}`) };
  }

  /** The form token for a cookie this process issued and that has not expired; undefined otherwise. */
  csrfFor(cookie: string | undefined, now = Date.now()): string | undefined {
    if (!cookie || cookie.length > 200) return undefined;
    const parts = cookie.split('.');
    if (parts.length !== 3) return undefined;
    const payload = `${parts[0]}.${parts[1]}`;
    const issuedAt = Number(parts[0]);
    if (!Number.isSafeInteger(issuedAt) || now - issuedAt > this.maxAgeMs || issuedAt > now + 60_000) return undefined;
    const expected = Buffer.from(this.mac(`cookie:${payload}`));
    const given = Buffer.from(parts[2]);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    return this.mac(`csrf:${payload}`);
  }

  private mac(text: string): string {
    return createHmac('sha256', this.key).update(text).digest('base64url');
  }
}

/** Compares a presented CSRF token with the expected one in constant time. */
export function tokensMatch(expected: string, presented: string | undefined): boolean {
  if (!presented) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}
