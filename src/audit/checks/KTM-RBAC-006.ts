import { formatSubject } from '../rbac/index.js';
import { isHarmlessRule } from '../rbac/rules.js';
import { describeGrant } from '../rbac/tenant-subjects.js';
import type { Check, Evidence } from '../types.js';

export const check: Check = {
  id: 'KTM-RBAC-006',
  title: 'Anonymous or unauthenticated subjects bound to a role',
  severity: 'critical',
  tenancy: ['cluster', 'namespace', 'control-plane'],
  clauseRule: 'platform-trusted',
  clauseFallback: ['unprivileged-most-significant'],
  crosswalk: [
    { framework: 'cis', id: '1.2.1', relation: 'related' },
    { framework: 'kubescape', id: 'C-0262', relation: 'same' },
    { framework: 'kubescape', id: 'C-0265', relation: 'related' },
    { framework: 'trivy', id: 'KSV-0122', relation: 'same' },
    { framework: 'trivy', id: 'KSV-01011', relation: 'related' },
    { framework: 'nsa-cisa', id: 'authentication', relation: 'related' },
  ],
  description:
    'A binding to `system:anonymous` or `system:unauthenticated` gives its rules to anyone who can reach the API server, ' +
    'without credentials. Only the public health/version endpoints are left alone.',
  fix: 'Delete the subject from the binding (and keep anonymous auth off on the API server).',
  evaluate(ctx) {
    const out: Evidence[] = [];
    for (const g of ctx.rbac().grants) {
      const s = g.subject;
      const anon = (s.kind === 'User' && s.name === 'system:anonymous') || (s.kind === 'Group' && s.name === 'system:unauthenticated');
      if (!anon) continue;
      if (g.role.rules.every((r) => isHarmlessRule(r.rule))) continue;
      out.push({
        resource: g.binding,
        path: `subjects[${g.subjectIndex}]`,
        message: `${formatSubject(s)} is bound through ${describeGrant(g)}${g.namespace ? ` in namespace ${g.namespace}` : ' cluster-wide'}: anyone reaching the API server holds these rights`,
      });
    }
    return out;
  },
};
