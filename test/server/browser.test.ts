/**
 * The workbench in a real browser: Debian's chromium driven by playwright-core. Covers the form with live verdicts,
 * the workflow, object-level access (404), escaping of hostile titles, a cross-site form post being refused, and the
 * form's layout at 1,280 px and 390 px (phone): no sideways scroll, the live verdict in view, components grouped with a
 * filter box.
 * Screenshots of the queue and a report page go to /tmp/ktm-shots/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { PASSWORD, startTestServer, type TestServer } from './helpers.js';
import { getVisibleReport } from '../../src/server/reports.js';
import type { User } from '../../src/server/accounts.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = '/tmp/ktm-shots';

let s: TestServer;
let browser: Browser;
let tess: User;

beforeAll(async () => {
  s = await startTestServer();
  await s.user('alice', 'reporter');
  await s.user('bob', 'reporter');
  tess = await s.user('tess', 'triager');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // rebind.test resolves to this machine, as an attacker's domain does after DNS rebinding.
    args: ['--host-resolver-rules=MAP rebind.test 127.0.0.1', '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

async function loggedIn(username: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(`${s.url}/login`);
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(`${s.url}/`);
  return page;
}

/** The facts of a gateway that leaks another tenant's data: a vulnerability under both models. */
async function answerGatewayLeak(page: Page): Promise<void> {
  await page.locator('fieldset[data-question="spec.component"]').getByLabel('Ingress gateway', { exact: true }).check();
  await page.getByLabel('read data they should not see').check();
  await page.getByLabel('nothing: anyone who can send a request to a public application').check();
  await page.getByLabel("another team's namespace (not the attacker's own)").check();
  await page.locator('fieldset[data-question="spec.impact.confidentiality"]').getByLabel('serious: all of it, or what matters most').check();
  await page.locator('fieldset[data-question="spec.impact.integrity"]').getByLabel('none').check();
  await page.locator('fieldset[data-question="spec.impact.availability"]').getByLabel('none').check();
}

async function fileThroughForm(page: Page, title: string): Promise<number> {
  await page.goto(`${s.url}/reports/new`);
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('What happened').fill('Send a request to the gateway without credentials; the response carries another tenant’s data.');
  await answerGatewayLeak(page);
  await page.getByRole('button', { name: 'File the report' }).click();
  await page.waitForURL(/\/reports\/\d+$/);
  return Number(/(\d+)$/.exec(page.url())![1]);
}

