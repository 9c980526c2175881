import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { renderAuditHtml } from '../../src/render/audit-html.js';
import { renderAuditMarkdown } from '../../src/render/audit-md.js';
import { renderAuditTable } from '../../src/render/audit-table.js';
import { policyReportObjects, renderPolicyReports } from '../../src/render/policyreport.js';
import { sarifObject } from '../../src/render/sarif.js';
import { audit, inventory, plainTenant } from './helpers.js';
import { sarifValidator } from '../helpers/official-schemas.js';

const r = audit(
  inventory(
    ['t-a', 't-b', 't-c'].map((t) => plainTenant(t)).join('') +
      `---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: t-a-admin}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{kind: ServiceAccount, name: default, namespace: t-a}]
`,
    { stock: true },
  ),
);

describe('SARIF', () => {
  const validate = sarifValidator();
  it('validates against the final OASIS SARIF 2.1.0 schema and carries rules with help and clause', () => {
    const doc = sarifObject(r);
    const ok = validate(doc);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    const run = (doc.runs as any[])[0];
    expect(run.results.length).toBe(r.findings.length);
    const rule = run.tool.driver.rules.find((x: any) => x.id === 'KTM-NET-001');
    expect(rule.help.text).toMatch(/Enforces clause \S+ \(rule tenancy-hardening\)/);
    expect(run.results.some((x: any) => x.locations[0].physicalLocation?.region?.startLine > 0)).toBe(true);
  });
  it('carries the trust profile of each result and rule', () => {
    const run = (sarifObject(r) as any).runs[0];
    for (const res of run.results) expect(Object.keys(res.properties.trust)).toEqual(['developers', 'users']);
    const iso = run.results.find((x: any) => x.ruleId === 'KTM-ISO-001');
    expect(iso?.properties.trust).toEqual({ developers: 'untrusted', users: 'any' });
    const rule = run.tool.driver.rules.find((x: any) => x.id === 'KTM-ISO-001');
    expect(rule.properties.trust).toEqual({ developers: 'untrusted', users: 'any' });
    expect(rule.properties.tags).toContain('developers:untrusted');
  });
  it('a broken document does not validate (the schema test can fail)', () => {
    const doc: any = sarifObject(r);
    doc.runs[0].results[0].level = 'fatal';
    expect(validate(doc)).toBe(false);
  });
});

describe('PolicyReport', () => {
  it('writes one PolicyReport per namespace and a ClusterPolicyReport with passes', () => {
    const docs = policyReportObjects(r, new Date(0));
    const kinds = docs.map((d: any) => `${d.kind}/${d.metadata.namespace ?? ''}`);
    expect(kinds).toContain('PolicyReport/t-a');
    expect(kinds[kinds.length - 1]).toBe('ClusterPolicyReport/');
    for (const d of docs as any[]) {
      expect(d.apiVersion).toBe('wgpolicyk8s.io/v1alpha2');
      expect(d.summary.fail + d.summary.pass + d.summary.skip).toBe(d.results.length);
      for (const res of d.results) {
        expect(['pass', 'fail', 'warn', 'error', 'skip']).toContain(res.result);
        expect(['critical', 'high', 'medium', 'low', 'info']).toContain(res.severity);
        expect(res.policy).toMatch(/^KTM-/);
      }
    }
    const crb = (docs[docs.length - 1] as any).results.find((x: any) => x.policy === 'KTM-RBAC-001');
    expect(crb.resources[0]).toEqual({ kind: 'ClusterRoleBinding', name: 't-a-admin' });
    const parsed = parseAllDocuments(renderPolicyReports(r, new Date(0)));
    expect(parsed.length).toBe(docs.length);
  });
});

describe('HTML, Markdown, table', () => {
  it('HTML is one self-contained file with banner, findings and heat map', () => {
    const html = renderAuditHtml(r);
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toMatch(/<script|<link |src="http|href="http/);
    expect(html).toMatch(/class="verdict"/);
    expect(html).toMatch(/<svg/);
    expect(html).toMatch(/KTM-NET-001/);
  });
  it('Markdown says right after the verdicts, before the findings, that the model does not support namespace tenancy', () => {
    const md = renderAuditMarkdown(r);
    expect(md.indexOf('## Verdicts')).toBeLessThan(md.indexOf('does not support namespace tenancy'));
    expect(md.indexOf('does not support namespace tenancy')).toBeLessThan(md.indexOf('## Fix first'));
  });
  it('table groups by verdict and colours only when asked', () => {
    const plain = renderAuditTable(r);
    expect(plain).not.toMatch(/\u001b\[/);
    expect(plain.indexOf('FAIL:')).toBeGreaterThan(-1);
    expect(plain.indexOf('PASS-WITH-ASSUMPTIONS:')).toBeGreaterThan(plain.indexOf('FAIL:'));
    expect(renderAuditTable(r, { color: true })).toMatch(/\u001b\[31m/);
  });
});
