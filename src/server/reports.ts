/**
 * Vulnerability reports in the store: creation, visibility, answers, status moves, embargo, comments.
 * Every change is one transaction that also appends to the change log.
 */
import type { Db } from './db.js';
import { appendLog } from './audit-log.js';
import { actorOf, seesAllReports, type User } from './accounts.js';
import { canMove, verdictProblem, type Judgement, type Status } from './workflow.js';
import { formatUtc } from './time.js';
import { embargoBlocks } from './clocks.js';
import type { Answers } from './triage-port.js';

export type ReportSource = 'form' | 'ghsa' | 'osv';

export interface Report {
  id: number;
  ownerId: number;
  owner: string;
  title: string;
  description: string;
  source: ReportSource;
  answers: Answers;
  status: Status;
  receivedAt: string;
  acknowledgedAt: string | null;
  embargoUntil: string | null;
  disclosedAt: string | null;
  updatedAt: string;
}

export interface Comment {
  id: number;
  author: string;
  body: string;
  createdAt: string;
}

/** A refused change, with the reason shown to the user (HTTP 409 / 400). */
export class WorkflowError extends Error {}

interface ReportRow {
  id: number;
  owner_id: number;
  owner: string;
  title: string;
  description: string;
  source: ReportSource;
  facets: string;
  status: Status;
  received_at: string;
  acknowledged_at: string | null;
  embargo_until: string | null;
  disclosed_at: string | null;
  updated_at: string;
}

function toReport(r: ReportRow): Report {
  return {
    id: r.id,
    ownerId: r.owner_id,
    owner: r.owner,
    title: r.title,
    description: r.description,
    source: r.source,
    answers: JSON.parse(r.facets) as Answers,
    status: r.status,
    receivedAt: r.received_at,
    acknowledgedAt: r.acknowledged_at,
    embargoUntil: r.embargo_until,
    disclosedAt: r.disclosed_at,
    updatedAt: r.updated_at,
  };
}

const SELECT = 'SELECT reports.*, users.username AS owner FROM reports JOIN users ON users.id = reports.owner_id';

/** Reports the user may see, newest first. */
export function listReports(db: Db, viewer: User): Report[] {
  const rows = seesAllReports(viewer)
    ? (db.prepare(`${SELECT} ORDER BY reports.id DESC`).all() as ReportRow[])
    : (db.prepare(`${SELECT} WHERE owner_id = ? ORDER BY reports.id DESC`).all(viewer.id) as ReportRow[]);
  return rows.map(toReport);
}

/**
 * A report the viewer may see, or undefined — the same answer for "does not exist" and "not yours",
 * so a reporter cannot learn which ids exist (the caller answers 404 either way).
 */
export function getVisibleReport(db: Db, viewer: User, id: number): Report | undefined {
  const row = db.prepare(`${SELECT} WHERE reports.id = ?`).get(id) as ReportRow | undefined;
  if (!row) return undefined;
  if (!seesAllReports(viewer) && row.owner_id !== viewer.id) return undefined;
  return toReport(row);
}

function snapshot(r: Report): Record<string, unknown> {
  const { owner: _owner, ...rest } = r;
  return rest;
}

export function createReport(
  db: Db,
  author: User,
  input: { title: string; description: string; source: ReportSource; answers: Answers },
  now = new Date(),
): Report {
  return db.transaction(() => {
    const at = now.toISOString();
    const info = db
      .prepare(
        `INSERT INTO reports (owner_id, title, description, source, facets, status, received_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'new', ?, ?)`,
      )
      .run(author.id, input.title, input.description, input.source, JSON.stringify(input.answers), at, at);
    const report = getVisibleReport(db, author, Number(info.lastInsertRowid))!;
    appendLog(db, actorOf(author), 'create', 'report', report.id, null, snapshot(report), now);
    return report;
  })();
}

