/** `ktm reach` wiring: formats, filters, --explain, usage errors. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, REPO_ROOT, runCli } from '../helpers/cli.js';
import { ConnectionSet } from '../../src/netpol/connection-set.js';

const MIN = join(FIXTURES, 'netpol/public/netpol-analysis-example-minimal');
const minInputs = JSON.parse(readFileSync(join(FIXTURES, 'netpol/index.json'), 'utf8'))
  .scenarios.find((s: any) => s.name === 'netpol-analysis-example-minimal')
  .inputs.map((f: string) => join(MIN, f)) as string[];
const KN = ['serving-core.yaml', 'kourier.yaml'].map((f) => join(FIXTURES, 'knative', f));

describe('ktm reach', () => {
  it('connlist equals the peer suite output', async () => {
    const idx = JSON.parse(readFileSync(join(FIXTURES, 'netpol/index.json'), 'utf8'));
    const sc = idx.scenarios.find((s: any) => s.name === 'netpol-analysis-example-minimal');
    const r = await runCli(['reach', ...sc.inputs.map((f: string) => join(MIN, f))]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(MIN, 'expected.txt'), 'utf8'));
  });

  it('--from/--to filter the connlist', async () => {
    const idx = JSON.parse(readFileSync(join(FIXTURES, 'netpol/index.json'), 'utf8'));
    const sc = idx.scenarios.find((s: any) => s.name === 'netpol-analysis-example-minimal');
    const r = await runCli(['reach', ...sc.inputs.map((f: string) => join(MIN, f)), '--from', 'default/frontend', '--to', 'default']);
    expect(r.stdout).toBe('default/frontend[Deployment] => default/backend[Deployment] : TCP 9090\n');
  });

  it('matrix, svg, dot and json formats', async () => {
    const m = await runCli(['reach', ...KN, '--format', 'matrix']);
    expect(m.code).toBe(0);
    expect(m.stdout.split('\n')[0]).toMatch(/^from \\ to\s+knative-serving\s+kourier-system$/);
    const svg = await runCli(['reach', ...KN, '--format', 'svg']);
    expect(svg.stdout).toMatch(/^<svg [^>]*>/);
    expect(svg.stdout).toContain('<title>knative-serving → kourier-system: direct</title>');
    const dot = await runCli(['reach', ...KN, '--format', 'dot']);
    expect(dot.stdout).toContain('"knative-serving" -> "kourier-system" [label="direct"');
    const json = await runCli(['reach', ...KN, '--format', 'json']);
    const doc = JSON.parse(json.stdout);
    expect(doc.knativeHops).toBe(true);
    const names = doc.connections.map((c: any) => `${c.src} ${c.dst}`);
    expect(names).toEqual([...names].sort());
    expect(doc.matrix.cells['knative-serving']['kourier-system']).toBe('direct');
    expect(Array.isArray(doc.facts) && Array.isArray(doc.paths)).toBe(true);
  });

  it('--explain prints the deciding policies', async () => {
    const r = await runCli(['reach', ...minInputs, '--from', 'default/backend', '--to', 'default/frontend', '--explain']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('default/backend => default/frontend [direct] : No Connections');
    expect(r.stdout).toMatch(/NetworkPolicy default\/\S+ /);
  });

  it('usage errors exit 2', async () => {
    expect((await runCli(['reach', ...minInputs, '--explain'])).code).toBe(2);
    expect((await runCli(['reach', ...minInputs, '--format', 'xml'])).code).toBe(2);
    expect((await runCli(['reach', ...minInputs, '--from', 'a/b/c'])).code).toBe(2);
    const bad = await runCli(['reach', '-'], {
      stdin: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: x}\nspec: {podSelector: {}, ingress: [{ports: [{port: 70000}]}]}\n',
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^ktm: -:1:1: .*port must be an integer 1-65535/);
  });
});

describe('ktm reach refuses what would mislead or overwhelm', () => {
  const EXAMPLE = join(REPO_ROOT, 'examples/cluster');

  it('a --from/--to that names nothing in the input is a usage error, not an empty answer', async () => {
    const ns = await runCli(['reach', EXAMPLE, '--from', 'nosuchns']);
    expect(ns.code).toBe(2);
    expect(ns.stderr).toBe('ktm reach: option --from: no namespace "nosuchns" in the input (see ktm reach --help)\n');
    const wl = await runCli(['reach', EXAMPLE, '--to', 'blog/nosuch', '--format', 'matrix']);
    expect(wl.code).toBe(2);
    expect(wl.stderr).toMatch(/^ktm reach: option --to: no workload "nosuch" in namespace "blog" \(workloads there: /);
  });

  it('refuses a full pair list beyond --max-workloads and points at the matrix', async () => {
    const r = await runCli(['reach', EXAMPLE, '--max-workloads', '3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--format connlist lists every pair of workloads, and the input has \d+ .*use --format matrix/);
    expect((await runCli(['reach', EXAMPLE, '--max-workloads', '3', '--format', 'matrix'])).code).toBe(0);
    expect((await runCli(['reach', EXAMPLE, '--max-workloads', '3', '--from', 'blog'])).code).toBe(0);
  });

  it('never pairs a workload with itself through a hub', async () => {
    const r = await runCli(['reach', EXAMPLE]);
    expect(r.code).toBe(0);
    for (const line of r.stdout.trim().split('\n')) {
      const m = /^(\S+) => (\S+) :/.exec(line);
      if (m) expect(m[1], line).not.toBe(m[2]);
    }
  });
});

describe('ConnectionSet', () => {
  it('has an exact algebra and a canonical form', () => {
    const a = ConnectionSet.ports('TCP', 80, 90).union(ConnectionSet.ports('UDP', 53));
    const b = ConnectionSet.ports('TCP', 85, 100);
    expect(a.intersect(b).toString()).toBe('TCP 85-90');
    expect(a.subtract(b).toString()).toBe('TCP 80-84,UDP 53');
    expect(ConnectionSet.ALL.subtract(ConnectionSet.ports('SCTP', 9003)).toString()).toBe('SCTP 1-9002,9004-65535,TCP 1-65535,UDP 1-65535');
    expect(a.union(a.complement()).isAll()).toBe(true);
    expect(a.intersect(a.complement()).isEmpty()).toBe(true);
    expect(ConnectionSet.parse(a.toString()).equals(a)).toBe(true);
    expect(ConnectionSet.ports('TCP', 1, 5).union(ConnectionSet.ports('TCP', 6, 9)).toString()).toBe('TCP 1-9');
  });
});
