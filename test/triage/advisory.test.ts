import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv, Ajv2020, addFormats } from '../helpers/ajv.js';
import { runCli, SHARED, REPO_ROOT } from '../helpers/cli.js';
import { loadModel } from '../../src/model/loader.js';
import { importAdvisory, parseReport, renderGhsa, renderOsv, triage } from '../../src/triage/index.js';

const SCHEMAS = resolve(REPO_ROOT, 'src/triage/schemas');
const schema = (name: string) => JSON.parse(readFileSync(resolve(SCHEMAS, name), 'utf8'));
const ajv7 = new Ajv({ allErrors: true, strict: false });
addFormats(ajv7);
const ajv2020 = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv2020);
const validGhsa = ajv7.compile(schema('ghsa-repository-advisory-create.schema.json'));
const validOsv = ajv2020.compile(schema('osv.schema.json'));

const EXAMPLES = resolve(SHARED, 'triage/examples');
const reports = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.yaml') && !f.endsWith('.expected.yaml'))
  .map((f) => [f, resolve(EXAMPLES, f)] as const);
const models = [loadModel('knative-2021'), loadModel('knative-2025')];
const received = new Date('2024-05-06');

describe('the schemas reject what they should (so validation can fail)', () => {
  it('GHSA: both severity and vector, or an unknown field, is invalid', () => {
    const base = { summary: 's', description: 'd', vulnerabilities: [{ package: { ecosystem: 'go', name: 'knative.dev/serving' } }] };
    expect(validGhsa(base)).toBe(true);
    expect(validGhsa({ ...base, severity: 'high', cvss_vector_string: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N' })).toBe(false);
    expect(validGhsa({ ...base, severity: 'moderate' })).toBe(false); // the REST API says "medium"
    expect(validGhsa({ ...base, references: [] })).toBe(false);
  });
  it('OSV: id and modified are required, modified is a date-time', () => {
    expect(validOsv({ id: 'X', modified: '2024-01-01T00:00:00Z' })).toBe(true);
    expect(validOsv({ id: 'X' })).toBe(false);
    expect(validOsv({ id: 'X', modified: 'yesterday' })).toBe(false);
  });
});

describe.each(reports)('advisory drafts of %s', (_name, file) => {
  const report = parseReport(readFileSync(file, 'utf8'), file);
  const output = triage(report, models, { received });

  it('the GHSA draft is valid and imports back to the same facts and verdicts', () => {
    const draft = renderGhsa(output, models);
    expect(validGhsa(draft), JSON.stringify(validGhsa.errors)).toBe(true);
    const back = importAdvisory(draft, 'ghsa', models);
    expect(back.spec).toMatchObject(expectedSpec(report.spec));
    expect(back.metadata.title).toBe(report.metadata.title);
    const again = triage(back, models, { received });
    expect(again.results.map((r) => [r.verdict, r.reason, r.severity])).toEqual(output.results.map((r) => [r.verdict, r.reason, r.severity]));
    // Export → import → export is stable.
    expect(renderGhsa(again, models)).toEqual(draft);
  });

  it('the OSV draft is valid and imports back to the same facts and verdicts', () => {
    const draft = renderOsv(output, models);
    expect(validOsv(draft), JSON.stringify(validOsv.errors)).toBe(true);
    const back = importAdvisory(draft, 'osv', models);
    expect(back.spec).toMatchObject(expectedSpec(report.spec));
    const again = triage(back, models, { received });
    expect(again.results.map((r) => [r.verdict, r.reason, r.severity])).toEqual(output.results.map((r) => [r.verdict, r.reason, r.severity]));
    expect(renderOsv(again, models)).toEqual(draft);
  });
});

function expectedSpec(spec: Record<string, unknown>): Record<string, unknown> {
  const { cvss: _cvss, ...rest } = spec;
  return rest;
}

describe('importing advisories that were not written by ktm', () => {
  it('GHSA-qmvj-4qr9-v547 (REST shape) fills what its vector and summary say and asks the rest', async () => {
    const file = resolve(REPO_ROOT, 'examples/reports/ghsa-qmvj-4qr9-v547.json');
    const res = await runCli(['triage', file, '--from', 'ghsa', '--format', 'json', '--model', 'all']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out.report.spec).toMatchObject({
      component: 'autoscaler',
      category: 'denial-of-service',
      attacker: { access: 'workload', userInteraction: 'none' },
      impact: { confidentiality: 'none', integrity: 'none', availability: 'high' },
      cvss: 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H',
    });
    for (const r of out.results) {
      expect(r.verdict).toBe('needs-info');
      expect(r.questions.map((q: { field: string }) => q.field)).toEqual(['spec.target', 'spec.requires', 'spec.equallyAffectsKubernetes']);
      expect(r.rationale).toContain('Whose things are harmed?');
      expect(r.cvss).toMatchObject({ score: 6.5, derived: false });
      expect(r.trace).toEqual(['purpose.triage']);
    }
  });

  it('the github/advisory-database OSV shape is accepted with --from ghsa and --from osv', () => {
    const osv = {
      schema_version: '1.4.0',
      id: 'GHSA-qmvj-4qr9-v547',
      modified: '2023-11-28T00:00:00Z',
      aliases: ['CVE-2023-48713'],
      summary: 'Knative Serving vulnerable to attacker-controlled pod causing denial of service of autoscaler',
      details: 'An attacker who controls a pod can make the autoscaler crash.',
      severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H' }],
      affected: [{ package: { ecosystem: 'Go', name: 'knative.dev/serving' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '0.39.0' }] }] }],
      references: [{ type: 'WEB', url: 'https://github.com/knative/serving/security/advisories/GHSA-qmvj-4qr9-v547' }],
      database_specific: { cwe_ids: ['CWE-400'], severity: 'MODERATE' },
    };
    expect(validOsv(osv)).toBe(true);
    for (const kind of ['ghsa', 'osv'] as const) {
      const d = importAdvisory(osv, kind, models);
      expect(d.metadata.id).toBe('GHSA-qmvj-4qr9-v547');
      expect(d.spec.component).toBe('autoscaler');
      expect(d.spec.category).toBe('denial-of-service');
    }
  });

  it('a package outside Knative is out of the model', () => {
    const d = importAdvisory(
      { summary: 'Bug in some library', description: 'x', vulnerabilities: [{ package: { ecosystem: 'npm', name: 'left-pad' } }], cvss_vector_string: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N' },
      'ghsa',
      models,
    );
    expect(d.spec.component).toBe('other');
  });

  it('a bad vector in an advisory is an input error naming the field', async () => {
    const res = await runCli(['triage', '-', '--from', 'ghsa'], {
      stdin: JSON.stringify({ summary: 's', cvss: { vector_string: 'CVSS:3.1/AV:N' } }),
    });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/bad CVSS vector: base metrics AC.*\(at cvss\.vector_string\)/);
  });

  it('an advisory without a summary is an input error', async () => {
    const res = await runCli(['triage', '-', '--from', 'ghsa'], { stdin: '{"description": "x"}' });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/\(at summary\)/);
  });
});

describe('CLI draft formats', () => {
  it.each(['ghsa', 'osv'])('--format %s prints a valid draft', async (format) => {
    const res = await runCli(['triage', resolve(EXAMPLES, 'gateway-leaks-other-users-data.yaml'), '--format', format, '--received', '2024-05-06']);
    expect(res.code).toBe(0);
    const draft = JSON.parse(res.stdout);
    expect((format === 'ghsa' ? validGhsa : validOsv)(draft)).toBe(true);
    if (format === 'ghsa') expect(draft.cvss_vector_string).toBe('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:N/A:N');
    else expect(draft.database_specific.severity).toBe('HIGH');
  });
});
