/**
 * Which RBAC resources are cluster-scoped, so that a RoleBinding never grants them: the API server asks about a
 * cluster-scoped object with an empty namespace, and then only ClusterRoleBindings are consulted (RBAC authorizer
 * `VisitRulesFor`). The list is derived from src/k8s/scope.ts's cluster-scoped kinds (resource = lower-case plural of
 * the kind), the CRDs in the input (`spec.names.plural`, `spec.scope`), and the virtual resources the API server
 * authorizes without a namespace (impersonation of users/groups/uids/userextras, token and access reviews).
 *
 * One exception, from Kubernetes' `BindingAuthorized` (pkg/registry/rbac/escalation_check.go): `bind` on `clusterroles`
 * is checked in the namespace of the RoleBinding being created, so a RoleBinding granting it lets the subject bind that
 * ClusterRole inside the namespace ("delegation to bind particular clusterroles in rolebindings within particular
 * namespaces"). And one from the API server's RequestInfo: a request on `/api/v1/namespaces/NAME` (get, patch,
 * update, delete of the namespace object, or its subresources) is authorized with namespace NAME, so a RoleBinding in
 * NAME grants rights on the namespace NAME itself (callers ask with that namespace).
 */
import type { Inventory } from '../../k8s/types.js';
import { CLUSTER_SCOPED_KINDS } from '../../k8s/scope.js';

/** `group/resource` (core group: `/resource`) of resources without a namespace that are not a kind in src/k8s/scope.ts. */
const VIRTUAL_CLUSTER_SCOPED = [
  '/users',
  '/groups',
  'authentication.k8s.io/uids',
  'authentication.k8s.io/userextras',
  'authentication.k8s.io/tokenreviews',
  'authentication.k8s.io/selfsubjectreviews',
  'authorization.k8s.io/subjectaccessreviews',
  'authorization.k8s.io/selfsubjectaccessreviews',
  'authorization.k8s.io/selfsubjectrulesreviews',
];

/** `IngressClass` → `ingressclasses`, `Policy` → `policies`, `ComponentStatus` → `componentstatuses`; plural kinds stay. */
export function resourceOfKind(kind: string): string {
  const k = kind.toLowerCase();
  if (/(ss|us|x|ch|sh)$/.test(k)) return `${k}es`;
  if (/[^aeiou]y$/.test(k)) return `${k.slice(0, -1)}ies`;
  if (k.endsWith('s')) return k; // SecurityContextConstraints
  return `${k}s`;
}

function keyOf(groupKind: string): string {
  const dot = groupKind.indexOf('.');
  return dot < 0 ? `/${resourceOfKind(groupKind)}` : `${groupKind.slice(dot + 1)}/${resourceOfKind(groupKind.slice(0, dot))}`;
}

const BUILT_IN: ReadonlySet<string> = new Set([...[...CLUSTER_SCOPED_KINDS].map(keyOf), ...VIRTUAL_CLUSTER_SCOPED]);

export interface ResourceScope {
  /** Is `resource` (or `resource/subresource`) of `group` cluster-scoped? `group` `*` = in any group we know. */
  clusterScoped(group: string, resource: string): boolean;
  /** Can a RoleBinding grant this request (namespaced resource, or `bind` on clusterroles)? */
  grantableInNamespace(verb: string, group: string, resource: string): boolean;
}

export function resourceScope(inv?: Inventory): ResourceScope {
  const scoped = new Set(BUILT_IN);
  for (const crd of inv?.byKind('CustomResourceDefinition') ?? []) {
    const group = crd.obj.spec?.group;
    const plural = crd.obj.spec?.names?.plural;
    if (typeof group !== 'string' || typeof plural !== 'string') continue;
    if (crd.obj.spec?.scope === 'Cluster') scoped.add(`${group}/${plural}`);
    else if (crd.obj.spec?.scope === 'Namespaced') scoped.delete(`${group}/${plural}`);
  }
  const names = new Set([...scoped].map((k) => k.slice(k.indexOf('/') + 1)));
  const clusterScoped = (group: string, resource: string): boolean => {
    const base = resource.split('/')[0];
    return group === '*' ? names.has(base) : scoped.has(`${group}/${base}`);
  };
  return {
    clusterScoped,
    grantableInNamespace: (verb, group, resource) =>
      !clusterScoped(group, resource) ||
      (verb === 'bind' && resource === 'clusterroles' && (group === 'rbac.authorization.k8s.io' || group === '*')) ||
      // A request on the namespace object NAME carries namespace NAME (apiserver RequestInfo): RoleBindings there apply.
      ((resource === 'namespaces' || resource.startsWith('namespaces/')) && group === ''),
  };
}

/** The built-in list alone (no CRDs), for callers without an inventory. */
export const BUILT_IN_SCOPE: ResourceScope = resourceScope();
