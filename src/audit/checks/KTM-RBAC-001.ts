import { formatSubject } from '../rbac/index.js';
import { isHarmlessRule } from '../rbac/rules.js';
import { describeGrant, tenantSubjects } from '../rbac/tenant-subjects.js';
import type { Check, Evidence } from '../types.js';

export const check: Check = {
  id: 'KTM-RBAC-001',
  title: 'Tenant subject with cluster-wide rights',
  severity: 'high',
  tenancy: ['namespace', 'control-plane'],
  clauseRule: 'platform-trusted',
  clauseFallback: ['tenancy-hardening'],
  description:
    'A ClusterRoleBinding grants its rules in every namespace. A tenant subject bound by one can act on other tenants\' ' +
    'objects. Default discovery and self-review rights are ignored.',
  fix: 'Replace the ClusterRoleBinding with RoleBindings in the tenant\'s own namespaces.',
  evaluate(ctx) {
    const who = tenantSubjects(ctx);
    const out: Evidence[] = [];
    for (const g of ctx.rbac().grants) {
      if (g.bindingKind !== 'ClusterRoleBinding') continue;
      const why = who.why(g.subject);
      if (!why) continue;
      const meaningful = g.role.rules.filter((r) => !isHarmlessRule(r.rule));
      if (meaningful.length === 0) continue;
      out.push({
        resource: g.binding,
        path: `subjects[${g.subjectIndex}]`,
        message: `${formatSubject(g.subject)} (${why}) holds cluster-wide rights through ${describeGrant(g)} (${meaningful.length} rule(s))`,
      });
    }
    return out;
  },
};
