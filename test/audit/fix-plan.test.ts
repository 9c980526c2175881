/**
 * Fix first (issue 13 part 3): findings grouped by check and fix, ranked by severity then tenants exposed, computed
 * once (src/audit/fix-plan.ts) and read by the table, Markdown, HTML and JSON reports.
 */
import { describe, expect, it } from 'vitest';
import { fixPlan, fixPlanJson, NEXT_STEP, tenantsExposedBy } from '../../src/audit/fix-plan.js';
import type { AuditResult, Finding, Severity } from '../../src/audit/types.js';
import { auditJsonObject } from '../../src/render/audit-json.js';
import { renderAuditHtml } from '../../src/render/audit-html.js';
import { renderAuditMarkdown } from '../../src/render/audit-md.js';
import { renderAuditTable } from '../../src/render/audit-table.js';
import { severityRank } from '../../src/audit/types.js';
import { audit, inventory, plainTenant } from './helpers.js';

const real = audit(inventory(['t-a', 't-b', 't-c'].map((t) => plainTenant(t)).join(''), { stock: true }));

function finding(id: string, severity: Severity, resource: string, fix = `fix ${id}`): Finding {
  return { id, severity, tenancy: ['namespace'], trust: { developers: 'any', users: 'any' }, clause: 'c', resource, source: 'f.yaml:1', path: '', message: `m ${resource}`, fix };
}

function result(findings: Finding[]): AuditResult {
  return {
    model: 'm', rules: [], tenancy: ['namespace'], trust: {}, verdicts: { namespace: 'fail' }, support: [], assumptions: [],
    findings, tenants: ['a', 'b', 'c'], notes: [], warnings: [],
  };
}

