import { describe, it, expect } from 'vitest';
import { parse } from 'yaml';
import { harden, DEFAULT_HARDEN_OPTIONS, type HardenOptions } from '../../src/harden/index.js';
import { ANNOTATION_CLAUSE, ANNOTATION_FIXES } from '../../src/harden/types.js';
import { buildInventory } from '../../src/k8s/inventory.js';
import { loadModel } from '../../src/model/loader.js';
import { clauseById } from '../../src/model/catalog.js';
import { renderHardenFiles, renderHardenStream } from '../../src/render/harden-yaml.js';
import type { Resource } from '../../src/k8s/types.js';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { REPO_ROOT } from '../helpers/paths.js';
import { overlay, resourcesFromText, stockWithTenants } from './fixtures.js';

/** cert-manager, gVisor nodes and Istio: harden's preconditions for TLS, the sandbox and --mesh istio are met. */
const ENVIRONMENT = ['environment.yaml', 'istio.yaml'].map((f) => '---\n' + readFileSync(resolve(REPO_ROOT, 'test/harden/clusters', f), 'utf8')).join('');

const model = loadModel('knative-2021');
const TENANTS = ['team-a', 'team-b', 'team-c'];
const opts = (o: Partial<HardenOptions> = {}): HardenOptions => ({ ...DEFAULT_HARDEN_OPTIONS, ...o });

function asResources(objects: { object: unknown }[]): Resource[] {
  return resourcesFromText(objects.map((g) => JSON.stringify(g.object)).join('\n---\n'), 'hardened.yaml');
}

describe('ktm harden generators', () => {
  const { resources, inventory } = stockWithTenants(TENANTS, ENVIRONMENT);
  const result = harden(inventory, model, opts({ mesh: 'istio', sandbox: 'gvisor' }), TENANTS);
  const byName = (kind: string, ns: string | undefined, name: string) =>
    result.objects.find((g) => g.object.kind === kind && g.object.metadata.namespace === ns && g.object.metadata.name === name);

  it('writes a default deny, DNS and the Knative data path for every tenant namespace', () => {
    for (const ns of TENANTS) {
      expect(byName('NetworkPolicy', ns, 'ktm-default-deny')?.object.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
      expect(byName('NetworkPolicy', ns, 'ktm-allow-dns')).toBeDefined();
      const dp = byName('NetworkPolicy', ns, 'ktm-allow-knative-data-plane')!.object.spec;
      expect(dp.ingress[0].ports.map((p: { port: number }) => p.port)).toEqual([8012, 8013, 8112]);
      // the Kourier gateway of the stock manifests is one of the allowed sources
      expect(dp.ingress[0].from).toContainEqual({
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kourier-system' } },
        podSelector: { matchLabels: { app: '3scale-kourier-gateway' } },
      });
    }
  });

  it('keeps the autoscaler stat port for the activator only', () => {
    const p = byName('NetworkPolicy', 'knative-serving', 'ktm-autoscaler-stats-from-activator')!.object.spec;
    expect(p.ingress[0]).toEqual({
      from: [{ podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['activator', 'autoscaler'] }] } }],
      ports: [{ protocol: 'TCP', port: 8080 }],
    });
  });

  it('labels tenant namespaces restricted for untrusted developers, baseline for trusted ones', () => {
    expect(byName('Namespace', undefined, 'team-a')!.object.metadata.labels!['pod-security.kubernetes.io/enforce']).toBe('restricted');
    const trusted = harden(inventory, model, opts({ developers: 'trusted' }), TENANTS);
    const ns = trusted.objects.find((g) => g.object.kind === 'Namespace')!;
    expect(ns.object.metadata.labels!['pod-security.kubernetes.io/enforce']).toBe('baseline');
  });

  it('patches the stock config: secure-pod-defaults, eventing OIDC, system-internal-tls on Kourier, sandbox class', () => {
    const features = byName('ConfigMap', 'knative-serving', 'config-features')!;
    expect(features.object.data!['secure-pod-defaults']).toBe('enabled');
    expect(features.fixes).toContain('KTM-CFG-002');
    // the cluster's own keys survive (the stock ConfigMap carries an _example block)
    expect(features.object.data!._example).toBeDefined();
    expect(byName('ConfigMap', 'knative-serving', 'config-network')!.object.data!['system-internal-tls']).toBe('Enabled');
    expect(byName('ConfigMap', 'knative-eventing', 'config-features')!.object.data!['authentication-oidc']).toBe('enabled');
    expect(byName('ConfigMap', 'knative-serving', 'config-deployment')!.object.data!['runtime-class-name']).toBe('gvisor: {}\n');
    expect(byName('RuntimeClass', undefined, 'gvisor')!.object.handler).toBe('runsc');
  });

  it('binds the activator to the caller namespace header under Istio', () => {
    const ap = byName('AuthorizationPolicy', 'knative-serving', 'ktm-activator-namespace-binding')!.object.spec;
    expect(ap.rules).toContainEqual({ from: [{ source: { namespaces: ['team-b'] } }], when: [{ key: 'request.headers[knative-serving-namespace]', values: ['team-b'] }] });
  });

  it('annotates every object with the checks it fixes and a clause that exists in the model', () => {
    for (const g of result.objects) {
      const clause = g.object.metadata.annotations![ANNOTATION_CLAUSE];
      expect(clause.startsWith('knative-2021#')).toBe(true);
      expect(clauseById(model, clause.slice('knative-2021#'.length))).toBeDefined();
      if (g.fixes.length) expect(g.object.metadata.annotations![ANNOTATION_FIXES]).toBe(g.fixes.join(','));
    }
  });

  it('is idempotent: hardening the hardened cluster adds nothing', () => {
    const hardened = buildInventory(overlay(resources, asResources(result.objects)));
    const again = harden(hardened, model, opts({ mesh: 'istio', sandbox: 'gvisor' }), TENANTS);
    expect(again.objects.map((g) => `${g.object.kind}/${g.object.metadata.namespace}/${g.object.metadata.name}`)).toEqual([]);
  });

  it('strips tenant service accounts and anonymous users from cluster-wide bindings', () => {
    const { inventory: inv } = stockWithTenants(TENANTS, `
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: ci-deployer }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
subjects:
  - { kind: ServiceAccount, name: deployer, namespace: team-a }
  - { kind: ServiceAccount, name: argocd, namespace: argocd }
  - { kind: Group, name: system:unauthenticated, apiGroup: rbac.authorization.k8s.io }
`);
    const r = harden(inv, model, opts(), TENANTS);
    const b = r.objects.find((g) => g.object.kind === 'ClusterRoleBinding')!;
    expect(b.object.subjects).toEqual([{ kind: 'ServiceAccount', name: 'argocd', namespace: 'argocd' }]);
    expect(b.fixes).toEqual(['KTM-RBAC-001', 'KTM-RBAC-006']);
  });

  it('renders a parseable stream and one file per concern', () => {
    const docs = renderHardenStream(result).split(/^---$/m).map((d) => parse(d)).filter(Boolean);
    expect(docs.length).toBe(result.objects.length);
    const files = renderHardenFiles(result);
    expect([...files.keys()]).toContain('10-network-policies.yaml');
    expect([...files.keys()]).toContain('MANUAL.md');
  });
});
