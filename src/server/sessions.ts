/**
 * Server-side sessions. The cookie carries a random 256-bit token; the store keeps only its SHA-256, with a
 * per-session CSRF synchronizer token, and enforces an idle and an absolute timeout. Anonymous sessions exist
 * only to carry the CSRF token of the login form; logging in always issues a new token (no fixation).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
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
export function findSession(db: Db, token: string | undefined, policy: SessionPolicy, now = Date.now()): Session | undefined {
  if (!token || token.length > 100) return undefined;
  const tokenHash = hashToken(token);
  const row = db.prepare('SELECT * FROM sessions WHERE token_hash = ?').get(tokenHash) as
    | { token_hash: string; user_id: number | null; csrf_token: string; created_at: number; last_seen_at: number }
    | undefined;
  if (!row) return undefined;
  const user = row.user_id === null ? undefined : getUser(db, row.user_id);
  const expired = now - row.last_seen_at > policy.idleMs || now - row.created_at > policy.absoluteMs;
  if (expired || (row.user_id !== null && (!user || user.disabled))) {
    db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
    return undefined;
  }
  // Only write when it matters (once a minute) so that reads do not turn into writes on every request.
  if (now - row.last_seen_at > 60_000) {
    db.prepare('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?').run(now, tokenHash);
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
  if (!presented) return false;
  const a = Buffer.from(session.csrfToken);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}
