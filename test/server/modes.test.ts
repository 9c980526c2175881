/**
 * Data at rest is owner-only: the store's folder 0700, the database and its -wal/-shm 0600, backups 0600 —
 * under the common umask 022, which would otherwise leave them world-readable. An exposed existing store is reported.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backupDb, openDb } from '../../src/server/db.js';
import { exposedStoreFiles, makePrivateDirs } from '../../src/server/file-modes.js';
import { runCli } from '../helpers/cli.js';
import { startTestServer } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'ktm-modes-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8);

let savedUmask = 0;
beforeEach(() => {
  // The usual umask of root and of most distributions: without explicit modes, files come out 0644.
  savedUmask = process.umask(0o022);
});
afterEach(() => {
  process.umask(savedUmask);
});

describe('file modes of the store', () => {
  it('creates the folders 0700 and the database, -wal and -shm 0600', () => {
    const dir = join(root, 'fresh', 'data');
    const file = join(dir, 'wb.db');
    const db = openDb(file);
    db.prepare("INSERT INTO audit_log (at, actor, action, entity) VALUES ('2026-01-01T00:00:00.000Z', 'test', 'x', 'y')").run();
    expect(mode(join(root, 'fresh'))).toBe('700');
    expect(mode(dir)).toBe('700');
    expect(mode(file)).toBe('600');
    expect(mode(`${file}-wal`)).toBe('600');
    expect(mode(`${file}-shm`)).toBe('600');
    db.close();
  });

  it('leaves a folder that already existed as it was (it may be the working directory)', () => {
    const dir = join(root, 'existing');
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    const db = openDb(join(dir, 'wb.db'));
    db.close();
    expect(mode(dir)).toBe('755');
    expect(mode(join(dir, 'wb.db'))).toBe('600');
    expect(makePrivateDirs(dir)).toEqual([]);
  });

  it('writes backups 0600, also over an existing world-readable file', async () => {
    const file = join(root, 'b', 'wb.db');
    openDb(file).close();
    const fresh = join(root, 'b', 'copy.db');
    await backupDb(file, fresh);
    expect(mode(fresh)).toBe('600');
    const old = join(root, 'b', 'old-copy.db');
    writeFileSync(old, '');
    chmodSync(old, 0o644);
    await backupDb(file, old);
    expect(mode(old)).toBe('600');
  });

  it('ktm serve --backup writes an owner-only copy', async () => {
    const file = join(root, 'cli', 'wb.db');
    openDb(file).close();
    const target = join(root, 'cli', 'backup.db');
    const r = await runCli(['serve', '--db', file, '--backup', target]);
    expect(r.code).toBe(0);
    expect(mode(target)).toBe('600');
  });

  it('warns when an existing database can be read by other users', async () => {
    const dir = join(root, 'exposed');
    mkdirSync(dir);
    const file = join(dir, 'wb.db');
    openDb(file).close();
    chmodSync(file, 0o644);
    expect(exposedStoreFiles(file)).toEqual([{ file, mode: '0644' }]);
    const said: string[] = [];
    const t = await startTestServer({ dbFile: file, say: (l) => said.push(l) });
    await t.stop();
    expect(said).toContain(`ktm serve: WARNING: ${file} is readable by other users (mode 0644) and holds embargoed reports: chmod 600 it.`);
    chmodSync(file, 0o600);
    expect(exposedStoreFiles(file)).toEqual([]);
  });
});
