/**
 * The store holds embargoed reports: its folder is owner-only (0700) and its files (database, -wal, -shm,
 * backups) owner-read/write only (0600), whatever the umask. Folders and files that already existed are left as
 * they are (the operator chose them), but an exposed database is reported.
 */
import { chmodSync, closeSync, existsSync, fchmodSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** SQLite's companions of a WAL database; it creates them with the database file's own mode. */
export const SQLITE_COMPANIONS = ['-wal', '-shm'] as const;

/** Creates the missing folders up to `dir`, owner-only. Returns the folders it created. */
export function makePrivateDirs(dir: string): string[] {
  const target = resolve(dir);
  const first = mkdirSync(target, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (first === undefined) return [];
  // mkdir's mode passes through the umask; chmod makes it exact, on exactly the folders made here.
  const made: string[] = [];
  for (let d = target; ; d = dirname(d)) {
    chmodSync(d, PRIVATE_DIR_MODE);
    made.push(d);
    if (d === resolve(first) || d === dirname(d)) break;
  }
  return made;
}

/** Creates `file` empty and owner-only unless it exists. Returns whether it was created here. */
export function createPrivateFile(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', PRIVATE_FILE_MODE);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    fchmodSync(fd, PRIVATE_FILE_MODE);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Makes an existing file owner-only (no-op when it does not exist). */
export function makePrivate(file: string): void {
  if (existsSync(file)) chmodSync(file, PRIVATE_FILE_MODE);
}

/** The database and companion files that group or others may read, each with its mode (e.g. `0644`). */
export function exposedStoreFiles(dbFile: string): { file: string; mode: string }[] {
  const out: { file: string; mode: string }[] = [];
  for (const file of [dbFile, ...SQLITE_COMPANIONS.map((s) => dbFile + s)]) {
    if (!existsSync(file)) continue;
    const mode = statSync(file).mode & 0o777;
    if (mode & 0o077) out.push({ file, mode: `0${mode.toString(8).padStart(3, '0')}` });
  }
  return out;
}
