/**
 * OpenVEX, CSAF VEX and CVE JSON 5 outputs: every example report, under both models, with and without a fixed
 * version, validates against the official schema in ../shared/fixtures/schemas (no exceptions list); the mapping from
 * verdict and reason to status, justification and SSVC is checked case by case.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { csafValidator, cveValidator, openVexValidator } from '../helpers/official-schemas.js';
import { runCli, SHARED, REPO_ROOT } from '../helpers/cli.js';
import { loadModel } from '../../src/model/loader.js';
import { parseReport, triage } from '../../src/triage/index.js';
import type { DraftReport, VulnerabilityReport } from '../../src/triage/report.js';
import type { TriageOutput } from '../../src/triage/engine.js';
import { openVexDocument } from '../../src/render/openvex.js';
import { csafVexDocument } from '../../src/render/csaf-vex.js';
import { cve5Problem, cve5Record } from '../../src/render/cve5.js';
import { REASON_JUSTIFICATION, cveIdOf, ssvcOf } from '../../src/triage/vex-map.js';
import { REASONS } from '../../src/triage/verdict.js';

const validOpenVex = openVexValidator();
const validCsaf = csafValidator();
const validCve = cveValidator();

function expectValid(validate: typeof validOpenVex, doc: unknown): void {
  const ok = validate(doc);
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

const models = [loadModel('knative-2021'), loadModel('knative-2025')];
const received = new Date('2024-05-06');
const files = [resolve(REPO_ROOT, 'examples/reports'), resolve(SHARED, 'triage/examples')].flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && !f.endsWith('.expected.yaml'))
    .map((f) => resolve(dir, f)),
);
const reports = files.map((f) => [f.split('/').pop()!, parseReport(readFileSync(f, 'utf8'), f)] as const);
const run = (r: DraftReport | VulnerabilityReport, model = 0): TriageOutput => triage(r, [models[model]], { received });
/** The same report with a reserved CVE id, so a CVE record can be written for it. */
const withCve = (r: VulnerabilityReport): VulnerabilityReport => ({ ...r, metadata: { ...r.metadata, id: 'CVE-2024-12345', references: [] } });

describe('the official schemas reject what they should (validation can fail)', () => {
  const r = run(reports[0][1]);
  it('OpenVEX: a statement without status, an affected one without action', () => {
    const doc: any = openVexDocument(r, models);
    expectValid(validOpenVex, doc);
    expect(validOpenVex({ ...doc, statements: [{ ...doc.statements[0], status: undefined }] })).toBe(false);
    expect(validOpenVex({ ...doc, statements: [{ vulnerability: { name: 'X' }, status: 'affected', products: doc.statements[0].products }] })).toBe(false);
    expect(validOpenVex({ ...doc, statements: [{ vulnerability: { name: 'X' }, status: 'not_affected', products: doc.statements[0].products }] })).toBe(false);
  });
  it('CSAF: an unknown flag label, a missing tracking id', () => {
    const doc: any = csafVexDocument(r, models);
    expectValid(validCsaf, doc);
    const bad = structuredClone(doc);
    bad.vulnerabilities[0].flags = [{ label: 'not_a_label', product_ids: ['x'] }];
    expect(validCsaf(bad)).toBe(false);
    const bad2 = structuredClone(doc);
    delete bad2.document.tracking.id;
    expect(validCsaf(bad2)).toBe(false);
  });
  it('CVE: a record without references, a bad CWE id', () => {
    const vuln = reports.find(([, x]) => run(x).results[0].verdict === 'vulnerability')![1];
    const doc: any = cve5Record(run(withCve(vuln)), models);
    expectValid(validCve, doc);
    const bad = structuredClone(doc);
    delete bad.containers.cna.references;
    expect(validCve(bad)).toBe(false);
    const bad2 = structuredClone(doc);
    bad2.containers.cna.problemTypes[0].descriptions[0].cweId = 'CWE-0x';
    expect(validCve(bad2)).toBe(false);
  });
});

