/**
 * Uploaded `ktm audit --format json` results: validated loosely (the audit helper owns the exact shape; the
 * workbench needs `findings` and may use `verdicts`, `assumptions` and `reachability`), stored as uploaded.
 */
import * as z from '../util/zod.js';
import type { Db } from './db.js';
import { appendLog } from './audit-log.js';
import { actorOf, type User } from './accounts.js';

const FindingSchema = z.looseObject({
  id: z.string(),
  severity: z.string(),
  tenancy: z.unknown().optional(),
  clause: z.unknown().optional(),
  resource: z.unknown().optional(),
  source: z.unknown().optional(),
  path: z.unknown().optional(),
  message: z.unknown().optional(),
  fix: z.unknown().optional(),
  hops: z.unknown().optional(),
});

export const AuditResultSchema = z.looseObject({
  model: z.unknown().optional(),
  verdicts: z.unknown().optional(),
  assumptions: z.array(z.unknown()).optional(),
  findings: z.array(FindingSchema),
  reachability: z.unknown().optional(),
});

export type AuditResult = z.infer<typeof AuditResultSchema>;
export type AuditFinding = z.infer<typeof FindingSchema>;

export interface StoredAudit {
  id: number;
  name: string;
  model: string;
  uploadedBy: string;
  uploadedAt: string;
  result: AuditResult;
}

/** Parses uploaded text; the error message names the field that is wrong. */
export function parseAuditResult(text: string): AuditResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`not JSON: ${(err as Error).message}`);
  }
  const parsed = AuditResultSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`not a ktm audit result: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  return parsed.data;
}

export function modelName(result: AuditResult): string {
  const m = result.model;
  if (typeof m === 'string') return m;
  if (m && typeof m === 'object' && 'id' in m && typeof (m as { id: unknown }).id === 'string') return (m as { id: string }).id;
  return 'unknown';
}

export function saveAudit(db: Db, uploader: User, name: string, result: AuditResult, now = new Date()): StoredAudit {
  return db.transaction(() => {
    const at = now.toISOString();
    const model = modelName(result);
    const info = db
      .prepare('INSERT INTO audit_reports (uploaded_by, name, model, body, uploaded_at) VALUES (?, ?, ?, ?, ?)')
      .run(uploader.id, name, model, JSON.stringify(result), at);
    const id = Number(info.lastInsertRowid);
    appendLog(db, actorOf(uploader), 'upload', 'audit-report', id, null, { name, model, findings: result.findings.length }, now);
    return { id, name, model, uploadedBy: uploader.username, uploadedAt: at, result };
  })();
}

interface AuditRow {
  id: number;
  name: string;
  model: string;
  body: string;
  uploaded_at: string;
  uploader: string;
}

export function listAudits(db: Db): Omit<StoredAudit, 'result'>[] {
  return (
    db
      .prepare(
        `SELECT audit_reports.id, name, model, uploaded_at, users.username AS uploader
         FROM audit_reports JOIN users ON users.id = uploaded_by ORDER BY audit_reports.id DESC`,
      )
      .all() as Omit<AuditRow, 'body'>[]
  ).map((r) => ({ id: r.id, name: r.name, model: r.model, uploadedBy: r.uploader, uploadedAt: r.uploaded_at }));
}

export function getAudit(db: Db, id: number): StoredAudit | undefined {
  const r = db
    .prepare(
      `SELECT audit_reports.*, users.username AS uploader FROM audit_reports JOIN users ON users.id = uploaded_by
       WHERE audit_reports.id = ?`,
    )
    .get(id) as AuditRow | undefined;
  if (!r) return undefined;
  return {
    id: r.id,
    name: r.name,
    model: r.model,
    uploadedBy: r.uploader,
    uploadedAt: r.uploaded_at,
    result: AuditResultSchema.parse(JSON.parse(r.body)),
  };
}
