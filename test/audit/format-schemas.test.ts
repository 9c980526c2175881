/**
 * Every machine-readable audit format, on every hand-written cluster the tests hold (test/audit/clusters,
 * test/netpol/clusters, examples/cluster), validates against its official schema from ../shared/fixtures/schemas with
 * no exceptions list: SARIF 2.1.0 (final OASIS schema), wgpolicyk8s.io/v1alpha2 PolicyReport/ClusterPolicyReport and
 * openreports.io/v1alpha1 Report/ClusterReport (their CRDs' openAPIV3Schema). The triage formats (OpenVEX, CSAF VEX,
 * CVE 5) are validated the same way on every example report in test/triage/vex-formats.test.ts.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildInventory } from '../../src/k8s/inventory.js';
import { readSources } from '../../src/k8s/load.js';
import { sarifObject } from '../../src/render/sarif.js';
import { reportsObjects } from '../../src/render/reports.js';
import { REPORT_API_IDS } from '../../src/k8s/report-apis.js';
import { FIXTURES, REPO_ROOT } from '../helpers/paths.js';
import { reportSchemaErrors, sarifValidator } from '../helpers/official-schemas.js';
import { audit } from './helpers.js';

const topLevelYaml = (dir: string) =>
  readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
    .map((f) => join(dir, f));
const clusterDirs = (root: string) =>
  readdirSync(root)
    .map((d) => join(root, d))
    .filter((d) => statSync(d).isDirectory());

/** Each cluster with stock Knative Serving under it, so every check has something to judge. */
const CLUSTERS: [string, string[]][] = [
  ...[...clusterDirs(join(REPO_ROOT, 'test/audit/clusters')), ...clusterDirs(join(REPO_ROOT, 'test/netpol/clusters'))].map(
    (d): [string, string[]] => [d.slice(REPO_ROOT.length + 1), [join(FIXTURES, 'knative/serving-core.yaml'), ...topLevelYaml(d)]],
  ),
  ['examples/cluster', [join(REPO_ROOT, 'examples/cluster')]],
];

describe('audit formats validate against their official schemas on every cluster', () => {
  const validSarif = sarifValidator();
  it('covers the clusters it says it does', () => {
    expect(CLUSTERS.length).toBeGreaterThanOrEqual(10);
  });
  for (const [name, files] of CLUSTERS) {
    it(name, () => {
      const r = audit(buildInventory(readSources(files)));
      const ok = validSarif(sarifObject(r));
      expect(validSarif.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
      const docs = reportsObjects(r, REPORT_API_IDS, new Date(0)) as any[];
      expect(docs.filter((d) => d.kind === 'ClusterReport' || d.kind === 'ClusterPolicyReport')).toHaveLength(2);
      const errors = docs.flatMap((d) => reportSchemaErrors(d).map((e) => `${d.kind}/${d.metadata.namespace ?? ''}: ${e}`));
      expect(errors).toEqual([]);
    });
  }
});
