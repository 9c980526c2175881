/**
 * RBAC as the API server evaluates it, over the objects in the inventory:
 * - ClusterRoles with an `aggregationRule` get the rules of every ClusterRole whose labels match one of its
 *   `clusterRoleSelectors` (resolved to a fixpoint, so aggregates of aggregates work, cycles are harmless);
 * - a RoleBinding grants its Role or ClusterRole's rules inside the binding's namespace only, and never on cluster-scoped
 *   resources (scope.ts; `bind` on clusterroles is the exception Kubernetes makes); a ClusterRoleBinding
 *   grants a ClusterRole's rules everywhere; a RoleBinding to a Role in another namespace or a missing role grants nothing;
 * - subjects: User, Group, ServiceAccount (namespace defaults to the binding's); a ServiceAccount is also the user
 *   `system:serviceaccount:<ns>:<name>` and a member of `system:serviceaccounts`, `system:serviceaccounts:<ns>` and
 *   `system:authenticated`; every authenticated user is in `system:authenticated`; `system:anonymous` is in
 *   `system:unauthenticated`.
 * Default Kubernetes ClusterRoles (admin/edit/view/cluster-admin …) are supplied when the input lacks them.
 */
import type { Inventory, Resource } from '../../k8s/types.js';
import { matchesLabelSelector, type LabelSelector } from '../../k8s/selectors.js';
import { BOOTSTRAP_CLUSTER_ROLES } from './bootstrap-roles.js';
import { ruleAllows, toPolicyRule, type PolicyRule, type ResourceRequest } from './rules.js';
import { resourceScope, type ResourceScope } from './scope.js';
import { append, groupBy } from '../../util/arrays.js';

export type { PolicyRule, ResourceRequest } from './rules.js';

export interface Subject {
  kind: 'User' | 'Group' | 'ServiceAccount';
  name: string;
  namespace?: string;
}

export function subjectKey(s: Subject): string {
  return s.kind === 'ServiceAccount' ? `ServiceAccount:${s.namespace}/${s.name}` : `${s.kind}:${s.name}`;
}

export function formatSubject(s: Subject): string {
  return s.kind === 'ServiceAccount' ? `ServiceAccount ${s.namespace}/${s.name}` : `${s.kind} ${s.name}`;
}

/** One rule of a role, with where it came from (the role itself or an aggregated role). */
export interface SourcedRule {
  rule: PolicyRule;
  /** Role that holds the rule as written, and its index there. */
  origin: string;
  index: number;
}

export interface ResolvedRole {
  kind: 'Role' | 'ClusterRole';
  name: string;
  namespace?: string;
  labels: Record<string, string>;
  rules: SourcedRule[];
  resource?: Resource;
  /** True for a Kubernetes default role ktm supplied because the input lacks it. */
  bootstrap: boolean;
}

export interface Grant {
  subject: Subject;
  /** Index of the subject in the binding's `subjects`. */
  subjectIndex: number;
  binding: Resource;
  bindingKind: 'RoleBinding' | 'ClusterRoleBinding';
  role: ResolvedRole;
  /** Namespace the grant applies in; undefined = cluster-wide. */
  namespace?: string;
}

export interface Match {
  grant: Grant;
  rule: SourcedRule;
}

export interface RbacIndex {
  grants: Grant[];
  roles: Map<string, ResolvedRole>;
  /** Which resources are cluster-scoped (never granted by a RoleBinding), CRDs in the input included. */
  scope: ResourceScope;
  /** Grants whose subject is exactly this one (no group expansion). */
  direct(subject: Subject): Grant[];
  /** Grants a subject holds directly or through the groups it is known to belong to. */
  effective(subject: Subject): Grant[];
  /**
   * Matches allowing the request for the subject. `namespace`: the object's namespace; undefined for cluster-scoped
   * objects (only ClusterRoleBindings can grant those); `'*'` = in at least one namespace.
   */
  allows(subject: Subject, req: ResourceRequest, namespace: string | undefined | '*'): Match[];
  /** Every distinct subject named by a binding, sorted by key. */
  subjects(): Subject[];
}

