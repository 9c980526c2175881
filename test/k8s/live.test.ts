import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { loadInventory, readLive } from '../../src/k8s/live.js';
import { InputError, UsageError } from '../../src/util/errors.js';
import { FIXTURES } from './paths.js';
import { rejectedInputError } from '../helpers/errors.js';

const RECORDED = join(dirname(fileURLToPath(import.meta.url)), 'recorded');
const recorded = (name: string) => readFileSync(join(RECORDED, name), 'utf8');

/** Paths answered from recorded files; anything else under a served group is an empty list. */
const FILES: Record<string, string> = {
  '/api/v1/namespaces': 'namespaces.json',
  '/apis/apps/v1/deployments': 'deployments.json',
  '/apis/apps/v1/replicasets': 'replicasets.json',
  '/apis/serving.knative.dev/v1/services': 'ksvc.json',
  '/apis/serving.knative.dev/v1/revisions': 'revisions.json',
  '/api/v1/namespaces/knative-serving/configmaps': 'configmaps-knative-serving.json',
};
/** API groups this recorded cluster does not serve (no ANP CRDs, no Istio). */
const ABSENT_GROUPS = ['/apis/policy.networking.k8s.io/', '/apis/security.istio.io/', '/apis/networking.istio.io/'];
const PAGE2_TOKEN = JSON.parse(recorded('pods-page1.json')).metadata.continue as string;

