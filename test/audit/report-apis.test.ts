/**
 * `ktm audit --format reports --report-api auto|wgpolicyk8s|openreports|both`: the CronJob writes whichever policy
 * report API the cluster has. Detection is tested through an injected API client (discovery answers) and through a
 * local fake API server behind a kubeconfig (the CLI's whole path: read, detect, write the file kubectl applies);
 * every written document is checked against its CRD's schema.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { parseAllDocuments } from 'yaml';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chooseReportApis, discoverReportApis, reportApisInInventory, type ReportApiEvidence } from '../../src/k8s/report-apis.js';
import type { ApiGetter, ApiResponse } from '../../src/k8s/live.js';
import { InputError, UsageError } from '../../src/util/errors.js';
import { reportsObjects } from '../../src/render/reports.js';
import { isReportName } from '../../src/render/policyreport.js';
import { runCli } from '../helpers/cli.js';
import { reportSchemaErrors } from '../helpers/official-schemas.js';
import { SHARED } from '../helpers/paths.js';
import { audit, inventory, plainTenant } from './helpers.js';

const SCHEMAS = join(SHARED, 'fixtures/schemas');
const CRD_FILES = {
  wgpolicyk8s: ['wgpolicyk8s/wgpolicyk8s.io_policyreports.yaml', 'wgpolicyk8s/wgpolicyk8s.io_clusterpolicyreports.yaml'],
  openreports: ['openreports/openreports.io_reports.yaml', 'openreports/openreports.io_clusterreports.yaml'],
};
const crdText = (api: keyof typeof CRD_FILES) => CRD_FILES[api].map((f) => readFileSync(join(SCHEMAS, f), 'utf8')).join('\n---\n');

/** An APIResourceList as the API server answers discovery, with the status subresources CRDs add. */
function discovery(groupVersion: string, plurals: string[]): string {
  const resources = plurals.flatMap((p) => [
    { name: p, singularName: '', namespaced: !p.startsWith('cluster'), kind: p, verbs: ['get', 'list', 'create', 'patch'] },
    { name: `${p}/status`, singularName: '', namespaced: !p.startsWith('cluster'), kind: p, verbs: ['get', 'patch'] },
  ]);
  return JSON.stringify({ kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources });
}
const WG = discovery('wgpolicyk8s.io/v1alpha2', ['policyreports', 'clusterpolicyreports']);
const OR = discovery('openreports.io/v1alpha1', ['reports', 'clusterreports']);

/** A fake client: discovery answers by path, 404 for the rest. */
function client(answers: Record<string, ApiResponse>): ApiGetter & { paths: string[] } {
  const paths: string[] = [];
  return {
    server: 'https://fake:6443',
    paths,
    get: async (path: string) => {
      paths.push(path);
      return answers[path] ?? { status: 404, body: '{"kind":"Status","code":404}' };
    },
  };
}
const installed = (e: ReportApiEvidence[]) => e.filter((x) => x.installed).map((x) => x.api);

describe('report API detection: API discovery through an injected client', () => {
  it('asks discovery for each API group version and sees which serve both kinds', async () => {
    const c = client({ '/apis/openreports.io/v1alpha1': { status: 200, body: OR } });
    const e = await discoverReportApis(c);
    expect(c.paths).toEqual(['/apis/wgpolicyk8s.io/v1alpha2', '/apis/openreports.io/v1alpha1']);
    expect(installed(e)).toEqual(['openreports']);
    expect(e.find((x) => x.api === 'wgpolicyk8s')?.evidence).toMatch(/not served/);
  });
  it('both installed → both; none → neither', async () => {
    const both = await discoverReportApis(client({ '/apis/openreports.io/v1alpha1': { status: 200, body: OR }, '/apis/wgpolicyk8s.io/v1alpha2': { status: 200, body: WG } }));
    expect(installed(both)).toEqual(['wgpolicyk8s', 'openreports']);
    expect(installed(await discoverReportApis(client({})))).toEqual([]);
  });
  it('a group that serves only the namespaced kind is not installed (the ClusterReport could not be applied)', async () => {
    const partial = discovery('openreports.io/v1alpha1', ['reports']);
    const e = await discoverReportApis(client({ '/apis/openreports.io/v1alpha1': { status: 200, body: partial } }));
    expect(installed(e)).toEqual([]);
    expect(e.find((x) => x.api === 'openreports')?.evidence).toMatch(/serves no clusterreports/);
  });
  it('a refused or garbled discovery answer is an error naming the path, not a guess', async () => {
    const forbidden = client({ '/apis/wgpolicyk8s.io/v1alpha2': { status: 403, body: '{}' } });
    await expect(discoverReportApis(forbidden)).rejects.toThrow(InputError);
    await expect(discoverReportApis(forbidden)).rejects.toThrow(/answered 403.*--report-api/);
    const garbled = client({ '/apis/wgpolicyk8s.io/v1alpha2': { status: 200, body: '<html>' } });
    await expect(discoverReportApis(garbled)).rejects.toThrow(/not JSON/);
  });
});

