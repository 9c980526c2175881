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
  crosswalk: [
    { framework: 'cis', id: '5.1.1', relation: 'related' },
    { framework: 'kubescape', id: 'C-0035', relation: 'related' },
    { framework: 'kubescape', id: 'C-0185', relation: 'related' },
    { framework: 'kubescape', id: 'C-0267', relation: 'related' },
    { framework: 'trivy', id: 'KSV-0111', relation: 'related' },
    { framework: 'nsa-cisa', id: 'rbac', relation: 'related' },
    { framework: 'mtb', id: 'MTB-PL1-CC-CPI-1', relation: 'related' },
    { framework: 'mtb', id: 'MTB-PL1-CC-TI-2', relation: 'related' },
  ],
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
