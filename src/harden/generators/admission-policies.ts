/**
 * Guardrails as ValidatingAdmissionPolicies (CEL, admissionregistration.k8s.io/v1, GA in Kubernetes 1.30):
 * they keep the hardening in place after tenants start changing things. Every expression is tested with a real
 * CEL evaluator against allowed and rejected objects (test/harden/cel.test.ts).
 */
import type { K8sObject } from '../../k8s/types.js';
import { MANAGED_BY, TENANT_LABEL, type Generator, type GeneratedObject } from '../types.js';

const tenantNamespaces = { matchExpressions: [{ key: TENANT_LABEL, operator: 'Exists' }] };
/** Cluster administrators (system:masters) are trusted by the model and may still change anything. */
export const NOT_CLUSTER_ADMIN = "!('system:masters' in request.userInfo.groups)";

export const REQUIRE_SANDBOX_EXPRESSION = (runtimeClass: string) =>
  `has(object.spec.runtimeClassName) && object.spec.runtimeClassName == '${runtimeClass}'`;
export const DOMAIN_CLAIMED_EXPRESSION =
  'has(params.data) && object.metadata.name in params.data && params.data[object.metadata.name] == object.metadata.namespace';
export const PROTECT_DEFAULT_DENY_EXPRESSION =
  "request.operation == 'DELETE' ? oldObject.metadata.name != 'ktm-default-deny' : (object.metadata.name != 'ktm-default-deny' || object.spec == oldObject.spec)";

function policyPair(name: string, policySpec: Record<string, unknown>, bindingSpec: Record<string, unknown>): K8sObject[] {
  return [
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name, labels: { ...MANAGED_BY } },
      spec: { failurePolicy: 'Fail', ...policySpec },
    },
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name, labels: { ...MANAGED_BY } },
      spec: { policyName: name, validationActions: ['Deny'], ...bindingSpec },
    },
  ];
}

export const admissionPolicies: Generator = (ctx) => {
  const objects: GeneratedObject[] = [];
  const push = (objs: K8sObject[], fixes: string[], rule: GeneratedObject['rule'], reason: string) =>
    objs.forEach((object) => objects.push({ concern: 'admission-policies', object, fixes, rule, reason }));

  if (ctx.options.sandbox !== 'none') {
    const runtimeClass =
      ctx.inventory.byKind('RuntimeClass').find((r) => r.obj.handler === (ctx.options.sandbox === 'gvisor' ? 'runsc' : 'kata'))?.name ??
      ctx.options.sandbox;
    push(
      policyPair(
        'ktm-require-sandbox',
        {
          matchConstraints: { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['pods'] }] },
          matchConditions: [{ name: 'not-cluster-admin', expression: NOT_CLUSTER_ADMIN }],
          validations: [{ expression: REQUIRE_SANDBOX_EXPRESSION(runtimeClass), message: `pods in tenant namespaces must run in the ${runtimeClass} sandbox (runtimeClassName: ${runtimeClass})` }],
        },
        { matchResources: { namespaceSelector: tenantNamespaces } },
      ),
      ['KTM-ISO-001'],
      'untrusted-needs-isolation',
      `reject tenant pods that do not run in the ${runtimeClass} sandbox`,
    );
  }

  if (ctx.installed.serving) {
    // The parameter ConfigMap lists domain → namespace, the same delegation as the ClusterDomainClaims.
    const claims: Record<string, string> = {};
    for (const c of ctx.inventory.byKind('ClusterDomainClaim')) if (c.obj.spec?.namespace) claims[c.name] = c.obj.spec.namespace;
    for (const dm of ctx.inventory.byKind('DomainMapping')) if (dm.namespace && !(dm.name in claims)) claims[dm.name] = dm.namespace;
    objects.push({
      concern: 'admission-policies',
      object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ktm-domain-claims', namespace: ctx.config.serving.namespace, labels: { ...MANAGED_BY } }, data: sortRecord(claims) },
      fixes: ['KTM-CFG-003'],
      rule: 'tenancy-hardening',
      reason: 'the domains each namespace may map (parameter of ktm-domainmapping-claimed); add a line to delegate a new domain',
    });
    push(
      policyPair(
        'ktm-domainmapping-claimed',
        {
          paramKind: { apiVersion: 'v1', kind: 'ConfigMap' },
          matchConstraints: {
            resourceRules: [{ apiGroups: ['serving.knative.dev'], apiVersions: ['*'], operations: ['CREATE', 'UPDATE'], resources: ['domainmappings'] }],
          },
          validations: [{ expression: DOMAIN_CLAIMED_EXPRESSION, messageExpression: "'domain ' + object.metadata.name + ' is not delegated to namespace ' + object.metadata.namespace" }],
        },
        {
          paramRef: { name: 'ktm-domain-claims', namespace: ctx.config.serving.namespace, parameterNotFoundAction: 'Deny' },
          matchResources: { namespaceSelector: tenantNamespaces },
        },
      ),
      ['KTM-CFG-003'],
      'tenancy-hardening',
      'reject DomainMappings for domains not delegated to the namespace',
    );
  }

  push(
    policyPair(
      'ktm-protect-default-deny',
      {
        matchConstraints: {
          resourceRules: [{ apiGroups: ['networking.k8s.io'], apiVersions: ['v1'], operations: ['UPDATE', 'DELETE'], resources: ['networkpolicies'] }],
        },
        matchConditions: [{ name: 'not-cluster-admin', expression: NOT_CLUSTER_ADMIN }],
        validations: [{ expression: PROTECT_DEFAULT_DENY_EXPRESSION, message: 'the tenant default-deny NetworkPolicy (ktm-default-deny) may not be changed or deleted' }],
      },
      { matchResources: { namespaceSelector: tenantNamespaces } },
    ),
    ['KTM-NET-001'],
    'tenancy-hardening',
    'tenants cannot delete or weaken their namespace default-deny policy',
  );
  return { objects, manual: [] };
};

function sortRecord(r: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)));
}
