/**
 * `ktm review` end to end: the PR comment (golden file), JSON (sorted, stable), the diagram, exit codes and
 * bad input. UPDATE_GOLDEN=1 rewrites the golden files.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

const example = (name: string) => resolve(REPO_ROOT, 'examples/designs', `${name}.yaml`);
const golden = (name: string) => resolve(REPO_ROOT, 'test/review/golden', name);
const tmp = mkdtempSync(join(tmpdir(), 'ktm-review-'));

function checkGolden(name: string, text: string): void {
  if (process.env.UPDATE_GOLDEN || !existsSync(golden(name))) writeFileSync(golden(name), text);
  expect(text).toBe(readFileSync(golden(name), 'utf8'));
}

describe('ktm review', () => {
  it('writes the hostNetwork review as a pull-request comment (golden)', async () => {
    const r = await runCli(['review', example('podspec-hostnetwork'), '--model', 'all']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0); // everything is off by default: low, below the default --fail-on moderate
    // Paths in the output must not depend on where the repository is checked out.
    expect(r.stdout).not.toContain(REPO_ROOT);
    checkGolden('podspec-hostnetwork.all.md', r.stdout);
  });

  it('writes the tag-header review as a pull-request comment (golden)', async () => {
    const r = await runCli(['review', example('tag-header-based-routing'), '--model', 'all']);
    expect(r.code).toBe(0);
    checkGolden('tag-header-based-routing.all.md', r.stdout);
  });

  it('says "no security impact" in one line for a design without impact', async () => {
    const r = await runCli(['review', example('request-log-format')]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toMatch(/no security impact/i);
  });

  it('json is sorted and stable across runs', async () => {
    const a = await runCli(['review', example('domain-mapping-autocreate'), '--format', 'json', '--model', 'all']);
    const b = await runCli(['review', example('domain-mapping-autocreate'), '--format', 'json', '--model', 'all']);
    expect(a.stdout).toBe(b.stdout);
    const doc = JSON.parse(a.stdout);
    expect(Object.keys(doc)).toEqual(['apiVersion', 'design', 'kind', 'metadata', 'reviews', 'verdict']);
    expect(doc.reviews.map((r: { model: { id: string } }) => r.model.id)).toEqual(['knative-2021', 'knative-2025']);
    expect(Object.keys(doc.reviews[0].findings[0])).toEqual([...Object.keys(doc.reviews[0].findings[0])].sort());
    expect(doc.verdict).toBe('high');
  });

  it('exits 1 for findings at or above --fail-on, 0 with --fail-on none', async () => {
    expect((await runCli(['review', example('domain-mapping-autocreate'), '--model', 'knative-2025'])).code).toBe(1);
    expect((await runCli(['review', example('domain-mapping-autocreate'), '--model', 'knative-2025', '--fail-on', 'critical'])).code).toBe(0);
    expect((await runCli(['review', example('domain-mapping-autocreate'), '--fail-on', 'none'])).code).toBe(0);
    // Mitigated by the design: never fails.
    expect((await runCli(['review', example('cross-namespace-event-links-knsubscribe'), '--model', 'all', '--fail-on', 'low'])).code).toBe(0);
  });

  it('writes a before/after SVG with the new parts highlighted', async () => {
    const svg = join(tmp, 'hostnet.svg');
    const out = join(tmp, 'review.md');
    const r = await runCli(['review', example('podspec-hostnetwork'), '--diagram', svg, '--output', out]);
    expect(r.code).toBe(0);
    const text = readFileSync(svg, 'utf8');
    expect(text).toMatch(/^<\?xml/);
    expect(text).toContain('>Before<');
    expect(text).toContain('Revision pod on the host network');
    expect((text.match(/<svg\b/g) ?? []).length).toBe(3);
    expect(readFileSync(out, 'utf8')).toContain('hostNetwork');
  });

  it('reads the design from standard input', async () => {
    const r = await runCli(['review', '-'], { stdin: readFileSync(example('request-log-format'), 'utf8') });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/no security impact/i);
  });
});

describe('bad input', () => {
  const write = (name: string, text: string) => {
    const f = join(tmp, name);
    writeFileSync(f, text);
    return f;
  };
  const head = 'apiVersion: ktm/v1\nkind: FeatureDesign\nname: x\n';

  it('a wrong field type names file, line, column and field', async () => {
    const f = write('type.yaml', `${head}flows:\n  - id: a\n    from: user-container\n    to: activator\n    protocol: HTTP\n    authenticated: maybe\n`);
    const r = await runCli(['review', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:9:20: invalid FeatureDesign: .*\\(at flows\\[0\\]\\.authenticated\\)`));
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('an unknown component in a flow is refused with its position', async () => {
    const f = write('ref.yaml', `${head}flows:\n  - id: a\n    from: nowhere\n    to: activator\n    protocol: HTTP\n    authenticated: false\n`);
    const r = await runCli(['review', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${f}:6:11: invalid FeatureDesign for model knative-2021: unknown component "nowhere"`);
  });

  it('a flag used but not declared is refused', async () => {
    const f = write('flag.yaml', `${head}components:\n  - id: activator\n    requires: { flag: nope }\n`);
    const r = await runCli(['review', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/flag "nope" is not declared in flags/);
  });

  it('a new component missing its kind, a wrong kind, binary data, bad options', async () => {
    const missing = write('missing.yaml', `${head}components:\n  - id: brand-new\n    name: New\n    boundary: internet\n    shared: true\n`);
    expect((await runCli(['review', missing])).stderr).toMatch(/new component "brand-new" needs "kind"/);
    const kind = write('kind.yaml', 'apiVersion: ktm/v1\nkind: ThreatModel\nname: x\n');
    expect((await runCli(['review', kind])).code).toBe(2);
    const bin = write('bin.yaml', 'name: \u0000\u0001');
    expect((await runCli(['review', bin])).stderr).toMatch(/binary data/);
    expect((await runCli(['review', example('request-log-format'), '--format', 'html'])).code).toBe(2);
    expect((await runCli(['review', example('request-log-format'), '--diagram', join(tmp, 'x.png')])).code).toBe(2);
    expect((await runCli(['review', join(tmp, 'absent.yaml')])).stderr).toMatch(/no such file/);
  });
});
