/**
 * Accounts and roles. reporter: files reports and sees only their own; triager: every report, audits, models;
 * admin: everything a triager can do, plus accounts and the full change log.
 */
import type { Db } from './db.js';
import { appendLog, SYSTEM_ACTOR, type Actor } from './audit-log.js';
import { generatePassword, hashPassword, passwordProblem, type ScryptParams, SCRYPT_PARAMS } from './passwords.js';

export const ROLES = ['reporter', 'triager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: number;
  username: string;
  role: Role;
  mustChangePassword: boolean;
  disabled: boolean;
  createdAt: string;
}

interface UserRow {
  id: number;
  username: string;
  role: Role;
  password_hash: string;
  must_change_password: number;
  disabled: number;
  created_at: string;
}

function toUser(r: UserRow): User {
  return {
    id: r.id,
    username: r.username,
    role: r.role,
    mustChangePassword: r.must_change_password === 1,
    disabled: r.disabled === 1,
    createdAt: r.created_at,
  };
}

export function actorOf(user: User): Actor {
  return { id: user.id, username: user.username };
}

/** Triagers and admins see every report; reporters only their own. */
export function seesAllReports(user: User): boolean {
  return user.role === 'triager' || user.role === 'admin';
}

export function usernameProblem(username: string): string | undefined {
  return /^[A-Za-z0-9][A-Za-z0-9._@-]{1,62}$/.test(username)
    ? undefined
    : 'must be 2–63 letters, digits, dots, dashes, underscores or @';
}

export function getUser(db: Db, id: number): User | undefined {
  const row = db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
  return row && toUser(row);
}

export function findCredentials(db: Db, username: string): { user: User; passwordHash: string } | undefined {
  const row = db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
  return row && { user: toUser(row), passwordHash: row.password_hash };
}

export function listUsers(db: Db): User[] {
  return (db.prepare('SELECT * FROM users ORDER BY username').all() as UserRow[]).map(toUser);
}

export function countUsers(db: Db): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
}

export async function createUser(
  db: Db,
  actor: Actor,
  input: { username: string; role: Role; password: string; mustChangePassword: boolean },
  params: ScryptParams = SCRYPT_PARAMS,
): Promise<User> {
  const hash = await hashPassword(input.password, params);
  const now = new Date().toISOString();
  return db.transaction(() => {
    const info = db
      .prepare(
        'INSERT INTO users (username, role, password_hash, must_change_password, created_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(input.username, input.role, hash, input.mustChangePassword ? 1 : 0, now);
    const user = getUser(db, Number(info.lastInsertRowid))!;
    // The log never holds a password or its hash.
    appendLog(db, actor, 'create', 'user', user.id, null, { username: user.username, role: user.role });
    return user;
  })();
}

/** First run: an admin with a random one-time password that must be changed at first login. */
export async function ensureAdmin(
  db: Db,
  params: ScryptParams = SCRYPT_PARAMS,
): Promise<{ username: string; password: string } | undefined> {
  if (countUsers(db) > 0) return undefined;
  const password = generatePassword();
  await createUser(db, SYSTEM_ACTOR, { username: 'admin', role: 'admin', password, mustChangePassword: true }, params);
  return { username: 'admin', password };
}

export async function setPassword(
  db: Db,
  actor: Actor,
  userId: number,
  password: string,
  mustChange: boolean,
  params: ScryptParams = SCRYPT_PARAMS,
): Promise<void> {
  const problem = passwordProblem(password);
  if (problem) throw new Error(`password ${problem}`);
  const hash = await hashPassword(password, params);
  db.transaction(() => {
    db.prepare('UPDATE users SET password_hash = ?, must_change_password = ? WHERE id = ?').run(
      hash,
      mustChange ? 1 : 0,
      userId,
    );
    // A password change ends every other session of that account (ASVS V3.3.3).
    db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId);
    appendLog(db, actor, 'set-password', 'user', userId, null, { mustChangePassword: mustChange });
  })();
}

export function updateUser(db: Db, actor: Actor, userId: number, change: { role?: Role; disabled?: boolean }): User {
  return db.transaction(() => {
    const before = getUser(db, userId);
    if (!before) throw new Error('no such user');
    const role = change.role ?? before.role;
    const disabled = change.disabled ?? before.disabled;
    db.prepare('UPDATE users SET role = ?, disabled = ? WHERE id = ?').run(role, disabled ? 1 : 0, userId);
    // A role change or a disabled account takes effect now, not at the next login.
    db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId);
    const after = getUser(db, userId)!;
    appendLog(db, actor, 'update', 'user', userId, { role: before.role, disabled: before.disabled }, {
      role: after.role,
      disabled: after.disabled,
    });
    return after;
  })();
}