describe('report API detection: CRDs in the input', () => {
  it('the upstream CRDs make their API installed; an unserved version does not', () => {
    expect(installed(reportApisInInventory(inventory(crdText('openreports'))))).toEqual(['openreports']);
    expect(installed(reportApisInInventory(inventory(`${crdText('openreports')}\n---\n${crdText('wgpolicyk8s')}`)))).toEqual(['wgpolicyk8s', 'openreports']);
    const unserved = crdText('wgpolicyk8s').replace(/served: true/g, 'served: false');
    const e = reportApisInInventory(inventory(unserved));
    expect(installed(e)).toEqual([]);
    expect(e.find((x) => x.api === 'wgpolicyk8s')?.evidence).toMatch(/v1alpha2 not served/);
  });
});

describe('choosing the APIs', () => {
  const seen = (api: 'wgpolicyk8s' | 'openreports'): ReportApiEvidence => ({ api, installed: true, evidence: 'x' });
  it('auto writes what is installed; explicit modes ignore the evidence', () => {
    expect(chooseReportApis('auto', [seen('openreports')])).toEqual(['openreports']);
    expect(chooseReportApis('auto', [seen('openreports'), seen('wgpolicyk8s')])).toEqual(['wgpolicyk8s', 'openreports']);
    expect(chooseReportApis('wgpolicyk8s', [seen('openreports')])).toEqual(['wgpolicyk8s']);
    expect(chooseReportApis('both', [])).toEqual(['wgpolicyk8s', 'openreports']);
  });
  it('auto with nothing installed stops with what was looked at', () => {
    const none: ReportApiEvidence[] = [{ api: 'openreports', installed: false, evidence: 'API discovery (/apis/openreports.io/v1alpha1: not served)' }];
    expect(() => chooseReportApis('auto', none)).toThrow(UsageError);
    expect(() => chooseReportApis('auto', none)).toThrow(/openreports.io\/v1alpha1: API discovery/);
  });
});

describe('the documents for several APIs', () => {
  const r = audit(inventory(['t-a', 't-b'].map((t) => plainTenant(t)).join(''), { stock: true }));
  it('one set per API, same results, every document valid against its CRD, under the chosen name', () => {
    const docs = reportsObjects(r, ['wgpolicyk8s', 'openreports'], new Date(0), 'ktm-audit-ns') as any[];
    const wg = docs.filter((d) => d.apiVersion === 'wgpolicyk8s.io/v1alpha2');
    const or = docs.filter((d) => d.apiVersion === 'openreports.io/v1alpha1');
    expect(wg.length + or.length).toBe(docs.length);
    expect(wg.map((d) => `${d.metadata.namespace ?? ''}`)).toEqual(or.map((d) => `${d.metadata.namespace ?? ''}`));
    expect(wg.map((d) => d.results)).toEqual(or.map((d) => d.results));
    for (const d of docs) {
      expect(reportSchemaErrors(d)).toEqual([]);
      expect(d.metadata.name).toBe('ktm-audit-ns');
    }
  });
  it('report names stay in ktm\'s prefix and are DNS labels', () => {
    expect(isReportName('ktm-audit')).toBe(true);
    expect(isReportName('ktm-audit-knative-2025')).toBe(true);
    for (const bad of ['audit', 'kyverno-ktm', 'ktm-', 'ktm-Audit', 'ktm-a.b', `ktm-${'a'.repeat(60)}`]) expect(isReportName(bad), bad).toBe(false);
  });
});

