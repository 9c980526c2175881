/**
 * Schema migrations, applied in order inside one transaction each. Never edit a shipped migration: add one.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'accounts, sessions, reports, comments, audit reports, audit log',
    sql: `
      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
        role TEXT NOT NULL CHECK (role IN ('reporter', 'triager', 'admin')),
        password_hash TEXT NOT NULL,
        must_change_password INTEGER NOT NULL DEFAULT 0,
        disabled INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
      );

      -- Only a hash of the session token is stored: a copy of the database does not hand out live sessions.
      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
        csrf_token TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL
      );
      CREATE INDEX sessions_user ON sessions(user_id);

      CREATE TABLE reports (
        id INTEGER PRIMARY KEY,
        owner_id INTEGER NOT NULL REFERENCES users(id),
        title TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL CHECK (source IN ('form', 'ghsa', 'osv')),
        facets TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'new'
          CHECK (status IN ('new', 'triaged', 'accepted', 'declined', 'fixed', 'disclosed')),
        received_at TEXT NOT NULL,
        acknowledged_at TEXT,
        embargo_until TEXT,
        disclosed_at TEXT,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX reports_owner ON reports(owner_id);

      CREATE TABLE comments (
        id INTEGER PRIMARY KEY,
        report_id INTEGER NOT NULL REFERENCES reports(id),
        author_id INTEGER NOT NULL REFERENCES users(id),
        body TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX comments_report ON comments(report_id);

      CREATE TABLE audit_reports (
        id INTEGER PRIMARY KEY,
        uploaded_by INTEGER NOT NULL REFERENCES users(id),
        name TEXT NOT NULL,
        model TEXT NOT NULL,
        body TEXT NOT NULL,
        uploaded_at TEXT NOT NULL
      );

      -- Append-only record of every change: who, when, what, before and after.
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor_id INTEGER,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id INTEGER,
        before TEXT,
        after TEXT
      );
      CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    `,
  },
];
