/**
 * Accepted risks (src/audit/exceptions.ts): an exceptions file and the `ktm.knative.dev/accept` annotation accept
 * findings, which then stay in every report with their justification (JSON `accepted`, SARIF suppressions valid against
 * the OASIS schema, PolicyReport/OpenReports `skip` valid against their CRDs) and stop counting for `--fail-on`;
 * expired ones stop applying with a warning at file:line; invalid files stop with exit 2 at file:line:col.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, SHARED, runCli } from '../helpers/cli.js';
import { AjvDraft04, addFormats } from '../helpers/ajv.js';
import { crdValidator } from '../helpers/official-schemas.js';
import { acceptFindings, loadExceptions } from '../../src/audit/exceptions.js';
import type { Finding } from '../../src/audit/types.js';
import { inventory, plainTenant } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'ktm-exceptions-'));
const CLUSTER = join(REPO_ROOT, 'examples/cluster');
/** examples/cluster with the blog Namespace accepting its missing default-deny (KTM-NET-001) by annotation. */
const ANNOTATED = join(dir, 'cluster');
const write = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};
const exceptions = (entries: string) => write(`ex-${Math.random().toString(36).slice(2)}.yaml`, `apiVersion: ktm.knative.dev/v1alpha1\nkind: AuditExceptions\nexceptions:\n${entries}`);

beforeAll(() => {
  cpSync(CLUSTER, ANNOTATED, { recursive: true });
  const tenants = join(ANNOTATED, '95-tenants.yaml');
  const text = readFileSync(tenants, 'utf8').replace(
    'metadata:\n  name: blog\n',
    'metadata:\n  name: blog\n  annotations:\n    ktm.knative.dev/accept: |\n      - {check: KTM-NET-001, reason: "blog is public content", owner: blog-team, expires: 2999-01-31}\n',
  );
  expect(text).toContain('ktm.knative.dev/accept');
  writeFileSync(tenants, text);
});

async function auditJson(args: string[]) {
  const r = await runCli(['audit', '--tenancy', 'namespace', '--format', 'json', ...args]);
  return { ...r, doc: r.code === 2 ? undefined : JSON.parse(r.stdout) };
}