describe.each(reports)('VEX and CVE outputs of %s', (_name, report) => {
  for (const [mi, m] of models.entries()) {
    for (const fixedIn of [undefined, 'v1.15.1']) {
      it(`validate under ${m.metadata.id}${fixedIn ? ` fixed in ${fixedIn}` : ''}`, () => {
        const out = run(report, mi);
        expectValid(validOpenVex, openVexDocument(out, models, { fixedIn }));
        expectValid(validCsaf, csafVexDocument(out, models, { fixedIn }));
        expectValid(validCve, cve5Record(run(withCve(report), mi), models, { fixedIn }));
      });
    }
  }
});

/** Product ids defined in a CSAF product tree (branches, recursively, and full_product_names). */
function definedProducts(tree: any): string[] {
  const out: string[] = (tree.full_product_names ?? []).map((p: any) => p.product_id);
  const walk = (b: any) => {
    if (b.product) out.push(b.product.product_id);
    for (const c of b.branches ?? []) walk(c);
  };
  for (const b of tree.branches ?? []) walk(b);
  return out;
}

describe('CSAF mandatory tests the schema cannot express (CSAF 2.0 §6.1)', () => {
  const outputs = reports.flatMap(([name, r]) => [0, 1].flatMap((mi) => [undefined, 'v0.39.0'].map((fixedIn) => [name, mi, fixedIn, run(r, mi)] as const)));
  it.each(outputs)('%s (model %i, fixed in %s)', (_n, _mi, fixedIn, out) => {
    const doc: any = csafVexDocument(out, models, { fixedIn });
    const defined = definedProducts(doc.product_tree);
    expect(new Set(defined).size).toBe(defined.length); // 6.1.2 each product defined once
    const v = doc.vulnerabilities[0];
    const referenced = [
      ...Object.values(v.product_status).flat(),
      ...(v.flags ?? []).flatMap((f: any) => f.product_ids),
      ...(v.threats ?? []).flatMap((t: any) => t.product_ids),
      ...(v.remediations ?? []).flatMap((t: any) => t.product_ids),
      ...(v.scores ?? []).flatMap((t: any) => t.products),
    ] as string[];
    for (const id of referenced) expect(defined).toContain(id); // 6.1.1 no undefined product id
    const statuses = Object.values(v.product_status).flat() as string[];
    expect(new Set(statuses).size).toBe(statuses.length); // 6.1.6 no contradicting status
    for (const id of v.product_status.known_not_affected ?? []) {
      // 6.1.27.9 impact statement: a flag or an impact threat
      const flagged = (v.flags ?? []).some((f: any) => f.product_ids.includes(id));
      const threat = (v.threats ?? []).some((t: any) => t.category === 'impact' && t.product_ids.includes(id));
      expect(flagged || threat).toBe(true);
    }
    for (const id of v.product_status.known_affected ?? []) expect((v.remediations ?? []).some((x: any) => x.product_ids.includes(id))).toBe(true); // 6.1.27.10
    expect(v.notes.length).toBeGreaterThan(0); // 6.1.27.5 vulnerability notes
    expect(doc.document.tracking.version).toBe(doc.document.tracking.revision_history.at(-1).number); // 6.1.16
  });
});

