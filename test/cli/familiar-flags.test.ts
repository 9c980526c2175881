/**
 * Issue 13 part 4, familiar flags: `-f`, the format from `-o FILE`'s extension, `-o json` refused, harden's
 * `-o/--output`, `-n/--namespace` and `-A`, pss's default level, `cvss -`, one-line usage errors, and the header every
 * JSON document carries.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { chooseFormat } from '../../src/cli/output-options.js';
import { UsageError } from '../../src/util/errors.js';

const CLUSTER = join(REPO_ROOT, 'examples/cluster');
const REPORT = join(REPO_ROOT, 'examples/reports/ghsa-qmvj-4qr9-v547.json');
const VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const out = (name: string) => join(mkdtempSync(join(tmpdir(), 'ktm-flags-')), name);

/** A usage error: exit 2, nothing on stdout, exactly one line `ktm <cmd>: … (see ktm <cmd> --help)` on stderr. */
function expectUsageError(r: { code: number; stdout: string; stderr: string }, command: string, message: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n');
  expect(lines, r.stderr).toHaveLength(2); // the line and the final newline
  expect(lines[0].startsWith(`ktm ${command}: `), r.stderr).toBe(true);
  expect(lines[0].endsWith(`(see ktm ${command} --help)`), r.stderr).toBe(true);
  expect(lines[0]).toMatch(message);
}

