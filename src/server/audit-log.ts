/**
 * The append-only change log. Every write path calls `appendLog` inside the same transaction as the change,
 * so a change and its record commit together or not at all. The table's triggers refuse UPDATE and DELETE.
 */
import type { Db } from './db.js';

export interface Actor {
  id: number | null;
  username: string;
}

export const SYSTEM_ACTOR: Actor = { id: null, username: 'system' };

export interface LogEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: number | null;
  before: unknown;
  after: unknown;
}

export function appendLog(
  db: Db,
  actor: Actor,
  action: string,
  entity: string,
  entityId: number | null,
  before: unknown,
  after: unknown,
  at = new Date(),
): void {
  db.prepare(
    `INSERT INTO audit_log (at, actor_id, actor, action, entity, entity_id, before, after)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    at.toISOString(),
    actor.id,
    actor.username,
    action,
    entity,
    entityId,
    before === undefined ? null : JSON.stringify(before),
    after === undefined ? null : JSON.stringify(after),
  );
}

interface LogRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: number | null;
  before: string | null;
  after: string | null;
}

function toEntry(r: LogRow): LogEntry {
  return {
    id: r.id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    before: r.before === null ? null : JSON.parse(r.before),
    after: r.after === null ? null : JSON.parse(r.after),
  };
}

export function listLog(db: Db, filter: { entity?: string; entityId?: number; limit?: number } = {}): LogEntry[] {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (filter.entity) {
    where.push('entity = ?');
    args.push(filter.entity);
  }
  if (filter.entityId !== undefined) {
    where.push('entity_id = ?');
    args.push(filter.entityId);
  }
  const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
  return (db.prepare(sql).all(...args, filter.limit ?? 500) as LogRow[]).map(toEntry);
}