// A developer machine without Debian's chromium skips these; CI (which installs it in .ci/run) never does.
describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)('workbench in chromium', () => {
  it('shows the verdict under both models as the facets change, then files the report', async () => {
    const page = await loggedIn('alice');
    await page.goto(`${s.url}/reports/new`);
    const preview = page.locator('#preview');
    await expect.poll(() => preview.textContent()).toContain('Answer the questions');
    await page.getByLabel('Title').fill('Gateway leaks other tenants’ responses');
    // Partial answers: the engine asks for more under both models.
    await expect.poll(async () => preview.locator('tr[data-model] .verdict').allTextContents()).toEqual(['needs-info', 'needs-info']);
    await answerGatewayLeak(page);
    await expect.poll(async () => preview.locator('tr[data-model] .verdict').allTextContents()).toEqual(['vulnerability', 'vulnerability']);
    await expect.poll(() => preview.locator('tr[data-model="knative-2021"] .severity').textContent()).toMatch(/critical|high|moderate|low/);
    // Change one facet: a cluster administrator is trusted, so both models now say it is not a vulnerability.
    await page.getByLabel('cluster administrator rights').check();
    await expect.poll(async () => preview.locator('tr[data-model] .verdict').allTextContents()).toEqual(['not-a-vulnerability', 'not-a-vulnerability']);
    await page.getByLabel('nothing: anyone who can send a request to a public application').check();
    await page.getByRole('button', { name: 'File the report' }).click();
    await page.waitForURL(/\/reports\/\d+$/);
    await expect.poll(async () => page.locator('#verdicts tr[data-model] .verdict').allTextContents()).toEqual(['vulnerability', 'vulnerability']);
    await page.context().close();
  });

  it('moves a report through the workflow, with screenshots of the queue and the report', async () => {
    const alice = await loggedIn('alice');
    const id = await fileThroughForm(alice, 'Activator forwards to any namespace');
    await alice.context().close();
    const page = await loggedIn('tess');
    mkdirSync(SHOTS, { recursive: true });
    await page.goto(`${s.url}/`);
    await page.screenshot({ path: `${SHOTS}/queue.png`, fullPage: true });
    await page.getByRole('link', { name: 'Activator forwards to any namespace' }).click();
    await page.locator('#status').waitFor();
    for (const [button, status] of [
      ['Acknowledge (mark triaged)', 'triaged'],
      ['Accept as a vulnerability', 'accepted'],
      ['Mark fixed', 'fixed'],
    ] as const) {
      await page.getByRole('button', { name: button }).click();
      await expect.poll(() => page.locator('#status').textContent()).toBe(status);
    }
    await page.getByLabel('Add a comment').fill('Fix is in 1.15.2; disclose once the release is out.');
    await page.getByRole('button', { name: 'Comment' }).click();
    await expect.poll(() => page.locator('.comments').textContent()).toContain('Fix is in 1.15.2');
    await page.screenshot({ path: `${SHOTS}/report.png`, fullPage: true });
    await page.getByRole('button', { name: 'Mark disclosed' }).click();
    await expect.poll(() => page.locator('#status').textContent()).toBe('disclosed');
    expect(getVisibleReport(s.wb.db, tess, id)!.status).toBe('disclosed');
    await page.context().close();
  });

  it('gives a reporter 404 for another reporter’s report id', async () => {
    const bob = await loggedIn('bob');
    const id = await fileThroughForm(bob, 'Bob’s embargoed finding');
    await bob.context().close();
    const alice = await loggedIn('alice');
    const res = await alice.goto(`${s.url}/reports/${id}`);
    expect(res!.status()).toBe(404);
    expect(await alice.content()).not.toContain('Bob’s embargoed finding');
    await alice.context().close();
  });

  it('renders a hostile title as text: no dialog, the text visible', async () => {
    const page = await loggedIn('alice');
    let dialogs = 0;
    page.on('dialog', async (d) => {
      dialogs++;
      await d.dismiss();
    });
    const hostile = '<img src=x onerror=alert(1)>';
    const id = await fileThroughForm(page, hostile);
    await expect.poll(() => page.locator('h1').textContent()).toBe(`#${id} ${hostile}`);
    await page.goto(`${s.url}/`);
    await expect.poll(() => page.getByRole('link', { name: hostile }).count()).toBe(1);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    await page.waitForTimeout(200);
    expect(dialogs).toBe(0);
    await page.context().close();
  });

  it('answers 421 to a page loaded under a rebound foreign name, so it can read nothing', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const port = new URL(s.url).port;
    const rebound = await page.goto(`http://rebind.test:${port}/login`);
    expect(rebound!.status()).toBe(421);
    expect(await page.content()).not.toContain('csrf-token');
    expect(await page.locator('body').textContent()).toContain('Misdirected Request');
    // The same server under its own address answers as usual.
    expect((await page.goto(`${s.url}/login`))!.status()).toBe(200);
    await context.close();
  });

  it('offers "Accept" disabled, with the reason, while no model calls the report a vulnerability', async () => {
    const page = await loggedIn('tess');
    await page.goto(`${s.url}/reports/new`);
    await page.getByLabel('Title').fill('Something about the activator');
    await page.locator('fieldset[data-question="spec.component"]').getByLabel('Activator', { exact: true }).check();
    await page.getByRole('button', { name: 'File the report' }).click();
    await page.waitForURL(/\/reports\/\d+$/);
    await page.getByRole('button', { name: 'Acknowledge (mark triaged)' }).click();
    await expect.poll(() => page.locator('#status').textContent()).toBe('triaged');
    expect(await page.getByRole('button', { name: 'Accept as a vulnerability' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Decline (not a vulnerability)' }).isEnabled()).toBe(true);
    await expect.poll(() => page.locator('.gate').first().textContent()).toMatch(/^cannot mark accepted: no model calls this report a vulnerability \(knative-2021: needs-info, missing /);
    await page.context().close();
  });

  it('refuses a form posted from a page on another origin', async () => {
    const page = await loggedIn('tess');
    const alice = await loggedIn('alice');
    const id = await fileThroughForm(alice, 'Target of a cross-site post');
    await alice.context().close();
    // The attacker's page: another local server (another port, so another origin), auto-submitting a form.
    const evil: Server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(`<!doctype html><form id="f" method="post" action="${s.url}/reports/${id}/status">
        <input name="to" value="triaged"><input name="_csrf" value="guessed"></form>
        <script>document.getElementById('f').submit()</script>`);
    });
    await new Promise<void>((r) => evil.listen(0, '127.0.0.1', () => r()));
    try {
      const evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}/`;
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url() === `${s.url}/reports/${id}/status`),
        page.goto(evilUrl),
      ]);
      expect(response.status()).toBe(403);
      expect(getVisibleReport(s.wb.db, tess, id)!.status).toBe('new');
    } finally {
      await new Promise((r) => evil.close(r));
      await page.context().close();
    }
  });

  /** The page scrolls sideways when its content is wider than the window. */
  const scrollsSideways = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth > window.innerWidth);
  const inView = (page: Page, selector: string) =>
    page.locator(selector).evaluate((e) => {
      const r = e.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: window.innerWidth, height: window.innerHeight };
    });

  for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
    it(`keeps the live verdict in view without sideways scroll at ${viewport.width} px`, async () => {
      const page = await loggedIn('alice', viewport);
      await page.goto(`${s.url}/reports/new`);
      expect(await scrollsSideways(page)).toBe(false);
      await page.getByLabel('Title').fill('Gateway leaks other tenants’ responses, with a very long title that must wrap rather than widen the page');
      await page.getByLabel('What happened').fill('x'.repeat(400));
      await answerGatewayLeak(page);
      // The last question of the form.
      const last = page.locator('fieldset.question').last();
      expect(await last.getAttribute('data-question')).toBe('spec.impactDemonstrated');
      await last.getByLabel('it shows an attack with an impact').check();
      await expect.poll(async () => page.locator('#preview tr[data-model] .verdict').allTextContents()).toEqual(['vulnerability', 'vulnerability']);
      // The CVSS vector and the rationale are in the panel, and still the page does not scroll sideways.
      await expect.poll(() => page.locator('#preview code').first().textContent()).toMatch(/^CVSS:3\.1\//);
      expect(await scrollsSideways(page)).toBe(false);
      const panel = await inView(page, '#verdict-panel');
      expect(panel.top).toBeGreaterThanOrEqual(0);
      expect(panel.left).toBeGreaterThanOrEqual(0);
      expect(panel.bottom).toBeLessThanOrEqual(panel.height);
      expect(panel.right).toBeLessThanOrEqual(panel.width);
      // The verdict rows themselves are visible inside the panel.
      const verdict = await inView(page, '#preview tr[data-model] .verdict >> nth=0');
      expect(verdict.top).toBeGreaterThanOrEqual(panel.top);
      expect(verdict.bottom).toBeLessThanOrEqual(Math.min(panel.bottom, verdict.height));
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: `${SHOTS}/new-report-${viewport.width}.png` });
      await page.context().close();
    });
  }

  it('groups the components (Serving, Networking, Eventing, Tooling) and filters them', async () => {
    const page = await loggedIn('alice', { width: 390, height: 844 });
    await page.goto(`${s.url}/reports/new`);
    const components = page.locator('fieldset[data-question="spec.component"]');
    const groups = await components.locator('.choice-group h3').allTextContents();
    expect(groups.slice(0, 4)).toEqual(['Serving', 'Networking', 'Eventing', 'Tooling']);
    const total = await components.locator('label.choice').count();
    expect(total).toBeGreaterThanOrEqual(23);
    const visible = () => components.locator('label.choice:visible').allTextContents();
    expect((await visible()).length).toBe(total);
    await components.getByLabel('Filter the').fill('broker');
    await expect.poll(async () => (await visible()).length).toBeLessThan(total);
    const shown = await visible();
    expect(shown.length).toBeGreaterThan(0);
    for (const label of shown) expect(label.toLowerCase()).toContain('broker');
    expect(await components.locator('.choice-group[data-group="Eventing"]').isVisible()).toBe(true);
    expect(await components.locator('.choice-group[data-group="Serving"]').isVisible()).toBe(false);
    // A filter matching nothing says so; a chosen answer stays visible whatever the filter says.
    await components.getByLabel('Filter the').fill('no such component');
    await expect.poll(() => components.locator('.no-match').isVisible()).toBe(true);
    expect(await visible()).toEqual([]);
    await components.getByLabel('Filter the').fill('');
    expect((await visible()).length).toBe(total);
    await components.getByLabel('Activator', { exact: true }).check();
    await components.getByLabel('Filter the').fill('no such component');
    await expect.poll(async () => (await visible()).map((t) => t.trim())).toEqual(['Activator']);
    expect(await components.locator('.no-match').isVisible()).toBe(false);
    expect(await scrollsSideways(page)).toBe(false);
    await page.context().close();
  });
});