let server: Server;
let port: number;
let dir: string;
const requests: string[] = [];
const forbidden = new Set<string>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ktm-live-'));
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(`${url.pathname}${url.search}`);
    const send = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(body);
    };
    if (req.method !== 'GET') return send(405, '{}');
    if (req.headers.authorization !== 'Bearer good-token') return send(401, recorded('unauthorized.json'));
    if (forbidden.has(url.pathname)) return send(403, recorded('forbidden-networkpolicies.json'));
    if (ABSENT_GROUPS.some((g) => url.pathname.startsWith(g))) return send(404, recorded('notfound.json'));
    if (url.pathname === '/api/v1/pods') {
      const token = url.searchParams.get('continue');
      if (!token) return send(200, recorded('pods-page1.json'));
      if (token === PAGE2_TOKEN) return send(200, recorded('pods-page2.json'));
      return send(410, '{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Expired","code":410}');
    }
    const file = FILES[url.pathname];
    if (file) return send(200, recorded(file));
    send(200, '{"kind":"List","apiVersion":"v1","metadata":{"resourceVersion":"48213"},"items":[]}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

function kubeconfig(serverUrl = `http://127.0.0.1:${port}`): string {
  const path = join(dir, `kubeconfig-${Math.random().toString(36).slice(2)}`);
  writeFileSync(
    path,
    `apiVersion: v1
kind: Config
clusters:
- name: local
  # client-node only talks plain HTTP when TLS verification is explicitly off
  cluster: {server: "${serverUrl}", insecure-skip-tls-verify: true}
users:
- name: auditor
  user: {token: good-token}
- name: intruder
  user: {token: stolen-token}
contexts:
- name: local
  context: {cluster: local, user: auditor}
- name: bad-user
  context: {cluster: local, user: intruder}
current-context: local
`,
  );
  return path;
}

const inputError = rejectedInputError;

describe('live cluster', () => {
  it('lists the kinds ktm needs, across pages, and builds the inventory', async () => {
    requests.length = 0;
    const inv = await loadInventory({ sources: [], kubeconfig: kubeconfig() });

    // pagination: a limit on every list call, and the continue token of page 1 for page 2
    expect(requests.filter((r) => r.startsWith('/api/v1/pods'))).toEqual([
      '/api/v1/pods?limit=500',
      `/api/v1/pods?limit=500&continue=${encodeURIComponent(PAGE2_TOKEN).replace(/%20/g, '+')}`,
    ]);
    expect(requests.every((r) => r.includes('limit=500'))).toBe(true);
    // never Secrets; ConfigMaps only in the Knative namespaces that exist (this cluster has no knative-eventing)
    expect(requests.some((r) => r.includes('secrets'))).toBe(false);
    expect(requests.filter((r) => r.includes('configmaps'))).toEqual(['/api/v1/namespaces/knative-serving/configmaps?limit=500']);

    const pods = inv.byKind('Pod');
    expect(pods.map((p) => p.name)).toEqual(['activator-7b94cd8f94-l6z4k', 'hello-00001-deployment-5d8f7c9b6-abcde', 'debug']);
    expect(pods[0].source).toEqual({ apiPath: '/api/v1/namespaces/knative-serving/pods/activator-7b94cd8f94-l6z4k' });
    expect(pods[0].obj.kind).toBe('Pod');
    expect(pods[0].obj.apiVersion).toBe('v1');
    expect(inv.find('Namespace', undefined, 'tenant-a')?.source.apiPath).toBe('/api/v1/namespaces/tenant-a');
    expect(inv.namespaces.get('tenant-a')?.labels).toEqual({ 'kubernetes.io/metadata.name': 'tenant-a', tenant: 'a' });
    expect(inv.find('ConfigMap', 'knative-serving', 'config-network')?.obj.data).toEqual({ 'ingress-class': 'kourier.ingress.networking.knative.dev' });

    // Pod → ReplicaSet → Deployment → Revision: one workload per running thing
    // (in input order: Pods are listed before Deployments, Knative objects last)
    expect(inv.workloads.map((w) => `${w.namespace}/${w.name}[${w.kind}]`)).toEqual([
      'tenant-a/debug[Pod]',
      'knative-serving/activator[Deployment]',
      'tenant-a/hello-00001[Revision]',
    ]);
    const rev = inv.workloads[2];
    expect(rev.podLabels['serving.knative.dev/revisionUID']).toBe('d0d0d0d0-0000-4000-8000-000000000001');
    expect(rev.podLabels['serving.knative.dev/routingState']).toBeUndefined();
    expect(rev.members?.map((m) => `${m.kind}/${m.name}`).sort()).toEqual([
      'Deployment/hello-00001-deployment',
      'Pod/hello-00001-deployment-5d8f7c9b6-abcde',
      'ReplicaSet/hello-00001-deployment-5d8f7c9b6',
      'Service/hello',
    ]);

    // absent optional APIs are skipped and recorded; so is the Secrets decision
    const notes = inv.notes ?? [];
    expect(notes).toContain('AdminNetworkPolicy (/apis/policy.networking.k8s.io/v1alpha1) is not served by this cluster: skipped');
    expect(notes).toContain('AuthorizationPolicy (/apis/security.istio.io/v1) is not served by this cluster: skipped');
    expect(notes.some((n) => /Secrets are not read/.test(n))).toBe(true);
    expect([...notes]).toEqual([...notes].sort());
  });

  it('a 403 names the kind and the verb that was refused', async () => {
    forbidden.add('/apis/networking.k8s.io/v1/networkpolicies');
    try {
      const e = await inputError(readLive({ kubeconfig: kubeconfig() }));
      expect(e.file).toBe(`http://127.0.0.1:${port}/apis/networking.k8s.io/v1/networkpolicies?limit=500`);
      expect(e.message).toMatch(/^403 Forbidden: auditor may not list networkpolicies; ktm needs get\/list on it \(read-only\): /);
      expect(e.message).toMatch(/cannot list resource "networkpolicies"/);
    } finally {
      forbidden.clear();
    }
  });

  it('a 401 says the credentials were not accepted', async () => {
    const e = await inputError(readLive({ kubeconfig: kubeconfig(), context: 'bad-user' }));
    expect(e.message).toMatch(/^401 Unauthorized: the API server did not accept the credentials of intruder \(context bad-user\)/);
  });

  it('an unreachable server is a clear error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const e = await inputError(readLive({ kubeconfig: kubeconfig(`http://127.0.0.1:${deadPort}`) }));
    expect(e.file).toBe(`http://127.0.0.1:${deadPort}`);
    expect(e.message).toMatch(/^cannot reach the API server of context local \(ECONNREFUSED/);
  });

  it('bad kubeconfigs and contexts are InputErrors naming the file', async () => {
    const garbage = join(dir, 'garbage');
    writeFileSync(garbage, 'clusters: [unclosed\n');
    let e = await inputError(readLive({ kubeconfig: garbage }));
    expect(e.file).toBe(garbage);
    expect(e.message).toMatch(/^cannot read kubeconfig/);

    e = await inputError(readLive({ kubeconfig: join(dir, 'missing') }));
    expect(e.message).toBe('no such kubeconfig file');

    const path = kubeconfig();
    e = await inputError(readLive({ kubeconfig: path, context: 'prod' }));
    expect(e.file).toBe(path);
    expect(e.message).toBe('no context "prod" (contexts: local, bad-user)');

    const empty = join(dir, 'empty-config');
    writeFileSync(empty, 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n');
    e = await inputError(readLive({ kubeconfig: empty }));
    expect(e.message).toMatch(/no current context/);
  });

  it('combines files with the live cluster, and refuses no input at all', async () => {
    const inv = await loadInventory({ sources: [join(FIXTURES, 'knative', 'kourier.yaml')], kubeconfig: kubeconfig() });
    expect(inv.find('Deployment', 'kourier-system', '3scale-kourier-gateway')?.source.file).toMatch(/kourier\.yaml$/);
    expect(inv.find('Deployment', 'knative-serving', 'activator')?.source.apiPath).toBe('/apis/apps/v1/namespaces/knative-serving/deployments/activator');

    const saved = process.env.KUBECONFIG;
    delete process.env.KUBECONFIG;
    try {
      await expect(loadInventory({ sources: [] })).rejects.toBeInstanceOf(UsageError);
    } finally {
      if (saved !== undefined) process.env.KUBECONFIG = saved;
    }
  });

  it('reads $KUBECONFIG when no sources are given', async () => {
    const saved = process.env.KUBECONFIG;
    process.env.KUBECONFIG = kubeconfig();
    try {
      const inv = await loadInventory({ sources: [] });
      expect(inv.workloads.length).toBe(3);
    } finally {
      if (saved === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = saved;
    }
  });
});
