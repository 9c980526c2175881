/**
 * The crosswalk: every check decides its equivalents in other frameworks; every reference resolves in the catalogue;
 * Kubescape and Trivy ids and titles match those tools' own lists (../shared/reference/crosswalk); and the
 * equivalents reach SARIF (rule properties and tags) and `ktm audit --list-checks`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../src/audit/checks/index.js';
import { CATALOGUE, FRAMEWORKS, crosswalkRefs, equivalents, noEquivalentReason } from '../../src/audit/crosswalk.js';
import { sarifObject } from '../../src/render/sarif.js';
import { runCli, SHARED } from '../helpers/cli.js';
import { audit, inventory, plainTenant } from './helpers.js';

/** id → title from one of the reference TSVs (Trivy quotes most titles). */
function tsv(file: string): Map<string, string> {
  const rows = readFileSync(join(SHARED, 'reference/crosswalk', file), 'utf8').split('\n').filter(Boolean);
  return new Map(rows.map((l) => l.split('\t')).map(([id, title]) => [id, title.replace(/^"(.*)"$/, '$1')]));
}

describe('crosswalk data', () => {
  it('Kubescape and Trivy entries carry the ids and titles those tools use', () => {
    const lists = { kubescape: tsv('kubescape-controls.tsv'), trivy: tsv('trivy-checks.tsv') };
    for (const fw of ['kubescape', 'trivy'] as const) {
      for (const [id, title] of Object.entries(CATALOGUE[fw])) expect(lists[fw].get(id), `${fw} ${id}`).toBe(title);
    }
  });
  it('every check decided its crosswalk, and every reference resolves, once per check', () => {
    let named = 0;
    for (const c of ALL_CHECKS) {
      const eq = equivalents(crosswalkRefs(c.crosswalk));
      named += eq.length;
      const keys = eq.map((e) => `${e.framework}:${e.id}`);
      expect(new Set(keys).size, c.id).toBe(keys.length);
      for (const e of eq) expect(FRAMEWORKS).toContain(e.framework);
    }
    // Every catalogue entry is used by some check (no dead titles).
    const used = new Set(ALL_CHECKS.flatMap((c) => crosswalkRefs(c.crosswalk).map((e) => `${e.framework}:${e.id}`)));
    for (const fw of FRAMEWORKS) for (const id of Object.keys(CATALOGUE[fw])) expect(used.has(`${fw}:${id}`), `${fw}:${id}`).toBe(true);
    expect(named).toBeGreaterThan(100);
  });
  it('every check has a crosswalk entry: equivalents, or an explicit none with its reason (an empty list is not a decision)', () => {
    const undecided = ALL_CHECKS.filter((c) => crosswalkRefs(c.crosswalk).length === 0 && !(noEquivalentReason(c.crosswalk) ?? '').trim()).map((c) => c.id);
    expect(undecided).toEqual([]);
    // A check with equivalents does not also claim to have none.
    expect(ALL_CHECKS.filter((c) => crosswalkRefs(c.crosswalk).length > 0 && noEquivalentReason(c.crosswalk) !== undefined).map((c) => c.id)).toEqual([]);
    const none = ALL_CHECKS.filter((c) => noEquivalentReason(c.crosswalk) !== undefined).map((c) => c.id);
    expect(none.sort()).toEqual(['KTM-CFG-003', 'KTM-CFG-004', 'KTM-CFG-007', 'KTM-CP-001', 'KTM-NET-008']);
  });
  it('the completeness test fails on a check without an entry (it can fail)', () => {
    const undecided = (crosswalk: Parameters<typeof crosswalkRefs>[0]) => crosswalkRefs(crosswalk).length === 0 && !(noEquivalentReason(crosswalk) ?? '').trim();
    expect(undecided([])).toBe(true);
    expect(undecided({ none: ' ' })).toBe(true);
    expect(undecided({ none: 'Knative-specific' })).toBe(false);
  });
  it('an unknown reference is an error, not a silent blank', () => {
    expect(() => equivalents([{ framework: 'trivy', id: 'KSV-9999', relation: 'same' }])).toThrow(/KSV-9999/);
  });
  it('sorts by framework, same before related, then numerically by id', () => {
    const eq = equivalents([
      { framework: 'mtb', id: 'MTB-PL1-BC-NI-1', relation: 'related' },
      { framework: 'cis', id: '5.2.12', relation: 'related' },
      { framework: 'cis', id: '5.2.9', relation: 'related' },
      { framework: 'cis', id: '5.3.2', relation: 'same' },
    ]);
    expect(eq.map((e) => e.id)).toEqual(['5.3.2', '5.2.9', '5.2.12', 'MTB-PL1-BC-NI-1']);
  });
});

