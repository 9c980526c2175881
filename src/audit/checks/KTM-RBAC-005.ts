import { formatSubject, type Subject } from '../rbac/index.js';
import type { PolicyRule } from '../rbac/rules.js';
import { BUILT_IN_SCOPE, type ResourceScope } from '../rbac/scope.js';
import { describeGrant } from '../rbac/tenant-subjects.js';
import { isSystemNamespace } from '../tenants.js';
import type { AuditContext, Check, Evidence } from '../types.js';

/**
 * Escalation verbs and wildcards granted to non-system subjects. Judged per rule:
 * - `escalate` or `bind` (on roles/clusterroles): the subject can grant itself any permission in scope. Through a
 *   RoleBinding only what a RoleBinding can grant counts: `escalate`/`bind` on roles of the namespace, and `bind` on
 *   clusterroles (checked in the RoleBinding's namespace); `escalate` on clusterroles is cluster-scoped and granted only
 *   by a ClusterRoleBinding;
 * - `impersonate` on users, groups, uids or serviceaccounts cluster-wide. Users, groups, uids and userextras are
 *   cluster-scoped (a RoleBinding cannot grant impersonating them), and impersonating ServiceAccounts of one's own
 *   namespace through a RoleBinding is what the default `edit` role allows, and stays in the namespace;
 * - `*` in apiGroups together with `*` in resources or verbs (every API, including future ones), or `*` verbs, or `*`
 *   resources with write verbs, granted cluster-wide (read-only wildcards such as Knative's aggregated view are
 *   KTM-RBAC-001's business). A namespaced wildcard inside one named API group (Knative's aggregated admin roles,
 *   `serving.knative.dev/*`) is the standard pattern and not reported.
 * Cluster-scoped resources named in a rule held through a RoleBinding are dropped first (rbac/scope.ts).
 */
export function escalationsIn(rule: PolicyRule, clusterWide: boolean, scope: ResourceScope = BUILT_IN_SCOPE): string[] {
  const out: string[] = [];
  const verbs = rule.verbs;
  const groups = rule.apiGroups ?? [];
  const anyVerb = verbs.includes('*');
  // What a RoleBinding can grant of the rule: namespaced resources (and `bind` on clusterroles).
  const grantable = (r: string, verb: string) => clusterWide || r === '*' || groups.some((g) => scope.grantableInNamespace(verb, g, r));
  const resources = (rule.resources ?? []).filter((r) => clusterWide || r === '*' || verbs.some((v) => grantable(r, v === '*' ? 'bind' : v)));
  if (resources.length === 0) return out;
  const rbacGroup = groups.some((g) => g === '*' || g === 'rbac.authorization.k8s.io');
  const roleRes = (verb: string) => resources.some((r) => ['*', 'roles', 'clusterroles'].includes(r) && grantable(r, verb));
  if (rbacGroup && (anyVerb || verbs.includes('escalate')) && roleRes('escalate')) out.push('escalate');
  if (rbacGroup && (anyVerb || verbs.includes('bind')) && roleRes('bind')) out.push('bind');
  if (clusterWide && (anyVerb || verbs.includes('impersonate'))) {
    const targets = resources.filter((r) => ['*', 'users', 'groups', 'uids', 'serviceaccounts', 'userextras', 'userextras/*'].includes(r) || r.startsWith('userextras/'));
    if (targets.length > 0 && groups.some((g) => g === '*' || g === '' || g === 'authentication.k8s.io')) out.push('impersonate');
  }
  const writes = anyVerb || verbs.some((v) => ['create', 'update', 'patch', 'delete', 'deletecollection'].includes(v));
  if (groups.includes('*') && (resources.includes('*') || anyVerb)) out.push('wildcard across API groups');
  else if (clusterWide && (anyVerb || (resources.includes('*') && writes))) out.push('wildcard verbs or resources');
  return out;
}

export function isSystemSubject(ctx: AuditContext, s: Subject): boolean {
  if (s.kind === 'ServiceAccount') return isSystemNamespace(s.namespace ?? '') || (!ctx.isTenant(s.namespace) && [ctx.knative.serving.namespace, ctx.knative.eventing.namespace].includes(s.namespace ?? ''));
  return s.name.startsWith('system:') && !['system:authenticated', 'system:unauthenticated', 'system:anonymous', 'system:serviceaccounts'].includes(s.name) && !/^system:serviceaccounts?:/.test(s.name);
}

export const check: Check = {
  id: 'KTM-RBAC-005',
  title: 'Escalate, bind, impersonate or wildcard rights for non-system subjects',
  severity: 'high',
  tenancy: ['namespace', 'control-plane'],
  clauseRule: 'platform-trusted',
  clauseFallback: ['administrator-trusted', 'tenancy-hardening'],
  crosswalk: [
    { framework: 'cis', id: '5.1.8', relation: 'same' },
    { framework: 'cis', id: '5.1.3', relation: 'related' },
    { framework: 'kubescape', id: 'C-0191', relation: 'same' },
    { framework: 'kubescape', id: 'C-0065', relation: 'related' },
    { framework: 'kubescape', id: 'C-0187', relation: 'related' },
    { framework: 'trivy', id: 'KSV-0043', relation: 'related' },
    { framework: 'trivy', id: 'KSV-0044', relation: 'related' },
    { framework: 'trivy', id: 'KSV-0046', relation: 'related' },
    { framework: 'trivy', id: 'KSV-0050', relation: 'related' },
    { framework: 'nsa-cisa', id: 'rbac', relation: 'related' },
    { framework: 'mtb', id: 'MTB-PL2-CC-TI-1', relation: 'related' },
  ],
  description:
    'escalate and bind let a subject grant itself roles it does not hold; impersonate lets it act as other users or ' +
    'ServiceAccounts; wildcards across API groups grant every current and future API. Held by anyone but the platform\'s ' +
    'own components, they undo tenant isolation.',
  fix: 'Replace the wildcard or escalation verbs with the explicit verbs and resources the subject needs.',
  evaluate(ctx) {
    const out: Evidence[] = [];
    for (const g of ctx.rbac().grants) {
      if (isSystemSubject(ctx, g.subject)) continue;
      const found = new Map<string, { origin: string; index: number }>();
      for (const r of g.role.rules) for (const e of escalationsIn(r.rule, g.namespace === undefined, ctx.rbac().scope)) if (!found.has(e)) found.set(e, r);
      if (found.size === 0) continue;
      const first = [...found.values()][0];
      out.push({
        resource: g.binding,
        path: `subjects[${g.subjectIndex}]`,
        message: `${formatSubject(g.subject)} holds ${[...found.keys()].join(', ')}${g.namespace ? ` in namespace ${g.namespace}` : ' cluster-wide'} through ${describeGrant(g, first)}`,
      });
    }
    return out;
  },
};