export function roleKey(kind: string, name: string, namespace?: string): string {
  return kind === 'ClusterRole' ? `ClusterRole/${name}` : `Role/${namespace}/${name}`;
}

export function buildRbacIndex(inv: Inventory): RbacIndex {
  const roles = new Map<string, ResolvedRole>();
  const aggregation = new Map<string, LabelSelector[]>();

  for (const r of inv.byKind('ClusterRole')) {
    const obj = r.obj;
    roles.set(roleKey('ClusterRole', r.name), {
      kind: 'ClusterRole',
      name: r.name,
      labels: { ...(obj.metadata.labels ?? {}) },
      rules: ownRules(obj.rules, r.name),
      resource: r,
      bootstrap: false,
    });
    const sels = obj.aggregationRule?.clusterRoleSelectors;
    if (Array.isArray(sels)) aggregation.set(r.name, sels.filter((s: unknown) => s && typeof s === 'object'));
  }
  for (const b of BOOTSTRAP_CLUSTER_ROLES) {
    if (roles.has(roleKey('ClusterRole', b.name))) continue;
    roles.set(roleKey('ClusterRole', b.name), {
      kind: 'ClusterRole',
      name: b.name,
      labels: { ...b.labels },
      rules: b.rules.map((rule, index) => ({ rule, origin: `ClusterRole/${b.name}`, index })),
      bootstrap: true,
    });
    if (b.aggregateFrom) aggregation.set(b.name, b.aggregateFrom.map((m) => ({ matchLabels: m })));
  }
  for (const r of inv.byKind('Role')) {
    roles.set(roleKey('Role', r.name, r.namespace), {
      kind: 'Role',
      name: r.name,
      namespace: r.namespace,
      labels: { ...(r.obj.metadata.labels ?? {}) },
      rules: ownRules(r.obj.rules, `${r.namespace}/${r.name}`, 'Role'),
      resource: r,
      bootstrap: false,
    });
  }
  resolveAggregation(roles, aggregation);

  const grants: Grant[] = [];
  for (const b of [...inv.byKind('RoleBinding'), ...inv.byKind('ClusterRoleBinding')]) {
    const kind = b.kind === 'ClusterRoleBinding' ? 'ClusterRoleBinding' : 'RoleBinding';
    const ref = b.obj.roleRef;
    if (!ref || typeof ref.name !== 'string') continue;
    // A ClusterRoleBinding can only refer to a ClusterRole; a RoleBinding to a Role in its own namespace or a ClusterRole.
    const refKind = ref.kind === 'Role' && kind === 'RoleBinding' ? 'Role' : ref.kind === 'ClusterRole' ? 'ClusterRole' : undefined;
    if (!refKind) continue;
    const role = roles.get(roleKey(refKind, ref.name, b.namespace));
    if (!role) continue;
    const subjects = Array.isArray(b.obj.subjects) ? b.obj.subjects : [];
    subjects.forEach((s: any, i: number) => {
      const subject = toSubject(s, b.namespace);
      if (subject) grants.push({ subject, subjectIndex: i, binding: b, bindingKind: kind, role, namespace: kind === 'RoleBinding' ? b.namespace : undefined });
    });
  }
  const bySubject = groupBy(grants, (g) => subjectKey(g.subject));

  const direct = (s: Subject) => bySubject.get(subjectKey(s)) ?? [];
  const effective = (s: Subject): Grant[] => {
    const keys = new Set<string>([subjectKey(s)]);
    for (const g of groupsOf(s)) keys.add(`Group:${g}`);
    if (s.kind === 'ServiceAccount') keys.add(`User:system:serviceaccount:${s.namespace}:${s.name}`);
    const out: Grant[] = [];
    for (const k of keys) append(out, bySubject.get(k) ?? []);
    return out;
  };

  const scope = resourceScope(inv);
  return {
    grants,
    roles,
    scope,
    direct,
    effective,
    allows(subject, req, namespace) {
      const out: Match[] = [];
      for (const grant of effective(subject)) {
        if (grant.namespace !== undefined) {
          if (namespace === undefined) continue; // RoleBindings never grant cluster-scoped objects
          if (namespace !== '*' && namespace !== grant.namespace) continue;
          if (!scope.grantableInNamespace(req.verb, req.group, req.resource)) continue;
        }
        for (const rule of grant.role.rules) if (ruleAllows(rule.rule, req)) out.push({ grant, rule });
      }
      return out;
    },
    subjects() {
      const seen = new Map<string, Subject>();
      for (const g of grants) seen.set(subjectKey(g.subject), g.subject);
      return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, s]) => s);
    },
  };
}

