import { describe, it, expect } from 'vitest';
import { mkdtempSync, readdirSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/paths.js';

const EXAMPLE = resolve(REPO_ROOT, 'examples/cluster');
const ENVIRONMENT = resolve(REPO_ROOT, 'test/harden/clusters/environment.yaml');

describe('ktm harden (CLI)', () => {
  it('writes a YAML stream whose objects, applied over the cluster, make the namespace audit pass at moderate', async () => {
    const r = await runCli(['harden', EXAMPLE, ENVIRONMENT, '--sandbox', 'gvisor']);
    expect(r.code).toBe(0);
    const docs = parseAllDocuments(r.stdout).map((d) => d.toJS()).filter(Boolean);
    expect(docs.length).toBeGreaterThan(10);
    expect(r.stdout).toMatch(/^# Not expressible as manifests/m);
    const dir = mkdtempSync(join(tmpdir(), 'ktm-harden-'));
    const hardened = join(dir, 'hardened.yaml');
    writeFileSync(hardened, r.stdout);
    const before = await runCli(['audit', EXAMPLE, ENVIRONMENT, '--tenancy', 'namespace', '--format', 'json', '--fail-on', 'moderate']);
    expect(before.code).toBe(1);
    const after = await runCli(['audit', EXAMPLE, ENVIRONMENT, hardened, '--tenancy', 'namespace', '--format', 'json', '--fail-on', 'moderate']);
    const findings = JSON.parse(after.stdout).findings as { id: string; severity: string; resource: string }[];
    // What remains at moderate or above is each named, with its check id, in the manual steps.
    const manual = r.stdout.split('\n').filter((l) => l.startsWith('#   - '));
    for (const f of findings.filter((x) => x.severity !== 'low')) {
      expect(manual.some((l) => l.includes(f.id) && l.includes(f.resource.split('/').slice(1).join('/'))), `${f.id} ${f.resource}`).toBe(true);
    }
  });

  it('--explain prints the proof per required flow instead of the manifests', async () => {
    const r = await runCli(['harden', EXAMPLE, ENVIRONMENT, '--explain']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# ktm harden --explain: \d+ required flow\(s\) after hardening/);
    expect(r.stdout).toMatch(/^apiserver-to-webhook:apiserver->kyverno\/kyverno-svc\n  holds — TCP 9443/m);
    expect(r.stdout).toMatch(/^tenant-to-broker-ingress:analytics\/\{<all>\}->knative-eventing\/broker-ingress\n  holds — TCP 8443/m);
    expect(r.stdout).not.toContain('apiVersion:');
  });

  it('writes one file per concern and MANUAL.md with --out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ktm-harden-out-'));
    const r = await runCli(['harden', EXAMPLE, '--mesh', 'istio', '--out', dir]);
    expect(r.code).toBe(0);
    const files = readdirSync(dir).sort();
    expect(files).toContain('10-network-policies.yaml');
    expect(files).toContain('30-pod-security.yaml');
    expect(files).toContain('MANUAL.md');
    expect(readFileSync(join(dir, '10-network-policies.yaml'), 'utf8')).toContain('ktm.knative.dev/fixes');
  });

  it('says there is nothing to add when the cluster is already hardened', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ktm-harden-idem-'));
    const first = await runCli(['harden', EXAMPLE]);
    writeFileSync(join(dir, 'hardened.yaml'), first.stdout);
    const again = await runCli(['harden', EXAMPLE, join(dir, 'hardened.yaml')]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing to add');
  });

  it('refuses bad options and bad input with exit 2 and a clear message', async () => {
    const cni = await runCli(['harden', EXAMPLE, '--cni', 'flannel-ish']);
    expect(cni.code).toBe(2);
    expect(cni.stderr).toMatch(/--cni: "flannel-ish" is not one of calico, cilium/);
    const bad = await runCli(['harden', EXAMPLE, '--mesh', 'linkerd']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--mesh: "linkerd" is not one of istio, none/);
    for (const bad of ['10.0.0.0', '10.0.0.0/33', '300.0.0.0/8']) {
      const cidr = await runCli(['harden', EXAMPLE, '--apiserver-cidr', bad]);
      expect(cidr.code, bad).toBe(2);
      expect(cidr.stderr).toMatch(/--apiserver-cidr: .* is not an IPv4 CIDR/);
    }
    const file = join(mkdtempSync(join(tmpdir(), 'ktm-harden-file-')), 'a-file');
    writeFileSync(file, 'x');
    const out = await runCli(['harden', EXAMPLE, '--out', join(file, 'sub')]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^ktm harden: option --output: cannot write to ".*": .*\(see ktm harden --help\)\n$/);
    expect(out.stderr).not.toMatch(/internal error/);
    const input = await runCli(['harden', '-'], { stdin: 'kind: [' });
    expect(input.code).toBe(2);
    expect(input.stderr).toMatch(/^ktm: -:\d+:\d+: /);
  });
});
