/**
 * `npm run bench:workbench`: the workbench under concurrent writers, on loopback only, bounded in time and count.
 * For 10, 50 and 200 clients, each logged in and posting comments to one report as fast as answers come back, for
 * at most LEVEL_MS or LEVEL_MAX_REQUESTS: throughput of acknowledged writes, p50/p99 latency of every answer, and
 * how many were shed (503 + Retry-After) or failed. Prints one JSON object.
 *
 * Accounts use cheap scrypt settings so 200 logins do not dominate; the store is a real on-disk SQLite file with the
 * production settings (WAL, synchronous = FULL), in a temporary folder removed afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startWorkbench } from '../src/server/server.js';
import { EngineTriage } from '../src/server/triage-adapter.js';
import { createUser } from '../src/server/accounts.js';
import { SYSTEM_ACTOR } from '../src/server/audit-log.js';

const LEVELS = [10, 50, 200];
const LEVEL_MS = 5_000;
const LEVEL_MAX_REQUESTS = 20_000;
const SCRYPT = { N: 1024, r: 8, p: 1 };
const PASSWORD = 'correct horse battery';

/** A minimal browser: one cookie, the CSRF token from the page's meta tag, same-origin headers. */
class Session {
  cookie = '';
  csrf = '';
  constructor(private readonly base: string) {}

  private remember(res: Response, text: string): void {
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0];
    const m = /name="csrf-token" content="([^"]*)"/.exec(text);
    if (m?.[1]) this.csrf = m[1];
  }

  async get(path: string): Promise<Response> {
    const res = await fetch(this.base + path, { redirect: 'manual', headers: { cookie: this.cookie } });
    this.remember(res, await res.text());
    return res;
  }

  async post(path: string, fields: Record<string, string>, accept = 'text/html'): Promise<{ status: number; text: string }> {
    const body = new URLSearchParams({ _csrf: this.csrf, ...fields });
    const res = await fetch(this.base + path, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: this.cookie, 'content-type': 'application/x-www-form-urlencoded', origin: this.base, 'sec-fetch-site': 'same-origin', accept },
      body: body.toString(),
    });
    const text = await res.text();
    this.remember(res, text);
    return { status: res.status, text };
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] * 10) / 10;
}

async function level(base: string, clients: number, reportId: number): Promise<Record<string, number>> {
  const sessions: Session[] = [];
  for (let i = 0; i < clients; i++) {
    const s = new Session(base);
    await s.get('/login');
    const r = await s.post('/login', { username: 'tess', password: PASSWORD });
    if (r.status !== 303) throw new Error(`login answered ${r.status}`);
    await s.get(`/reports/${reportId}`);
    sessions.push(s);
  }
  const latencies: number[] = [];
  let acked = 0;
  let shed = 0;
  let failed = 0;
  let sent = 0;
  const started = performance.now();
  const deadline = started + LEVEL_MS;
  await Promise.all(
    sessions.map(async (s, w) => {
      for (let i = 0; performance.now() < deadline && sent < LEVEL_MAX_REQUESTS; i++) {
        sent++;
        const t = performance.now();
        try {
          const r = await s.post(`/reports/${reportId}/comments`, { body: `client ${w} comment ${i}` }, 'application/json');
          latencies.push(performance.now() - t);
          if (r.status === 201) acked++;
          else if (r.status === 503) {
            shed++;
            await new Promise((res) => setTimeout(res, 50)); // a polite client backs off a little
          } else failed++;
        } catch {
          latencies.push(performance.now() - t);
          failed++;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    clients,
    requests: sent,
    acknowledged: acked,
    shed503: shed,
    failed,
    writesPerSecond: Math.round(acked / seconds),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: percentile(latencies, 100),
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ktm-wb-load-'));
  const wb = await startWorkbench({
    dbFile: join(dir, 'wb.db'),
    host: '127.0.0.1',
    port: 0,
    triage: new EngineTriage(),
    scryptParams: SCRYPT,
    say: () => {},
    log: () => {},
  });
  try {
    await createUser(wb.db, SYSTEM_ACTOR, { username: 'tess', role: 'triager', password: PASSWORD, mustChangePassword: false }, SCRYPT);
    const first = new Session(wb.url);
    await first.get('/login');
    await first.post('/login', { username: 'tess', password: PASSWORD });
    await first.get('/reports/new');
    const created = await fetch(`${wb.url}/reports`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: first.cookie, 'content-type': 'application/x-www-form-urlencoded', origin: wb.url, 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams({ _csrf: first.csrf, title: 'load target', 'q.spec.component': 'activator' }).toString(),
    });
    const reportId = Number(/(\d+)$/.exec(created.headers.get('location') ?? '')?.[1]);
    if (!reportId) throw new Error(`could not create the target report (${created.status})`);
    const levels = [];
    for (const clients of LEVELS) levels.push(await level(wb.url, clients, reportId));
    process.stdout.write(`${JSON.stringify({ bench: 'workbench-load', levelMs: LEVEL_MS, maxInFlight: 32, levels }, null, 2)}\n`);
  } finally {
    await wb.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
