/**
 * Opens the workbench's SQLite store: WAL journal, full fsync on commit, foreign keys, and pending migrations.
 * A new store is private from its first byte: folder 0700, database 0600 (SQLite gives -wal/-shm the same mode).
 */
import Database from 'better-sqlite3';
import { dirname } from 'node:path';
import { MIGRATIONS, type Migration } from './migrations.js';
import { SQLITE_COMPANIONS, createPrivateFile, makePrivate, makePrivateDirs } from './file-modes.js';

export type Db = Database.Database;

export function openDb(file: string, migrations: readonly Migration[] = MIGRATIONS): Db {
  const onDisk = file !== ':memory:' && file !== '';
  let created = false;
  if (onDisk) {
    makePrivateDirs(dirname(file));
    created = createPrivateFile(file);
  }
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // Belt and braces for the companions of a store made here (an existing store keeps the modes it was given).
  if (created) for (const suffix of SQLITE_COMPANIONS) makePrivate(file + suffix);
  // FULL: a commit is on disk before the HTTP response acknowledges it (survives power loss, not only a crash).
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, migrations);
  return db;
}

/**
 * Proves the store takes writes before the workbench says it is up: SQLite quietly opens a file it cannot write
 * read-only, and a store whose folder is read-only cannot make its journal, so both would answer 500 to every
 * change. Rewriting the header's user_version with its own value is a real, committed, harmless write.
 */
export function assertWritable(db: Db): void {
  const version = Number(db.pragma('user_version', { simple: true }));
  db.pragma(`user_version = ${Number.isSafeInteger(version) ? version : 0}`);
}

/** Applies every migration newer than the recorded version, each in its own transaction. */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
  );
  const done: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        new Date().toISOString(),
      );
    })();
    done.push(m.version);
  }
  return done;
}

/** SQLite's online backup: a consistent copy while the store stays in use. The copy is owner-only (0600). */
export async function backupDb(source: string, target: string): Promise<void> {
  const db = new Database(source, { fileMustExist: true });
  try {
    createPrivateFile(target);
    await db.backup(target);
    // An existing target file is overwritten with embargoed data: it becomes private too.
    makePrivate(target);
  } finally {
    db.close();
  }
}
