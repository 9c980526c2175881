/**
 * `ktm audit --baseline previous.json` (src/audit/baseline.ts): every finding new, unchanged, updated or absent, the
 * fingerprint that decides it, SARIF baselineState, and `--fail-on-new`.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, SHARED, runCli } from '../helpers/cli.js';
import { AjvDraft04, addFormats } from '../helpers/ajv.js';
import { compareWithBaseline, fingerprint, introducedFindings } from '../../src/audit/baseline.js';
import type { AuditResult, Finding } from '../../src/audit/types.js';

const dir = mkdtempSync(join(tmpdir(), 'ktm-baseline-'));
const CLUSTER = join(REPO_ROOT, 'examples/cluster');
const NEW_RISK = join(REPO_ROOT, 'test/audit/baseline/new-risk.yaml');
let base: string; // examples/cluster
let withRisk: string; // examples/cluster + new-risk.yaml
let baseDoc: any;

beforeAll(async () => {
  base = join(dir, 'base.json');
  withRisk = join(dir, 'with-risk.json');
  const a = await runCli(['audit', CLUSTER, '--format', 'json', '-o', base]);
  const b = await runCli(['audit', CLUSTER, NEW_RISK, '--format', 'json', '-o', withRisk]);
  expect([a.code, b.code]).toEqual([1, 1]);
  baseDoc = JSON.parse(readFileSync(base, 'utf8'));
});

const json = async (args: string[]) => {
  const r = await runCli(['audit', '--format', 'json', ...args]);
  return { ...r, doc: JSON.parse(r.stdout) };
};

describe('--baseline', () => {
  it('the same input: every finding unchanged, nothing absent, --fail-on-new passes although findings fail --fail-on', async () => {
    const r = await json([CLUSTER, '--baseline', base, '--fail-on-new', '--fail-on', 'low']);
    expect(r.code).toBe(0);
    expect(r.doc.findings.length).toBe(baseDoc.findings.length);
    expect(new Set(r.doc.findings.map((f: any) => f.baseline))).toEqual(new Set(['unchanged']));
    expect(r.doc.absent).toEqual([]);
    // Without --fail-on-new the same findings fail.
    expect((await runCli(['audit', CLUSTER, '--baseline', base, '--fail-on', 'low', '--format', 'json'])).code).toBe(1);
  });

  it('a new object: its findings are new and fail --fail-on-new; a finding whose message moved is updated', async () => {
    const r = await json([CLUSTER, NEW_RISK, '--baseline', base, '--fail-on-new', '--fail-on', 'high']);
    expect(r.code).toBe(1);
    const fresh = r.doc.findings.filter((f: any) => f.baseline === 'new').map((f: any) => `${f.id} ${f.resource}`);
    expect(fresh).toEqual(expect.arrayContaining(['KTM-PSS-001 Deployment/shop/debug-shell', 'KTM-PSS-002 Deployment/shop/debug-shell']));
    // shop's isolation finding now names two workloads: same fingerprint, other message.
    expect(r.doc.findings.find((f: any) => f.id === 'KTM-ISO-001' && f.resource === 'Namespace/shop').baseline).toBe('updated');
    // The new findings are high at most: --fail-on critical lets the change through.
    const belowCritical = await runCli(['audit', CLUSTER, NEW_RISK, '--baseline', base, '--fail-on-new', '--fail-on', 'critical', '--format', 'json']);
    expect(belowCritical.code).toBe(0);
  });

  it('the object removed: its findings are absent (JSON absent, SARIF baselineState absent, schema-valid)', async () => {
    const r = await json([CLUSTER, '--baseline', withRisk]);
    expect(r.doc.absent.map((f: any) => `${f.id} ${f.resource} ${f.baseline}`)).toEqual(
      expect.arrayContaining(['KTM-PSS-001 Deployment/shop/debug-shell absent', 'KTM-PSS-002 Deployment/shop/debug-shell absent']),
    );
    const sarif = JSON.parse((await runCli(['audit', CLUSTER, '--baseline', withRisk, '--format', 'sarif'])).stdout);
    const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(join(SHARED, 'fixtures/schemas/sarif/sarif-schema-2.1.0.json'), 'utf8')));
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    const states = sarif.runs[0].results.map((x: any) => x.baselineState);
    expect(states.filter((s: string) => s === 'absent').length).toBe(r.doc.absent.length);
    expect(new Set(states)).toEqual(new Set(['unchanged', 'updated', 'absent']));
    for (const x of sarif.runs[0].results) expect(x.partialFingerprints['ktmFinding/v1']).toMatch(/^[0-9a-f]{32}$/);
  });

  it('the table says how the run compares', async () => {
    const r = await runCli(['audit', CLUSTER, NEW_RISK, '--baseline', base]);
    expect(r.stdout).toMatch(/^compared with the baseline: \d+ new, \d+ unchanged, 1 updated, 0 absent$/m);
    expect(r.stdout).toMatch(/^ +- new since the baseline: Deployment\/shop\/debug-shell /m);
  });

  it('reads a baseline with a JSON header (apiVersion, kind, tool) and other unknown top-level keys', async () => {
    const file = join(dir, 'with-header.json');
    writeFileSync(file, JSON.stringify({ apiVersion: 'ktm.knative.dev/v1alpha1', kind: 'AuditReport', tool: { name: 'ktm' }, ...baseDoc }));
    expect((await runCli(['audit', CLUSTER, '--baseline', file, '--fail-on-new', '--format', 'json'])).code).toBe(0);
  });

  it('bad input: not an audit JSON, a malformed finding, --fail-on-new alone', async () => {
    const sarif = join(dir, 'report.sarif');
    writeFileSync(sarif, (await runCli(['audit', CLUSTER, '--format', 'sarif'])).stdout);
    const a = await runCli(['audit', CLUSTER, '--baseline', sarif]);
    expect(a.code).toBe(2);
    expect(a.stderr.trim()).toMatch(new RegExp(`^ktm: ${sarif}:1:1: invalid baseline \\(expected the output of ktm audit --format json\\): missing required field .*\\(at findings\\)$`));
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, JSON.stringify({ findings: [{ ...baseDoc.findings[0], severity: 'urgent' }] }, null, 2));
    const b = await runCli(['audit', CLUSTER, '--baseline', broken]);
    expect(b.code).toBe(2);
    expect(b.stderr.trim()).toMatch(/^ktm: .*broken\.json:5:19: invalid baseline .* \(at findings\[0\]\.severity\)$/);
    const c = await runCli(['audit', CLUSTER, '--fail-on-new']);
    expect(c.code).toBe(2);
    expect(c.stderr.trim()).toBe('ktm audit: --fail-on-new needs --baseline PREVIOUS.json (see ktm audit --help)');
  });
});

describe('fingerprint and matching', () => {
  const f = (over: Partial<Finding> = {}): Finding => ({
    id: 'KTM-NET-003', severity: 'high', tenancy: ['namespace'], trust: { developers: 'any', users: 'any' }, clause: 'c',
    resource: 'Namespace/a', source: 'x.yaml:1', path: '', message: 'reached by b', fix: 'fix', ...over,
  });
  const result = (findings: Finding[]): AuditResult => ({ model: 'm', rules: [], tenancy: ['namespace'], trust: {}, verdicts: {}, support: [], assumptions: [], findings, tenants: [], notes: [], warnings: [] });

  it('is check + object + path + tenancy, never the message, the source line or the fix', () => {
    expect(fingerprint(f({ message: 'other', source: 'y.yaml:9', fix: 'other' }))).toBe(fingerprint(f()));
    for (const over of [{ id: 'KTM-NET-004' }, { resource: 'Namespace/b' }, { path: 'spec' }, { tenancy: ['namespace', 'control-plane'] as Finding['tenancy'] }]) {
      expect(fingerprint(f(over))).not.toBe(fingerprint(f()));
    }
  });

  it('same fingerprint: same message pairs first, the rest are updated; a raised severity is introduced, a lowered one is not', () => {
    const prev = [f({ message: 'via activator' }), f({ message: 'via gateway' }), f({ resource: 'Namespace/gone' })];
    const now = [f({ message: 'via gateway' }), f({ message: 'via broker', severity: 'critical' }), f({ resource: 'Namespace/new', severity: 'low' })];
    const r = compareWithBaseline(result(now), prev);
    expect(r.findings.map((x) => `${x.message}:${x.baseline}`)).toEqual(['via gateway:unchanged', 'via broker:updated', 'reached by b:new']);
    expect(r.absent!.map((x) => x.resource)).toEqual(['Namespace/gone']);
    expect(introducedFindings(r, prev).map((x) => x.message)).toEqual(['via broker', 'reached by b']);
    const lowered = compareWithBaseline(result([f({ severity: 'low' })]), [f()]);
    expect(lowered.findings[0].baseline).toBe('updated');
    expect(introducedFindings(lowered, [f()])).toEqual([]);
  });
});
