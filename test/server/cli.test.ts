/**
 * `ktm serve` wiring that does not need a running server: --backup (SQLite online backup) and usage errors.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runCli } from '../helpers/cli.js';
import { openDb } from '../../src/server/db.js';
import { createReport } from '../../src/server/reports.js';
import { createUser } from '../../src/server/accounts.js';
import { SYSTEM_ACTOR } from '../../src/server/audit-log.js';
import { TEST_SCRYPT } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'ktm-serve-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ktm serve (CLI)', () => {
  it('--backup copies a database that is open and in use', async () => {
    const file = join(dir, 'live.db');
    const db = openDb(file);
    const u = await createUser(db, SYSTEM_ACTOR, { username: 'r', role: 'reporter', password: 'x'.repeat(12), mustChangePassword: false }, TEST_SCRYPT);
    createReport(db, u, { title: 'kept in the backup', description: '', source: 'form', answers: {} });
    const target = join(dir, 'backup.db');
    const r = await runCli(['serve', '--db', file, '--backup', target]);
    db.close();
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('backed up');
    const copy = new Database(target, { readonly: true });
    expect(copy.prepare('SELECT title FROM reports').all()).toEqual([{ title: 'kept in the backup' }]);
    copy.close();
  });

  it('exits 2 with a message for a missing database or a bad port', async () => {
    const missing = await runCli(['serve', '--db', join(dir, 'nope.db'), '--backup', join(dir, 'b.db')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no database at/);
    const port = await runCli(['serve', '--db', join(dir, 'x.db'), '--port', 'http']);
    expect(port.code).toBe(2);
    expect(port.stderr).toMatch(/--port: "http" is not a port number/);
  });
});