/** The groups a subject belongs to by the API server's own rules (other group memberships come from the IdP). */
export function groupsOf(s: Subject): string[] {
  if (s.kind === 'ServiceAccount') return ['system:serviceaccounts', `system:serviceaccounts:${s.namespace}`, 'system:authenticated'];
  if (s.kind === 'User') {
    if (s.name === 'system:anonymous') return ['system:unauthenticated'];
    const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(s.name);
    if (sa) return ['system:serviceaccounts', `system:serviceaccounts:${sa[1]}`, 'system:authenticated'];
    return ['system:authenticated'];
  }
  // Members of any group other than the unauthenticated one are authenticated users.
  if (s.name === 'system:unauthenticated') return [];
  return s.name === 'system:authenticated' ? [] : ['system:authenticated'];
}

function toSubject(raw: any, bindingNamespace?: string): Subject | undefined {
  if (!raw || typeof raw.name !== 'string') return undefined;
  if (raw.kind === 'ServiceAccount') {
    const ns = typeof raw.namespace === 'string' && raw.namespace ? raw.namespace : bindingNamespace;
    return ns ? { kind: 'ServiceAccount', name: raw.name, namespace: ns } : undefined;
  }
  if (raw.kind === 'User' || raw.kind === 'Group') return { kind: raw.kind, name: raw.name };
  return undefined;
}

function ownRules(raw: unknown, name: string, kind = 'ClusterRole'): SourcedRule[] {
  if (!Array.isArray(raw)) return [];
  const out: SourcedRule[] = [];
  raw.forEach((r, index) => {
    const rule = toPolicyRule(r);
    if (rule) out.push({ rule, origin: `${kind}/${name}`, index });
  });
  return out;
}

/**
 * The aggregation controller replaces an aggregated role's rules with the union of the rules of the roles its
 * selectors match. Iterate to a fixpoint so that an aggregate of aggregates sees everything.
 */
function resolveAggregation(roles: Map<string, ResolvedRole>, aggregation: Map<string, LabelSelector[]>): void {
  const clusterRoles = [...roles.values()].filter((r) => r.kind === 'ClusterRole');
  const own = new Map<string, SourcedRule[]>();
  for (const r of clusterRoles) own.set(r.name, r.rules);
  for (let round = 0; round < clusterRoles.length + 1; round++) {
    let changed = false;
    for (const [name, selectors] of aggregation) {
      const target = roles.get(roleKey('ClusterRole', name));
      if (!target) continue;
      const seen = new Set<string>();
      const merged: SourcedRule[] = [];
      const add = (rs: SourcedRule[]) => {
        for (const r of rs) {
          const k = `${r.origin}#${r.index}`;
          if (!seen.has(k)) {
            seen.add(k);
            merged.push(r);
          }
        }
      };
      // Kubernetes overwrites the aggregate's own rules; keeping them too only matters for hand-written inputs.
      add(own.get(name) ?? []);
      for (const source of clusterRoles) {
        if (source.name === name) continue;
        if (selectors.some((sel) => matchesLabelSelector(sel, source.labels))) add(source.rules);
      }
      if (merged.length !== target.rules.length) {
        target.rules = merged;
        changed = true;
      }
    }
    if (!changed) break;
  }
}