describe('verdict and reason → VEX status and justification', () => {
  const byVerdict = (verdict: string, reason?: string) =>
    reports
      .flatMap(([, r]) => [0, 1].map((mi) => run(r, mi)))
      .find((o) => o.results[0].verdict === verdict && (reason === undefined || o.results[0].reason === reason))!;

  it('every reason code has a mapping (a justification or an impact statement)', () => {
    expect(Object.keys(REASON_JUSTIFICATION).sort()).toEqual([...REASONS].sort());
    expect(REASON_JUSTIFICATION['vulnerable-code-not-reached']).toBe('vulnerable_code_not_in_execute_path');
    expect(REASONS).toEqual(expect.arrayContaining(['attacker-controls-target', 'vulnerable-code-not-reached', 'hardening-only']));
  });

  it('trusted-administrator: not_affected, vulnerable_code_cannot_be_controlled_by_adversary, CSAF flag', () => {
    const out = byVerdict('not-a-vulnerability', 'trusted-administrator');
    const st = (openVexDocument(out, models) as any).statements;
    expect(st).toHaveLength(1);
    expect(st[0].status).toBe('not_affected');
    expect(st[0].justification).toBe('vulnerable_code_cannot_be_controlled_by_adversary');
    expect(st[0].impact_statement).toBeUndefined();
    const v = (csafVexDocument(out, models) as any).vulnerabilities[0];
    expect(v.product_status.known_not_affected).toHaveLength(1);
    expect(v.flags[0].label).toBe('vulnerable_code_cannot_be_controlled_by_adversary');
    expect(v.threats).toBeUndefined();
  });

  it('a reason without a justification quotes the deciding clause as impact statement (CSAF: an impact threat)', () => {
    const out = byVerdict('not-a-vulnerability', 'requires-compromised-platform');
    const last = out.results[0].steps[out.results[0].steps.length - 1];
    const st = (openVexDocument(out, models) as any).statements[0];
    expect(st.justification).toBeUndefined();
    expect(st.impact_statement).toContain(`"${last.quote}" (${last.clause}`);
    const v = (csafVexDocument(out, models) as any).vulnerabilities[0];
    expect(v.flags).toBeUndefined();
    expect(v.threats[0]).toMatchObject({ category: 'impact', product_ids: v.product_status.known_not_affected });
  });

  it('out-of-model for software outside Knative is component_not_present', () => {
    const base = reports.find(([, r]) => r.spec.component !== 'other')![1];
    const other = { ...base, spec: { ...base.spec, component: 'other' } };
    const out = run(other, 1);
    expect(out.results[0].reason).toBe('out-of-model');
    const st = (openVexDocument(out, models) as any).statements[0];
    expect(st.justification).toBe('component_not_present');
    expect(st.products[0]['@id']).toBe('https://github.com/knative');
    expectValid(validOpenVex, openVexDocument(out, models));
    expectValid(validCsaf, csafVexDocument(out, models));
  });

  it('a vulnerability is affected with an action; --fixed-in adds a fixed statement for that version', () => {
    const out = byVerdict('vulnerability');
    const plain = (openVexDocument(out, models) as any).statements;
    expect(plain.map((s: any) => s.status)).toEqual(['affected']);
    expect(plain[0].action_statement).toMatch(/No fixed version/);
    const fixed = (openVexDocument(out, models, { fixedIn: 'v1.15.1' }) as any).statements;
    expect(fixed.map((s: any) => s.status)).toEqual(['affected', 'fixed']);
    expect(fixed[1].products[0]['@id']).toMatch(/^pkg:golang\/knative\.dev\/[a-z-]+@v1\.15\.1$/);
    expect(fixed[0].action_statement).toMatch(/Upgrade .* to v1\.15\.1/);
    const v = (csafVexDocument(out, models, { fixedIn: 'v1.15.1' }) as any).vulnerabilities[0];
    expect(v.product_status.known_affected).toHaveLength(1);
    expect(v.product_status.fixed).toHaveLength(1);
    expect(v.remediations[0]).toMatchObject({ category: 'vendor_fix', product_ids: v.product_status.known_affected });
    expect(v.scores[0].products).toEqual(v.product_status.known_affected);
    const none = (csafVexDocument(out, models) as any).vulnerabilities[0];
    expect(none.remediations[0].category).toBe('none_available');
  });

  it('needs-info is under_investigation, and has no CVE record', () => {
    const draft: DraftReport = { apiVersion: 'ktm/v1', kind: 'VulnerabilityReport', metadata: { id: 'CVE-2024-1111', title: 'Something odd', references: [] }, spec: { component: 'activator' } };
    const out = run(draft);
    expect(out.results[0].verdict).toBe('needs-info');
    expect((openVexDocument(out, models) as any).statements[0].status).toBe('under_investigation');
    const csaf: any = csafVexDocument(out, models);
    expect(csaf.vulnerabilities[0].product_status.under_investigation).toHaveLength(1);
    expectValid(validOpenVex, openVexDocument(out, models));
    expectValid(validCsaf, csaf);
    expect(cve5Problem(out)).toMatch(/needs-info/);
  });

  it('CVE record: PUBLISHED with CWE, CVSS 3.1 and 4.0 and SSVC for a vulnerability; REJECTED quoting the clause otherwise', () => {
    const vuln = reports.find(([, r]) => run(r).results[0].verdict === 'vulnerability')![1];
    const rec: any = cve5Record(run(withCve(vuln)), models);
    expect(rec.cveMetadata).toMatchObject({ cveId: 'CVE-2024-12345', state: 'PUBLISHED' });
    const metrics = rec.containers.cna.metrics;
    expect(metrics.some((m: any) => m.cvssV3_1?.vectorString.startsWith('CVSS:3.1/'))).toBe(true);
    expect(metrics.some((m: any) => m.cvssV4_0?.vectorString.startsWith('CVSS:4.0/'))).toBe(true);
    const ssvc = metrics.find((m: any) => m.other?.type === 'ssvc').other.content;
    expect(ssvc.version).toBe('2.0.3');
    expect(ssvc.options.map((o: any) => Object.keys(o)[0])).toEqual(['Automatable', 'Technical Impact']);
    expect(ssvc.x_ktm_undetermined[0].decisionPoint).toBe('Exploitation');
    expect(rec.containers.cna.problemTypes[0].descriptions[0].cweId).toMatch(/^CWE-\d+$/);
    expect(rec.containers.cna.references.length).toBeGreaterThan(0);

    const not = reports.find(([, r]) => run(r).results[0].reason === 'multi-tenant-only')![1];
    const rej: any = cve5Record(run(withCve(not)), models);
    expect(rej.cveMetadata.state).toBe('REJECTED');
    expect(rej.containers.cna.rejectedReasons[0].value).toMatch(/^Not a vulnerability\. .*multi-tenant-only/);
    expectValid(validCve, rej);
  });

  it('the CVE id comes from the report id, or from the one CVE its references name', () => {
    expect(cveIdOf({ id: 'CVE-2023-48713', title: 't', references: [] })).toBe('CVE-2023-48713');
    expect(cveIdOf({ id: 'GHSA-qmvj-4qr9-v547', title: 't', references: ['https://nvd.nist.gov/vuln/detail/CVE-2023-48713'] })).toBe('CVE-2023-48713');
    expect(cveIdOf({ id: 'GHSA-x', title: 't', references: ['https://www.cve.org/CVERecord?id=CVE-2023-1', 'https://nvd.nist.gov/vuln/detail/CVE-2023-2222'] })).toBe('CVE-2023-2222');
    expect(cveIdOf({ id: 'GHSA-x', title: 't', references: ['https://nvd.nist.gov/vuln/detail/CVE-2023-1111', 'https://nvd.nist.gov/vuln/detail/CVE-2023-2222'] })).toBeUndefined();
    expect(cveIdOf({ title: 't', references: [] })).toBeUndefined();
  });
});

