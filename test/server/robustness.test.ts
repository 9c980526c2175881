/**
 * Workbench faults the red team found: visitors must not grow the store, reads keep working when writes fail,
 * one log line per kind of fault, exit 2 on a store that cannot be written, duplicate Host refused, slow header
 * senders cut at the documented 10 s (shortened here), and load shed with 503 instead of a long queue.
 */
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/server/db.js';
import { LogLimiter } from '../../src/server/log-limit.js';
import { LoadShedder } from '../../src/server/load-shed.js';
import { builtKtm } from '../helpers/built.js';
import { Client, LEAK_ANSWERS, startTestServer, type TestServer } from './helpers.js';

const sessionRows = (s: TestServer) => (s.wb.db.prepare('SELECT COUNT(*) AS n FROM sessions').get() as { n: number }).n;

/** Sends raw bytes and resolves with everything the server answered once it closes (or after `waitMs`). */
function raw(url: string, request: string, waitMs = 5000): Promise<{ text: string; closed: boolean }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text, closed: false });
    }, waitMs);
    socket.on('data', (d) => (text += d.toString()));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text, closed: true });
    });
    socket.on('error', () => {});
    socket.write(request);
  });
}

describe('visitors and faults (in-process server)', () => {
  let s: TestServer;
  const logged: string[] = [];
  beforeAll(async () => {
    s = await startTestServer({ log: (l) => logged.push(l), headersTimeoutMs: 1000 });
    await s.user('tess', 'triager');
  });
  afterAll(async () => s.stop());

  it('500 anonymous GET /login store no session row; the login form still works', async () => {
    const before = sessionRows(s);
    for (let i = 0; i < 500; i += 50) await Promise.all(Array.from({ length: 50 }, () => fetch(`${s.url}/login`).then((r) => r.text())));
    expect(sessionRows(s)).toBe(before);
    const c = new Client(s.url);
    const r = await c.login('tess');
    expect(r.status).toBe(303);
    expect(sessionRows(s)).toBe(before + 1);
  });

  it('the login form is refused without its signed cookie, or with one from another server', async () => {
    const c = new Client(s.url);
    await c.get('/login');
    const stolen = c.cookie;
    c.cookie = '';
    expect((await c.post('/login', { username: 'tess', password: 'x' })).status).toBe(403);
    c.cookie = stolen.replace(/\.[\w-]+$/, '.AAAA'); // a forged signature
    expect((await c.post('/login', { username: 'tess', password: 'x' })).status).toBe(403);
    const other = await startTestServer();
    try {
      const o = new Client(other.url);
      await o.get('/login');
      const foreign = new Client(s.url);
      foreign.cookie = o.cookie;
      foreign.csrf = o.csrf;
      expect((await foreign.post('/login', { username: 'tess', password: 'x' })).status).toBe(403);
    } finally {
      await other.stop();
    }
  });

  it('a duplicate Host header is 400', async () => {
    const port = new URL(s.url).port;
    const r = await raw(s.url, `GET /login HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nHost: evil.example\r\n\r\n`);
    expect(r.text).toMatch(/^HTTP\/1\.1 400 /);
    const one = await raw(s.url, `GET /login HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
    expect(one.text).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('a slow header sender is cut at the headers timeout, not at node\'s 30-second check', async () => {
    // headersTimeoutMs is 1 s here (10 s in ktm serve); node's default check interval alone would wait 30 s.
    const r = await raw(s.url, 'GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ', 8000);
    expect(r.closed).toBe(true);
  });

  it('reads keep working while every write fails, and the fault is logged once with a count', async () => {
    const c = new Client(s.url);
    await c.login('tess');
    // The session was last seen long ago, so this read also tries to record activity (a write).
    s.wb.db.prepare('UPDATE sessions SET last_seen_at = last_seen_at - 120000').run();
    s.wb.db.pragma('query_only = ON'); // every write now fails, as on a full or read-only disk
    try {
      logged.length = 0;
      expect((await new Client(s.url).get('/login')).status).toBe(200);
      expect((await c.get('/')).status).toBe(200);
      expect((await c.get('/audits')).status).toBe(200);
      expect((await c.get('/reports/new')).status).toBe(200);
      const failed = [];
      for (let i = 0; i < 5; i++) failed.push((await c.post('/reports', { title: `t${i}`, description: 'd', ...LEAK_ANSWERS })).status);
      expect(failed).toEqual([500, 500, 500, 500, 500]);
      expect(logged.filter((l) => l.startsWith('error on POST /reports'))).toHaveLength(1);
      expect(logged.filter((l) => /could not record session activity/.test(l)).length).toBeLessThanOrEqual(1);
    } finally {
      s.wb.db.pragma('query_only = OFF');
    }
  });
});

describe('load shedding', () => {
  it('beyond maxInFlight, 503 with Retry-After at once; capacity comes back when requests end', async () => {
    const s = await startTestServer({ maxInFlight: 2 });
    try {
      const port = new URL(s.url).port;
      // Two uploads that never finish their bodies hold both places.
      const holders = [0, 1].map(() => {
        const socket = connect(Number(port), '127.0.0.1');
        socket.on('error', () => {});
        socket.write(`POST /login HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nab`);
        return socket;
      });
      await new Promise((r) => setTimeout(r, 200));
      const busy = await fetch(`${s.url}/login`);
      expect(busy.status).toBe(503);
      expect(busy.headers.get('retry-after')).toBe('1');
      for (const h of holders) h.destroy();
      await new Promise((r) => setTimeout(r, 200));
      expect((await fetch(`${s.url}/login`)).status).toBe(200);
    } finally {
      await s.stop();
    }
  });
});

describe('LoadShedder', () => {
  it('refuses a request that waited longer than maxQueueMs for the event loop, and admits again once it turns', () => {
    let t = 0;
    const shedder = new LoadShedder(10, 500, () => t);
    expect(shedder.admit()).toBe(true);
    shedder.done();
    t = 499; // a long turn of the loop (synchronous writes) is under way: still within the bound
    expect(shedder.admit()).toBe(true);
    shedder.done();
    t = 501;
    expect(shedder.admit()).toBe(false);
    shedder.turned();
    expect(shedder.admit()).toBe(true);
  });

  it('refuses beyond maxInFlight until a request ends', () => {
    const shedder = new LoadShedder(2, 500, () => 0);
    expect([shedder.admit(), shedder.admit(), shedder.admit()]).toEqual([true, true, false]);
    shedder.done();
    expect(shedder.admit()).toBe(true);
  });
});

describe('LogLimiter', () => {
  it('logs the first of a kind, counts the rest of the interval, tells the count afterwards', () => {
    let t = 0;
    const lines: string[] = [];
    const limiter = new LogLimiter((l) => lines.push(l), 60_000, () => t);
    for (let i = 0; i < 100; i++) limiter.report('SQLITE_FULL', `full ${i}`);
    limiter.report('EROFS', 'read-only');
    expect(lines).toEqual(['full 0', 'read-only']);
    t = 61_000;
    limiter.report('SQLITE_FULL', 'full again');
    expect(lines).toEqual(['full 0', 'read-only', '(99 more of "SQLITE_FULL" in 60 s, not shown)', 'full again']);
  });
});

describe('ktm serve on a store it cannot write (real binary)', () => {
  let dir: string;
  let bin: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ktm-ro-'));
    bin = builtKtm();
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 2 with one line instead of answering 500 to everything', async () => {
    const folder = join(dir, 'store');
    mkdirSync(folder, { recursive: true });
    const dbFile = join(folder, 'wb.db');
    openDb(dbFile).close(); // an existing, valid store
    // Read-only for whoever runs ktm: as root (who may write anything) run it as nobody instead.
    const asNobody = process.getuid?.() === 0;
    if (asNobody) {
      chmodSync(dir, 0o755);
      chmodSync(folder, 0o755); // root's folder: nobody cannot make the journal there
      chownSync(dbFile, 65534, 65534);
      chmodSync(dbFile, 0o400); // nobody's own file, but read-only
    } else {
      chmodSync(dbFile, 0o400);
      chmodSync(folder, 0o500);
    }
    const child = spawn(process.execPath, [bin, 'serve', '--db', dbFile, '--port', '0'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(asNobody ? { uid: 65534, gid: 65534 } : {}),
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await new Promise<number | null>((r) => child.on('close', r));
    clearTimeout(timer);
    chmodSync(folder, 0o700);
    expect(stderr).not.toMatch(/workbench at/);
    expect(code, stderr).toBe(2);
    expect(stderr).toMatch(/^ktm serve: --db .*wb\.db: (the database or its folder is not writable|cannot open the database)/);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);
});
