/**
 * deploy/10-rbac.yaml and src/k8s/live.ts must agree, for both accounts: the reader is granted exactly what the live
 * reader lists (get/list, no watch, no Secrets), derived from LIVE_KINDS and KNATIVE_CONFIG_NAMESPACES; the writer
 * exactly create plus get/update/patch of ktm's own report name in both report APIs; and readLive, run against an
 * API server that enforces the reader's RBAC, never meets a 403 on a cluster installed the standard way. The
 * CronJob gives each container only its own account's token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { REPO_ROOT } from '../helpers/cli.js';
import { readSources } from '../../src/k8s/load.js';
import { CONFIGMAP_KIND, KNATIVE_CONFIG_NAMESPACES, LIVE_KINDS, readLive, type LiveKind } from '../../src/k8s/live.js';
import { InputError } from '../../src/util/errors.js';
import type { Resource } from '../../src/k8s/types.js';
import { rejectedInputError } from '../helpers/errors.js';
import { REPORT_NAME } from '../../src/render/policyreport.js';
import { REPORT_API_MODES } from '../../src/k8s/report-apis.js';
import { REPORT_API_ENV } from '../../src/cli/audit.js';

const RBAC_FILE = join(REPO_ROOT, 'deploy', '10-rbac.yaml');
const READER = { kind: 'ServiceAccount', name: 'ktm-reader', namespace: 'ktm-system' };
const WRITER = { kind: 'ServiceAccount', name: 'ktm-writer', namespace: 'ktm-system' };
/** Read verbs granted for every kind ktm lists (list is what it calls; get is read-only too; watch is never used). */
const READ_VERBS = ['get', 'list'];
/** Both policy report APIs the writer may publish to (the cluster has one or both). */
const REPORT_RESOURCES = ['openreports.io/clusterreports', 'openreports.io/reports', 'wgpolicyk8s.io/clusterpolicyreports', 'wgpolicyk8s.io/policyreports'];
/** Changes to an existing report are limited to ktm's own report name; create cannot be limited by name. */
const REPORT_GRANTS = REPORT_RESOURCES.flatMap((r) => [`${r}:create`, ...['get', 'patch', 'update'].map((v) => `${r}:${v}@${REPORT_NAME}`)]).sort();

const groupOf = (k: LiveKind) => (k.prefix === '/api/v1' ? '' : k.prefix.split('/')[2]);
const grant = (group: string, resource: string, verb: string) => `${group}/${resource}:${verb}`;