describe('SSVC decision points from the facts', () => {
  const base = reports[0][1];
  const spec = (over: Partial<VulnerabilityReport['spec']>): DraftReport => ({ ...base, spec: { ...base.spec, ...over } });
  it('Automatable is yes only remote, without user interaction, at low complexity', () => {
    const auto = (s: DraftReport) => ssvcOf(s)!.options[0].Automatable;
    expect(auto(spec({ attacker: { access: 'none', userInteraction: 'none' }, attackComplexity: 'low' }))).toBe('yes');
    expect(auto(spec({ attacker: { access: 'cluster-network', userInteraction: 'none' }, attackComplexity: 'low' }))).toBe('yes');
    expect(auto(spec({ attacker: { access: 'none', userInteraction: 'required' }, attackComplexity: 'low' }))).toBe('no');
    expect(auto(spec({ attacker: { access: 'none', userInteraction: 'none' }, attackComplexity: 'high' }))).toBe('no');
    expect(auto(spec({ attacker: { access: 'workload', userInteraction: 'none' }, attackComplexity: 'low' }))).toBe('no');
  });
  it('Technical Impact is total only with high confidentiality and integrity impact', () => {
    const ti = (c: 'none' | 'low' | 'high', i: 'none' | 'low' | 'high') => ssvcOf(spec({ impact: { confidentiality: c, integrity: i, availability: 'high' } }))!.options[1]['Technical Impact'];
    expect(ti('high', 'high')).toBe('total');
    expect(ti('high', 'low')).toBe('partial');
    expect(ti('none', 'none')).toBe('partial');
  });
  it('no SSVC without the facts it needs', () => {
    expect(ssvcOf({ ...base, spec: { component: 'activator' } })).toBeUndefined();
  });
});

