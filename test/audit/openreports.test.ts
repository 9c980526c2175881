/**
 * `--format openreports` (openreports.io/v1alpha1 Report/ClusterReport) and `--format policyreport`
 * (wgpolicyk8s.io/v1alpha2), each validated against its CRD's openAPIV3Schema from ../shared/fixtures/schemas, with the
 * crosswalk in the result properties.
 */
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { reportSchemaErrors, reportValidators } from '../helpers/official-schemas.js';
import { openReportsObjects, renderOpenReports } from '../../src/render/openreports.js';
import { policyReportObjects } from '../../src/render/policyreport.js';
import { audit, inventory, plainTenant } from './helpers.js';

const validators = reportValidators;

function expectValid(doc: any): void {
  expect(reportSchemaErrors(doc)).toEqual([]);
}

const r = audit(
  inventory(
    ['t-a', 't-b'].map((t) => plainTenant(t)).join('') +
      `---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: anon}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects: [{kind: User, name: system:anonymous, apiGroup: rbac.authorization.k8s.io}]
`,
    { stock: true },
  ),
);

describe('OpenReports', () => {
  const docs = openReportsObjects(r, new Date(0)) as any[];
  it('writes a Report per namespace and a ClusterReport, each valid against the openreports.io CRD', () => {
    expect(docs.map((d) => `${d.kind}/${d.metadata.namespace ?? ''}`)).toEqual(expect.arrayContaining(['Report/t-a', 'Report/t-b', 'ClusterReport/']));
    for (const d of docs) {
      expect(d.apiVersion).toBe('openreports.io/v1alpha1');
      expect(d.source).toBe('ktm');
      expectValid(d);
      expect(d.summary.pass + d.summary.fail + d.summary.skip).toBe(d.results.length);
    }
    const ns = docs.find((d) => d.kind === 'Report' && d.metadata.namespace === 't-a');
    expect(ns.scope).toEqual({ apiVersion: 'v1', kind: 'Namespace', name: 't-a' });
  });
  it('carries the crosswalk in result properties: same-as and related-to', () => {
    const cluster = docs.find((d) => d.kind === 'ClusterReport');
    const anon = cluster.results.find((x: any) => x.policy === 'KTM-RBAC-006' && x.result === 'fail');
    expect(anon.properties['same-as']).toBe('kubescape:C-0262, trivy:KSV-0122');
    expect(anon.properties['related-to']).toContain('cis:1.2.1');
    // A Knative-specific check names no equivalents at all (no empty keys).
    const tag = cluster.results.find((x: any) => x.policy === 'KTM-CFG-007');
    expect(tag.properties['same-as']).toBeUndefined();
    expect(tag.properties['related-to']).toBeUndefined();
  });
  it('the CRD schema rejects a result without policy or with an unknown result (validation can fail)', () => {
    const bad = structuredClone(docs[0]);
    delete bad.results[0].policy;
    expect(validators.Report.validate(bad)).toBe(false);
    const bad2 = structuredClone(docs[0]);
    bad2.results[0].result = 'failed';
    expect(validators.Report.validate(bad2)).toBe(false);
    const bad3 = structuredClone(docs[0]);
    bad3.results[0].properties.n = 1;
    expect(validators.Report.validate(bad3)).toBe(false);
  });
  it('renders multi-document YAML that parses back to the same objects', () => {
    const parsed = parseAllDocuments(renderOpenReports(r, new Date(0))).map((d) => d.toJS());
    expect(parsed).toEqual(JSON.parse(JSON.stringify(docs)));
  });
});

describe('PolicyReport (wgpolicyk8s.io/v1alpha2) keeps validating with the crosswalk properties', () => {
  it('every document is valid against its CRD', () => {
    const docs = policyReportObjects(r, new Date(0)) as any[];
    for (const d of docs) expectValid(d);
    const cluster = docs.find((d) => d.kind === 'ClusterPolicyReport');
    expect(cluster.results.find((x: any) => x.policy === 'KTM-RBAC-006').properties['same-as']).toBe('kubescape:C-0262, trivy:KSV-0122');
    expect(cluster.source).toBeUndefined();
  });
});

describe('ktm audit --format openreports', () => {
  it('writes valid reports from the example cluster', async () => {
    const res = await runCli(['audit', 'examples/cluster', '--tenancy', 'namespace', '--format', 'openreports', '--fail-on', 'critical']);
    expect(res.stderr).toBe('');
    const docs = parseAllDocuments(res.stdout).map((d) => d.toJS());
    expect(docs.length).toBeGreaterThan(1);
    for (const d of docs) expectValid(d);
  });
});