interface Rule {
  apiGroups?: string[];
  resources?: string[];
  verbs?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/** The rules of a role as a sorted set of `group/resource:verb`, `@name` appended where a rule is narrowed by name. */
function grants(role: Resource): string[] {
  const out = new Set<string>();
  for (const rule of (role.obj.rules ?? []) as Rule[]) {
    expect(rule.nonResourceURLs, `${role.kind} ${role.name}`).toBeUndefined();
    const names = rule.resourceNames ?? [''];
    for (const g of rule.apiGroups ?? [])
      for (const r of rule.resources ?? [])
        for (const v of rule.verbs ?? []) for (const n of names) out.add(grant(g, r, v) + (n ? `@${n}` : ''));
  }
  return [...out].sort();
}

const rbac = readSources([RBAC_FILE]);
const roles = rbac.filter((r) => r.kind === 'ClusterRole' || r.kind === 'Role');
const bindings = rbac.filter((r) => r.kind === 'ClusterRoleBinding' || r.kind === 'RoleBinding');
/** A role as bound to one of ktm's ServiceAccounts: cluster-wide (ClusterRoleBinding) or in one namespace (RoleBinding). */
function boundRoles(account: typeof READER = READER): { role: Resource; namespace?: string }[] {
  for (const b of bindings) expect([[READER], [WRITER]], `${b.kind} ${b.name}`).toContainEqual(b.obj.subjects);
  return bindings.filter((b) => b.obj.subjects?.[0]?.name === account.name).map((b) => {
    const ref = b.obj.roleRef;
    const role = roles.find((r) => r.kind === ref.kind && r.name === ref.name && (r.kind === 'ClusterRole' || r.namespace === b.namespace));
    expect(role, `${b.kind} ${b.namespace ?? ''}/${b.name} → ${ref.kind} ${ref.name}`).toBeDefined();
    return { role: role!, namespace: b.kind === 'RoleBinding' ? b.namespace : undefined };
  });
}

describe('deploy/10-rbac.yaml grants exactly what src/k8s/live.ts reads', () => {
  it('reader, cluster-wide: get/list on every LIVE_KINDS kind and nothing else (no watch)', () => {
    const expected = [...new Set(LIVE_KINDS.flatMap((k) => READ_VERBS.map((v) => grant(groupOf(k), k.plural, v))))].sort();
    const clusterWide = boundRoles().filter((b) => !b.namespace);
    expect(clusterWide.map((b) => b.role.name)).toEqual(['ktm-reader']);
    expect(grants(clusterWide[0].role)).toEqual(expected);
  });

  it('reader, ConfigMaps: get/list in each KNATIVE_CONFIG_NAMESPACES namespace, through a Role bound there, and nowhere else', () => {
    const namespaced = boundRoles().filter((b) => b.namespace);
    expect(namespaced.map((b) => b.namespace).sort()).toEqual([...KNATIVE_CONFIG_NAMESPACES].sort());
    for (const b of namespaced) {
      expect(b.role.kind).toBe('Role');
      expect(grants(b.role)).toEqual(READ_VERBS.map((v) => grant('', CONFIGMAP_KIND.plural, v)));
    }
    // ConfigMaps are never granted cluster-wide: tenants' data.
    for (const b of boundRoles().filter((x) => !x.namespace)) expect(grants(b.role).some((g) => g.startsWith('/configmaps:'))).toBe(false);
  });

  it('writer: creates reports and changes only ktm\'s own, in both report APIs; the reader writes nothing', () => {
    const writer = boundRoles(WRITER);
    expect(writer.map((b) => [b.role.kind, b.role.name, b.namespace])).toEqual([['ClusterRole', 'ktm-report-writer', undefined]]);
    expect(grants(writer[0].role)).toEqual(REPORT_GRANTS);
    const readerVerbs = boundRoles(READER).flatMap((b) => grants(b.role)).map((g) => g.split(':')[1]);
    expect([...new Set(readerVerbs)].sort()).toEqual(READ_VERBS);
  });

  it('no Secrets, no wildcards, no role left unbound', () => {
    const all = roles.flatMap(grants);
    expect(all.filter((g) => /\/secrets:|\*/.test(g))).toEqual([]);
    const bound = new Set([...boundRoles(READER), ...boundRoles(WRITER)].map((b) => `${b.role.kind}/${b.role.namespace ?? ''}/${b.role.name}`));
    expect(roles.map((r) => `${r.kind}/${r.namespace ?? ''}/${r.name}`).filter((r) => !bound.has(r))).toEqual([]);
    // The kinds in the file are the RBAC ones and the ServiceAccount, nothing more.
    expect([...new Set(rbac.map((r) => r.kind))].sort()).toEqual(['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding', 'ServiceAccount']);
  });

  it('the CronJob runs as the reader and gives each container only its own account\'s token', () => {
    const deploy = readSources([join(REPO_ROOT, 'deploy')]);
    const job = deploy.find((r) => r.kind === 'CronJob')!;
    const pod = job.obj.spec.jobTemplate.spec.template.spec;
    expect(pod.serviceAccountName).toBe(READER.name);
    expect(pod.automountServiceAccountToken).toBe(false);
    const tokenOf = (volume: string): string => {
      const v = pod.volumes.find((x: any) => x.name === volume);
      if (v.secret) return deploy.find((r) => r.kind === 'Secret' && r.name === v.secret.secretName)!.obj.metadata.annotations?.['kubernetes.io/service-account.name'] ?? '';
      expect(v.projected.sources.some((s: any) => s.serviceAccountToken)).toBe(true);
      return pod.serviceAccountName;
    };
    const tokens = (c: any) => c.volumeMounts.filter((m: any) => /token/.test(m.name)).map((m: any) => tokenOf(m.name));
    const [audit] = pod.initContainers;
    const [publish] = pod.containers;
    expect(audit.args).toContain('audit');
    // It writes whichever report API the cluster has (auto unless the manifest chooses), under the name the writer
    // may change.
    expect(audit.args[audit.args.indexOf('--format') + 1]).toBe('reports');
    // An init container that exits 1 fails the pod before the publisher runs: findings must not stop publication.
    expect(audit.args[audit.args.indexOf('--fail-on') + 1]).toBe('never');
    expect(REPORT_API_MODES).toContain(audit.env.find((e: any) => e.name === REPORT_API_ENV).value);
    expect(audit.args.includes('--report-name') ? audit.args[audit.args.indexOf('--report-name') + 1] : REPORT_NAME).toBe(REPORT_NAME);
    expect(tokens(audit)).toEqual([READER.name]);
    expect(tokens(publish)).toEqual([WRITER.name]);
    // The publisher only applies what ktm wrote; the audit container never holds the writer's kubeconfig.
    expect(publish.args.slice(0, 1)).toEqual(['apply']);
    expect(audit.args[audit.args.indexOf('--kubeconfig') + 1]).toBe('/etc/ktm/reader');
    expect(publish.env.find((e: any) => e.name === 'KUBECONFIG').value).toBe('/etc/ktm/writer');
    // The job reaches only DNS and the API server's ports.
    const netpol = deploy.find((r) => r.kind === 'NetworkPolicy' && r.namespace === 'ktm-system')!;
    expect(netpol.obj.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(netpol.obj.spec.egress.flatMap((e: any) => e.ports.map((p: any) => `${p.protocol}/${p.port}`)).sort()).toEqual(['TCP/443', 'TCP/53', 'TCP/6443', 'UDP/53']);
  });

  it('LIVE_KINDS never lists Secrets, and lists each resource once', () => {
    expect(LIVE_KINDS.some((k) => k.plural === 'secrets')).toBe(false);
    const keys = LIVE_KINDS.map((k) => `${groupOf(k)}/${k.plural}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// readLive against an API server that authorizes every request with the RBAC of deploy/10-rbac.yaml.

interface Cluster {
  /** `group/plural` → items (with metadata.namespace for namespaced kinds). */
  objects: Record<string, any[]>;
  /** API groups the cluster serves (core and the built-in ones always). */
  servedGroups: string[];
  /** Namespaces whose ConfigMap Role is missing (as if `kubectl apply` had failed there). */
  withoutRole?: string[];
  /** `group/plural` the cluster's ktm ClusterRole lacks (an edited RBAC). */
  denied?: string[];
}

const BUILT_IN_GROUPS = ['', 'apps', 'batch', 'networking.k8s.io', 'rbac.authorization.k8s.io', 'node.k8s.io', 'admissionregistration.k8s.io'];

/** Splits an API path into group, namespace and resource (list calls only). */
function parsePath(pathname: string): { group: string; namespace?: string; resource: string } {
  const parts = pathname.split('/').filter(Boolean);
  const [group, rest] = parts[0] === 'api' ? ['', parts.slice(2)] : [parts[1], parts.slice(3)];
  if (rest[0] === 'namespaces' && rest.length === 3) return { group, namespace: rest[1], resource: rest[2] };
  return { group, resource: rest[0] };
}

function authorized(cluster: Cluster, group: string, resource: string, namespace: string | undefined): boolean {
  if (cluster.denied?.includes(`${group}/${resource}`)) return false;
  return boundRoles().some(
    (b) =>
      (!b.namespace || (b.namespace === namespace && !cluster.withoutRole?.includes(namespace))) &&
      grants(b.role).includes(grant(group, resource, 'list')),
  );
}

let server: Server;
let port: number;
let dir: string;
let cluster: Cluster;
const requests: { path: string; status: number }[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ktm-rbac-'));
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const { group, namespace, resource } = parsePath(url.pathname);
    const send = (status: number, body: unknown) => {
      requests.push({ path: url.pathname, status });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    // Like the API server: authorization comes before routing, so a missing grant is 403 even for an absent API.
    if (!authorized(cluster, group, resource, namespace)) {
      const what = `${resource}${group ? `.${group}` : ''}`;
      return send(403, {
        kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Forbidden', code: 403,
        message: `${what} is forbidden: User "system:serviceaccount:ktm-system:ktm-reader" cannot list resource "${resource}" in API group "${group}" ${namespace ? `in the namespace "${namespace}"` : 'at the cluster scope'}`,
      });
    }
    if (![...BUILT_IN_GROUPS, ...cluster.servedGroups].includes(group)) {
      return send(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: 'the server could not find the requested resource' });
    }
    const items = (cluster.objects[`${group}/${resource}`] ?? []).filter((o) => !namespace || o.metadata.namespace === namespace);
    send(200, { kind: 'List', apiVersion: group ? `${group}/v1` : 'v1', metadata: { resourceVersion: '1' }, items });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

function kubeconfig(): string {
  const path = join(dir, 'kubeconfig');
  writeFileSync(
    path,
    `apiVersion: v1
kind: Config
clusters:
- name: in-cluster
  cluster: {server: "http://127.0.0.1:${port}", insecure-skip-tls-verify: true}
users:
- name: ktm
  user: {token: projected-token}
contexts:
- name: in-cluster
  context: {cluster: in-cluster, user: ktm}
current-context: in-cluster
`,
  );
  return path;
}

const ns = (name: string) => ({ metadata: { name } });
const inNs = (namespace: string, name: string, extra: object = {}) => ({ metadata: { namespace, name }, ...extra });
const operatorCr = (kind: string, namespace: string) => ({ apiVersion: 'operator.knative.dev/v1beta1', kind, ...inNs(namespace, kind.toLowerCase().replace('knative', 'knative-')) });

async function run(c: Cluster) {
  cluster = c;
  requests.length = 0;
  return readLive({ kubeconfig: kubeconfig() });
}

const refusal = rejectedInputError;

describe('readLive under the RBAC of deploy/', () => {
  it('a standard install (Operator resources in knative-serving and knative-eventing) is read without a single 403', async () => {
    const result = await run({
      servedGroups: ['operator.knative.dev', 'serving.knative.dev'],
      objects: {
        '/namespaces': [ns('default'), ns('knative-serving'), ns('knative-eventing'), ns('tenant-a')],
        'apps/deployments': [inNs('knative-serving', 'activator'), inNs('knative-eventing', 'eventing-controller')],
        'operator.knative.dev/knativeservings': [operatorCr('KnativeServing', 'knative-serving')],
        'operator.knative.dev/knativeeventings': [operatorCr('KnativeEventing', 'knative-eventing')],
        '/configmaps': [inNs('knative-serving', 'config-features', { data: { 'secure-pod-defaults': 'enabled' } }), inNs('tenant-a', 'private')],
      },
    });
    expect(requests.filter((r) => r.status === 403)).toEqual([]);
    // every kind, once each, then the ConfigMaps of the two Knative namespaces and of no other
    expect(requests.filter((r) => !r.path.endsWith('/configmaps')).length).toBe(LIVE_KINDS.length);
    expect(requests.filter((r) => r.path.endsWith('/configmaps')).map((r) => r.path)).toEqual([
      '/api/v1/namespaces/knative-eventing/configmaps',
      '/api/v1/namespaces/knative-serving/configmaps',
    ]);
    const kinds = result.raw.map((r) => `${r.obj.kind}/${r.obj.metadata.name}`);
    expect(kinds).toContain('KnativeServing/knative-serving');
    expect(kinds).toContain('ConfigMap/config-features');
    expect(kinds).not.toContain('ConfigMap/private');
    expect(result.notes.filter((n) => /Secrets are not read/.test(n))).toEqual([
      `live cluster http://127.0.0.1:${port} (context in-cluster): Secrets are not read; ConfigMaps are read only in namespaces knative-eventing, knative-serving`,
    ]);
  });

  it('no Operator: its APIs are skipped (404) and noted; a Knative namespace that does not exist is not listed', async () => {
    const result = await run({
      servedGroups: [],
      objects: { '/namespaces': [ns('default'), ns('knative-serving')], 'apps/deployments': [inNs('knative-serving', 'activator')] },
    });
    expect(requests.filter((r) => r.status === 403)).toEqual([]);
    expect(result.notes).toContain('KnativeServing (/apis/operator.knative.dev/v1beta1) is not served by this cluster: skipped');
    expect(result.notes).toContain('KnativeEventing (/apis/operator.knative.dev/v1beta1) is not served by this cluster: skipped');
    expect(requests.filter((r) => r.path.endsWith('/configmaps')).map((r) => r.path)).toEqual(['/api/v1/namespaces/knative-serving/configmaps']);
  });

  it('a KnativeServing in another namespace: its ConfigMaps are needed, so the missing grant is an error that says how to fix it', async () => {
    const e = await refusal(
      run({
        servedGroups: ['operator.knative.dev'],
        objects: { '/namespaces': [ns('default'), ns('serving')], 'operator.knative.dev/knativeservings': [operatorCr('KnativeServing', 'serving')] },
      }),
    );
    expect(e.file).toBe(`http://127.0.0.1:${port}/api/v1/namespaces/serving/configmaps?limit=500`);
    expect(e.message).toMatch(/^403 Forbidden: ktm may not list configmaps in namespace serving; /);
    expect(e.message).toMatch(/KnativeServing serving\/knative-serving is there, so the audit needs that namespace's Knative configuration: grant get\/list on configmaps in serving/);
  });

  it('Knative running in a namespace whose ConfigMaps are refused is an error', async () => {
    const e = await refusal(
      run({
        servedGroups: [],
        withoutRole: ['knative-eventing'],
        objects: { '/namespaces': [ns('knative-eventing')], 'apps/deployments': [inNs('knative-eventing', 'eventing-controller')] },
      }),
    );
    expect(e.message).toMatch(/Deployment knative-eventing\/eventing-controller is there/);
  });

  it('a refused ConfigMap list in a namespace where nothing of Knative runs is a note that says what was not read', async () => {
    const result = await run({
      servedGroups: [],
      withoutRole: ['knative-eventing'],
      objects: {
        '/namespaces': [ns('knative-serving'), ns('knative-eventing')],
        // only bookkeeping objects in knative-eventing: a leftover namespace
        '/serviceaccounts': [inNs('knative-eventing', 'default')],
        'apps/deployments': [inNs('knative-serving', 'activator')],
      },
    });
    expect(requests.filter((r) => r.status === 403).map((r) => r.path)).toEqual(['/api/v1/namespaces/knative-eventing/configmaps']);
    expect(result.notes).toContain(
      'ConfigMaps in namespace knative-eventing were not read (403 Forbidden): no Knative workload or Operator resource is there, so its configuration governs nothing ktm judges',
    );
  });

  it('a refused cluster-wide list is always an error, also for an optional API: the audit would judge on part of the cluster', async () => {
    const e = await refusal(
      run({
        servedGroups: [],
        denied: ['operator.knative.dev/knativeservings'],
        objects: { '/namespaces': [ns('knative-serving')] },
      }),
    );
    expect(e.message).toMatch(/^403 Forbidden: ktm may not list knativeservings; ktm needs get\/list on it \(read-only\)/);
  });
});
