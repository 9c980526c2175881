/**
 * The audit never turns an engine failure into a pass: bad input an engine finds is exit 2 with the same message as
 * `ktm reach`, and any other engine failure stops the audit (exit 3), never a note.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkById, runAudit } from '../../src/audit/index.js';
import { defaultEngines, setDefaultEngines } from '../../src/audit/engines.js';
import { loadModel } from '../../src/model/loader.js';
import { InputError } from '../../src/util/errors.js';
import { FIXTURES, runCli } from '../helpers/cli.js';
import { inventory, plainTenant } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'ktm-audit-fail-closed-'));
const tenants = join(dir, 'tenants.yaml');
const badnp = join(dir, 'badnp.yaml');
writeFileSync(tenants, plainTenant('t-a') + plainTenant('t-b'));
writeFileSync(
  badnp,
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: bad, namespace: t-a}
spec:
  podSelector: {}
  ingress:
    - from:
        - ipBlock: {cidr: 10.0.0.0/33}
`,
);
const stock = join(FIXTURES, 'knative', 'serving-core.yaml');

describe('audit fails closed', () => {
  it('exits 2 with the reach engine\'s message on a NetworkPolicy with an invalid CIDR', async () => {
    const reach = await runCli(['reach', stock, tenants, badnp]);
    expect(reach.code).toBe(2);
    const audit = await runCli(['audit', stock, tenants, badnp, '--tenancy', 'namespace']);
    expect(audit.code).toBe(2);
    expect(audit.stdout).toBe('');
    expect(audit.stderr).toMatch(/badnp\.yaml:1:1: .*\(at spec\.ingress\[0\]\.from\[0\]\.ipBlock\)/);
    expect(audit.stderr.trim()).toBe(reach.stderr.trim());
    expect(audit.stderr).not.toMatch(/PASS|network checks skipped/);
  });

  it('exits 2 for every format, not only table', async () => {
    for (const format of ['json', 'sarif', 'policyreport']) {
      const r = await runCli(['audit', stock, tenants, badnp, '--tenancy', 'namespace', '--format', format]);
      expect(r.code, format).toBe(2);
    }
  });

  it('turns an unexpected engine failure into an error, not a note', () => {
    const inv = inventory(plainTenant('t-a') + plainTenant('t-b'));
    const model = loadModel('knative-2021');
    const broken = {
      reach: () => {
        throw new TypeError('boom');
      },
      pss: () => ({ allowed: true, violations: [], version: 'latest' }),
    };
    expect(() => runAudit(inv, { model, tenancy: ['namespace'], engines: broken })).toThrow(/reachability engine failed: boom/);
    const brokenPss = {
      reach: () => {
        throw new Error('not reached');
      },
      pss: () => {
        throw new RangeError('no such level');
      },
    };
    expect(() => runAudit(inv, { model, tenancy: ['namespace'], engines: brokenPss, checks: [checkById('KTM-PSS-001')!] })).toThrow(/Pod Security Standards evaluator failed: no such level/);
  });

  it('lets an InputError from an engine through unchanged', () => {
    const inv = inventory(plainTenant('t-a') + plainTenant('t-b'));
    const err = new InputError('x.yaml', 'bad policy', { line: 3, column: 1 }, 'spec.egress');
    const engines = {
      reach: () => {
        throw err;
      },
      pss: () => ({ allowed: true, violations: [], version: 'latest' }),
    };
    expect(() => runAudit(inv, { model: loadModel('knative-2021'), tenancy: ['namespace'], engines })).toThrow(err);
  });

  it('exits 3 (internal error) on the command line when an engine breaks, printing no report', async () => {
    const real = defaultEngines();
    setDefaultEngines({
      ...real,
      reach: () => {
        throw new TypeError("Cannot read properties of undefined (reading 'x')");
      },
    });
    try {
      const r = await runCli(['audit', stock, tenants, '--tenancy', 'namespace', '--format', 'json']);
      expect(r.code).toBe(3);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/internal error: reachability engine failed: Cannot read properties/);
    } finally {
      setDefaultEngines(real);
    }
  });
});