describe('fix plan', () => {
  it('puts every finding in exactly one group keyed by check and fix, counting distinct objects', () => {
    const plan = fixPlan(real);
    const seen = plan.groups.flatMap((g) => g.findings);
    expect(seen.length).toBe(real.findings.length);
    expect(new Set(seen).size).toBe(real.findings.length);
    const keys = plan.groups.map((g) => `${g.check} ${g.fix}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const g of plan.groups) {
      for (const f of g.findings) expect([f.id, f.fix]).toEqual([g.check, g.fix]);
      expect(g.objects).toEqual([...new Set(g.findings.map((f) => f.resource))].sort());
    }
    // The stock cluster has checks that fire once per tenant: they collapse into one group.
    expect(plan.groups.length).toBeLessThan(real.findings.length);
    expect(plan.groups.find((g) => g.check === 'KTM-NET-001')!.objects).toEqual(['Namespace/t-a', 'Namespace/t-b', 'Namespace/t-c']);
  });

  it('ranks by severity, then by tenants exposed, then by objects cleared', () => {
    const plan = fixPlan(
      result([
        finding('KTM-A', 'moderate', 'Namespace/a'),
        finding('KTM-B', 'high', 'Namespace/a'),
        finding('KTM-C', 'high', 'ConfigMap/knative-serving/config-x'),
        finding('KTM-D', 'moderate', 'Namespace/a'),
        finding('KTM-D', 'moderate', 'Namespace/b'),
        finding('KTM-D', 'moderate', 'Namespace/b', 'another fix'),
      ]),
    );
    expect(plan.groups.map((g) => `${g.check}:${g.tenantsExposed.length}:${g.objects.length}`)).toEqual([
      'KTM-C:3:1', // high, a shared object exposes every tenant
      'KTM-B:1:1',
      'KTM-D:2:2',
      'KTM-A:1:1',
      'KTM-D:1:1', // same check, other fix: its own group
    ]);
    const real_ = fixPlan(real).groups;
    for (let i = 1; i < real_.length; i++) {
      const [a, b] = [real_[i - 1], real_[i]];
      expect(severityRank(a.severity)).toBeGreaterThanOrEqual(severityRank(b.severity));
      if (a.severity === b.severity) expect(a.tenantsExposed.length).toBeGreaterThanOrEqual(b.tenantsExposed.length);
    }
  });

  it('a group takes its highest severity', () => {
    const plan = fixPlan(result([finding('KTM-A', 'low', 'Namespace/a'), finding('KTM-A', 'critical', 'Namespace/b')]));
    expect(plan.groups[0].severity).toBe('critical');
  });

  it('a tenant object exposes its tenant; a shared or cluster-scoped object exposes every tenant', () => {
    const tenants = new Set(['a', 'b']);
    expect(tenantsExposedBy(finding('X', 'low', 'Namespace/a'), tenants)).toEqual(['a']);
    expect(tenantsExposedBy(finding('X', 'low', 'Service/b/web'), tenants)).toEqual(['b']);
    expect(tenantsExposedBy(finding('X', 'low', 'ClusterRoleBinding/x'), tenants)).toEqual(['a', 'b']);
    expect(tenantsExposedBy(finding('X', 'low', 'ConfigMap/knative-serving/config-features'), tenants)).toEqual(['a', 'b']);
  });

  it('JSON carries the plan, naming each finding once by index', () => {
    const json = auditJsonObject(real) as { findings: unknown[]; fixPlan: { check: string; findings: number[] }[] };
    const idx = json.fixPlan.flatMap((g) => g.findings).sort((x, y) => x - y);
    expect(idx).toEqual(real.findings.map((_, i) => i));
    expect(json.fixPlan.map((g) => g.check)).toEqual(fixPlan(real).groups.map((g) => g.check));
    expect(fixPlanJson(real)[0]).toHaveProperty('tenantsExposed');
  });
});

describe('reports read the plan', () => {
  const plan = fixPlan(real);
  const net001 = plan.groups.find((g) => g.check === 'KTM-NET-001')!;
  const statement = real.support.find((s) => s.tenancy === 'namespace')!.statement;

  it('table: verdicts first, one line per model statement, each fix once, the plan in order, then the next step', () => {
    const text = renderAuditTable(real);
    expect(text.indexOf('FAIL:')).toBeLessThan(text.indexOf('does not support namespace tenancy'));
    expect(text.indexOf('does not support namespace tenancy')).toBeLessThan(text.indexOf('Fix first'));
    expect(text).not.toContain(statement);
    expect(text.split(`fix: ${net001.fix}`).length - 1).toBe(1);
    let at = 0;
    for (const [i, g] of plan.groups.entries()) {
      const pos = text.indexOf(`${String(i + 1).padStart(2)}. ${g.severity.toUpperCase()} ${g.check}`, at);
      expect(pos).toBeGreaterThan(at);
      at = pos;
    }
    for (const o of net001.objects) expect(text).toContain(`- ${o} (`);
    expect(text.trimEnd().endsWith(NEXT_STEP)).toBe(true);
    expect(text).toContain('MANUAL.md');
  });

  it('table --verbose adds the model\'s words and the hops', () => {
    const text = renderAuditTable(real, { verbose: true });
    expect(text).toContain(statement.replace(/\s+/g, ' ').trim());
    const hop = real.findings.find((f) => f.hops?.length)!.hops![0];
    expect(text).toContain(hop);
    expect(renderAuditTable(real)).not.toContain(`path: ${hop}`);
  });

  it('Markdown and HTML: verdicts, statement in <details>, the plan in the same order, the next step', () => {
    for (const doc of [renderAuditMarkdown(real), renderAuditHtml(real)]) {
      const verdictAt = doc.search(/Verdicts|class="verdict"/);
      const details = doc.indexOf('<details');
      expect(verdictAt).toBeGreaterThan(-1);
      expect(details).toBeGreaterThan(verdictAt);
      expect(doc.indexOf('<summary>', details)).toBeGreaterThan(details);
      expect(doc.indexOf('Fix first')).toBeGreaterThan(details);
      let at = doc.indexOf('Fix first');
      for (const [i, g] of plan.groups.entries()) {
        const pos = doc.indexOf(`${i + 1}. `, at);
        expect(doc.slice(pos, pos + 200)).toContain(g.check);
        at = pos;
      }
      expect(doc).toContain('MANUAL.md');
    }
  });
});
