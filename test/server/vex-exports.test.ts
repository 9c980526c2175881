/**
 * The workbench offers OpenVEX, CSAF VEX and the CVE record (for a CVE id the triager gives) as exports of a report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csafValidator, cveValidator, openVexValidator } from '../helpers/official-schemas.js';
import { Client, LEAK_ANSWERS, startTestServer, type TestServer } from './helpers.js';

const validOpenVex = openVexValidator();
const validCve = cveValidator();
const validCsaf = csafValidator();

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
  await s.user('tess', 'triager');
});
afterAll(async () => s.stop());

describe('VEX and CVE exports in the workbench', () => {
  it('links them on the report page and serves each as a download', async () => {
    const c = new Client(s.url);
    await c.login('tess');
    await c.get('/reports/new');
    const r = await c.post('/reports', { title: 'Gateway leaks another tenant response', description: 'steps', ...LEAK_ANSWERS });
    expect(r.status).toBe(303);
    const id = /\/reports\/(\d+)$/.exec(r.location!)![1];
    const page = await c.get(r.location!);
    for (const kind of ['openvex', 'csaf-vex']) expect(page.text).toContain(`/reports/${id}/export/${kind}`);
    expect(page.text).toContain(`action="/reports/${id}/export/cve5"`);

    const vex = await c.get(`/reports/${id}/export/openvex`);
    expect(vex.status).toBe(200);
    expect(vex.headers.get('content-disposition')).toBe(`attachment; filename="report-${id}-openvex.json"`);
    const doc = JSON.parse(vex.text);
    expect(validOpenVex(doc), JSON.stringify(validOpenVex.errors)).toBe(true);
    expect(doc.statements[0].vulnerability.name).toBe(`workbench-${id}`);

    const csaf = JSON.parse((await c.get(`/reports/${id}/export/csaf-vex?model=knative-2025`)).text);
    expect(csaf.document.category).toBe('csaf_vex');
    expect(validCsaf(csaf), JSON.stringify(validCsaf.errors)).toBe(true);

    const cve = await c.get(`/reports/${id}/export/cve5?cve=CVE-2024-12345`);
    expect(cve.status).toBe(200);
    const rec = JSON.parse(cve.text);
    expect(rec.cveMetadata.cveId).toBe('CVE-2024-12345');
    expect(validCve(rec), JSON.stringify(validCve.errors)).toBe(true);
  });

  it('without a CVE id, or with a malformed one, the CVE record is refused with the reason', async () => {
    const c = new Client(s.url);
    await c.login('tess');
    await c.get('/reports/new');
    const r = await c.post('/reports', { title: 'Another', description: 'steps', ...LEAK_ANSWERS });
    const id = /\/reports\/(\d+)$/.exec(r.location!)![1];
    const none = await c.get(`/reports/${id}/export/cve5`);
    expect(none.status).toBe(409);
    expect(none.text).toContain('needs the report&#39;s CVE id');
    const bad = await c.get(`/reports/${id}/export/cve5?cve=${encodeURIComponent('<b>x</b>')}`);
    expect(bad.status).toBe(400);
    expect(bad.text).not.toContain('<b>x</b>');
  });
});