describe('ktm triage --format openvex|csaf-vex|cve5', () => {
  const file = resolve(REPO_ROOT, 'examples/reports/cve-2023-48713-autoscaler-metrics-oom.yaml');
  it('writes each format; cve5 takes the CVE id from the references', async () => {
    for (const format of ['openvex', 'csaf-vex', 'cve5']) {
      const r = await runCli(['triage', file, '--format', format, '--received', '2023-11-27', '--fixed-in', 'v1.12.3']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.stdout);
      expectValid({ openvex: validOpenVex, 'csaf-vex': validCsaf, cve5: validCve }[format]!, doc);
    }
    const cve = JSON.parse((await runCli(['triage', file, '--format', 'cve5', '--received', '2023-11-27'])).stdout);
    expect(cve.cveMetadata.cveId).toBe('CVE-2023-48713');
  });
  it('cve5 without a CVE id, and a bad --fixed-in, exit 2 with one line', async () => {
    const noCve = resolve(SHARED, 'triage/examples', readdirSync(resolve(SHARED, 'triage/examples')).find((f) => f.endsWith('.yaml') && !f.endsWith('.expected.yaml'))!);
    const r = await runCli(['triage', noCve, '--format', 'cve5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs the report's CVE id/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const bad = await runCli(['triage', file, '--format', 'openvex', '--fixed-in', 'latest']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--fixed-in: "latest"/);
    const text = await runCli(['triage', file, '--fixed-in', 'v0.39.0']);
    expect(text.code).toBe(2);
    expect(text.stderr).toMatch(/--fixed-in applies to --format openvex\|csaf-vex\|cve5, not text/);
  });
});

describe('any report text gives valid documents (property)', () => {
  const base = reports.find(([, r]) => run(r).results[0].verdict === 'vulnerability')![1];
  const other = reports.find(([, r]) => run(r).results[0].verdict === 'not-a-vulnerability')![1];
  const text = fc.string({ unit: 'grapheme', maxLength: 300 });
  it('titles, descriptions, ids and references of any shape (blank, padded, long, unicode)', () => {
    fc.assert(
      fc.property(
        fc.record({
          title: fc.oneof(text, fc.constant('   '), fc.string({ minLength: 300, maxLength: 5000 })),
          description: fc.option(fc.oneof(text, fc.constant(' \n ')), { nil: undefined }),
          id: fc.option(fc.oneof(text, fc.constant(' CVE-2024-1234 '), fc.constant('GHSA-xxxx-yyyy-zzzz')), { nil: undefined }),
          references: fc.array(fc.oneof(text, fc.constant('https://nvd.nist.gov/vuln/detail/CVE-2024-99999')), { maxLength: 3 }),
          vuln: fc.boolean(),
          fixedIn: fc.option(fc.constant('v1.2.3'), { nil: undefined }),
        }),
        ({ title, description, id, references, vuln, fixedIn }) => {
          const src = vuln ? base : other;
          const report = { ...src, metadata: { title: title.length > 0 ? title : 'x', references, ...(id ? { id } : {}), ...(description !== undefined ? { description } : {}) } };
          const out = run(report);
          expect(validOpenVex(openVexDocument(out, models, { fixedIn }))).toBe(true);
          expect(validCsaf(csafVexDocument(out, models, { fixedIn }))).toBe(true);
          const withId = run({ ...report, metadata: { ...report.metadata, id: 'CVE-2024-12345' } });
          expect(validCve(cve5Record(withId, models, { fixedIn }))).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});
