/**
 * Issue 5 "Done when": on the stock Knative manifests plus three plain tenant namespaces, `cluster` tenancy passes with
 * assumptions and `namespace` tenancy fails with at least NET-001, NET-003, NET-004, CFG-002, ISO-001, ISO-002.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { loadModel } from '../../src/model/loader.js';
import { audit, inventory, plainTenant, STOCK_FILES } from './helpers.js';

const TENANTS = ['t-a', 't-b', 't-c'].map((t) => plainTenant(t)).join('');

describe('done when: stock Knative + three plain tenants', () => {
  const r = audit(inventory(TENANTS, { stock: true }));

  it('cluster tenancy passes with assumptions, listing them', () => {
    expect(r.verdicts.cluster).toBe('pass-with-assumptions');
    expect(r.assumptions.length).toBeGreaterThan(0);
  });

  it('namespace tenancy fails with the expected checks', () => {
    expect(r.verdicts.namespace).toBe('fail');
    const ids = new Set(r.findings.filter((f) => f.tenancy.includes('namespace')).map((f) => f.id));
    for (const id of ['KTM-NET-001', 'KTM-NET-003', 'KTM-NET-004', 'KTM-CFG-002', 'KTM-ISO-001', 'KTM-ISO-002']) expect(ids).toContain(id);
  });

  it('says first that the 2021 model does not support namespace tenancy', () => {
    expect(r.support.map((s) => s.tenancy)).toContain('namespace');
    expect(r.support.find((s) => s.tenancy === 'namespace')!.status).toBe('unsupported');
  });

  it('every finding cites a clause of the chosen model and has evidence and a fix', () => {
    for (const f of r.findings) {
      expect(f.clause).not.toMatch(/^unmapped:/);
      expect(f.resource).toMatch(/^[A-Za-z]+\//);
      expect(f.fix.length).toBeGreaterThan(10);
      expect(f.source.length).toBeGreaterThan(0);
    }
  });

  it('the CLI agrees: json output, exit 1 at --fail-on moderate, exit 0 at --fail-on critical', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ktm-audit-'));
    writeFileSync(join(dir, 'tenants.yaml'), TENANTS);
    const args = ['audit', ...STOCK_FILES, join(dir, 'tenants.yaml'), '--format', 'json'];
    const res = await runCli(args);
    expect(res.code).toBe(1);
    const json = JSON.parse(res.stdout);
    expect(Object.keys(json).slice(0, 7)).toEqual(['apiVersion', 'kind', 'metadata', 'model', 'verdicts', 'assumptions', 'findings']);
    expect(json.verdicts).toEqual({ cluster: 'pass-with-assumptions', namespace: 'fail', 'control-plane': 'fail' });
    expect(Object.keys(json.findings[0])).toEqual(['id', 'severity', 'tenancy', 'trust', 'clause', 'resource', 'source', 'path', 'message', 'fix', 'hops', 'fingerprint']);
    // The trust profile each finding applies to: the check's appliesTo, `any` where it does not depend on it.
    const iso = json.findings.find((f: any) => f.id === 'KTM-ISO-001');
    expect(iso.trust).toEqual({ developers: 'untrusted', users: 'any' });
    expect(json.findings.find((f: any) => f.id === 'KTM-NET-001').trust).toEqual({ developers: 'any', users: 'any' });
    expect((await runCli([...args, '--fail-on', 'critical'])).code).toBe(0);
    // Same input, same bytes.
    expect((await runCli(args)).stdout).toBe(res.stdout);
  });

  it('the 2025 model supports namespace tenancy: no unsupported statement, same failing checks', () => {
    const r25 = audit(inventory(TENANTS, { stock: true }), { model: loadModel('knative-2025') });
    expect(r25.support.find((s) => s.tenancy === 'namespace' && s.status === 'unsupported')).toBeUndefined();
    expect(r25.verdicts.namespace).toBe('fail');
  });
});
