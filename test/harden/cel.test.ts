/**
 * Every CEL expression ktm writes into a ValidatingAdmissionPolicy, evaluated by a real CEL implementation against
 * objects the policy must admit and objects it must reject (request shapes as the API server builds them).
 */
import { describe, it, expect } from 'vitest';
import { evaluate } from '@marcbachmann/cel-js';
import { harden, DEFAULT_HARDEN_OPTIONS } from '../../src/harden/index.js';
import { loadModel } from '../../src/model/loader.js';
import { stockWithTenants } from './fixtures.js';

const { inventory } = stockWithTenants(['team-a', 'team-b'], `
---
apiVersion: serving.knative.dev/v1beta1
kind: DomainMapping
metadata:
  name: shop.example.com
  namespace: team-a
spec:
  ref: { name: api, kind: Service, apiVersion: serving.knative.dev/v1 }
`);
const result = harden(inventory, loadModel('knative-2021'), { ...DEFAULT_HARDEN_OPTIONS, sandbox: 'gvisor' }, ['team-a', 'team-b']);

function vap(name: string) {
  const policy = result.objects.find((g) => g.object.kind === 'ValidatingAdmissionPolicy' && g.object.metadata.name === name)?.object;
  if (!policy) throw new Error(`policy ${name} not generated`);
  return policy.spec as { validations: { expression: string }[]; matchConditions?: { expression: string }[] };
}

/** Admitted when every match condition is false (policy does not apply) or every validation is true. */
function admits(name: string, vars: Record<string, unknown>): boolean {
  const spec = vap(name);
  const applies = (spec.matchConditions ?? []).every((c) => evaluate(c.expression, vars) === true);
  if (!applies) return true;
  return spec.validations.every((v) => evaluate(v.expression, vars) === true);
}

const tenantUser = { userInfo: { username: 'dev@team-a', groups: ['system:authenticated'] } };
const admin = { userInfo: { username: 'root', groups: ['system:masters', 'system:authenticated'] } };

describe('ktm-require-sandbox', () => {
  const pod = (runtimeClassName?: string) => ({ metadata: { name: 'p', namespace: 'team-a' }, spec: { containers: [{ name: 'c' }], ...(runtimeClassName ? { runtimeClassName } : {}) } });
  it('admits a tenant pod in the gvisor sandbox', () => {
    expect(admits('ktm-require-sandbox', { object: pod('gvisor'), oldObject: null, request: { operation: 'CREATE', ...tenantUser } })).toBe(true);
  });
  it('rejects a pod without a runtime class or with another one', () => {
    expect(admits('ktm-require-sandbox', { object: pod(), oldObject: null, request: { operation: 'CREATE', ...tenantUser } })).toBe(false);
    expect(admits('ktm-require-sandbox', { object: pod('runc'), oldObject: null, request: { operation: 'CREATE', ...tenantUser } })).toBe(false);
  });
  it('lets cluster administrators through', () => {
    expect(admits('ktm-require-sandbox', { object: pod(), oldObject: null, request: { operation: 'CREATE', ...admin } })).toBe(true);
  });
});

describe('ktm-domainmapping-claimed', () => {
  const params = result.objects.find((g) => g.object.kind === 'ConfigMap' && g.object.metadata.name === 'ktm-domain-claims')!.object;
  const dm = (name: string, namespace: string) => ({ metadata: { name, namespace }, spec: {} });
  it('delegates the domain already mapped to the namespace that maps it', () => {
    expect(params.data).toEqual({ 'shop.example.com': 'team-a' });
  });
  it('admits a DomainMapping for a domain delegated to its namespace', () => {
    expect(admits('ktm-domainmapping-claimed', { object: dm('shop.example.com', 'team-a'), params, request: { operation: 'CREATE', ...tenantUser } })).toBe(true);
  });
  it('rejects another namespace taking the domain, and unclaimed domains', () => {
    expect(admits('ktm-domainmapping-claimed', { object: dm('shop.example.com', 'team-b'), params, request: { operation: 'CREATE', ...tenantUser } })).toBe(false);
    expect(admits('ktm-domainmapping-claimed', { object: dm('bank.example.com', 'team-b'), params, request: { operation: 'CREATE', ...tenantUser } })).toBe(false);
  });
  it('rejects everything when the parameter ConfigMap has no data', () => {
    expect(admits('ktm-domainmapping-claimed', { object: dm('shop.example.com', 'team-a'), params: { metadata: { name: 'ktm-domain-claims' } }, request: { operation: 'CREATE', ...tenantUser } })).toBe(false);
  });
});

describe('ktm-protect-default-deny', () => {
  const deny = { metadata: { name: 'ktm-default-deny', namespace: 'team-a' }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } };
  const weakened = { metadata: deny.metadata, spec: { podSelector: { matchLabels: { none: 'x' } }, policyTypes: ['Ingress'] } };
  const other = { metadata: { name: 'allow-frontend', namespace: 'team-a' }, spec: { podSelector: {} } };
  it('rejects deleting or weakening the default deny', () => {
    expect(admits('ktm-protect-default-deny', { object: null, oldObject: deny, request: { operation: 'DELETE', ...tenantUser } })).toBe(false);
    expect(admits('ktm-protect-default-deny', { object: weakened, oldObject: deny, request: { operation: 'UPDATE', ...tenantUser } })).toBe(false);
  });
  it("admits an update that keeps the spec, and changes to the tenant's own policies", () => {
    expect(admits('ktm-protect-default-deny', { object: { ...deny, metadata: { ...deny.metadata, labels: { a: 'b' } } }, oldObject: deny, request: { operation: 'UPDATE', ...tenantUser } })).toBe(true);
    expect(admits('ktm-protect-default-deny', { object: null, oldObject: other, request: { operation: 'DELETE', ...tenantUser } })).toBe(true);
    expect(admits('ktm-protect-default-deny', { object: { ...other, spec: { podSelector: { matchLabels: { a: 'b' } } } }, oldObject: other, request: { operation: 'UPDATE', ...tenantUser } })).toBe(true);
  });
  it('lets cluster administrators delete it', () => {
    expect(admits('ktm-protect-default-deny', { object: null, oldObject: deny, request: { operation: 'DELETE', ...admin } })).toBe(true);
  });
});
