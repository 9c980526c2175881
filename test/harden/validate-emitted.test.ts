import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { readSources } from '../../src/k8s/load.js';
import { FIXTURES } from '../helpers/paths.js';
import { validateEmitted, type CrdSchema } from './validate-emitted.js';

const CRDS: CrdSchema[] = readSources([resolve(FIXTURES, 'network-policy-api/config/crd/standard/policy.networking.k8s.io_clusternetworkpolicies.yaml')]).map(
  (r) => ({ group: r.obj.spec.group, kind: r.obj.spec.names.kind, versions: r.obj.spec.versions }),
);
const meta = { name: 'x', namespace: 'team-a' };

describe('validation of emitted objects', () => {
  it('accepts well-formed built-in, Istio, Knative Operator and CRD-backed objects', async () => {
    expect(await validateEmitted({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta, spec: { podSelector: {}, policyTypes: ['Ingress'] } })).toEqual([]);
    expect(await validateEmitted({ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: meta, spec: { action: 'ALLOW', rules: [{ from: [{ source: { namespaces: ['a'] } }] }] } })).toEqual([]);
    const cnpOk = { apiVersion: 'policy.networking.k8s.io/v1alpha2', kind: 'ClusterNetworkPolicy', metadata: { name: 'x' }, spec: { tier: 'Admin', priority: 10, subject: { namespaces: {} }, egress: [{ name: 'deny', action: 'Deny', to: [{ networks: ['169.254.169.254/32'] }] }] } };
    expect(await validateEmitted(cnpOk, CRDS)).toEqual([]);
    expect(await validateEmitted({ apiVersion: 'operator.knative.dev/v1beta1', kind: 'KnativeServing', metadata: meta, spec: { config: { network: { 'system-internal-tls': 'Enabled' } } } })).toEqual([]);
  });

  it('rejects a misspelt field, a wrong enum value, a kind without a schema, and a CRD object that breaks its schema', async () => {
    expect(await validateEmitted({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta, spec: { podSelector: {}, policyType: ['Ingress'] } })).toEqual([
      'NetworkPolicy/team-a/x: NetworkPolicy.spec.policyType: no such field',
    ]);
    expect((await validateEmitted({ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: meta, spec: { action: 'PERMIT' } }))[0]).toMatch(/spec\/action must be equal to one of the allowed values/);
    expect(await validateEmitted({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: meta })).toEqual(['Widget/team-a/x: no schema for example.com/v1 Widget']);
    // Caught only by the Kubernetes OpenAPI models (kubernetes-models): enum values, value types, required fields.
    expect((await validateEmitted({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta, spec: { podSelector: {}, policyTypes: ['Ingres'] } }))[0]).toMatch(
      /^NetworkPolicy\/team-a\/x: .*spec\/policyTypes\/0 must be equal to one of the allowed values/,
    );
    expect((await validateEmitted({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: meta, subjects: [{ kind: 'Group', name: 'x' }] }))[0]).toMatch(/roleRef/);
    expect(await validateEmitted({ apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', metadata: { name: 'x' } })).toEqual(['AdminNetworkPolicy/x: no schema for policy.networking.k8s.io/v1alpha1 AdminNetworkPolicy']);
    const cnp = { apiVersion: 'policy.networking.k8s.io/v1alpha2', kind: 'ClusterNetworkPolicy', metadata: { name: 'x' }, spec: { tier: 'Nowhere', priority: 1, subject: { namespaces: {} } } };
    expect((await validateEmitted(cnp, CRDS)).join('\n')).toMatch(/ClusterNetworkPolicy\/x: \/spec\/tier must be equal to one of the allowed values/);
  });
});