describe('crosswalk in the outputs', () => {
  const r = audit(inventory(plainTenant('t-a') + plainTenant('t-b'), { stock: true }));
  it('SARIF rules carry properties.crosswalk and tags (same: framework:id, related: related:framework:id)', () => {
    const rules = (sarifObject(r) as any).runs[0].tool.driver.rules;
    const rbac6 = rules.find((x: any) => x.id === 'KTM-RBAC-006');
    expect(rbac6.properties.crosswalk).toContainEqual({ framework: 'kubescape', id: 'C-0262', title: 'Anonymous user has RoleBinding', relation: 'same' });
    expect(rbac6.properties.tags).toContain('kubescape:C-0262');
    expect(rbac6.properties.tags).toContain('related:cis:1.2.1');
    expect(rbac6.properties.tags).not.toContain('cis:1.2.1');
    const cfg7 = rules.find((x: any) => x.id === 'KTM-CFG-007');
    expect(cfg7.properties.crosswalk).toEqual([]);
    expect(cfg7.properties.noEquivalent).toMatch(/^Knative-specific: .*config-features/);
    expect(cfg7.properties.tags.some((t: string) => t.includes(':C-') || t.startsWith('related:'))).toBe(false);
  });
  it('ktm audit --list-checks lists every check with its equivalents (text and json)', async () => {
    const text = await runCli(['audit', '--list-checks']);
    expect(text.code).toBe(0);
    for (const c of ALL_CHECKS) expect(text.stdout).toContain(c.id);
    expect(text.stdout).toMatch(/KTM-QTA-001[\s\S]*?same {5}mtb MTB-PL1-CC-FNS-1: Configure namespace resource quotas/);
    expect(text.stdout).toMatch(/KTM-CFG-007[^\n]*\n[^\n]*\n {2}equivalents: none \(Knative-specific: tag-header routing/);
    const json = await runCli(['audit', '--list-checks', '--format', 'json', '--model', 'knative-2025']);
    const doc = JSON.parse(json.stdout);
    expect(doc.model).toBe('knative-2025');
    expect(doc.checks.map((c: any) => c.id)).toEqual(ALL_CHECKS.map((c) => c.id).sort());
    expect(doc.checks.find((c: any) => c.id === 'KTM-NET-008').noEquivalent).toMatch(/keep the flows/);
    expect(doc.checks.find((c: any) => c.id === 'KTM-NET-002').noEquivalent).toBeUndefined();
    expect(doc.checks.find((c: any) => c.id === 'KTM-NET-002').crosswalk).toContainEqual(expect.objectContaining({ framework: 'mtb', id: 'MTB-PL1-BC-NI-1', relation: 'same' }));
  });
  it('--list-checks with sources or another format is a usage error (exit 2)', async () => {
    expect((await runCli(['audit', '--list-checks', 'examples/cluster'])).code).toBe(2);
    const sarif = await runCli(['audit', '--list-checks', '--format', 'sarif']);
    expect(sarif.code).toBe(2);
    expect(sarif.stderr).toMatch(/--list-checks prints table or json/);
  });
});
