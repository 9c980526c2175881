/**
 * Designs of real Knative features (examples/designs/), each with its expected review written first in the
 * design's comments: the findings, their severity and the fix asserted here, the whole comment as a golden file
 * (UPDATE_GOLDEN=1 rewrites them).
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { listBuiltinModels, loadModel } from '../../src/model/loader.js';
import { renderReviewMarkdown } from '../../src/render/review-md.js';
import { clauseLookup } from '../../src/review/citations.js';
import { loadDesign } from '../../src/review/design.js';
import { reviewAgainst } from '../../src/review/review.js';
import type { ModelReview } from '../../src/review/result.js';
import { REPO_ROOT } from '../helpers/cli.js';

const models = listBuiltinModels().map((m) => loadModel(m.id));
const run = (name: string) => reviewAgainst(models, loadDesign(resolve(REPO_ROOT, 'examples/designs', `${name}.yaml`)));
const v2025 = (name: string): ModelReview => run(name).reviews.find((r) => r.model.id === 'knative-2025')!;
const golden = (name: string) => resolve(REPO_ROOT, 'test/review/golden', name);

function checkGolden(name: string): string {
  const text = renderReviewMarkdown(run(name), clauseLookup(models)).replaceAll(REPO_ROOT, '<repo>');
  const file = golden(`${name}.all.md`);
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, text);
  expect(text).toBe(readFileSync(file, 'utf8'));
  return text;
}

describe('EventTransform: low, the reach to brokers already exists, a relay past the EventPolicy', () => {
  const r = v2025('event-transform');
  it('does not report other tenants\' broker ingress: the model\'s workload-to-broker flow reaches it today', () => {
    const reached = r.actors.flatMap((a) => a.newlyReaches.map((i) => i.component));
    expect(reached).not.toContain('broker-ingress');
    expect(r.findings.map((f) => f.id)).not.toContain('cross-tenant-reach:broker-ingress');
  });
  it('L4 reach to the per-namespace transform pod is low, closed by a NetworkPolicy, and blocks no tenancy', () => {
    const f = r.findings.find((x) => x.id === 'cross-tenant-reach:event-transform')!;
    expect(f).toMatchObject({ severity: 'low', status: 'open' });
    expect(f.mitigations[0].id).toBe('network-policy');
    expect(f.clauses.map((c) => c.rule)).toContain('runtime-network-trusted');
    expect(r.tenancy.every((t) => t.impact === 'none')).toBe(true);
  });
  it('the transform relays callers under its own identity past the sink\'s EventPolicy: a relay finding', () => {
    const f = r.findings.find((x) => x.id === 'relay-identity:transform-to-sink')!;
    expect(f.kind).toBe('relay-identity');
    expect(f.severity).toBe('low');
    expect(f.mitigations[0]).toMatchObject({ id: 'authenticate-flow' });
    expect(f.mitigations[0].detail).toMatch(/EventPolicy on the relay/);
  });
  it('pods created by the eventing controller in the tenant\'s namespace are confined: no escalation', () => {
    expect(r.findings.filter((f) => f.kind === 'system-escalation')).toEqual([]);
    expect(r.verdict).toBe('low');
  });
  it('golden comment', () => {
    const text = checkGolden('event-transform');
    expect(text.split('\n')[0]).toMatch(/^ℹ️ \*\*low\*\*/);
  });
});

describe('hostPath volumes: escalation into system namespaces under every tenancy model', () => {
  const r = v2025('podspec-volumes-hostpath');
  it('is a system-escalation finding citing the attack goal, high once enabled', () => {
    const f = r.findings.find((x) => x.id === 'system-escalation:node')!;
    expect(f).toMatchObject({ baseSeverity: 'high', status: 'mitigated-by-default' });
    expect(f.goals.map((g) => g.id)).toEqual(['system-code-exec']);
    expect(f.tenancy).toEqual(['cluster', 'namespace', 'control-plane']);
    expect(f.mitigations.find((m) => !m.declared)!.id).toBe('restrict-host-access');
  });
  it('cluster tenancy is at risk too once the flag is on', () => {
    expect(r.tenancy.find((t) => t.tenancy === 'cluster')!.impact).toBe('kept-by-default');
  });
  it('gives file advice for a file mount: no TLS, authentication or rate limits', () => {
    const t = r.threats.find((x) => x.flow === 'user-container-mounts-node')!;
    expect(t.threats.map((x) => x.category)).toEqual(['information-disclosure', 'tampering', 'elevation-of-privilege']);
    expect(t.threats.map((x) => x.mitigation).join(' ')).not.toMatch(/TLS|OIDC|mTLS|rate limit/i);
  });
  it('golden comment', () => {
    const text = checkGolden('podspec-volumes-hostpath');
    expect(text.split(/\s+/).length).toBeLessThan(600);
  });
});

describe('features without security impact', () => {
  for (const name of ['multi-container-probing', 'queueproxy-mount-podinfo', 'podspec-persistent-volume-claim']) {
    it(`${name}: one line, no findings under either model`, () => {
      const result = run(name);
      expect(result.reviews.every((x) => x.findings.length === 0 && x.threats.length === 0)).toBe(true);
      const text = checkGolden(name);
      expect(text.trimEnd().split('\n')).toHaveLength(1);
      expect(text).toMatch(/^✅ \*\*No security impact\*\*/);
    });
  }
});