describe('-f and the format of -o FILE', () => {
  it('-f is --format on every command that has one', async () => {
    const audit = await runCli(['audit', CLUSTER, '-f', 'json', '--fail-on', 'critical']);
    expect(JSON.parse(audit.stdout).kind).toBe('AuditReport');
    const pss = await runCli(['pss', CLUSTER, '-f', 'json', '--no-fail-on-violation']);
    expect(JSON.parse(pss.stdout).kind).toBe('PssReport');
    const reach = await runCli(['reach', CLUSTER, '-f', 'matrix']);
    expect(reach.stdout).toMatch(/blog/);
    const triage = await runCli(['triage', REPORT, '--from', 'ghsa', '-f', 'json']);
    expect(JSON.parse(triage.stdout).kind).toBe('TriageResult');
    const diff = await runCli(['model', 'diff', 'knative-2021', 'knative-2025', '-f', 'json']);
    expect(JSON.parse(diff.stdout).kind).toBe('ModelDiff');
    const review = await runCli(['review', join(REPO_ROOT, 'examples/designs/domain-mapping-autocreate.yaml'), '-f', 'json', '--fail-on', 'none']);
    expect(JSON.parse(review.stdout).kind).toBe('ReviewReport');
  });

  it('without --format, the extension of -o chooses: .json, .sarif, .xml, .md, .html; .yaml is a VulnerabilityReport for triage', async () => {
    const cases: Array<[string[], string, (text: string) => void]> = [
      [['audit', CLUSTER, '--fail-on', 'critical'], 'r.json', (t) => expect(JSON.parse(t).kind).toBe('AuditReport')],
      [['audit', CLUSTER, '--fail-on', 'critical'], 'r.sarif', (t) => expect(JSON.parse(t).version).toBe('2.1.0')],
      [['audit', CLUSTER, '--fail-on', 'critical'], 'r.xml', (t) => expect(t).toMatch(/^<\?xml [^>]*\?>\n<testsuites /)],
      [['audit', CLUSTER, '--fail-on', 'critical'], 'r.md', (t) => expect(t).toMatch(/^#/)],
      [['audit', CLUSTER, '--fail-on', 'critical'], 'r.HTML', (t) => expect(t).toMatch(/^<!doctype html>/i)],
      [['pss', CLUSTER, '--no-fail-on-violation'], 'p.xml', (t) => expect(t).toContain('<testsuites name="ktm pss restricted:latest"')],
      [['triage', REPORT, '--from', 'ghsa'], 't.yaml', (t) => expect(parseYaml(t).kind).toBe('VulnerabilityReport')],
      [['reach', CLUSTER], 'm.svg', (t) => expect(t).toMatch(/<svg/)],
    ];
    for (const [args, name, check] of cases) {
      const file = out(name);
      const r = await runCli([...args, '-o', file]);
      expect(r.code, `${args[0]} -o ${name}: ${r.stderr}`).toBe(0);
      check(readFileSync(file, 'utf8'));
    }
  });

  it('an explicit --format wins over the extension', async () => {
    const file = out('report.json');
    await runCli(['audit', CLUSTER, '--format', 'md', '-o', file, '--fail-on', 'critical']);
    expect(readFileSync(file, 'utf8')).toMatch(/^#/);
  });

  it('an extension ktm does not know writes the default and says so; one the command cannot write is refused', async () => {
    const file = out('report.out');
    const r = await runCli(['pss', CLUSTER, '-o', file, '--no-fail-on-violation']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^ktm pss: note: no format is known for "\.out": writing table to .*report\.out/m);
    expect(readFileSync(file, 'utf8')).toMatch(/^Pod Security Standards restricted:latest/);
    const html = out('p.html');
    expectUsageError(await runCli(['pss', CLUSTER, '-o', html]), 'pss', /this command writes table, json, junit, not html/);
    expect(existsSync(html)).toBe(false);
  });

  it('chooseFormat takes the first format of the extension the command supports', () => {
    expect(chooseFormat({ output: 'x.yaml' }, ['text', 'report'] as const, 'text').format).toBe('report');
    expect(chooseFormat({ output: 'x.yml' }, ['table', 'policyreport'] as const, 'table').format).toBe('policyreport');
    expect(chooseFormat({ output: 'x.txt' }, ['connlist', 'json'] as const, 'json').format).toBe('connlist');
    expect(chooseFormat({ output: 'dir/x' }, ['md', 'json'] as const, 'md')).toEqual({ format: 'md' });
    expect(chooseFormat({ output: '-' }, ['md', 'json'] as const, 'json')).toEqual({ format: 'json' });
    expect(() => chooseFormat({ format: 'xml' }, ['md', 'json'] as const, 'md')).toThrow(UsageError);
  });

  it('-o given a format word is a usage error that says what was meant, and writes no file', async () => {
    const cwd = process.cwd();
    const dir = mkdtempSync(join(tmpdir(), 'ktm-word-'));
    process.chdir(dir);
    try {
      for (const [args, word, command] of [
        [['triage', REPORT, '--from', 'ghsa'], 'json', 'triage'],
        [['audit', CLUSTER], 'sarif', 'audit'],
        [['pss', CLUSTER], 'YAML', 'pss'],
        [['reach', CLUSTER], 'md', 'reach'],
        [['harden', CLUSTER], 'yaml', 'harden'],
        [['model', 'schema'], 'json', 'model schema'],
      ] as Array<[string[], string, string]>) {
        const r = await runCli([...args, '-o', word]);
        expectUsageError(r, command, new RegExp(`did you mean --format ${word}\\?`));
      }
      expect(readdirSync(dir)).toEqual([]);
      // A file of that name is still possible.
      const r = await runCli(['triage', REPORT, '--from', 'ghsa', '-o', './json']);
      expect(r.code).toBe(0);
      expect(readdirSync(dir)).toEqual(['json']);
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('harden -o/--output', () => {
  it('-o DIR, --output DIR and --out DIR write the same files; -o FILE.yaml writes the stream; - prints it', async () => {
    const listing = async (flag: string) => {
      const dir = out('hardened');
      const r = await runCli(['harden', CLUSTER, flag, dir]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/^ktm harden: wrote \d+ file\(s\) to /);
      return readdirSync(dir).sort();
    };
    const viaShort = await listing('-o');
    expect(viaShort.length).toBeGreaterThan(1);
    expect(await listing('--output')).toEqual(viaShort);
    expect(await listing('--out')).toEqual(viaShort);
    const stream = await runCli(['harden', CLUSTER]);
    const file = out('plan.yaml');
    expect((await runCli(['harden', CLUSTER, '-o', file])).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(stream.stdout);
    expectUsageError(await runCli(['harden', CLUSTER, '-o', out('a'), '--out', out('b')]), 'harden', /--output and --out are the same option/);
    const json = out('plan.json');
    expectUsageError(await runCli(['harden', CLUSTER, '-o', json]), 'harden', /harden writes YAML: give a folder, a \.yaml file or -/);
    expect(existsSync(json)).toBe(false);
  });
});

describe('-n/--namespace and -A', () => {
  it('audit -n keeps findings about objects in those namespaces and about cluster-scoped objects', async () => {
    const all = JSON.parse((await runCli(['audit', CLUSTER, '-f', 'json', '-A', '--fail-on', 'critical'])).stdout);
    const r = await runCli(['audit', CLUSTER, '-f', 'json', '-n', 'blog', '--fail-on', 'critical']);
    expect(r.code).toBe(0);
    const blog = JSON.parse(r.stdout);
    const nsOf = (res: string) => (res.split('/').length >= 3 ? res.split('/')[1] : undefined);
    expect(blog.findings.length).toBeGreaterThan(0);
    expect(blog.findings.length).toBeLessThan(all.findings.length);
    for (const f of blog.findings) expect([undefined, 'blog']).toContain(nsOf(f.resource));
    // Nothing about blog or the cluster is lost; everything about other namespaces is left out.
    const expected = all.findings.filter((f: { resource: string }) => [undefined, 'blog'].includes(nsOf(f.resource)));
    expect(blog.findings).toEqual(expected);
    expect(blog.findings.some((f: { resource: string }) => nsOf(f.resource) === undefined)).toBe(all.findings.some((f: { resource: string }) => nsOf(f.resource) === undefined));
    expect(blog.metadata.input.namespaces).toEqual(['blog']);
    expect(blog.notes.join('\n')).toMatch(/narrowed to namespace\(s\) blog/);
    expect(blog.reachability.namespaces).toEqual(['blog']);
  });

  it('audit -n recomputes the verdicts from what it keeps', async () => {
    const shop = JSON.parse((await runCli(['audit', CLUSTER, '-f', 'json', '-n', 'shop', '--fail-on', 'critical', '--tenancy', 'namespace'])).stdout);
    const failing = shop.findings.some((f: { severity: string; tenancy: string[] }) => ['moderate', 'high', 'critical'].includes(f.severity) && f.tenancy.includes('namespace'));
    expect(shop.verdicts.namespace === 'fail').toBe(failing);
  });

  it('pss -n judges only the workloads of those namespaces; repeated -n adds namespaces', async () => {
    const one = JSON.parse((await runCli(['pss', CLUSTER, '-f', 'json', '-n', 'shop', '--no-fail-on-violation'])).stdout);
    expect(one.entries.length).toBeGreaterThan(0);
    expect(one.entries.every((e: { resource: string }) => e.resource.split('/')[1] === 'shop')).toBe(true);
    const two = JSON.parse((await runCli(['pss', CLUSTER, '-f', 'json', '-n', 'shop', '-n', 'blog', '--no-fail-on-violation'])).stdout);
    expect(new Set(two.entries.map((e: { resource: string }) => e.resource.split('/')[1]))).toEqual(new Set(['shop', 'blog']));
    expect(two.metadata.input.namespaces).toEqual(['blog', 'shop']);
  });

  it('reach -n limits rows and columns (both ends) to those namespaces', async () => {
    const m = JSON.parse((await runCli(['reach', CLUSTER, '-f', 'json', '-n', 'shop', '-n', 'blog'])).stdout);
    expect(m.matrix.namespaces).toEqual(['blog', 'shop']);
    const ns = (name: string) => name.split('/')[0];
    for (const c of m.connections) {
      expect(['blog', 'shop']).toContain(ns(c.src));
      expect(['blog', 'shop']).toContain(ns(c.dst));
    }
    for (const p of m.paths) {
      expect(['blog', 'shop']).toContain(ns(p.from));
      expect(['blog', 'shop']).toContain(ns(p.to));
    }
    const all = JSON.parse((await runCli(['reach', CLUSTER, '-f', 'json'])).stdout);
    expect(all.matrix.namespaces.length).toBeGreaterThan(2);
    const inBoth = all.connections.filter((c: { src: string; dst: string }) => ['blog', 'shop'].includes(ns(c.src)) && ['blog', 'shop'].includes(ns(c.dst)) && c.src.includes('/') && c.dst.includes('/'));
    expect(m.connections).toEqual(inBoth);
  });

  it('a namespace the input does not hold, or -n with -A, is a usage error', async () => {
    expectUsageError(await runCli(['audit', CLUSTER, '-n', 'nosuch']), 'audit', /no namespace "nosuch" in the input/);
    expectUsageError(await runCli(['pss', CLUSTER, '-n', 'blog', '-A']), 'pss', /exclude each other/);
    expectUsageError(await runCli(['reach', CLUSTER, '-n', 'Not_A_Name']), 'reach', /not a namespace name/);
  });
});

describe('pss level and cvss -', () => {
  it('pss judges against restricted when no --level is given, and says so in text; JSON carries the level', async () => {
    const text = await runCli(['pss', CLUSTER, '--no-fail-on-violation']);
    expect(text.stderr).toBe('ktm pss: note: no --level given: judging against restricted\n');
    expect(text.stdout).toMatch(/^Pod Security Standards restricted:latest/);
    const json = await runCli(['pss', CLUSTER, '-f', 'json', '--no-fail-on-violation']);
    expect(json.stderr).toBe('');
    const doc = JSON.parse(json.stdout);
    expect(doc.metadata.input).toMatchObject({ level: 'restricted', version: 'latest', effectiveVersion: expect.stringMatching(/^v1\.\d+$/) });
    expect(doc.level).toBe('restricted');
    const baseline = JSON.parse((await runCli(['pss', CLUSTER, '-f', 'json', '--level', 'baseline', '--version', 'v1.30', '--no-fail-on-violation'])).stdout);
    expect(baseline.metadata.input).toMatchObject({ level: 'baseline', version: 'v1.30', effectiveVersion: 'v1.30' });
  });

  it('cvss - reads the vectors from standard input, like --stdin', async () => {
    const stdin = 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H\n# a comment\nCVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N\n';
    const dash = await runCli(['cvss', '-'], { stdin });
    expect(dash.code).toBe(0);
    const lines = dash.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.score)).toEqual([6.5, 9.3]);
    expect((await runCli(['cvss', '--stdin'], { stdin })).stdout).toBe(dash.stdout);
    expectUsageError(await runCli(['cvss', '-'], { stdin: '# nothing\n' }), 'cvss', /standard input holds no CVSS vector/);
  });
});

describe('usage errors are one line', () => {
  it("commander's own errors and ktm's say `ktm <cmd>: … (see ktm <cmd> --help)`", async () => {
    expectUsageError(await runCli(['audit', CLUSTER, '--no-such-flag']), 'audit', /unknown option '--no-such-flag'/);
    expectUsageError(await runCli(['audit', CLUSTER, '--fromat', 'json']), 'audit', /unknown option '--fromat' \(Did you mean --format\?\)/);
    expectUsageError(await runCli(['model', 'diff', 'knative-2021']), 'model diff', /missing required argument 'b'/);
    expectUsageError(await runCli(['audit', CLUSTER, '-f', 'pdf']), 'audit', /option --format: "pdf" is not one of table, json/);
    expectUsageError(await runCli(['triage']), 'triage', /give a report file/);
    const root = await runCli(['no-such-command']);
    expect(root.code).toBe(2);
    expect(root.stderr).toMatch(/^ktm: unknown command 'no-such-command' \(see ktm --help\)\n$/);
  });
});

describe('every JSON document says what it is', () => {
  const header = (doc: Record<string, any>, kind: string) => {
    expect(doc.apiVersion).toBe('ktm.knative.dev/v1alpha1');
    expect(doc.kind).toBe(kind);
    expect(doc.metadata.generator).toEqual({ name: 'ktm', version: VERSION });
    return doc.metadata.input as Record<string, any>;
  };

  it('audit, --list-checks, reach, --explain, pss, triage, review and model name their kind, ktm version and input', async () => {
    const audit = header(JSON.parse((await runCli(['audit', CLUSTER, '-f', 'json', '--model', 'knative-2025', '--fail-on', 'critical'])).stdout), 'AuditReport');
    expect(audit.sources).toEqual([CLUSTER]);
    expect(audit.models).toEqual([{ id: 'knative-2025', version: expect.any(String) }]);
    const stdinAudit = header(JSON.parse((await runCli(['audit', '-', '-f', 'json', '--fail-on', 'critical'], { stdin: readFileSync(join(CLUSTER, '95-tenants.yaml'), 'utf8') })).stdout), 'AuditReport');
    expect(stdinAudit.sources).toEqual(['<stdin>']);
    header(JSON.parse((await runCli(['audit', '--list-checks', '-f', 'json'])).stdout), 'CheckList');
    expect(header(JSON.parse((await runCli(['reach', CLUSTER, '-f', 'json'])).stdout), 'ReachReport').sources).toEqual([CLUSTER]);
    header(JSON.parse((await runCli(['reach', CLUSTER, '-f', 'json', '--from', 'blog', '--to', 'shop', '--explain'])).stdout), 'ReachExplanation');
    header(JSON.parse((await runCli(['pss', CLUSTER, '-f', 'json', '--no-fail-on-violation'])).stdout), 'PssReport');
    const triage = header(JSON.parse((await runCli(['triage', REPORT, '--from', 'ghsa', '-f', 'json', '--model', 'all'])).stdout), 'TriageResult');
    expect(triage.sources).toEqual([REPORT]);
    expect(triage.models.map((m: { id: string }) => m.id)).toEqual(['knative-2021', 'knative-2025']);
    const design = join(REPO_ROOT, 'examples/designs/domain-mapping-autocreate.yaml');
    expect(header(JSON.parse((await runCli(['review', design, '-f', 'json', '--fail-on', 'none'])).stdout), 'ReviewReport').sources).toEqual([design]);
    header(JSON.parse((await runCli(['model', 'list', '-f', 'json'])).stdout), 'ModelList');
    header(JSON.parse((await runCli(['model', 'validate', 'models/knative-2025.yaml', '-f', 'json'])).stdout), 'ModelValidation');
  });

  it('ktm --version is the version the headers carry', async () => {
    const r = await runCli(['--version']);
    expect(r.stdout.trim()).toBe(VERSION);
  });
});
