/**
 * RBAC fixes: ClusterDomainClaims that delegate each domain already used by a DomainMapping to the namespace that
 * uses it (and nothing else); cluster-wide bindings stripped of tenant and anonymous subjects; and, where Pod
 * Security Admission cannot be enforced, a tenant Role without raw Pod creation.
 */
import type { K8sObject, Resource } from '../../k8s/types.js';
import { MANAGED_BY, type Generator, type GeneratedObject, type HardenContext, type ManualStep } from '../types.js';

const ANONYMOUS = new Set(['system:anonymous', 'system:unauthenticated']);

export const rbac: Generator = (ctx) => {
  const objects: GeneratedObject[] = [];
  const manual: ManualStep[] = [];
  domainClaims(ctx, objects, manual);
  clusterBindings(ctx, objects, manual);
  tenantRole(ctx, objects, manual);
  return { objects, manual };
};

function domainClaims(ctx: HardenContext, objects: GeneratedObject[], manual: ManualStep[]): void {
  const claims = new Map(ctx.inventory.byKind('ClusterDomainClaim').map((c) => [c.name, c.obj.spec?.namespace as string | undefined]));
  const byDomain = new Map<string, Set<string>>();
  for (const dm of ctx.inventory.byKind('DomainMapping')) {
    if (!dm.namespace) continue;
    const set = byDomain.get(dm.name) ?? new Set<string>();
    set.add(dm.namespace);
    byDomain.set(dm.name, set);
  }
  for (const [domain, namespaces] of [...byDomain].sort(([a], [b]) => a.localeCompare(b))) {
    if (namespaces.size > 1) {
      manual.push({
        fixes: ['KTM-CFG-003'],
        rule: 'tenancy-hardening',
        text: `domain ${domain} is mapped by several namespaces (${[...namespaces].sort().join(', ')}): decide which one owns it and create its ClusterDomainClaim by hand`,
      });
      continue;
    }
    const ns = [...namespaces][0];
    const claimed = claims.get(domain);
    if (claimed === ns) continue;
    if (claimed !== undefined) {
      manual.push({ fixes: ['KTM-CFG-003'], rule: 'tenancy-hardening', text: `domain ${domain} is mapped in ${ns} but claimed for ${claimed}: one of them is wrong` });
      continue;
    }
    objects.push({
      concern: 'rbac',
      object: {
        apiVersion: 'networking.internal.knative.dev/v1alpha1',
        kind: 'ClusterDomainClaim',
        metadata: { name: domain, labels: { ...MANAGED_BY } },
        spec: { namespace: ns },
      },
      fixes: ['KTM-CFG-003'],
      rule: 'tenancy-hardening',
      reason: `delegate ${domain} to ${ns}, the only namespace that maps it`,
    });
  }
}

/** A subject that belongs to a tenant: a ServiceAccount of a tenant namespace, or the group of all of its accounts. */
function isTenantSubject(ctx: HardenContext, s: { kind?: string; name?: string; namespace?: string }): boolean {
  if (s.kind === 'ServiceAccount' && s.namespace && ctx.tenants.includes(s.namespace)) return true;
  if (s.kind === 'Group' && s.name?.startsWith('system:serviceaccounts:')) return ctx.tenants.includes(s.name.slice('system:serviceaccounts:'.length));
  return false;
}

function clusterBindings(ctx: HardenContext, objects: GeneratedObject[], manual: ManualStep[]): void {
  const bindings: Resource[] = [...ctx.inventory.byKind('ClusterRoleBinding'), ...ctx.inventory.byKind('RoleBinding')];
  for (const b of bindings) {
    // Kubernetes' own bootstrap bindings (system:*) are managed by the API server and re-created at start.
    if (b.name.startsWith('system:')) continue;
    const subjects: Array<{ kind?: string; name?: string; namespace?: string }> = b.obj.subjects ?? [];
    const anonymous = subjects.filter((s) => s.name && ANONYMOUS.has(s.name));
    const tenant = b.kind === 'ClusterRoleBinding' ? subjects.filter((s) => isTenantSubject(ctx, s)) : [];
    const drop = new Set([...anonymous, ...tenant]);
    if (drop.size === 0) continue;
    const kept = subjects.filter((s) => !drop.has(s));
    const object: K8sObject = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: b.kind,
      metadata: { name: b.name, ...(b.namespace ? { namespace: b.namespace } : {}), ...(b.obj.metadata.labels ? { labels: { ...b.obj.metadata.labels } } : {}) },
      roleRef: b.obj.roleRef,
      subjects: kept,
    };
    const names = [...drop].map((s) => `${s.kind}/${s.namespace ? `${s.namespace}/` : ''}${s.name}`).join(', ');
    objects.push({
      concern: 'rbac',
      object,
      fixes: [...(tenant.length ? ['KTM-RBAC-001'] : []), ...(anonymous.length ? ['KTM-RBAC-006'] : [])],
      rule: 'tenancy-hardening',
      reason: `${b.kind} ${b.name} without ${names}${kept.length === 0 ? ' (no subject left: delete it once applied)' : ''}`,
    });
    if (kept.length === 0) {
      manual.push({ fixes: ['KTM-RBAC-001'], rule: 'tenancy-hardening', text: `${b.kind} ${b.namespace ? `${b.namespace}/` : ''}${b.name} has no legitimate subject left: delete it (kubectl delete ${b.kind.toLowerCase()} ${b.name}${b.namespace ? ` -n ${b.namespace}` : ''})` });
    }
  }
}

/** Pod Security Admission exists from Kubernetes 1.25 (GA); below that the raw-Pod path must be closed by RBAC. */
function tenantRole(ctx: HardenContext, objects: GeneratedObject[], manual: ManualStep[]): void {
  const versions = ctx.inventory
    .byKind('Node')
    .map((n) => /^v?(\d+)\.(\d+)/.exec(String(n.obj.status?.nodeInfo?.kubeletVersion ?? '')))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]) * 1000 + Number(m[2]));
  const oldest = versions.length ? Math.min(...versions) : undefined;
  if (oldest === undefined || oldest >= 1025) return;
  for (const ns of ctx.tenants) {
    objects.push({
      concern: 'rbac',
      object: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name: 'ktm-tenant-developer', namespace: ns, labels: { ...MANAGED_BY } },
        rules: [
          { apiGroups: ['serving.knative.dev'], resources: ['services', 'configurations', 'routes', 'revisions', 'domainmappings'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
          { apiGroups: ['eventing.knative.dev', 'sources.knative.dev', 'messaging.knative.dev'], resources: ['*'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
          { apiGroups: [''], resources: ['configmaps', 'secrets'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
          { apiGroups: [''], resources: ['pods', 'pods/log', 'events'], verbs: ['get', 'list', 'watch'] },
        ],
      },
      fixes: ['KTM-RBAC-004'],
      rule: 'tenancy-hardening',
      reason: `nodes run Kubernetes older than 1.25, so Pod Security Admission cannot hold; tenants of ${ns} get Knative APIs but no raw Pods or Deployments`,
    });
  }
  manual.push({ fixes: ['KTM-RBAC-004'], rule: 'tenancy-hardening', text: 'Bind tenant users to the Role ktm-tenant-developer instead of edit/admin in their namespaces.' });
}
