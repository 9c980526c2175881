/**
 * Which policy report APIs a cluster has, for `ktm audit --format reports`: the CronJob in deploy/ writes whichever
 * the cluster installed (both when both are), since `kubectl apply` of a kind the cluster does not serve fails the
 * whole publication. Two APIs carry the same results (src/render/policyreport.ts):
 *   - wgpolicyk8s.io/v1alpha2 PolicyReport + ClusterPolicyReport (Kyverno, Trivy Operator, Kubescape);
 *   - openreports.io/v1alpha1 Report + ClusterReport (newer Kyverno, Kubewarden; policy-reporter reads both).
 * An API counts as installed when the cluster serves both its kinds, namespaced and cluster-scoped, in that version.
 *
 * Evidence comes from API discovery of the live cluster (`GET /apis/<group>/<version>`, which Kubernetes grants to
 * every authenticated account through the `system:discovery` ClusterRole, so the reader needs no extra RBAC) and from
 * the CustomResourceDefinitions in the input files.
 */
import { InputError, UsageError } from '../util/errors.js';
import { crdServesVersion } from './crds.js';
import type { ApiGetter } from './live.js';
import type { Inventory } from './types.js';

interface ReportKind {
  kind: string;
  plural: string;
}

export interface ReportApiDefinition {
  group: string;
  version: string;
  namespaced: ReportKind;
  cluster: ReportKind;
}

export const REPORT_APIS = {
  wgpolicyk8s: {
    group: 'wgpolicyk8s.io',
    version: 'v1alpha2',
    namespaced: { kind: 'PolicyReport', plural: 'policyreports' },
    cluster: { kind: 'ClusterPolicyReport', plural: 'clusterpolicyreports' },
  },
  openreports: {
    group: 'openreports.io',
    version: 'v1alpha1',
    namespaced: { kind: 'Report', plural: 'reports' },
    cluster: { kind: 'ClusterReport', plural: 'clusterreports' },
  },
} as const satisfies Record<string, ReportApiDefinition>;

export type ReportApiId = keyof typeof REPORT_APIS;
export const REPORT_API_IDS = Object.keys(REPORT_APIS) as ReportApiId[];

/** `--report-api`: detect (auto), one API, or both. */
export const REPORT_API_MODES = ['auto', 'wgpolicyk8s', 'openreports', 'both'] as const;
export type ReportApiMode = (typeof REPORT_API_MODES)[number];

/** What one source of evidence says about one API. */
export interface ReportApiEvidence {
  api: ReportApiId;
  installed: boolean;
  /** Where it was seen (or looked for), for the message when nothing is found. */
  evidence: string;
}

export function apiVersionOf(id: ReportApiId): string {
  return `${REPORT_APIS[id].group}/${REPORT_APIS[id].version}`;
}

/** From the CustomResourceDefinitions in the input: installed when both kinds' CRDs serve the version. */
export function reportApisInInventory(inv: Inventory): ReportApiEvidence[] {
  return REPORT_API_IDS.map((id) => {
    const def: ReportApiDefinition = REPORT_APIS[id];
    const crds = [def.namespaced, def.cluster].map((k) => `${k.plural}.${def.group}`);
    const served = crds.map((name) => crdServesVersion(inv, name, def.version));
    const installed = served.every((s) => s === true);
    const evidence = installed
      ? `CustomResourceDefinitions ${crds.join(', ')} in the input`
      : `the input's CustomResourceDefinitions (${crds.map((name, i) => `${name}: ${served[i] === undefined ? 'absent' : `${def.version} not served`}`).join('; ')})`;
    return { api: id, installed, evidence };
  });
}

/** From API discovery of the live cluster: installed when the group version lists both kinds' resources. */
export async function discoverReportApis(client: ApiGetter): Promise<ReportApiEvidence[]> {
  const out: ReportApiEvidence[] = [];
  for (const id of REPORT_API_IDS) {
    const def: ReportApiDefinition = REPORT_APIS[id];
    const path = `/apis/${def.group}/${def.version}`;
    const where = `${client.server}${path}`;
    const res = await client.get(path);
    if (res.status === 404) {
      out.push({ api: id, installed: false, evidence: `API discovery (${path}: not served)` });
      continue;
    }
    if (res.status !== 200) {
      throw new InputError(
        where,
        `API discovery answered ${res.status}, so ktm cannot tell whether ${apiVersionOf(id)} is installed; give --report-api wgpolicyk8s|openreports|both`,
      );
    }
    let resources: unknown;
    try {
      resources = JSON.parse(res.body)?.resources;
    } catch {
      throw new InputError(where, 'API discovery answered with something that is not JSON');
    }
    if (!Array.isArray(resources)) throw new InputError(where, 'API discovery answered without a list of resources');
    const names = new Set(resources.map((r: any) => (typeof r?.name === 'string' ? r.name : '')));
    const missing = [def.namespaced, def.cluster].filter((k) => !names.has(k.plural)).map((k) => k.plural);
    out.push({
      api: id,
      installed: missing.length === 0,
      evidence: missing.length === 0 ? `API discovery (${path})` : `API discovery (${path} serves no ${missing.join(', ')})`,
    });
  }
  return out;
}

/**
 * The APIs to write, in REPORT_API_IDS order: the ones named, or for `auto` those any evidence shows installed.
 * `auto` with none installed is an error: a report file of kinds the cluster does not serve cannot be applied.
 */
export function chooseReportApis(mode: ReportApiMode, evidence: readonly ReportApiEvidence[]): ReportApiId[] {
  if (mode === 'both') return [...REPORT_API_IDS];
  if (mode !== 'auto') return [mode];
  const installed = REPORT_API_IDS.filter((id) => evidence.some((e) => e.api === id && e.installed));
  if (installed.length > 0) return installed;
  const looked = evidence.map((e) => `${apiVersionOf(e.api)}: ${e.evidence}`).join('; ');
  throw new UsageError(
    `--report-api auto: neither ${REPORT_API_IDS.map(apiVersionOf).join(' nor ')} is installed (${looked || 'no cluster read and no CRDs in the input'}); ` +
      'install one (Kyverno or Policy Reporter bring them), or choose --report-api wgpolicyk8s|openreports|both',
  );
}
