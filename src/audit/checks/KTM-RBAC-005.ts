import { formatSubject, type Subject } from '../rbac/index.js';
import type { PolicyRule } from '../rbac/rules.js';
import { describeGrant } from '../rbac/tenant-subjects.js';
import { isSystemNamespace } from '../tenants.js';
import type { AuditContext, Check, Evidence } from '../types.js';

/**
 * Escalation verbs and wildcards granted to non-system subjects. Judged per rule:
 * - `escalate` or `bind` (on roles/clusterroles) anywhere: the subject can grant itself any permission in scope;
 * - `impersonate` on users, groups, uids or serviceaccounts cluster-wide (impersonating ServiceAccounts of one's own
 *   namespace through a RoleBinding is what the default `edit` role allows, and stays in the namespace);
 * - `*` in apiGroups together with `*` in resources or verbs (every API, including future ones), or `*` verbs, or `*`
 *   resources with write verbs, granted cluster-wide (read-only wildcards such as Knative's aggregated view are
 *   KTM-RBAC-001's business). A namespaced wildcard inside one named API group (Knative's aggregated admin roles,
 *   `serving.knative.dev/*`) is the standard pattern and not reported.
 */
export function escalationsIn(rule: PolicyRule, clusterWide: boolean): string[] {
  const out: string[] = [];
  const verbs = rule.verbs;
  const groups = rule.apiGroups ?? [];
  const resources = rule.resources ?? [];
  const anyVerb = verbs.includes('*');
  const rbacGroup = groups.some((g) => g === '*' || g === 'rbac.authorization.k8s.io');
  const roleRes = resources.some((r) => ['*', 'roles', 'clusterroles'].includes(r));
  if (rbacGroup && roleRes && (anyVerb || verbs.includes('escalate'))) out.push('escalate');
  if (rbacGroup && roleRes && (anyVerb || verbs.includes('bind'))) out.push('bind');
  if (anyVerb || verbs.includes('impersonate')) {
    const targets = resources.filter((r) => ['*', 'users', 'groups', 'uids', 'serviceaccounts', 'userextras/*'].includes(r));
    const onlySa = targets.every((r) => r === 'serviceaccounts');
    if (targets.length > 0 && (clusterWide || !onlySa) && (groups.some((g) => g === '*' || g === '' || g === 'authentication.k8s.io'))) out.push('impersonate');
  }
  const writes = anyVerb || verbs.some((v) => ['create', 'update', 'patch', 'delete', 'deletecollection'].includes(v));
  if (groups.includes('*') && (resources.includes('*') || anyVerb)) out.push('wildcard across API groups');
  else if (clusterWide && (anyVerb || (resources.includes('*') && writes))) out.push('wildcard granted cluster-wide');
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
      for (const r of g.role.rules) for (const e of escalationsIn(r.rule, g.namespace === undefined)) if (!found.has(e)) found.set(e, r);
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
