import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { runCli, SHARED, REPO_ROOT } from '../helpers/cli.js';
import { loadModel } from '../../src/model/loader.js';

const SHARED_EXAMPLES = resolve(SHARED, 'triage/examples');
const MODELS = ['knative-2021', 'knative-2025'];

interface Expected {
  verdict: string;
  reason?: string;
  severity?: string;
  cvssScore?: number;
}

function cases(dir: string): Array<[string, string, Record<string, Expected>]> {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && !f.endsWith('.expected.yaml'))
    .map((f) => {
      const name = f.replace(/\.yaml$/, '');
      const expected = parse(readFileSync(resolve(dir, `${name}.expected.yaml`), 'utf8')) as Record<string, Expected>;
      return [name, resolve(dir, f), expected];
    });
}

// Knative's real record (examples/reports) runs in real-reports.test.ts.
describe.each([['shared examples', SHARED_EXAMPLES]])('%s', (_label, dir) => {
  it.each(cases(dir))('%s under both models', async (_name, file, expected) => {
    const res = await runCli(['triage', file, '--model', 'all', '--format', 'json', '--received', '2024-03-01']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout);
    for (const model of MODELS) {
      const r = out.results.find((x: { model: string }) => x.model === model);
      expect(r, `result for ${model}`).toBeDefined();
      // Every result, expected or not: a rationale and a trace of clauses that exist in that model.
      const ids = new Set(loadModel(model).clauses.map((c) => c.id));
      expect(r.trace.length).toBeGreaterThan(0);
      for (const id of r.trace) expect(ids.has(id), `${id} exists in ${model}`).toBe(true);
      expect(r.rationale.length).toBeGreaterThan(80);
      expect(r.severity === 'none').toBe(r.verdict !== 'vulnerability');
      const want = expected[model];
      if (!want) continue;
      expect(r.verdict, `${model} verdict`).toBe(want.verdict);
      if (want.reason) expect(r.reason, `${model} reason`).toBe(want.reason);
      if (want.severity) expect(r.severity, `${model} severity`).toBe(want.severity);
      if (want.cvssScore !== undefined) expect(r.cvss.score, `${model} CVSS`).toBe(want.cvssScore);
    }
  });
});

describe('output shape', () => {
  it('json has the documented keys, sorted, for each result', async () => {
    const res = await runCli(['triage', resolve(SHARED_EXAMPLES, 'autoscaler-oom.yaml'), '--format', 'json', '--received', '2023-11-14']);
    const out = JSON.parse(res.stdout);
    expect(Object.keys(out)).toEqual(['apiVersion', 'kind', 'metadata', 'report', 'results']);
    const r = out.results[0];
    for (const k of ['model', 'verdict', 'reason', 'severity', 'priority', 'cvss', 'embargo', 'timeline', 'trace', 'rationale']) {
      expect(r).toHaveProperty(k);
    }
    expect(Object.keys(r)).toEqual([...Object.keys(r)].sort());
    expect(r.cvss).toEqual({
      derived: true,
      score: 6.5,
      severity: 'moderate',
      vector: 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H',
      version: '3.1',
    });
    // 2023-11-14 is a Tuesday: 3 working days → Friday 17th; 90 days → 2024-02-12.
    expect(r.timeline).toEqual({ received: '2023-11-14', acknowledgeBy: '2023-11-17', discloseBy: '2024-02-12' });
    expect(r.priority).toBe('lower');
    expect(r.trace).toEqual(['purpose.triage', 'priority.availability-lower']);
  });

  it('a report\'s own vector overrides the derived one', async () => {
    const text = readFileSync(resolve(SHARED_EXAMPLES, 'autoscaler-oom.yaml'), 'utf8').replace(
      'equallyAffectsKubernetes: false',
      'equallyAffectsKubernetes: false\n  cvss: CVSS:3.1/AV:N/AC:H/PR:L/UI:N/S:U/C:N/I:N/A:H',
    );
    const res = await runCli(['triage', '-', '--format', 'json'], { stdin: text });
    const r = JSON.parse(res.stdout).results[0];
    expect(r.cvss).toMatchObject({ derived: false, score: 5.3, severity: 'moderate' });
    expect(r.cvss4.derived).toBe(true);
  });

  it.each(['text', 'md', 'reply'])('--format %s names the verdict, the clauses and the rationale', async (format) => {
    const res = await runCli(['triage', resolve(SHARED_EXAMPLES, 'cross-namespace-read.yaml'), '--format', format]);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('multi-tenant-only');
    expect(res.stdout).toContain('tenancy.multi-tenant-not-vulnerability');
    expect(res.stdout).toContain('we do not currently view exploits in these situations as vulnerabilities');
  });

  it('a user model that supports namespace tenancy turns multi-tenant-only into a vulnerability', async () => {
    const res = await runCli([
      'triage',
      resolve(SHARED_EXAMPLES, 'cross-namespace-read.yaml'),
      '--model',
      resolve(REPO_ROOT, 'models/examples/untrusted-tenants.yaml'),
      '--format',
      'json',
    ]);
    const r = JSON.parse(res.stdout).results[0];
    expect(r.verdict).toBe('vulnerability');
    expect(r.severity).toBe('high');
  });
});
