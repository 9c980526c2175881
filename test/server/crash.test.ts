/**
 * No lost data: the real `ktm serve` binary (the sources compiled once by test/helpers/built.ts), run as its own
 * process, takes a burst of writes, is killed with SIGKILL mid-burst, restarts on the same store, and every write it
 * acknowledged is there, with its log entry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDb } from '../../src/server/db.js';
import { createUser } from '../../src/server/accounts.js';
import { SYSTEM_ACTOR } from '../../src/server/audit-log.js';
import { builtKtm } from '../helpers/built.js';
import { Client, PASSWORD } from './helpers.js';

let dir: string;
let bin: string;
let dbFile: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ktm-crash-'));
  bin = builtKtm();
  dbFile = join(dir, 'wb.db');
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function startServe(): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'serve', '--db', dbFile, '--port', '0'], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    const timer = setTimeout(() => reject(new Error(`ktm serve did not start: ${err}`)), 30_000);
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /workbench at (http:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    });
    child.on('exit', (code) => reject(new Error(`ktm serve exited with ${code}: ${err}`)));
  });
}

describe('crash safety', () => {
  it('keeps every acknowledged write across a SIGKILL', async () => {
    const setup = openDb(dbFile);
    await createUser(setup, SYSTEM_ACTOR, { username: 'tess', role: 'triager', password: PASSWORD, mustChangePassword: false }, { N: 1024, r: 8, p: 1 });
    setup.close();

    const { child, url } = await startServe();
    const c = new Client(url);
    await c.login('tess');
    await c.get('/reports/new');
    const created = await c.post('/reports', { title: 'burst target', 'q.spec.component': 'activator' });
    expect(created.status).toBe(303);
    const reportId = Number(/(\d+)$/.exec(created.location!)![1]);

    const acked = new Map<number, string>();
    let stop = false;
    let sent = 0;
    const writer = async (w: number): Promise<void> => {
      for (let i = 0; !stop; i++) {
        const body = `writer ${w} comment ${i}`;
        sent++;
        try {
          const r = await c.post(`/reports/${reportId}/comments`, { body }, { headers: { accept: 'application/json' } });
          if (r.status === 201) acked.set((JSON.parse(r.text) as { id: number }).id, body);
        } catch {
          return; // the server died under us: this write was never acknowledged
        }
      }
    };
    const writers = Array.from({ length: 8 }, (_, w) => writer(w));
    // Kill in the middle of the burst, once a good number of writes have gone through.
    while (acked.size < 150) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    stop = true;
    await Promise.all(writers);
    expect(sent).toBeGreaterThan(acked.size); // some writes were in flight when it died
    console.info(`crash test: ${acked.size} writes acknowledged, ${sent - acked.size} in flight at SIGKILL`);

    // Restart on the same store: it must come up (WAL recovery) and serve everything acknowledged.
    const again = await startServe();
    try {
      const page = await (async () => {
        const c2 = new Client(again.url);
        await c2.login('tess');
        return c2.get(`/reports/${reportId}`);
      })();
      expect(page.status).toBe(200);
      const db = new Database(dbFile, { readonly: true });
      const stored = new Map(
        (db.prepare('SELECT id, body FROM comments WHERE report_id = ?').all(reportId) as { id: number; body: string }[]).map((r) => [r.id, r.body]),
      );
      for (const [id, body] of acked) expect(stored.get(id)).toBe(body);
      // Each change and its log entry committed together: no comment without its record, and no record without it.
      const logged = db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'report' AND entity_id = ? AND action = 'comment'").get(reportId) as { n: number };
      expect(logged.n).toBe(stored.size);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
      for (const [, body] of [...acked].slice(0, 5)) expect(page.text).toContain(body);
    } finally {
      again.child.kill('SIGTERM');
      await new Promise((r) => again.child.once('exit', r));
    }
  }, 120_000);
});
