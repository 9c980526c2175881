/**
 * Who counts as a tenant when reading bindings:
 * - a ServiceAccount in a tenant namespace, or the user `system:serviceaccount:<tenant>:<name>`;
 * - the group `system:serviceaccounts:<tenant>`;
 * - the groups every tenant belongs to: `system:authenticated`, `system:serviceaccounts` (and the unauthenticated
 *   ones, which also include anyone outside);
 * - a User or Group (not `system:`) that some RoleBinding in a tenant namespace names: that is how tenants' people
 *   are granted their namespace.
 */
import type { AuditContext } from '../types.js';
import { buildRbacIndex, type Grant, type RbacIndex, type Subject } from './index.js';

export const BROAD_GROUPS = new Set(['system:authenticated', 'system:serviceaccounts', 'system:unauthenticated']);

export interface TenantSubjects {
  /** Why the subject is a tenant (for messages); undefined = not a tenant. */
  why(s: Subject): string | undefined;
  /**
   * The tenant namespace a subject belongs to by its identity — a ServiceAccount of it, its `system:serviceaccount:`
   * user, its `system:serviceaccounts:` group — or `*` for the groups every tenant is in. Undefined for people (users
   * and groups named by tenant RoleBindings may belong to several teams) and for non-tenants.
   */
  home(s: Subject): string | undefined;
  /** The subject is a tenant only because a tenant RoleBinding names it (a person, not an identity of a namespace). */
  isPerson(s: Subject): boolean;
}

/** The one definition of tenant subjects, for the audit (from its context). */
export function tenantSubjects(ctx: AuditContext): TenantSubjects {
  return tenantSubjectsOf(ctx.rbac(), (ns) => ctx.isTenant(ns));
}

/** The one definition of tenant subjects, for any engine that has the RBAC index and the tenant namespaces (harden). */
export function tenantSubjectsOf(rbac: RbacIndex, isTenant: (namespace: string | undefined) => boolean): TenantSubjects {
  const ctx = { isTenant };
  const people = new Map<string, string>();
  for (const g of rbac.grants) {
    if (g.bindingKind !== 'RoleBinding' || !ctx.isTenant(g.namespace)) continue;
    const s = g.subject;
    if (s.kind !== 'ServiceAccount' && !s.name.startsWith('system:')) {
      const k = `${s.kind}:${s.name}`;
      if (!people.has(k)) people.set(k, `named by RoleBinding ${g.namespace}/${g.binding.name} in tenant namespace ${g.namespace}`);
    }
  }
  return {
    why(s) {
      if (s.kind === 'ServiceAccount') return ctx.isTenant(s.namespace) ? `a ServiceAccount of tenant namespace ${s.namespace}` : undefined;
      const sa = /^system:serviceaccount:([^:]+):/.exec(s.name);
      if (s.kind === 'User' && sa) return ctx.isTenant(sa[1]) ? `a ServiceAccount of tenant namespace ${sa[1]}` : undefined;
      if (s.kind === 'User' && s.name === 'system:anonymous') return 'anyone, unauthenticated';
      if (s.kind === 'Group') {
        if (BROAD_GROUPS.has(s.name)) return `every tenant is in ${s.name}`;
        const m = /^system:serviceaccounts:(.+)$/.exec(s.name);
        if (m) return ctx.isTenant(m[1]) ? `the ServiceAccounts of tenant namespace ${m[1]}` : undefined;
      }
      return people.get(`${s.kind}:${s.name}`);
    },
    home(s) {
      if (s.kind === 'ServiceAccount') return ctx.isTenant(s.namespace) ? s.namespace : undefined;
      const sa = /^system:serviceaccount:([^:]+):/.exec(s.name);
      if (s.kind === 'User' && sa) return ctx.isTenant(sa[1]) ? sa[1] : undefined;
      if (s.kind === 'User' && s.name === 'system:anonymous') return '*';
      if (s.kind === 'Group') {
        if (BROAD_GROUPS.has(s.name)) return '*';
        const m = /^system:serviceaccounts:(.+)$/.exec(s.name);
        if (m) return ctx.isTenant(m[1]) ? m[1] : undefined;
      }
      return undefined;
    },
    isPerson(s) {
      return s.kind !== 'ServiceAccount' && !s.name.startsWith('system:') && people.has(`${s.kind}:${s.name}`);
    },
  };
}

/** `RoleBinding ns/name → ClusterRole x (rules[3] of ClusterRole/y)` */
export function describeGrant(g: Grant, rule?: { origin: string; index: number }): string {
  const where = g.bindingKind === 'RoleBinding' ? `RoleBinding ${g.namespace}/${g.binding.name}` : `ClusterRoleBinding ${g.binding.name}`;
  const role = `${g.role.kind} ${g.role.name}${g.role.bootstrap ? ' (Kubernetes default role)' : ''}`;
  const r = rule ? ` ${rule.origin}.rules[${rule.index}]` : '';
  return `${where} → ${role}${r}`;
}

export { buildRbacIndex };