describe('exceptions file', () => {
  it('accepts the findings it names (kind, name glob), keeps them in JSON with their justification, and counts the rest', async () => {
    const file = exceptions(`  - check: KTM-NET-001\n    objects: [{kind: Namespace, name: "bl*"}]\n    reason: flat network until Q3\n    owner: platform-team\n    expires: 2999-12-31\n`);
    const plain = await auditJson([CLUSTER]);
    const r = await auditJson([CLUSTER, '--exceptions', file]);
    const net1 = (d: any) => d.findings.filter((f: any) => f.id === 'KTM-NET-001').map((f: any) => f.resource);
    expect(net1(plain.doc)).toContain('Namespace/blog');
    expect(net1(r.doc)).not.toContain('Namespace/blog');
    expect(r.doc.findings.length).toBe(plain.doc.findings.length - 1);
    expect(r.doc.accepted).toEqual([
      expect.objectContaining({
        id: 'KTM-NET-001',
        resource: 'Namespace/blog',
        accepted: { by: 'file', reason: 'flat network until Q3', owner: 'platform-team', expires: '2999-12-31', source: `${file}:4` },
      }),
    ]);
  });

  it('accepted findings do not count for --fail-on', async () => {
    const plain = await auditJson([CLUSTER, '--fail-on', 'high']);
    expect(plain.code).toBe(1);
    const ids = [...new Set(plain.doc.findings.filter((f: any) => f.severity === 'high' || f.severity === 'critical').map((f: any) => f.id as string))];
    expect(ids.length).toBeGreaterThan(1);
    const file = exceptions(ids.map((id) => `  - {check: ${id}, reason: accepted for the test, owner: qa, expires: 2999-12-31}\n`).join(''));
    const r = await auditJson([CLUSTER, '--fail-on', 'high', '--exceptions', file]);
    expect(r.code).toBe(0);
    expect(r.doc.findings.filter((f: any) => f.severity === 'high' || f.severity === 'critical')).toEqual([]);
    expect(r.doc.accepted.length).toBe(plain.doc.findings.filter((f: any) => ids.includes(f.id)).length);
  });

  it('an expired exception stops applying and says so with file:line', async () => {
    const file = exceptions(`  - check: KTM-NET-001\n    reason: was temporary\n    owner: platform-team\n    expires: 2020-01-01\n`);
    const r = await auditJson([CLUSTER, '--exceptions', file]);
    expect(r.doc.accepted).toEqual([]);
    expect(r.doc.findings.some((f: any) => f.id === 'KTM-NET-001')).toBe(true);
    expect(r.stderr).toContain(`warning: ${file}:4: the exception for KTM-NET-001 (owner platform-team) expired on 2020-01-01 and no longer applies`);
    const table = await runCli(['audit', CLUSTER, '--tenancy', 'namespace', '--exceptions', file]);
    expect(table.stdout).toContain(`warning: ${file}:4: the exception for KTM-NET-001`);
  });

  it('labels narrow an entry: objects without the label stay counted', () => {
    const inv = inventory(plainTenant('t-a', { legacy: 'true' }) + plainTenant('t-b'));
    const f = (ns: string): Finding => ({ id: 'KTM-NET-001', severity: 'high', tenancy: ['namespace'], trust: { developers: 'any', users: 'any' }, clause: 'c', resource: `Namespace/${ns}`, source: '-', path: '', message: 'm', fix: 'x' });
    const rules = loadExceptions(exceptions(`  - check: KTM-NET-001\n    objects: [{labels: {legacy: "true"}}]\n    reason: r\n    owner: o\n    expires: 2999-01-01\n`));
    const out = acceptFindings([f('t-a'), f('t-b')], inv, { rules, today: '2026-01-01' });
    expect(out.accepted.map((x) => x.resource)).toEqual(['Namespace/t-a']);
    expect(out.active.map((x) => x.resource)).toEqual(['Namespace/t-b']);
    // The last day still holds; the day after does not.
    expect(acceptFindings([f('t-a')], inv, { rules, today: '2999-01-01' }).accepted).toHaveLength(1);
    expect(acceptFindings([f('t-a')], inv, { rules, today: '2999-01-02' }).accepted).toHaveLength(0);
  });

  it('.ktm-exceptions.yaml in the working directory is read when no --exceptions is given', async () => {
    const cwdDir = mkdtempSync(join(tmpdir(), 'ktm-exceptions-cwd-'));
    writeFileSync(join(cwdDir, '.ktm-exceptions.yaml'), `apiVersion: ktm.knative.dev/v1alpha1\nkind: AuditExceptions\nexceptions:\n  - {check: KTM-NET-001, objects: [{namespace: blog}], reason: r, owner: o, expires: 2999-01-01}\n`);
    const cwd = process.cwd();
    process.chdir(cwdDir);
    try {
      const r = await auditJson([CLUSTER]);
      expect(r.doc.accepted.map((f: any) => f.accepted.source)).toEqual(['.ktm-exceptions.yaml:4']);
    } finally {
      process.chdir(cwd);
    }
  });

  describe('invalid files stop with exit 2 at file:line:col', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['unknown check id', `  - check: KTM-NOPE-999\n    reason: r\n    owner: o\n    expires: 2999-01-01\n`, /:4:12: invalid AuditExceptions: unknown check id "KTM-NOPE-999".* \(at exceptions\[0\]\.check\)$/],
      ['bad date', `  - check: KTM-NET-001\n    reason: r\n    owner: o\n    expires: 2026-02-30\n`, /:7:14: invalid AuditExceptions: not a calendar date \(at exceptions\[0\]\.expires\)$/],
      ['date in another format', `  - check: KTM-NET-001\n    reason: r\n    owner: o\n    expires: 31/12/2026\n`, /:7:14: invalid AuditExceptions: expected a date as YYYY-MM-DD/],
      ['unknown field', `  - check: KTM-NET-001\n    reason: r\n    owner: o\n    expires: 2999-01-01\n    approved: yes\n`, /:8:5: invalid AuditExceptions: .*approved.* \(at exceptions\[0\]\.approved\)$/],
      ['unknown object field', `  - check: KTM-NET-001\n    objects: [{nmae: x}]\n    reason: r\n    owner: o\n    expires: 2999-01-01\n`, /:5:16: invalid AuditExceptions: .*nmae/],
      ['missing owner', `  - check: KTM-NET-001\n    reason: r\n    expires: 2999-01-01\n`, /:4:5: invalid AuditExceptions: missing required field .*\(at exceptions\[0\]\.owner\)$/],
    ];
    for (const [what, entries, message] of cases) {
      it(what, async () => {
        const file = exceptions(entries);
        const r = await runCli(['audit', CLUSTER, '--exceptions', file]);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        const lines = r.stderr.trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0].startsWith(`ktm: ${file}:`)).toBe(true);
        expect(lines[0]).toMatch(message);
      });
    }
    it('a wrong kind', async () => {
      const file = write('wrong-kind.yaml', 'apiVersion: ktm.knative.dev/v1alpha1\nkind: Exceptions\nexceptions: []\n');
      const r = await runCli(['audit', CLUSTER, '--exceptions', file]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^ktm: ${file}:2:7: invalid AuditExceptions`));
    });
  });
});

describe('ktm.knative.dev/accept annotation', () => {
  it('accepts that check on that object only, and says where', async () => {
    const r = await auditJson([ANNOTATED]);
    expect(r.doc.accepted).toEqual([
      expect.objectContaining({
        id: 'KTM-NET-001',
        resource: 'Namespace/blog',
        accepted: { by: 'annotation', reason: 'blog is public content', owner: 'blog-team', expires: '2999-01-31', source: `${join(ANNOTATED, '95-tenants.yaml')}:80` },
      }),
    ]);
    // Other checks about the same namespace still count.
    expect(r.doc.findings.some((f: any) => f.resource === 'Namespace/blog')).toBe(true);
  });

  it('--no-accept-annotations ignores it', async () => {
    const r = await auditJson([ANNOTATED, '--no-accept-annotations']);
    expect(r.doc.accepted).toEqual([]);
    expect(r.doc.findings.some((f: any) => f.id === 'KTM-NET-001' && f.resource === 'Namespace/blog')).toBe(true);
  });

  it('a malformed annotation is bad input at the object', async () => {
    const bad = join(dir, 'bad-annotation.yaml');
    writeFileSync(bad, `${plainTenant('t-a')}`.replace('metadata:\n  name: t-a\n', 'metadata:\n  name: t-a\n  annotations:\n    ktm.knative.dev/accept: "[{check: KTM-NET-001, reason: r, owner: o, expires: someday}]"\n'));
    const r = await runCli(['audit', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(new RegExp(`^ktm: ${bad}:2:1: invalid Namespace/t-a annotation ktm.knative.dev/accept: expected a date as YYYY-MM-DD \\(at \\[0\\]\\.expires\\)$`));
  });
});

describe('accepted findings in SARIF, PolicyReport and OpenReports', () => {
  let file: string;
  beforeAll(() => {
    file = exceptions(`  - check: KTM-PSS-002\n    objects: [{namespace: blog}]\n    reason: reviewed by security\n    owner: sec-team\n    expires: 2999-12-31\n`);
  });

  it('SARIF: suppressions (external for the file, inSource for the annotation), valid against the OASIS schema', async () => {
    const r = await runCli(['audit', ANNOTATED, '--tenancy', 'namespace', '--format', 'sarif', '--exceptions', file]);
    const doc = JSON.parse(r.stdout);
    const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(join(SHARED, 'fixtures/schemas/sarif/sarif-schema-2.1.0.json'), 'utf8')));
    const ok = validate(doc);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    const suppressed = doc.runs[0].results.filter((x: any) => x.suppressions);
    expect(suppressed.map((x: any) => [x.ruleId, x.suppressions[0].kind, x.suppressions[0].status])).toEqual(
      expect.arrayContaining([
        ['KTM-NET-001', 'inSource', 'accepted'],
        ['KTM-PSS-002', 'external', 'accepted'],
      ]),
    );
    const ext = suppressed.find((x: any) => x.suppressions[0].kind === 'external').suppressions[0];
    expect(ext.justification).toBe('reviewed by security (owner: sec-team; expires 2999-12-31)');
    expect(ext.location.physicalLocation).toEqual({ artifactLocation: { uri: encodeURI(file) }, region: { startLine: 4 } });
    // Every finding is a result: counted and accepted.
    const json = JSON.parse((await runCli(['audit', ANNOTATED, '--tenancy', 'namespace', '--format', 'json', '--exceptions', file])).stdout);
    expect(doc.runs[0].results.length).toBe(json.findings.length + json.accepted.length);
    expect(suppressed.length).toBe(json.accepted.length);
  });

  for (const [format, kinds] of [
    ['policyreport', ['PolicyReport', 'ClusterPolicyReport', 'wgpolicyk8s/wgpolicyk8s.io_policyreports.yaml', 'wgpolicyk8s/wgpolicyk8s.io_clusterpolicyreports.yaml', 'v1alpha2']],
    ['openreports', ['Report', 'ClusterReport', 'openreports/openreports.io_reports.yaml', 'openreports/openreports.io_clusterreports.yaml', 'v1alpha1']],
  ] as const) {
    it(`${format}: accepted findings are skip results with reason, owner and expiry, valid against the CRD`, async () => {
      const validators: Record<string, ReturnType<typeof crdValidator>> = { [kinds[0]]: crdValidator(kinds[2], kinds[4]), [kinds[1]]: crdValidator(kinds[3], kinds[4]) };
      const r = await runCli(['audit', ANNOTATED, '--tenancy', 'namespace', '--format', format, '--exceptions', file]);
      const docs = parseAllDocuments(r.stdout).map((d) => d.toJS());
      for (const d of docs) {
        const v = validators[d.kind].validate;
        const ok = v(d);
        expect(v.errors ?? []).toEqual([]);
        expect(ok).toBe(true);
      }
      const blog = docs.find((d) => d.kind === kinds[0] && d.metadata.namespace === 'blog');
      const skips = blog.results.filter((x: any) => x.result === 'skip');
      expect(skips.map((x: any) => x.policy).sort()).toEqual(['KTM-NET-001', 'KTM-PSS-002', 'KTM-PSS-002']);
      expect(blog.summary.skip).toBe(3);
      const pss = skips.find((x: any) => x.policy === 'KTM-PSS-002');
      expect(pss).toMatchObject({ scored: false, properties: { accepted: 'file', reason: 'reviewed by security', owner: 'sec-team', expires: '2999-12-31', 'accepted-at': `${file}:4` } });
      expect(pss.message).toMatch(/^accepted risk \(reviewed by security\): /);
      // A check whose only findings are accepted gets no `pass`.
      const cluster = docs.find((d) => d.kind === kinds[1]);
      expect(cluster.results.some((x: any) => x.policy === 'KTM-NET-001' && x.result === 'pass')).toBe(false);
    });
  }

  it('table and Markdown show the count', async () => {
    for (const format of ['table', 'md']) {
      const r = await runCli(['audit', ANNOTATED, '--tenancy', 'namespace', '--format', format, '--exceptions', file]);
      expect(r.stdout).toContain(`3 accepted finding(s), not counted: 1 by annotation, 2 by ${file} (KTM-NET-001, KTM-PSS-002 ×2)`);
    }
  });
});
