import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { backupDb, migrate, openDb, type Db } from '../../src/server/db.js';
import { MIGRATIONS } from '../../src/server/migrations.js';
import { appendLog, listLog, SYSTEM_ACTOR } from '../../src/server/audit-log.js';
import { createUser } from '../../src/server/accounts.js';
import { addComment, createReport, getVisibleReport, listReports, moveReport, setEmbargo, WorkflowError } from '../../src/server/reports.js';
import { TEST_SCRYPT } from './helpers.js';
import type { Judgement } from '../../src/server/workflow.js';

/** The threat model's decision as the store's caller would pass it: a vulnerability under one model. */
const VULNERABLE = (): Judgement => ({ outcomes: [{ model: 'm-2021', verdict: 'vulnerability' }] });

const dirs: string[] = [];
function tempDb(): { db: Db; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ktm-store-'));
  dirs.push(dir);
  const file = join(dir, 'nested', 'wb.db');
  return { db: openDb(file), file };
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function people(db: Db) {
  const alice = await createUser(db, SYSTEM_ACTOR, { username: 'alice', role: 'reporter', password: 'x'.repeat(12), mustChangePassword: false }, TEST_SCRYPT);
  const bob = await createUser(db, SYSTEM_ACTOR, { username: 'bob', role: 'reporter', password: 'x'.repeat(12), mustChangePassword: false }, TEST_SCRYPT);
  const tri = await createUser(db, SYSTEM_ACTOR, { username: 'tri', role: 'triager', password: 'x'.repeat(12), mustChangePassword: false }, TEST_SCRYPT);
  return { alice, bob, tri };
}

describe('store', () => {
  it('creates its folder, uses WAL, records migrations once', () => {
    const { db, file } = tempDb();
    expect(existsSync(file)).toBe(true);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const rows = db.prepare('SELECT version FROM schema_migrations').all();
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
    expect(migrate(db)).toEqual([]);
    db.close();
  });

  it('applies a new migration in a transaction and rolls back a failing one', () => {
    const { db } = tempDb();
    const extra = [...MIGRATIONS, { version: 99, name: 'broken', sql: 'CREATE TABLE t99 (x); CREATE TABLE users (y);' }];
    expect(() => migrate(db, extra)).toThrow();
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 't99'").get()).toBeUndefined();
    expect(db.prepare('SELECT version FROM schema_migrations WHERE version = 99').get()).toBeUndefined();
    db.close();
  });

  it('refuses UPDATE and DELETE on the change log', () => {
    const { db } = tempDb();
    appendLog(db, SYSTEM_ACTOR, 'test', 'thing', 1, { a: 1 }, { a: 2 });
    expect(() => db.prepare("UPDATE audit_log SET actor = 'mallory'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(listLog(db)[0]).toMatchObject({ actor: 'system', action: 'test', before: { a: 1 }, after: { a: 2 } });
    db.close();
  });

  it('logs every change with who, before and after', async () => {
    const { db } = tempDb();
    const { alice, tri } = await people(db);
    const r = createReport(db, alice, { title: 't', description: '', source: 'form', answers: {} });
    moveReport(db, tri, r.id, 'triaged', VULNERABLE);
    addComment(db, tri, r.id, 'hello');
    setEmbargo(db, tri, r.id, '2099-01-01T00:00:00.000Z');
    const log = listLog(db, { entity: 'report', entityId: r.id }).reverse();
    expect(log.map((e) => [e.actor, e.action])).toEqual([
      ['alice', 'create'],
      ['tri', 'status'],
      ['tri', 'comment'],
      ['tri', 'embargo'],
    ]);
    expect(log[1]).toMatchObject({ before: { status: 'new' }, after: { status: 'triaged' } });
    expect(log[3]).toMatchObject({ before: { embargoUntil: null }, after: { embargoUntil: '2099-01-01T00:00:00.000Z' } });
    // The user records never carry passwords.
    expect(JSON.stringify(listLog(db, { entity: 'user' }))).not.toMatch(/scrypt|xxxxxxxxxxxx/);
    db.close();
  });

  it('a reporter sees only their own reports; another id is indistinguishable from a missing one', async () => {
    const { db } = tempDb();
    const { alice, bob, tri } = await people(db);
    const a = createReport(db, alice, { title: 'a', description: '', source: 'form', answers: {} });
    const b = createReport(db, bob, { title: 'b', description: '', source: 'form', answers: {} });
    expect(listReports(db, alice).map((r) => r.id)).toEqual([a.id]);
    expect(getVisibleReport(db, alice, b.id)).toBeUndefined();
    expect(getVisibleReport(db, alice, 9999)).toBeUndefined();
    expect(listReports(db, tri).map((r) => r.id)).toEqual([b.id, a.id]);
    expect(() => addComment(db, alice, b.id, 'x')).toThrow(WorkflowError);
    db.close();
  });

  it('enforces the workflow and the embargo, and rolls a refused change back entirely', async () => {
    const { db } = tempDb();
    const { alice, tri } = await people(db);
    const r = createReport(db, alice, { title: 't', description: '', source: 'form', answers: {} });
    expect(() => moveReport(db, tri, r.id, 'accepted', VULNERABLE)).toThrow(/new report cannot become accepted/);
    moveReport(db, tri, r.id, 'triaged', VULNERABLE);
    moveReport(db, tri, r.id, 'accepted', VULNERABLE);
    moveReport(db, tri, r.id, 'fixed', VULNERABLE);
    const now = new Date('2030-01-01T00:00:00Z');
    setEmbargo(db, tri, r.id, '2030-02-01T00:00:00.000Z', now);
    const logged = listLog(db).length;
    expect(() => moveReport(db, tri, r.id, 'disclosed', VULNERABLE, now)).toThrow(/embargo/);
    expect(listLog(db).length).toBe(logged);
    expect(getVisibleReport(db, tri, r.id)!.status).toBe('fixed');
    const after = moveReport(db, tri, r.id, 'disclosed', VULNERABLE, new Date('2030-02-02T00:00:00Z'));
    expect(after.status).toBe('disclosed');
    expect(after.disclosedAt).toBe('2030-02-02T00:00:00.000Z');
    expect(after.acknowledgedAt).not.toBeNull();
    expect(() => moveReport(db, tri, r.id, 'triaged', VULNERABLE)).toThrow(WorkflowError);
    db.close();
  });

  it('refuses to accept a report no model calls a vulnerability, naming the missing facts, and changes nothing', async () => {
    const { db } = tempDb();
    const { alice, tri } = await people(db);
    const r = createReport(db, alice, { title: 't', description: '', source: 'form', answers: {} });
    const undecided = (): Judgement => ({
      outcomes: [
        { model: 'm-2021', verdict: 'needs-info', missing: ['spec.attacker.access', 'spec.target'] },
        { model: 'm-2025', verdict: 'not-a-vulnerability', reason: 'trusted-actor' },
      ],
    });
    moveReport(db, tri, r.id, 'triaged', undecided);
    const logged = listLog(db).length;
    expect(() => moveReport(db, tri, r.id, 'accepted', undecided)).toThrow(
      'cannot mark accepted: no model calls this report a vulnerability (m-2021: needs-info, missing spec.attacker.access, spec.target; m-2025: not-a-vulnerability (trusted-actor)); answer the missing facts (ask the reporter) or decline the report',
    );
    expect(listLog(db).length).toBe(logged);
    expect(getVisibleReport(db, tri, r.id)!.status).toBe('triaged');
    // The judge sees the report as stored, inside the move's transaction.
    const seen: string[] = [];
    moveReport(db, tri, r.id, 'accepted', (x) => (seen.push(x.status), VULNERABLE()));
    expect(seen).toEqual(['triaged']);
    // Declining needs no verdict.
    const r2 = createReport(db, alice, { title: 't2', description: '', source: 'form', answers: {} });
    moveReport(db, tri, r2.id, 'triaged', undecided);
    expect(moveReport(db, tri, r2.id, 'declined', undecided).status).toBe('declined');
    db.close();
  });

  it('online backup copies a live database', async () => {
    const { db, file } = tempDb();
    await people(db);
    const target = join(dirs[0], 'copy.db');
    await backupDb(file, target);
    const copy = new Database(target, { readonly: true });
    expect((copy.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n).toBe(3);
    copy.close();
    db.close();
  });
});
