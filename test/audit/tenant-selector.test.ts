/**
 * `--tenant-selector`: tenants = the namespaces whose labels match. A selector matching nothing is a legitimate answer
 * (exit as usual, not a usage error), but the report must say that the tenant checks had nothing to judge.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSelectorString } from '../../src/k8s/selectors.js';
import { FIXTURES, runCli } from '../helpers/cli.js';
import { audit, inventory, plainTenant } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'ktm-audit-selector-'));
const tenants = join(dir, 'tenants.yaml');
writeFileSync(tenants, plainTenant('t-a', { tier: 'gold' }) + plainTenant('t-b'));
const stock = join(FIXTURES, 'knative', 'serving-core.yaml');

describe('--tenant-selector', () => {
  it('selects the matching namespaces only', () => {
    const r = audit(inventory(plainTenant('t-a', { tier: 'gold' }) + plainTenant('t-b')), { tenantSelector: parseSelectorString('tier=gold') });
    expect(r.tenants).toEqual(['t-a']);
    expect(r.warnings).toEqual([]);
  });

  it('matching nothing: a warning (also in notes), not an error', () => {
    const r = audit(inventory(plainTenant('t-a') + plainTenant('t-b')), { tenantSelector: parseSelectorString('tier=platinum') });
    expect(r.tenants).toEqual([]);
    expect(r.warnings).toEqual([expect.stringMatching(/^--tenant-selector "tier=platinum" matched no namespace \(of 2 in the input\): the tenant checks had nothing to judge/)]);
    expect(r.notes).toContain(r.warnings[0]);
  });

  it('the table shows a warning line before the verdicts; json carries it in notes; exit code as usual', async () => {
    const table = await runCli(['audit', stock, tenants, '--tenant-selector', 'tier=platinum', '--tenancy', 'namespace']);
    expect(table.code).not.toBe(2);
    const lines = table.stdout.split('\n');
    const warn = lines.findIndex((l) => l.startsWith('warning: --tenant-selector "tier=platinum" matched no namespace'));
    const verdict = lines.findIndex((l) => /^(FAIL|PASS)/.test(l));
    expect(warn).toBeGreaterThan(0);
    expect(warn).toBeLessThan(verdict);
    const json = await runCli(['audit', stock, tenants, '--tenant-selector', 'tier=platinum', '--format', 'json']);
    expect(JSON.parse(json.stdout).notes.some((n: string) => n.includes('matched no namespace'))).toBe(true);
    const md = await runCli(['audit', stock, tenants, '--tenant-selector', 'tier=platinum', '--format', 'md']);
    expect(md.stdout).toMatch(/> \*\*Warning:\*\* --tenant-selector/);
  });

  it('with --output, the warning also goes to stderr next to the summary', async () => {
    const out = join(dir, 'report.html');
    const r = await runCli(['audit', stock, tenants, '--tenant-selector', 'tier=platinum', '--format', 'html', '--output', out]);
    expect(r.stderr).toMatch(/ktm audit: warning: --tenant-selector "tier=platinum" matched no namespace/);
    expect(readFileSync(out, 'utf8')).toMatch(/<strong>Warning:<\/strong> --tenant-selector/);
  });

  it('a malformed selector is a usage error (exit 2)', async () => {
    const r = await runCli(['audit', stock, tenants, '--tenant-selector', 'tier in (a']);
    expect(r.code).toBe(2);
  });
});
