import { formatSubject } from '../rbac/index.js';
import { isHarmlessRule } from '../rbac/rules.js';
import { describeGrant, tenantSubjects } from '../rbac/tenant-subjects.js';
import type { Check, Evidence } from '../types.js';

/** Anonymous and unauthenticated subjects are KTM-RBAC-006's. */
const ANONYMOUS = new Set(['system:anonymous', 'system:unauthenticated']);

export const check: Check = {
  id: 'KTM-RBAC-007',
  title: 'A tenant\'s subjects hold rights in another tenant\'s namespace',
  crosswalk: [{ framework: 'mtb', id: 'MTB-PL1-CC-TI-2', relation: 'related' }],
  severity: 'high',
  tenancy: ['namespace', 'control-plane'],
  clauseRule: 'tenancy-hardening',
  description:
    'Namespaces are the isolation boundary between teams. A RoleBinding in one tenant namespace that names a ' +
    'ServiceAccount of another tenant namespace (or its `system:serviceaccount:` user or `system:serviceaccounts:` ' +
    'group), or a group every tenant belongs to (`system:authenticated`, `system:serviceaccounts`), lets other ' +
    'tenants act inside it. Users and groups that tenant RoleBindings name are not judged: a person may belong to ' +
    'several teams.',
  fix: 'Remove the other tenant\'s subject from the RoleBinding; share through an explicit, reviewed mechanism instead.',
  evaluate(ctx) {
    const out: Evidence[] = [];
    const who = tenantSubjects(ctx);
    for (const g of ctx.rbac().grants) {
      if (g.bindingKind !== 'RoleBinding' || !g.namespace || !ctx.isTenant(g.namespace)) continue;
      if (ANONYMOUS.has(g.subject.name)) continue;
      const home = who.home(g.subject);
      if (home === undefined || home === g.namespace) continue;
      if (g.role.rules.every((r) => isHarmlessRule(r.rule))) continue;
      out.push({
        resource: g.binding,
        path: `subjects[${g.subjectIndex}]`,
        message:
          `${formatSubject(g.subject)} (${home === '*' ? 'every tenant' : `tenant namespace ${home}`}) holds rights in tenant namespace ${g.namespace} ` +
          `through ${describeGrant(g)}`,
      });
    }
    return out;
  },
};
