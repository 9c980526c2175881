import { formatSubject } from '../rbac/index.js';
import { ruleAllows, type ResourceRequest } from '../rbac/rules.js';
import { describeGrant, tenantSubjects } from '../rbac/tenant-subjects.js';
import { shortList } from '../evidence.js';
import type { Check, Evidence } from '../types.js';
import { PSA_ENFORCE } from './KTM-ISO-002.js';

/** Kinds that create pods outside Knative's field masks. */
export const POD_CREATORS: ResourceRequest[] = [
  { verb: 'create', group: '', resource: 'pods' },
  { verb: 'create', group: '', resource: 'replicationcontrollers' },
  { verb: 'create', group: 'apps', resource: 'deployments' },
  { verb: 'create', group: 'apps', resource: 'replicasets' },
  { verb: 'create', group: 'apps', resource: 'statefulsets' },
  { verb: 'create', group: 'apps', resource: 'daemonsets' },
  { verb: 'create', group: 'batch', resource: 'jobs' },
  { verb: 'create', group: 'batch', resource: 'cronjobs' },
];

export const check: Check = {
  id: 'KTM-RBAC-004',
  title: 'Tenant can create raw pods where Pod Security Admission is not enforced',
  severity: 'high',
  tenancy: ['namespace', 'control-plane'],
  clauseRule: 'untrusted-needs-isolation',
  clauseFallback: ['tenancy-hardening'],
  crosswalk: [
    { framework: 'cis', id: '5.1.4', relation: 'related' },
    { framework: 'kubescape', id: 'C-0188', relation: 'related' },
    { framework: 'trivy', id: 'KSV-0048', relation: 'related' },
  ],
  description:
    'Knative\'s field masks (no privileged, no host namespaces unless gated) only apply to pods created through Knative. ' +
    'A tenant allowed to create Pods, Deployments, Jobs … bypasses them; only Pod Security Admission then stops a ' +
    'privileged pod.',
  fix: 'Enforce Pod Security Admission (baseline at least, restricted for untrusted developers) on the namespace, or restrict the tenant to Knative APIs.',
  evaluate(ctx) {
    const unenforced = ctx.tenants.filter((ns) => {
      const l = ctx.inventory.namespaces.get(ns)?.labels[PSA_ENFORCE];
      return !l || l === 'privileged';
    });
    if (unenforced.length === 0) return [];
    // A set: every namespaced grant asks about its namespace (20,000 grants × 5,000 namespaces at scale).
    const unenforcedSet = new Set(unenforced);
    const who = tenantSubjects(ctx);
    const out: Evidence[] = [];
    for (const g of ctx.rbac().grants) {
      const why = who.why(g.subject);
      if (!why) continue;
      const where = g.namespace === undefined ? unenforced : unenforcedSet.has(g.namespace) ? [g.namespace] : [];
      if (where.length === 0) continue;
      const kinds: string[] = [];
      let first: { origin: string; index: number } | undefined;
      for (const req of POD_CREATORS) {
        const rule = g.role.rules.find((r) => ruleAllows(r.rule, req));
        if (rule) {
          kinds.push(req.resource);
          first ??= rule;
        }
      }
      if (kinds.length === 0) continue;
      out.push({
        resource: g.binding,
        path: `subjects[${g.subjectIndex}]`,
        message: `${formatSubject(g.subject)} (${why}) can create ${kinds.join(', ')} in namespace(s) without Pod Security Admission enforce: ${shortList(where)} (${describeGrant(g, first)})`,
      });
    }
    return out;
  },
};