export function updateAnswers(
  db: Db,
  actor: User,
  id: number,
  change: { title: string; description: string; answers: Answers },
  now = new Date(),
): Report {
  return db.transaction(() => {
    const before = getVisibleReport(db, actor, id);
    if (!before) throw new WorkflowError('no such report');
    db.prepare('UPDATE reports SET title = ?, description = ?, facets = ?, updated_at = ? WHERE id = ?').run(
      change.title,
      change.description,
      JSON.stringify(change.answers),
      now.toISOString(),
      id,
    );
    const after = getVisibleReport(db, actor, id)!;
    appendLog(db, actorOf(actor), 'update-answers', 'report', id, snapshot(before), snapshot(after), now);
    return after;
  })();
}

/**
 * Moves a report along the workflow. `judge` gives the threat model's current decision on the report as stored
 * (the caller runs the triage engine); it is asked inside the transaction, so it sees the answers being moved.
 */
export function moveReport(db: Db, actor: User, id: number, to: Status, judge: (r: Report) => Judgement, now = new Date()): Report {
  return db.transaction(() => {
    const before = getVisibleReport(db, actor, id);
    if (!before) throw new WorkflowError('no such report');
    if (!canMove(before.status, to)) throw new WorkflowError(`a ${before.status} report cannot become ${to}`);
    const problem = verdictProblem(to, judge(before));
    if (problem) throw new WorkflowError(problem);
    if (to === 'disclosed' && embargoBlocks(before.embargoUntil, now)) {
      throw new WorkflowError(`the embargo runs until ${formatUtc(before.embargoUntil)}: disclose after it ends`);
    }
    const at = now.toISOString();
    db.prepare(
      `UPDATE reports SET status = ?, updated_at = ?,
         acknowledged_at = COALESCE(acknowledged_at, CASE WHEN ? = 'triaged' THEN ? END),
         disclosed_at = CASE WHEN ? = 'disclosed' THEN ? ELSE disclosed_at END
       WHERE id = ? AND status = ?`,
    ).run(to, at, to, at, to, at, id, before.status);
    const after = getVisibleReport(db, actor, id)!;
    appendLog(db, actorOf(actor), 'status', 'report', id, { status: before.status }, { status: after.status }, now);
    return after;
  })();
}

export function setEmbargo(db: Db, actor: User, id: number, until: string | null, now = new Date()): Report {
  return db.transaction(() => {
    const before = getVisibleReport(db, actor, id);
    if (!before) throw new WorkflowError('no such report');
    if (before.status === 'disclosed') throw new WorkflowError('a disclosed report has no embargo to change');
    db.prepare('UPDATE reports SET embargo_until = ?, updated_at = ? WHERE id = ?').run(until, now.toISOString(), id);
    appendLog(db, actorOf(actor), 'embargo', 'report', id, { embargoUntil: before.embargoUntil }, { embargoUntil: until }, now);
    return getVisibleReport(db, actor, id)!;
  })();
}

export function addComment(db: Db, author: User, reportId: number, body: string, now = new Date()): Comment {
  return db.transaction(() => {
    if (!getVisibleReport(db, author, reportId)) throw new WorkflowError('no such report');
    const at = now.toISOString();
    const info = db
      .prepare('INSERT INTO comments (report_id, author_id, body, created_at) VALUES (?, ?, ?, ?)')
      .run(reportId, author.id, body, at);
    const id = Number(info.lastInsertRowid);
    appendLog(db, actorOf(author), 'comment', 'report', reportId, null, { commentId: id, body }, now);
    return { id, author: author.username, body, createdAt: at };
  })();
}

export function listComments(db: Db, reportId: number): Comment[] {
  return db
    .prepare(
      `SELECT comments.id, users.username AS author, body, comments.created_at AS createdAt
       FROM comments JOIN users ON users.id = comments.author_id WHERE report_id = ? ORDER BY comments.id`,
    )
    .all(reportId) as Comment[];
}
