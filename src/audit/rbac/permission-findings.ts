/**
 * Shared by the RBAC checks that ask "can a tenant do X": walks every grant held by a tenant subject and reports the
 * rules that allow any of the requests, one finding per (binding, subject).
 */
import type { AuditContext, Evidence } from '../types.js';
import { formatSubject, type Grant } from './index.js';
import { ruleAllows, type ResourceRequest } from './rules.js';
import { describeGrant, tenantSubjects } from './tenant-subjects.js';

export interface PermissionQuery {
  /** The requests to test, possibly depending on the grant (RoleBindings never grant cluster-scoped kinds). */
  requests: ResourceRequest[] | ((g: Grant) => ResourceRequest[]);
  /** Which grants count: e.g. only those applying in knative-serving. Default: all. */
  grantFilter?: (g: Grant) => boolean;
  /** Message tail, given the allowed requests. */
  describe: (allowed: ResourceRequest[], g: Grant) => string;
}

export function permissionFindings(ctx: AuditContext, q: PermissionQuery): Evidence[] {
  const who = tenantSubjects(ctx);
  const out: Evidence[] = [];
  for (const g of ctx.rbac().grants) {
    const why = who.why(g.subject);
    if (!why) continue;
    if (q.grantFilter && !q.grantFilter(g)) continue;
    const allowed: ResourceRequest[] = [];
    let firstRule: { origin: string; index: number } | undefined;
    const reqs = typeof q.requests === 'function' ? q.requests(g) : q.requests;
    for (const req of reqs) {
      const rule = g.role.rules.find((r) => ruleAllows(r.rule, req));
      if (rule) {
        allowed.push(req);
        firstRule ??= rule;
      }
    }
    if (allowed.length === 0) continue;
    out.push({
      resource: g.binding,
      path: `subjects[${g.subjectIndex}]`,
      message: `${formatSubject(g.subject)} (${why}) ${q.describe(allowed, g)} through ${describeGrant(g, firstRule)}`,
    });
  }
  return out;
}

export function verbsOn(allowed: ResourceRequest[]): string {
  const byRes = new Map<string, Set<string>>();
  for (const r of allowed) {
    const res = `${r.resource}${r.subresource ? `/${r.subresource}` : ''}${r.group ? `.${r.group}` : ''}`;
    byRes.set(res, (byRes.get(res) ?? new Set()).add(r.verb));
  }
  return [...byRes.entries()].map(([res, verbs]) => `${[...verbs].join('/')} ${res}`).join(', ');
}

export function requests(group: string, resources: string[], verbs: string[]): ResourceRequest[] {
  const out: ResourceRequest[] = [];
  for (const resource of resources) for (const verb of verbs) out.push({ verb, group, resource });
  return out;
}
