import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runCli, FIXTURES } from '../helpers/cli.js';

const MANIFESTS = `apiVersion: v1
kind: Pod
metadata: {name: ok, namespace: tenant-b}
spec:
  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
  containers:
  - name: c
    image: x
    securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: tenant-a}
spec:
  template:
    metadata: {labels: {app: web}}
    spec:
      hostNetwork: true
      containers:
      - name: web
        image: nginx
        securityContext: {privileged: true}
---
apiVersion: serving.knative.dev/v1
kind: Service
metadata: {name: hello, namespace: tenant-a}
spec:
  template:
    spec:
      containers:
      - image: ghcr.io/knative/helloworld-go
`;

describe('ktm pss', () => {
  it('prints one JSON entry per workload, sorted by resource, and exits 1 when one is not allowed', async () => {
    const r = await runCli(['pss', '-', '--level', 'baseline', '--version', 'v1.30', '--format', 'json'], { stdin: MANIFESTS });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).entries).toEqual([
      {
        resource: 'Deployment/tenant-a/web',
        source: '-:11',
        allowed: false,
        violations: [
          { check: 'hostNamespaces', message: 'host namespaces (hostNetwork=true)' },
          { check: 'privileged', message: 'privileged (container "web" must not set securityContext.privileged=true)' },
        ],
      },
      { resource: 'Pod/tenant-b/ok', source: '-:1', allowed: true, violations: [] },
      { resource: 'Service/tenant-a/hello', source: '-:24', allowed: true, violations: [] },
    ]);
  });

  it('judges a Knative Service as written at restricted, and says secure-pod-defaults may differ', async () => {
    const r = await runCli(['pss', '-', '--level', 'restricted'], { stdin: MANIFESTS });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL {2}Service\/tenant-a\/hello/);
    // Knative names the unnamed container `user-container` when it defaults the revision.
    expect(r.stdout).toContain('runAsNonRoot: runAsNonRoot != true (pod or container "user-container" must set securityContext.runAsNonRoot=true)');
    expect(r.stdout).toContain('secure-pod-defaults');
    expect(r.stdout).toContain('at:  spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation');
    expect(r.stdout).toMatch(/^PASS {2}Pod\/tenant-b\/ok/m);
  });

  it('--no-fail-on-violation reports without failing', async () => {
    const r = await runCli(['pss', '-', '--level', 'restricted', '--no-fail-on-violation', '--format', 'json'], { stdin: MANIFESTS });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).entries.filter((e: { allowed: boolean }) => !e.allowed)).toHaveLength(2);
  });

  it('exits 0 when every object is allowed', async () => {
    const r = await runCli(['pss', join(FIXTURES, 'knative', 'serving-core.yaml'), '--level', 'baseline', '--format', 'json']);
    expect(r.code).toBe(0);
    const { entries } = JSON.parse(r.stdout);
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((e: { allowed: boolean }) => e.allowed)).toBe(true);
    expect(entries.map((e: { resource: string }) => e.resource)).toEqual([...entries.map((e: { resource: string }) => e.resource)].sort());
  });

  it('evaluates an upstream fail fixture with the upstream reason', async () => {
    const file = join(FIXTURES, 'pss', 'restricted', 'v1.37', 'fail', 'hostpathvolumes0.yaml');
    const r = await runCli(['pss', file, '--level', 'restricted', '--version', 'v1.37', '--format', 'json']);
    expect(r.code).toBe(1);
    const [entry] = JSON.parse(r.stdout).entries;
    expect(entry.violations.map((v: { message: string }) => v.message).join(', ')).toContain('restricted volume types');
  });

  it('refuses a bad --version, --level or --format with exit 2', async () => {
    for (const args of [
      ['--level', 'restricted', '--version', '1.30'],
      ['--level', 'restricted', '--version', 'v2.0'],
      ['--level', 'privileged'],
      ['--level', 'baseline', '--format', 'sarif'],
    ]) {
      const r = await runCli(['pss', '-', ...args], { stdin: MANIFESTS });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^ktm pss: .* \(see ktm pss --help\)\n$/);
      expect(r.stdout).toBe('');
    }
  });

  it('refuses a wrongly typed security field with file, line and field path (exit 2)', async () => {
    const bad = MANIFESTS.replace('securityContext: {privileged: true}', 'securityContext: {privileged: "yes"}');
    const r = await runCli(['pss', '-', '--level', 'baseline'], { stdin: bad });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('-:11:1: Deployment tenant-a/web: invalid pod field');
    expect(r.stderr).toContain('(at spec.template.spec.containers[0].securityContext.privileged)');
    expect(r.stderr).toContain('write true or false');
  });

  it('refuses garbage input with exit 2 and no stack trace', async () => {
    const r = await runCli(['pss', '-', '--level', 'baseline'], { stdin: 'kind: [unclosed' });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('    at ');
  });
});