describe('ktm audit --format reports against a fake API server', () => {
  let server: Server;
  let dir: string;
  let kubeconfig: string;
  const serving = new Map<string, string>();
  const requests: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ktm-report-api-'));
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      requests.push(`${req.method} ${path}`);
      const send = (status: number, body: string) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(body);
      };
      if (req.method !== 'GET') return send(405, '{}');
      const found = serving.get(path);
      if (found) return send(200, found);
      if (path.startsWith('/apis/wgpolicyk8s.io/') || path.startsWith('/apis/openreports.io/')) return send(404, '{"kind":"Status","code":404}');
      // Every list the reader makes: an empty cluster but for one tenant namespace.
      if (path === '/api/v1/namespaces') {
        return send(200, JSON.stringify({ kind: 'NamespaceList', apiVersion: 'v1', metadata: {}, items: [{ metadata: { name: 't-a', labels: { 'kubernetes.io/metadata.name': 't-a' } } }] }));
      }
      send(200, '{"kind":"List","apiVersion":"v1","metadata":{},"items":[]}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      `apiVersion: v1
kind: Config
clusters: [{name: local, cluster: {server: "http://127.0.0.1:${port}", insecure-skip-tls-verify: true}}]
users: [{name: reader, user: {token: t}}]
contexts: [{name: local, context: {cluster: local, user: reader}}]
current-context: local
`,
    );
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    serving.clear();
    requests.length = 0;
    delete process.env.KTM_REPORT_API;
  });

  async function run(extra: string[]) {
    const out = join(dir, `reports-${Math.random().toString(36).slice(2)}.yaml`);
    const res = await runCli(['audit', '--kubeconfig', kubeconfig, '--format', 'reports', '--fail-on', 'critical', '--output', out, ...extra]);
    const docs = res.code === 2 ? [] : parseAllDocuments(readFileSync(out, 'utf8')).map((d) => d.toJS());
    return { ...res, docs };
  }
  const apiVersions = (docs: any[]) => [...new Set(docs.map((d) => d.apiVersion))];

  it('only openreports.io installed → Report and ClusterReport only, and the log says why', async () => {
    serving.set('/apis/openreports.io/v1alpha1', OR);
    const res = await run([]);
    expect(res.code).toBe(0);
    expect(apiVersions(res.docs)).toEqual(['openreports.io/v1alpha1']);
    expect(res.docs.map((d) => d.kind).sort()).toEqual(['ClusterReport', 'Report']);
    for (const d of res.docs) expect(reportSchemaErrors(d)).toEqual([]);
    expect(res.stderr).toMatch(/writing reports in openreports\.io\/v1alpha1 \(installed: API discovery/);
    expect(requests).toContain('GET /apis/openreports.io/v1alpha1');
    expect(requests.every((r) => r.startsWith('GET '))).toBe(true);
  });
  it('only wgpolicyk8s.io installed → PolicyReports only', async () => {
    serving.set('/apis/wgpolicyk8s.io/v1alpha2', WG);
    const res = await run([]);
    expect(apiVersions(res.docs)).toEqual(['wgpolicyk8s.io/v1alpha2']);
    for (const d of res.docs) expect(reportSchemaErrors(d)).toEqual([]);
  });
  it('both installed → both, in one file for one kubectl apply', async () => {
    serving.set('/apis/wgpolicyk8s.io/v1alpha2', WG);
    serving.set('/apis/openreports.io/v1alpha1', OR);
    const res = await run(['--report-name', 'ktm-audit-all']);
    expect(apiVersions(res.docs)).toEqual(['wgpolicyk8s.io/v1alpha2', 'openreports.io/v1alpha1']);
    expect(res.docs.map((d) => `${d.kind}/${d.metadata.name}`).sort()).toEqual([
      'ClusterPolicyReport/ktm-audit-all',
      'ClusterReport/ktm-audit-all',
      'PolicyReport/ktm-audit-all',
      'Report/ktm-audit-all',
    ]);
    for (const d of res.docs) expect(reportSchemaErrors(d)).toEqual([]);
  });
  it('none installed → exit 2 with the reason, and no file', async () => {
    const res = await run([]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^ktm audit: --report-api auto: neither wgpolicyk8s\.io\/v1alpha2 nor openreports\.io\/v1alpha1 is installed/);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
  });
  it('an explicit choice (flag, or $KTM_REPORT_API) skips discovery', async () => {
    const flag = await run(['--report-api', 'openreports']);
    expect(apiVersions(flag.docs)).toEqual(['openreports.io/v1alpha1']);
    expect(requests.some((r) => r.includes('openreports.io') || r.includes('wgpolicyk8s.io'))).toBe(false);
    process.env.KTM_REPORT_API = 'both';
    const env = await run([]);
    expect(apiVersions(env.docs)).toEqual(['wgpolicyk8s.io/v1alpha2', 'openreports.io/v1alpha1']);
    process.env.KTM_REPORT_API = 'all';
    const bad = await run([]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/\$KTM_REPORT_API: "all" is not one of auto, wgpolicyk8s, openreports, both/);
  });
});

describe('ktm audit --format reports from files', () => {
  it('auto reads the CRDs in the input', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ktm-report-crds-'));
    try {
      writeFileSync(join(dir, 'crds.yaml'), crdText('wgpolicyk8s'));
      const res = await runCli(['audit', 'examples/cluster', join(dir, 'crds.yaml'), '--format', 'reports', '--fail-on', 'critical']);
      expect(res.code).toBe(0);
      const docs = parseAllDocuments(res.stdout).map((d) => d.toJS());
      expect([...new Set(docs.map((d) => d.apiVersion))]).toEqual(['wgpolicyk8s.io/v1alpha2']);
      expect(res.stderr).toMatch(/installed: CustomResourceDefinitions policyreports\.wgpolicyk8s\.io, clusterpolicyreports\.wgpolicyk8s\.io in the input/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('--fail-on never exits 0 with critical findings (the CronJob publishes them); critical exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ktm-fail-on-'));
    // KTM-RBAC-006 (critical): a role bound to system:anonymous.
    writeFileSync(
      join(dir, 'anon.yaml'),
      `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: anon}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects: [{kind: User, name: system:anonymous, apiGroup: rbac.authorization.k8s.io}]
`,
    );
    const args = ['audit', 'examples/cluster', join(dir, 'anon.yaml'), '--format', 'reports', '--report-api', 'openreports'];
    const critical = await runCli([...args, '--fail-on', 'critical']);
    expect(critical.code).toBe(1);
    expect(critical.stdout).toMatch(/severity: critical/);
    const never = await runCli([...args, '--fail-on', 'never']);
    expect(never.code).toBe(0);
    // The same reports (the timestamps aside: each run stamps its own second).
    const untimed = (text: string) => text.replace(/^( *)seconds: \d+$/gm, '$1seconds: 0');
    expect(untimed(never.stdout)).toBe(untimed(critical.stdout));
    rmSync(dir, { recursive: true, force: true });
  });
  it('misused options are usage errors', async () => {
    const api = await runCli(['audit', 'examples/cluster', '--report-api', 'both']);
    expect(api.code).toBe(2);
    expect(api.stderr).toMatch(/--report-api chooses the APIs of --format reports/);
    const name = await runCli(['audit', 'examples/cluster', '--format', 'openreports', '--report-name', 'kyverno-x']);
    expect(name.code).toBe(2);
    expect(name.stderr).toMatch(/--report-name: "kyverno-x" is not ktm- followed by a DNS label/);
    const none = await runCli(['audit', 'examples/cluster', '--format', 'reports']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no cluster read|absent/);
  });
});
