/**
 * `ktm audit` on hand-written clusters it was not built on (test/audit/clusters/*, each with a README saying how to
 * load it and what it holds). Every finding asserted here was checked by hand against the reference
 * (../shared/reference/knative-security.md) and the models; so was every finding that must NOT appear.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildInventory } from '../../src/k8s/inventory.js';
import { objectsFromText, readSources, toResources } from '../../src/k8s/load.js';
import type { AuditResult, Finding } from '../../src/audit/types.js';
import { FIXTURES } from '../helpers/paths.js';
import { audit } from './helpers.js';

const CLUSTERS = join(import.meta.dirname, 'clusters');
const stock = (...names: string[]) => names.map((n) => join(FIXTURES, 'knative', n));
const local = (cluster: string, ...names: string[]) => names.map((n) => join(CLUSTERS, cluster, n));
const yamlsOf = (cluster: string) =>
  readdirSync(join(CLUSTERS, cluster))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join(CLUSTERS, cluster, f));

function run(files: string[]): AuditResult {
  return audit(buildInventory(readSources(files)));
}
const ids = (r: AuditResult, tenancy = 'namespace') => [...new Set(r.findings.filter((f) => f.tenancy.includes(tenancy as never)).map((f) => f.id))].sort();
const find = (r: AuditResult, id: string, resource?: string): Finding[] => r.findings.filter((f) => f.id === id && (resource === undefined || f.resource === resource));

describe('istio: net-istio, sidecars, header-binding AuthorizationPolicy on the activator', () => {
  const base = [...stock('serving-core.yaml', 'net-istio.yaml'), ...yamlsOf('istio')];

  it('the hardened cluster has no finding at all, and namespace tenancy passes with assumptions', () => {
    const r = run(base);
    expect(r.tenants).toEqual(['team-a', 'team-b']);
    expect(r.findings).toEqual([]);
    expect(r.verdicts).toEqual({ cluster: 'pass-with-assumptions', namespace: 'pass-with-assumptions', 'control-plane': 'pass-with-assumptions' });
    expect(r.reachability?.cells['team-a']['team-b']).toBe('none');
  });

  for (const [variant, why] of [
    ['activator-any-source.yaml', 'header checked against the tenant list but not bound to the caller'],
    ['activator-selector-typo.yaml', 'the policy selects no pod'],
    ['activator-no-sidecar.yaml', 'no proxy on the activator enforces the policy'],
  ]) {
    it(`NET-003 fires through the activator when ${why} (${variant})`, () => {
      const r = run([...base, ...local('istio', `variants/${variant}`)]);
      const net3 = find(r, 'KTM-NET-003');
      expect(net3.map((f) => f.resource).sort()).toEqual(['Namespace/team-a', 'Namespace/team-b']);
      for (const f of net3) {
        expect(f.message).toMatch(/through the activator/);
        expect(f.hops?.some((h) => h.includes('knative-serving/activator'))).toBe(true);
      }
      // Nothing else changed: the gateway filter still holds.
      expect(net3.some((f) => /gateway/.test(f.message))).toBe(false);
      expect(r.verdicts.namespace).toBe('fail');
    });
  }

  // A gateway annotated `sidecar.istio.io/inject: "false"` (istioctl's default ingress gateway) still enforces
  // AuthorizationPolicies: the gateway IS the Envoy.
  it('istioctl-style gateway (inject "false"): its host-binding policy still holds', () => {
    const r = run([...base, ...local('istio', 'variants/gateway-istioctl-style.yaml')]);
    expect(find(r, 'KTM-NET-003')).toEqual([]);
  });
});

describe('operator: Knative installed by the Knative Operator, configured in spec.config', () => {
  const r = run(local('operator', 'cluster.yaml'));

  it('reads spec.config overrides (with and without the config- prefix) and points at the custom resource', () => {
    const at = (id: string) => find(r, id).map((f) => `${f.resource} ${f.path}`);
    const ks = 'KnativeServing/knative-serving/knative-serving';
    expect(at('KTM-CFG-001')).toEqual([`${ks} spec.config.observability.runtime-profiling`]);
    expect(at('KTM-CFG-002')).toEqual([`${ks} spec.config.config-features.secure-pod-defaults`]);
    expect(find(r, 'KTM-CFG-002')[0].message).toMatch(/root-allowed.*ineffective/);
    expect(at('KTM-CFG-004')).toEqual([`${ks} spec.config.network.domain-template`]);
    expect(at('KTM-CFG-005')).toEqual([`${ks} spec.config.config-features.kubernetes.podspec-hostnetwork`]);
    // A key the custom resource does not set: the place to set it is the custom resource.
    expect(at('KTM-TLS-001')).toEqual([`${ks} spec.config.network.system-internal-tls`]);
    expect(find(r, 'KTM-TLS-001')[0].fix).toMatch(/Knative Operator: set it at spec\.config\.network\.system-internal-tls/);
    expect(at('KTM-EVT-001')).toEqual(['KnativeEventing/knative-eventing/knative-eventing spec.config.features.default-authorization-mode']);
  });

  it('a sandbox applied through spec.config.deployment counts (no ISO-001); PSA restricted tenants (no ISO-002)', () => {
    expect(find(r, 'KTM-ISO-001')).toEqual([]);
    expect(find(r, 'KTM-ISO-002')).toEqual([]);
    // root-allowed is ineffective, so the revisions lack the restricted defaults: PSS-002, not PSS-001.
    expect(find(r, 'KTM-PSS-002').map((f) => f.resource)).toEqual(['Service/blog/posts', 'Service/shop/cart']);
    expect(find(r, 'KTM-PSS-001')).toEqual([]);
  });

  it('version from spec.version; a minor-only version is not guessed at', () => {
    const ver = find(r, 'KTM-VER-001');
    expect(ver.map((f) => `${f.resource} ${f.path}`)).toEqual(['KnativeServing/knative-serving/knative-serving spec.version']);
    expect(ver[0].message).toMatch(/1\.11\.2.*CVE-2023-48713/);
  });

  it('the operator in `default` makes it a platform namespace, and the report says so', () => {
    expect(r.tenants).toEqual(['blog', 'shop']);
    expect(r.notes.some((n) => /namespace default is treated as a platform namespace.*knative-operator/.test(n))).toBe(true);
    expect(r.notes.some((n) => /knative-serving: Knative is installed .* Deployments are not/.test(n))).toBe(true);
  });

  it('ConfigMaps in the input: keys the custom resource sets still win; keys it does not set come from the ConfigMap', () => {
    const r2 = run(local('operator', 'cluster.yaml', 'with-configmaps.yaml'));
    expect(find(r2, 'KTM-CFG-002')[0].resource).toBe('KnativeServing/knative-serving/knative-serving');
    expect(find(r2, 'KTM-CFG-001')).toHaveLength(1);
    expect(find(r2, 'KTM-CFG-005')).toHaveLength(1);
    expect(find(r2, 'KTM-CFG-007').map((f) => `${f.resource} ${f.path}`)).toEqual(['ConfigMap/knative-serving/config-features data.tag-header-based-routing']);
    // config-domain (not overridden) makes every route cluster-local.
    expect(find(r2, 'KTM-TLS-002')).toEqual([]);
  });
});

describe('kubectl-dump: kind List with status, managedFields, owner chains, Events, Endpoints, data-less Secrets', () => {
  const file = local('kubectl-dump', 'dump.yaml');
  const r = run(file);

  it('reads the dump; owner chains collapse to the topmost owner present', () => {
    const inv = buildInventory(readSources(file));
    const ws = inv.workloads.map((w) => `${w.kind}/${w.namespace}/${w.name}`).sort();
    expect(ws).toEqual([
      'Deployment/knative-serving/activator',
      'Deployment/knative-serving/autoscaler',
      'Deployment/knative-serving/net-kourier-controller',
      'Deployment/kourier-system/3scale-kourier-gateway',
      'Pod/analytics/debug',
      'Pod/kube-system/kube-apiserver-cp-1',
      'ReplicaSet/analytics/report-55d7c9',
      'Revision/payments/checkout-00001',
      'Revision/payments/checkout-00002',
    ]);
    expect(r.tenants).toEqual(['analytics', 'payments']);
  });

  it('finds what is wrong in analytics, and nothing on the hardened payments revisions', () => {
    expect(find(r, 'KTM-PSS-001').map((f) => `${f.resource} ${f.path}`)).toEqual(['Pod/analytics/debug spec']);
    expect(find(r, 'KTM-PSS-001')[0].message).toMatch(/hostPathVolumes/);
    // restricted at v1.29 with AllowRootBounded + runAsNonRoot: the revisions pass.
    expect(r.findings.filter((f) => /^KTM-PSS/.test(f.id) && f.resource.includes('payments'))).toEqual([]);
    // payments enforces restricted, pinned to v1.29: only the low "pinned version" finding.
    expect(find(r, 'KTM-ISO-002').map((f) => `${f.severity} ${f.resource}`)).toEqual(['high Namespace/analytics', 'low Namespace/payments']);
    expect(find(r, 'KTM-NET-001').map((f) => f.resource)).toEqual(['Namespace/analytics']);
    expect(find(r, 'KTM-NET-004').map((f) => f.resource)).toEqual(['Namespace/analytics']);
    expect(find(r, 'KTM-NET-006').map((f) => f.resource)).toEqual(['Namespace/analytics']);
    // payments lets in only Kourier and knative-serving, which analytics reaches: the shared hops are open.
    expect(find(r, 'KTM-NET-002')).toEqual([]);
    expect(find(r, 'KTM-NET-003').map((f) => f.message.replace(/ \(.*\)/, ''))).toEqual([
      '1 other tenant namespace(s) reach payments through the activator: analytics',
      '1 other tenant namespace(s) reach payments through the shared ingress gateway: analytics',
    ]);
  });

  it('the Serving version is judged, the net-kourier deployments (labelled knative-serving) are not taken for it', () => {
    const ver = find(r, 'KTM-VER-001');
    expect(ver.map((f) => f.resource)).toEqual(['Deployment/knative-serving/activator']);
    expect(ver[0].message).toMatch(/knative-serving 1\.11\.1 is affected by CVE-2023-48713/);
  });

  it('the same objects as JSON (kubectl get -o json) give the same findings', async () => {
    const { parse } = await import('yaml');
    const { readFileSync } = await import('node:fs');
    const json = JSON.stringify(parse(readFileSync(file[0], 'utf8')), null, 2);
    const rj = audit(buildInventory(toResources(objectsFromText(json, 'dump.json'))));
    const strip = (x: AuditResult) => x.findings.map(({ source: _s, ...f }) => f);
    expect(strip(rj)).toEqual(strip(r));
    expect(stringify(rj.verdicts)).toBe(stringify(r.verdicts));
  });
});

describe('psa-serving-only: Pod Security Admission at every level, Serving without Eventing', () => {
  const r = run([...stock('serving-core.yaml', 'kourier.yaml'), ...local('psa-serving-only', 'namespaces.yaml')]);
  const iso2 = (ns: string) => find(r, 'KTM-ISO-002', `Namespace/${ns}`);

  it('ISO-002 by level: missing/warn-only/privileged/invalid high, baseline moderate, restricted quiet', () => {
    for (const ns of ['psa-none', 'psa-warn-only', 'psa-privileged', 'psa-invalid']) expect(iso2(ns).map((f) => f.severity)).toEqual(['high']);
    expect(iso2('psa-invalid')[0].message).toMatch(/not a known level/);
    expect(iso2('psa-baseline').map((f) => f.severity)).toEqual(['moderate']);
    expect(iso2('psa-restricted')).toEqual([]);
  });

  it('restricted pinned to v1.22: a low finding naming what v1.22 does not enforce; the workload is judged at v1.22', () => {
    const f = iso2('psa-restricted-v1-22');
    expect(f.map((x) => [x.severity, x.path])).toEqual([['low', 'metadata.labels["pod-security.kubernetes.io/enforce-version"]']]);
    expect(f[0].message).toMatch(/hostProbesAndHostLifecycle \(from v1\.34\)/);
    // The probe host is allowed at v1.22, forbidden at latest.
    expect(find(r, 'KTM-PSS-001').map((x) => x.resource).sort()).toEqual(
      ['psa-baseline', 'psa-invalid', 'psa-none', 'psa-privileged', 'psa-restricted', 'psa-warn-only'].map((n) => `Deployment/${n}/app`),
    );
  });

  it('no Eventing in the input: the eventing checks say nothing', () => {
    expect(find(r, 'KTM-EVT-001')).toEqual([]);
    expect(find(r, 'KTM-NET-007')).toEqual([]);
    expect(r.findings.some((f) => f.message.includes('broker'))).toBe(false);
  });
});

describe('rbac: aggregation, edit for a group, system:authenticated, escalate/bind/impersonate, resourceNames', () => {
  const r = run([...stock('serving-core.yaml', 'kourier.yaml', 'eventing-core.yaml', 'mt-channel-broker.yaml', 'in-memory-channel.yaml'), ...yamlsOf('rbac')]);
  const rbac = r.findings.filter((f) => f.id.startsWith('KTM-RBAC')).map((f) => `${f.id} ${f.severity} ${f.resource}`);

  it('finds exactly the grants that matter', () => {
    expect(rbac).toEqual([
      'KTM-RBAC-001 high ClusterRoleBinding/authenticated-view',
      'KTM-RBAC-003 moderate ClusterRoleBinding/authenticated-view',
      'KTM-RBAC-003 critical RoleBinding/knative-serving/blue-deployer-domain',
      'KTM-RBAC-003 critical RoleBinding/knative-serving/red-lead-debug-serving',
      'KTM-RBAC-004 high RoleBinding/red/red-devs-edit',
      'KTM-RBAC-005 high ClusterRoleBinding/ci-impersonator',
      'KTM-RBAC-005 high RoleBinding/red/red-role-manager',
      'KTM-RBAC-006 critical RoleBinding/red/webhook-token-public',
    ]);
  });

  it('explains: the aggregated part, the name limit, the missing PSA', () => {
    expect(find(r, 'KTM-RBAC-003', 'RoleBinding/knative-serving/red-lead-debug-serving')[0].message).toMatch(/secrets.*ClusterRole\/team-lead-debugging\.rules\[0\]/);
    expect(find(r, 'KTM-RBAC-003', 'RoleBinding/knative-serving/blue-deployer-domain')[0].message).toMatch(/get\/update\/patch configmaps \[config-domain\]/);
    expect(find(r, 'KTM-RBAC-004')[0].message).toMatch(/without Pod Security Admission enforce: red\b/);
  });

  it('Kubernetes defaults bound to system:unauthenticated/authenticated and a name-limited create are not findings', () => {
    expect(r.findings.filter((f) => /system:(public-info-viewer|discovery|basic-user)|cluster-admin/.test(f.resource))).toEqual([]);
    expect(r.findings.filter((f) => f.resource.includes('blue-drop-secret'))).toEqual([]);
  });
});

describe('nodes: user namespaces judged from Node objects (KTM-ISO-001)', () => {
  const withPools = (...pools: string[]) => run(local('nodes', 'tenant.yaml', ...pools.map((p) => `pool-${p}.yaml`)));

  it('containerd 1.7 (and Linux 6.1): hostUsers: false isolates nothing, the finding names the versions', () => {
    const f = find(withPools('containerd17'), 'KTM-ISO-001');
    expect(f.map((x) => x.resource)).toEqual(['Namespace/sandboxed']);
    expect(f[0].message).toMatch(/ip-10-0-1-15: Linux 6\.1\.0-18-cloud-amd64 < 6\.3, containerd 1\.7\.22 < 2\.0/);
    expect(f[0].message).toMatch(/relied on: Kubernetes ≥1\.33/);
  });

  it('kubelet 1.33 + containerd 2.0 + Linux 6.8: isolated, and a note says on which facts', () => {
    const r = withPools('containerd20');
    expect(find(r, 'KTM-ISO-001')).toEqual([]);
    expect(r.notes.some((n) => /judged from the Node objects: .*kubelet v1\.33\.1, containerd:\/\/2\.0\.5/.test(n))).toBe(true);
  });

  it('CRI-O 1.29 on kubelet 1.29: counted, with a note that it needs the feature gate the input cannot show', () => {
    const r = withPools('crio-129');
    expect(find(r, 'KTM-ISO-001')).toEqual([]);
    expect(r.notes.some((n) => /UserNamespacesSupport feature gate .*which the input does not show/.test(n))).toBe(true);
  });

  it('kubelet 1.33 with an old kernel: not isolated', () => {
    expect(find(withPools('old-kernel'), 'KTM-ISO-001')[0].message).toMatch(/Linux 5\.15\.0-119-generic < 6\.3/);
  });

  it('a Windows pool does not decide for Linux pods; the weakest Linux pool does', () => {
    expect(find(withPools('containerd20', 'windows'), 'KTM-ISO-001')).toEqual([]);
    expect(find(withPools('containerd20', 'containerd17', 'windows'), 'KTM-ISO-001')).toHaveLength(1);
  });
});

describe('eventing-only: MT channel broker without Serving', () => {
  const base = [...stock('eventing-core.yaml', 'mt-channel-broker.yaml', 'in-memory-channel.yaml'), ...local('eventing-only', 'tenants.yaml')];
  const r = run(base);

  it('no Serving: no Serving check speaks', () => {
    for (const id of ['KTM-CFG-002', 'KTM-TLS-001', 'KTM-TLS-002', 'KTM-NET-004', 'KTM-VER-001']) expect(find(r, id)).toEqual([]);
    expect(r.findings.filter((f) => /activator|config-deployment|config-autoscaler/.test(f.message + f.resource))).toEqual([]);
  });

  it('shared broker ingress without OIDC: each tenant posts into the other one\'s broker', () => {
    expect(find(r, 'KTM-NET-007').map((f) => f.resource)).toEqual(['Broker/billing/default', 'Broker/orders/default']);
    expect(find(r, 'KTM-NET-003').every((f) => /broker ingress/.test(f.message))).toBe(true);
    expect(find(r, 'KTM-EVT-001').map((f) => `${f.severity} ${f.path}`)).toEqual(['moderate data.authentication-oidc', 'low data.transport-encryption']);
  });

  it('OIDC, strict transport and an EventPolicy per broker close it', () => {
    const r2 = run([...base, ...local('eventing-only', 'oidc.yaml')]);
    expect(find(r2, 'KTM-NET-007')).toEqual([]);
    expect(find(r2, 'KTM-EVT-001')).toEqual([]);
    expect(find(r2, 'KTM-NET-003')).toEqual([]);
    // What the policies do not cover is still there.
    expect(ids(r2)).toEqual(['KTM-ISO-001', 'KTM-NET-001', 'KTM-NET-002', 'KTM-NET-005', 'KTM-NET-006', 'KTM-QTA-001']);
  });

  it('the same settings in the Operator\'s KnativeEventing spec.config win over the stock ConfigMap, for every check', () => {
    const r3 = run([...base, ...local('eventing-only', 'variants/operator-oidc.yaml')]);
    expect(find(r3, 'KTM-EVT-001')).toEqual([]);
    expect(find(r3, 'KTM-NET-007')).toEqual([]);
    expect(find(r3, 'KTM-NET-003')).toEqual([]);
  });
});

describe('contour: net-contour with Envoy in contour-internal, no NetworkPolicies', () => {
  const r = run([...stock('serving-core.yaml'), ...local('contour', 'cluster.yaml')]);

  it('contour namespaces are platform, tenants are alpha and beta; the activator path is found', () => {
    expect(r.tenants).toEqual(['alpha', 'beta']);
    expect(find(r, 'KTM-NET-003').filter((f) => /activator/.test(f.message)).map((f) => f.resource)).toEqual(['Namespace/alpha', 'Namespace/beta']);
    expect(find(r, 'KTM-NET-002')).toHaveLength(2);
  });

  // Contour's Envoy (app=envoy in contour-internal/-external) is a shared gateway hub like Kourier's and Istio's.
  it('the path through the internal Envoy is found', () => {
    expect(find(r, 'KTM-NET-003').some((f) => /gateway/.test(f.message))).toBe(true);
  });
});
