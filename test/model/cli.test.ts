import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../helpers/cli.js';

describe('ktm model list/show/validate', () => {
  test('list shows both built-ins, the default marked', async () => {
    const r = await runCli(['model', 'list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^knative-2021 .*\(default\)$/m);
    expect(r.stdout).toMatch(/^knative-2025 +published/m);
    const j = await runCli(['model', 'list', '--format', 'json']);
    expect(JSON.parse(j.stdout).models.map((m: { id: string }) => m.id)).toEqual(['knative-2021', 'knative-2025']);
  });

  test('show defaults to knative-2021 as Markdown', async () => {
    const r = await runCli(['model', 'show']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# Knative Threat Model \(community draft\)/);
    expect(r.stdout).toContain('`tenancy.multi-tenant-not-vulnerability` (out-of-scope, rule `multi-tenant-not-vulnerability`)');
  });

  test('show --format json and yaml give the loaded model', async () => {
    const j = JSON.parse((await runCli(['model', 'show', 'knative-2025', '--format', 'json'])).stdout);
    expect(j.metadata.id).toBe('knative-2025');
    const y = parse((await runCli(['model', 'show', 'knative-2025', '--format', 'yaml'])).stdout);
    expect(y).toEqual(j);
  });

  test('show accepts a file path, validate reports counts', async () => {
    const r = await runCli(['model', 'show', 'models/examples/untrusted-tenants.yaml', '--format', 'json']);
    expect(JSON.parse(r.stdout).metadata.id).toBe('acme-untrusted-tenants');
    const v = await runCli(['model', 'validate', 'models/knative-2025.yaml', '--format', 'json']);
    expect(v.code).toBe(0);
    expect(JSON.parse(v.stdout)).toMatchObject({ valid: true, id: 'knative-2025' });
  });

  test('a bad option value is a usage error', async () => {
    const r = await runCli(['model', 'diagram', '--tenancy', 'galaxy']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--tenancy: "galaxy" is not one of cluster, namespace, control-plane/);
  });
});
