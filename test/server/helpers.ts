/**
 * Test plumbing for the workbench: an in-process server on a random loopback port with a throw-away store,
 * accounts made directly in the store, and a small cookie-keeping HTTP client.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorkbench, type Workbench, type WorkbenchOptions } from '../../src/server/server.js';
import { EngineTriage } from '../../src/server/triage-adapter.js';
import { createUser, type Role, type User } from '../../src/server/accounts.js';
import { SYSTEM_ACTOR } from '../../src/server/audit-log.js';

/** Cheap scrypt settings for tests only; production uses SCRYPT_PARAMS. */
export const TEST_SCRYPT = { N: 1024, r: 8, p: 1 };
export const PASSWORD = 'correct horse battery';

let engine: EngineTriage | undefined;
export function testTriage(): EngineTriage {
  engine ??= new EngineTriage();
  return engine;
}

export interface TestServer {
  wb: Workbench;
  url: string;
  dir: string;
  user(username: string, role: Role, mustChange?: boolean): Promise<User>;
  stop(): Promise<void>;
}

export async function startTestServer(extra: Partial<WorkbenchOptions> = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'ktm-wb-'));
  const said: string[] = [];
  const wb = await startWorkbench({
    dbFile: join(dir, 'wb.db'),
    host: '127.0.0.1',
    port: 0,
    triage: testTriage(),
    scryptParams: TEST_SCRYPT,
    say: (l) => said.push(l),
    log: () => {},
    ...extra,
  });
  return {
    wb,
    url: wb.url,
    dir,
    user: (username, role, mustChange = false) =>
      createUser(wb.db, SYSTEM_ACTOR, { username, role, password: PASSWORD, mustChangePassword: mustChange }, TEST_SCRYPT),
    stop: async () => {
      await wb.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  location: string | null;
}

/** A browser-like client: keeps the session cookie, sends same-origin headers, finds the CSRF token in pages. */
export class Client {
  cookie = '';
  csrf = '';

  constructor(readonly base: string) {}

  private remember(res: Response): void {
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0].endsWith('=') ? '' : set.split(';')[0];
  }

  private learn(text: string): void {
    const m = /name="csrf-token" content="([^"]*)"/.exec(text);
    if (m && m[1]) this.csrf = m[1];
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Reply> {
    const res = await fetch(this.base + path, { redirect: 'manual', headers: { cookie: this.cookie, ...headers } });
    this.remember(res);
    const text = await res.text();
    this.learn(text);
    return { status: res.status, headers: res.headers, text, location: res.headers.get('location') };
  }

  async post(
    path: string,
    fields: Record<string, string | string[]>,
    opts: { csrf?: string | null; headers?: Record<string, string> } = {},
  ): Promise<Reply> {
    const body = new URLSearchParams();
    const token = opts.csrf === undefined ? this.csrf : opts.csrf;
    if (token !== null) body.append('_csrf', token);
    for (const [k, v] of Object.entries(fields)) for (const x of ([] as string[]).concat(v)) body.append(k, x);
    const res = await fetch(this.base + path, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        cookie: this.cookie,
        'content-type': 'application/x-www-form-urlencoded',
        origin: this.base,
        'sec-fetch-site': 'same-origin',
        ...opts.headers,
      },
      body: body.toString(),
    });
    this.remember(res);
    const text = await res.text();
    this.learn(text);
    return { status: res.status, headers: res.headers, text, location: res.headers.get('location') };
  }

  async postJson(path: string, value: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const res = await fetch(this.base + path, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        cookie: this.cookie,
        'content-type': 'application/json',
        'x-csrf-token': this.csrf,
        origin: this.base,
        'sec-fetch-site': 'same-origin',
        ...headers,
      },
      body: JSON.stringify(value),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, location: res.headers.get('location') };
  }

  async login(username: string, password = PASSWORD): Promise<Reply> {
    await this.get('/login');
    const r = await this.post('/login', { username, password });
    if (r.status === 303) await this.get(r.location ?? '/');
    return r;
  }
}

/** Answers for a report that both models call a vulnerability (an unauthenticated leak through the gateway). */
export const LEAK_ANSWERS: Record<string, string | string[]> = {
  'q.spec.component': 'ingress-gateway',
  'q.spec.category': 'information-disclosure',
  'q.spec.attacker.access': 'none',
  'q.spec.attacker.userInteraction': 'none',
  'q.spec.target': 'other-namespace',
  'q.spec.impact.confidentiality': 'high',
  'q.spec.impact.integrity': 'none',
  'q.spec.impact.availability': 'none',
  'q.spec.attackComplexity': 'low',
  'q.spec.requires': '',
  'q.spec.equallyAffectsKubernetes': 'false',
};
