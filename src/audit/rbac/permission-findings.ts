/**
 * Shared by the RBAC checks that ask "can a tenant do X": walks every grant held by a tenant subject and reports the
 * rules that allow any of the requests, one finding per (binding, subject).
 */
import type { AuditContext, Evidence } from '../types.js';
import { formatSubject, type Grant } from './index.js';
import { ruleAllowsSomeName, type ResourceRequest } from './rules.js';
import { describeGrant, tenantSubjects } from './tenant-subjects.js';

export interface PermissionQuery {
  /** The requests to test, possibly depending on the grant (those a RoleBinding cannot grant are dropped here). */
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
    const all = typeof q.requests === 'function' ? q.requests(g) : q.requests;
    // A RoleBinding never grants cluster-scoped resources (scope.ts).
    const scope = ctx.rbac().scope;
    const reqs = g.bindingKind === 'RoleBinding' ? all.filter((r) => scope.grantableInNamespace(r.verb, r.group, r.resource)) : all;
    for (const req of reqs) {
      // Names the rules allow it for: undefined = not allowed, [] = any name (an unlimited rule wins).
      let names: string[] | undefined;
      for (const r of g.role.rules) {
        const n = ruleAllowsSomeName(r.rule, req);
        if (n === undefined) continue;
        firstRule ??= r;
        if (n.length === 0) {
          names = [];
          break;
        }
        names = [...new Set([...(names ?? []), ...n])];
      }
      if (names !== undefined) allowed.push(names.length > 0 ? { ...req, name: names.sort().join('|') } : req);
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

/** `get/update configmaps [config-domain], get secrets`: names shown where rules limit them (resourceNames). */
export function verbsOn(allowed: ResourceRequest[]): string {
  const byRes = new Map<string, Set<string>>();
  for (const r of allowed) {
    const names = r.name ? ` [${r.name.split('|').join(', ')}]` : '';
    const res = `${r.resource}${r.subresource ? `/${r.subresource}` : ''}${r.group ? `.${r.group}` : ''}${names}`;
    byRes.set(res, (byRes.get(res) ?? new Set()).add(r.verb));
  }
  return [...byRes.entries()].map(([res, verbs]) => `${[...verbs].join('/')} ${res}`).join(', ');
}

export function requests(group: string, resources: string[], verbs: string[]): ResourceRequest[] {
  const out: ResourceRequest[] = [];
  for (const resource of resources) for (const verb of verbs) out.push({ verb, group, resource });
  return out;
}
