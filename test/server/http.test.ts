/**
 * The workbench over real HTTP (in-process server on a random loopback port): security headers, login,
 * sessions, CSRF and cross-site refusal, access control, workflow, limits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, LEAK_ANSWERS, PASSWORD, startTestServer, type TestServer } from './helpers.js';
import { listLog } from '../../src/server/audit-log.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ accountLimit: { freeAttempts: 3, baseLockMs: 60_000, maxLockMs: 60_000, forgetMs: 600_000 } });
  await s.user('alice', 'reporter');
  await s.user('bob', 'reporter');
  await s.user('tess', 'triager');
  await s.user('ada', 'admin');
});
afterAll(async () => s.stop());

async function fileReport(c: Client, title: string, extra: Record<string, string | string[]> = {}): Promise<number> {
  await c.get('/reports/new');
  const r = await c.post('/reports', { title, description: 'steps', ...LEAK_ANSWERS, ...extra });
  expect(r.status).toBe(303);
  return Number(/\/reports\/(\d+)$/.exec(r.location!)![1]);
}

describe('headers and first contact', () => {
  it('sends a strict CSP and the other protective headers on every page', async () => {
    const r = await new Client(s.url).get('/login');
    const csp = r.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(r.headers.get('x-frame-options')).toBe('DENY');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('referrer-policy')).toBe('same-origin');
    expect(r.headers.get('cache-control')).toBe('no-store');
    // A visitor gets a signed pre-login cookie, not a session (robustness.test.ts: no store row for visitors).
    expect(r.headers.get('set-cookie')).toMatch(/^ktm_login=\d+\.[\w-]+\.[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=1800$/);
    expect(r.text).not.toMatch(/<script>|\sstyle=|\son\w+=/);
  });

  it('sends anonymous visitors to the login page and hides everything else', async () => {
    const c = new Client(s.url);
    expect((await c.get('/')).location).toBe('/login');
    expect((await c.get('/reports/1')).location).toBe('/login');
    expect((await c.get('/nope')).status).toBe(404);
  });
});

describe('login and sessions', () => {
  it('issues a new session token at login and ends it server-side at logout', async () => {
    const c = new Client(s.url);
    await c.get('/login');
    const anonymous = c.cookie;
    const r = await c.post('/login', { username: 'alice', password: PASSWORD });
    expect(r.status).toBe(303);
    expect(c.cookie).not.toBe(anonymous);
    const loggedIn = c.cookie;
    expect((await c.get('/')).status).toBe(200);
    // The pre-login token is dead (no fixation).
    const stale = new Client(s.url);
    stale.cookie = anonymous;
    expect((await stale.get('/')).location).toBe('/login');
    await c.post('/logout', {});
    // Replaying the old cookie after logout does not work: the server forgot the session.
    const replay = new Client(s.url);
    replay.cookie = loggedIn;
    expect((await replay.get('/')).location).toBe('/login');
  });

  it('says the same thing for a wrong user name and a wrong password', async () => {
    const a = new Client(s.url);
    await a.get('/login');
    const wrongPass = await a.post('/login', { username: 'bob', password: 'nope nope nope' });
    const b = new Client(s.url);
    await b.get('/login');
    const wrongUser = await b.post('/login', { username: 'nobody-here', password: 'nope nope nope' });
    expect(wrongPass.status).toBe(401);
    expect(wrongUser.status).toBe(401);
    expect(wrongPass.text).toContain('Wrong user name or password.');
    expect(wrongUser.text).toContain('Wrong user name or password.');
  });

  it('locks an account out after repeated failures, even with the right password', async () => {
    await s.user('victim', 'reporter');
    const c = new Client(s.url);
    await c.get('/login');
    for (let i = 0; i < 3; i++) expect((await c.post('/login', { username: 'victim', password: `guess number ${i}` })).status).toBe(401);
    const locked = await c.post('/login', { username: 'victim', password: PASSWORD });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Other accounts from the same address are not locked out by it.
    expect((await new Client(s.url).login('bob')).status).toBe(303);
  });

  it('throttles one address that guesses across many accounts', async () => {
    const t = await startTestServer({ addressLimit: { freeAttempts: 4, baseLockMs: 60_000, maxLockMs: 60_000, forgetMs: 600_000 } });
    try {
      await t.user('someone', 'reporter');
      const c = new Client(t.url);
      await c.get('/login');
      for (let i = 0; i < 4; i++) expect((await c.post('/login', { username: `user${i}`, password: 'guess guess guess' })).status).toBe(401);
      expect((await c.post('/login', { username: 'someone', password: PASSWORD })).status).toBe(429);
    } finally {
      await t.stop();
    }
  });

  it('expires idle sessions', async () => {
    const t = await startTestServer({ sessionPolicy: { idleMs: 50, absoluteMs: 60_000 } });
    try {
      await t.user('idle', 'reporter');
      const c = new Client(t.url);
      await c.login('idle');
      await new Promise((r) => setTimeout(r, 120));
      expect((await c.get('/')).location).toBe('/login');
    } finally {
      await t.stop();
    }
  });

  it('expires sessions at the absolute timeout despite activity', async () => {
    const t = await startTestServer({ sessionPolicy: { idleMs: 60_000, absoluteMs: 150 } });
    try {
      await t.user('busy', 'reporter');
      const c = new Client(t.url);
      await c.login('busy');
      for (let i = 0; i < 3; i++) {
        expect((await c.get('/')).status).toBe(200);
        await new Promise((r) => setTimeout(r, 40));
      }
      await new Promise((r) => setTimeout(r, 100));
      expect((await c.get('/')).location).toBe('/login');
    } finally {
      await t.stop();
    }
  });

  it('makes a first-run admin change the one-time password before anything else', async () => {
    const said: string[] = [];
    const t = await startTestServer({ say: (l) => said.push(l) });
    try {
      const line = said.find((l) => l.includes('one-time password'))!;
      const otp = /password: (\S+)$/.exec(line)![1];
      const c = new Client(t.url);
      const r = await c.login('admin', otp);
      expect(r.location).toBe('/account/password');
      expect((await c.get('/admin/users')).location).toBe('/account/password');
      expect((await c.post('/account/password', { current: otp, password: 'short', confirm: 'short' })).status).toBe(400);
      const before = c.cookie;
      const ok = await c.post('/account/password', { current: otp, password: 'a much better passphrase', confirm: 'a much better passphrase' });
      expect(ok.status).toBe(303);
      expect(c.cookie).not.toBe(before); // rotated after the password change
      expect((await c.get('/admin/users')).status).toBe(200);
      const again = new Client(t.url);
      expect((await again.login('admin', otp)).status).toBe(401);
    } finally {
      await t.stop();
    }
  });
});

describe('CSRF and cross-site requests', () => {
  it('refuses a state change without the token, with a wrong one, and from another origin', async () => {
    const c = new Client(s.url);
    await c.login('tess');
    const id = await fileReport(c, 'csrf target');
    const count = () => listLog(s.wb.db, { entity: 'report', entityId: id }).length;
    const before = count();
    expect((await c.post(`/reports/${id}/status`, { to: 'triaged' }, { csrf: null })).status).toBe(403);
    expect((await c.post(`/reports/${id}/status`, { to: 'triaged' }, { csrf: 'x'.repeat(43) })).status).toBe(403);
    expect(
      (await c.post(`/reports/${id}/status`, { to: 'triaged' }, { headers: { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' } })).status,
    ).toBe(403);
    expect((await c.post(`/reports/${id}/status`, { to: 'triaged' }, { headers: { 'sec-fetch-site': 'same-site' } })).status).toBe(403);
    expect(count()).toBe(before);
    expect((await c.post(`/reports/${id}/status`, { to: 'triaged' })).status).toBe(303);
    expect(count()).toBe(before + 1);
  });

  it('checks the token on the JSON preview too, and wants JSON there', async () => {
    const c = new Client(s.url);
    await c.login('alice');
    expect((await c.postJson('/api/preview', { answers: {} }, { 'x-csrf-token': 'wrong' })).status).toBe(403);
    expect((await c.postJson('/api/preview', { answers: {} }, { 'content-type': 'text/plain' })).status).toBe(415);
  });

  it('refuses oversized bodies with 413', async () => {
    const c = new Client(s.url);
    await c.login('alice');
    const r = await c.post('/reports', { title: 'big', description: 'x'.repeat(300 * 1024) });
    expect(r.status).toBe(413);
  });
});

describe('reports and access control', () => {
  it('a reporter gets 404 for another reporter’s report, in every route', async () => {
    const bob = new Client(s.url);
    await bob.login('bob');
    const id = await fileReport(bob, 'bob secret');
    const alice = new Client(s.url);
    await alice.login('alice');
    expect((await alice.get(`/reports/${id}`)).status).toBe(404);
    expect((await alice.get(`/reports/${id}/export/ghsa`)).status).toBe(404);
    expect((await alice.post(`/reports/${id}/comments`, { body: 'hi' })).status).toBe(404);
    expect((await alice.post(`/reports/${id}/answers`, { title: 'mine now' })).status).toBe(404);
    const missing = await alice.get('/reports/987654');
    expect(missing.status).toBe(404);
    // Same page for "someone else's" and "missing": nothing tells the ids apart.
    expect((await alice.get(`/reports/${id}`)).text).toBe(missing.text);
    expect((await alice.get('/')).text).not.toContain('bob secret');
    // A triager sees it.
    const tess = new Client(s.url);
    await tess.login('tess');
    expect((await tess.get(`/reports/${id}`)).text).toContain('bob secret');
  });

  it('a reporter cannot move a report or reach staff pages; a triager can', async () => {
    const alice = new Client(s.url);
    await alice.login('alice');
    const id = await fileReport(alice, 'alice report');
    expect((await alice.post(`/reports/${id}/status`, { to: 'triaged' })).status).toBe(403);
    expect((await alice.get('/audits')).status).toBe(403);
    expect((await alice.get('/admin/users')).status).toBe(403);
    expect((await alice.get('/log')).status).toBe(403);
    const tess = new Client(s.url);
    await tess.login('tess');
    expect((await tess.get('/admin/users')).status).toBe(403);
    expect((await tess.post(`/reports/${id}/status`, { to: 'accepted' })).status).toBe(409);
    for (const to of ['triaged', 'accepted', 'fixed', 'disclosed']) {
      expect((await tess.post(`/reports/${id}/status`, { to })).status).toBe(303);
    }
    const page = await tess.get(`/reports/${id}`);
    expect(page.text).toContain('id="status">disclosed<');
    expect((await tess.post(`/reports/${id}/status`, { to: 'bogus' })).status).toBe(400);
  });

  it('shows the verdict under both models and updates it through the preview endpoint', async () => {
    const c = new Client(s.url);
    await c.login('alice');
    const id = await fileReport(c, 'gateway leak');
    const page = await c.get(`/reports/${id}`);
    expect(page.text).toContain('data-model="knative-2021"');
    expect(page.text).toContain('data-model="knative-2025"');
    const answers = Object.fromEntries(Object.entries(LEAK_ANSWERS).map(([k, v]) => [k.slice(2), v]));
    const p = JSON.parse((await c.postJson('/api/preview', { title: 't', answers })).text);
    expect(p.outcomes.map((o: { model: string }) => o.model).sort()).toEqual(['knative-2021', 'knative-2025']);
    for (const o of p.outcomes) expect(o.trace.length).toBeGreaterThan(0);
    const partial = JSON.parse((await c.postJson('/api/preview', { title: 't', answers: { 'spec.component': 'activator' } })).text);
    expect(partial.outcomes.every((o: { verdict: string }) => o.verdict === 'needs-info')).toBe(true);
    const admin = JSON.parse(
      (await c.postJson('/api/preview', { title: 't', answers: { ...answers, 'spec.attacker.access': 'cluster-admin' } })).text,
    );
    expect(admin.outcomes.every((o: { verdict: string }) => o.verdict === 'not-a-vulnerability')).toBe(true);
  });

  it('escapes report text everywhere it is shown', async () => {
    const c = new Client(s.url);
    await c.login('alice');
    const evil = '<img src=x onerror=alert(1)>';
    const id = await fileReport(c, evil, { description: `</pre><script>alert(2)</script>` });
    await c.post(`/reports/${id}/comments`, { body: `"><svg onload=alert(3)>` });
    for (const path of ['/', `/reports/${id}`]) {
      const t = (await c.get(path)).text;
      expect(t).not.toContain('<img src=x');
      expect(t).not.toContain('<script>alert');
      expect(t).not.toContain('<svg onload');
      expect(t).toContain('&lt;img src&#61;x onerror&#61;alert(1)&gt;');
    }
  });

  it('keeps comments and the reporter can comment on their own report', async () => {
    const c = new Client(s.url);
    await c.login('alice');
    const id = await fileReport(c, 'commented');
    const r = await c.post(`/reports/${id}/comments`, { body: 'more detail' }, { headers: { accept: 'application/json' } });
    expect(r.status).toBe(201);
    expect(JSON.parse(r.text)).toMatchObject({ author: 'alice', body: 'more detail' });
    expect((await c.get(`/reports/${id}`)).text).toContain('more detail');
  });

  it('sets and refuses embargo dates', async () => {
    const c = new Client(s.url);
    await c.login('tess');
    const id = await fileReport(c, 'embargoed');
    expect((await c.post(`/reports/${id}/embargo`, { until: '2026-02-30' })).status).toBe(400);
    expect((await c.post(`/reports/${id}/embargo`, { until: '2099-12-31' })).status).toBe(303);
    for (const to of ['triaged', 'accepted', 'fixed']) await c.post(`/reports/${id}/status`, { to });
    const refused = await c.post(`/reports/${id}/status`, { to: 'disclosed' });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('embargo runs until 2099-12-31');
  });
});

describe('advisories', () => {
  const ghsa = {
    ghsa_id: 'GHSA-qmvj-4qr9-v547',
    cve_id: 'CVE-2023-48713',
    summary: 'Knative Serving autoscaler can be made to run out of memory by a <b>crafted</b> request',
    description: 'A user with permission to deploy can crash the autoscaler.',
    severity: 'moderate',
    vulnerabilities: [{ package: { ecosystem: 'go', name: 'knative.dev/serving' } }],
    cvss: { vector_string: 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H' },
    cwe_ids: ['CWE-400'],
  };

  it('imports a pasted GHSA advisory, keeps its CVSS vector, and exports drafts and the reply', async () => {
    const c = new Client(s.url);
    await c.login('tess');
    await c.get('/reports/new');
    const r = await c.post('/reports/import', { kind: 'ghsa', advisory: JSON.stringify(ghsa) });
    expect(r.status).toBe(303);
    const page = await c.get(r.location!);
    expect(page.text).toContain('&lt;b&gt;crafted&lt;/b&gt;');
    expect(page.text).toContain('data-model="knative-2025"');
    expect(page.text).toContain('CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H');
    const id = /\/reports\/(\d+)$/.exec(r.location!)![1];
    const g = await c.get(`/reports/${id}/export/ghsa`);
    expect(g.status).toBe(200);
    expect(g.headers.get('content-disposition')).toBe(`attachment; filename="report-${id}-ghsa.json"`);
    expect(JSON.parse(g.text)).toBeTypeOf('object');
    const o = await c.get(`/reports/${id}/export/osv?model=knative-2025`);
    expect(JSON.parse(o.text)).toBeTypeOf('object');
    const reply = await c.get(`/reports/${id}/export/reply`);
    expect(reply.text).toMatch(/^Subject: Re: /);
    expect((await c.get(`/reports/${id}/export/markdown`)).status).toBe(200);
    // A reporter cannot export, even their own report.
    const alice = new Client(s.url);
    await alice.login('alice');
    const own = await fileReport(alice, 'mine');
    expect((await alice.get(`/reports/${own}/export/reply`)).status).toBe(403);
  });

  it('says what is wrong with a bad advisory and keeps the pasted text', async () => {
    const c = new Client(s.url);
    await c.login('alice');
    await c.get('/reports/new');
    const r = await c.post('/reports/import', { kind: 'ghsa', advisory: '{"summary": ""}' });
    expect(r.status).toBe(400);
    expect(r.text).toContain('Could not read the advisory: pasted GHSA advisory');
    expect(r.text).toContain('{&quot;summary&quot;: &quot;&quot;}');
    expect((await c.post('/reports/import', { kind: 'osv', advisory: '{not json' })).status).toBe(400);
  });
});

describe('audit reports and models', () => {
  const audit = {
    model: 'knative-2021',
    verdicts: { namespace: 'fail', cluster: 'pass' },
    assumptions: [],
    findings: [
      { id: 'netpol-default-deny', severity: 'high', tenancy: ['namespace'], clause: 'v1-tenancy', resource: { kind: 'Namespace', name: 'team-a', namespace: 'team-a' }, message: 'no <b>default</b> deny', fix: 'add a policy' },
      { id: 'pss-restricted', severity: 'moderate', tenancy: ['namespace'], clause: 'v1-x', resource: { kind: 'Pod', name: 'p', namespace: 'team-b' }, message: 'privileged', fix: 'drop it' },
    ],
    reachability: { tenants: ['team-a', 'team-b'], matrix: [[true, true], [false, true]] },
  };

  it('uploads, lists and shows an audit with its heat maps, escaping its text', async () => {
    const c = new Client(s.url);
    await c.login('tess');
    await c.get('/audits');
    const r = await c.post('/audits', { name: 'prod', json: JSON.stringify(audit) });
    expect(r.status).toBe(303);
    const page = await c.get(r.location!);
    expect(page.text).toContain('netpol-default-deny');
    expect(page.text).toContain('no &lt;b&gt;default&lt;/b&gt; deny');
    expect(page.text).toMatch(/class="heatmap"[\s\S]*team-a[\s\S]*team-b/);
    expect(page.text).toContain('Reachability between tenants');
    expect((await c.post('/audits', { name: 'bad', json: '{"findings": 3}' })).text).toContain('findings');
  });

  it('browses the models', async () => {
    const c = new Client(s.url);
    await c.login('tess');
    expect((await c.get('/models')).text).toContain('knative-2025');
    const m = await c.get('/models/knative-2021');
    expect(m.status).toBe(200);
    expect(m.text).toContain('ingress-gateway');
    expect((await c.get('/models/package.json')).status).toBe(404);
    const svg = await c.get('/models/knative-2021/diagram.svg?tenancy=namespace');
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(svg.text).toContain('<svg');
  });
});

describe('accounts', () => {
  it('an admin creates an account with a one-time password shown once, and changes roles', async () => {
    const c = new Client(s.url);
    await c.login('ada');
    await c.get('/admin/users');
    const r = await c.post('/admin/users', { username: 'newbie', role: 'triager' });
    expect(r.status).toBe(201);
    const otp = /One-time password for <strong>newbie<\/strong>: <code>([^<]+)<\/code>/.exec(r.text)![1];
    const n = new Client(s.url);
    expect((await n.login('newbie', otp)).location).toBe('/account/password');
    expect((await c.post('/admin/users', { username: 'newbie', role: 'triager' })).status).toBe(409);
    expect((await c.post('/admin/users', { username: '<x>', role: 'triager' })).status).toBe(400);
    const log = await c.get('/log');
    expect(log.text).toContain('newbie');
    expect(log.text).not.toContain(otp);
  });

  it('disabling an account ends its sessions at once', async () => {
    const u = await s.user('leaver', 'triager');
    const leaver = new Client(s.url);
    await leaver.login('leaver');
    expect((await leaver.get('/')).status).toBe(200);
    const ada = new Client(s.url);
    await ada.login('ada');
    await ada.get('/admin/users');
    expect((await ada.post(`/admin/users/${u.id}`, { role: 'triager', disabled: '1' })).status).toBe(200);
    expect((await leaver.get('/')).location).toBe('/login');
    expect((await leaver.login('leaver')).status).toBe(401);
  });
});

describe('accepting needs a vulnerability verdict', () => {
  it('refuses to accept a needs-info report with 409 naming the missing facts, and says so on the page', async () => {
    const tess = new Client(s.url);
    await tess.login('tess');
    await tess.get('/reports/new');
    const filed = await tess.post('/reports', { title: 'vague report', description: 'something is off', 'q.spec.component': 'activator' });
    const id = Number(/\/reports\/(\d+)$/.exec(filed.location!)![1]);
    expect((await tess.post(`/reports/${id}/status`, { to: 'triaged' })).status).toBe(303);
    const refused = await tess.post(`/reports/${id}/status`, { to: 'accepted' });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('cannot mark accepted: no model calls this report a vulnerability');
    expect(refused.text).toMatch(/knative-2021: needs-info, missing spec\.[a-zA-Z.]+/);
    expect(refused.text).toMatch(/knative-2025: needs-info, missing spec\./);
    expect(refused.text).toContain('answer the missing facts (ask the reporter) or decline the report');
    const page = await tess.get(`/reports/${id}`);
    expect(page.text).toContain('id="status">triaged<');
    // The page offers the move disabled, with the same reason, rather than a button that fails.
    expect(page.text).toMatch(/<button type="submit" name="to" value="accepted" disabled>/);
    expect(page.text).toMatch(/<p class="muted gate">cannot mark accepted: no model calls/);
    expect(page.text).toMatch(/<button type="submit" name="to" value="declined">/);

    // With the facts in, both models call it a vulnerability and it can be accepted.
    expect((await tess.post(`/reports/${id}/answers`, { title: 'vague report', description: 'now clear', ...LEAK_ANSWERS })).status).toBe(303);
    expect((await tess.post(`/reports/${id}/status`, { to: 'accepted' })).status).toBe(303);
    // Answers changed afterwards so that no model calls it a vulnerability: it is not marked fixed either.
    await tess.post(`/reports/${id}/answers`, { title: 'vague report', description: 'admin only', ...LEAK_ANSWERS, 'q.spec.attacker.access': 'cluster-admin' });
    const notFixed = await tess.post(`/reports/${id}/status`, { to: 'fixed' });
    expect(notFixed.status).toBe(409);
    expect(notFixed.text).toMatch(/cannot mark fixed: no model calls this report a vulnerability \(knative-2021: not-a-vulnerability/);
    expect(notFixed.text).toContain('decline the report instead');
  });

  it('lets a triager decline a report that still needs information', async () => {
    const tess = new Client(s.url);
    await tess.login('tess');
    await tess.get('/reports/new');
    const filed = await tess.post('/reports', { title: 'never answered', description: '' });
    const id = Number(/\/reports\/(\d+)$/.exec(filed.location!)![1]);
    for (const to of ['triaged', 'declined']) expect((await tess.post(`/reports/${id}/status`, { to })).status).toBe(303);
  });
});

describe('timestamps on pages', () => {
  const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
  const SHOWN = /\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/;

  it('shows every instant as "YYYY-MM-DD HH:MM UTC": queue, report (clocks, comments, history), log, accounts, audits', async () => {
    const ada = new Client(s.url);
    await ada.login('ada');
    const id = await fileReport(ada, 'timestamps');
    await ada.post(`/reports/${id}/embargo`, { until: '2099-12-31' });
    for (const to of ['triaged', 'accepted', 'fixed']) expect((await ada.post(`/reports/${id}/status`, { to })).status).toBe(303);
    await ada.post(`/reports/${id}/comments`, { body: 'a comment with a time' });
    await ada.get('/audits');
    await ada.post('/audits', { name: 'times', json: JSON.stringify({ model: 'knative-2021', findings: [] }) });
    const refused = await ada.post(`/reports/${id}/status`, { to: 'disclosed' });
    expect(refused.text).toContain('the embargo runs until 2099-12-31 00:00 UTC');
    for (const path of ['/', `/reports/${id}`, '/log', '/admin/users', '/audits']) {
      const page = await ada.get(path);
      expect(page.status, path).toBe(200);
      expect(page.text, path).toMatch(SHOWN);
      expect(page.text, path).not.toMatch(ISO);
      expect(page.text, path).not.toMatch(/\d{2}:\d{2}:\d{2}/);
    }
    expect(refused.text).not.toMatch(ISO);
    // The clocks say when a step happened in the same format.
    expect((await ada.get(`/reports/${id}`)).text).toMatch(/acknowledged \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
  });
});
