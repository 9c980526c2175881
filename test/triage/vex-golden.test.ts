/**
 * Golden files for the VEX and CVE renderers, produced through the CLI on Knative's CVE-2023-48713 (GHSA-qmvj-4qr9-v547,
 * "patched in v1.10.5, v1.11.3 and v1.12.0"; Go module knative.dev/serving v0.39.0 is release 1.12, as the advisory's OSV
 * record says). Regenerate with UPDATE_GOLDEN=1 after an
 * intended change (e.g. a reworded rationale), and review the diff.
 */
import { resolve } from 'node:path';
import { describe, test } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { expectCliGolden } from '../helpers/golden.js';

const GOLDEN = resolve(REPO_ROOT, 'test/triage/golden');
const REPORT = 'examples/reports/cve-2023-48713-autoscaler-metrics-oom.yaml';
const golden = (name: string, args: string[]) => expectCliGolden(GOLDEN, name, args);

describe('golden VEX and CVE output', () => {
  for (const format of ['openvex', 'csaf-vex', 'cve5']) {
    test(`triage ${REPORT} --format ${format} --fixed-in v0.39.0`, () =>
      golden(`cve-2023-48713.${format}.json`, ['triage', REPORT, '--format', format, '--fixed-in', 'v0.39.0', '--received', '2023-11-27']));
  }
});
