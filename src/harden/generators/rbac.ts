/**
 * RBAC fixes: ClusterDomainClaims that delegate each domain already used by a DomainMapping to the namespace that
 * uses it (and nothing else); cluster-wide bindings stripped of tenant and anonymous subjects; and, where Pod
 * Security Admission cannot be enforced, a tenant Role without raw Pod creation.
 */
import type { K8sObject, Resource } from '../../k8s/types.js';
import { buildRbacIndex, type Subject } from '../../audit/rbac/index.js';
import { tenantSubjectsOf } from '../../audit/rbac/tenant-subjects.js';
import { isHarmlessRule } from '../../audit/rbac/rules.js';
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

/**
 * Bindings stripped of the subjects that must not hold their rights, by the audit's own definition of tenant subjects
 * (src/audit/rbac/tenant-subjects.ts): on ClusterRoleBindings every tenant identity (ServiceAccounts of tenant
 * namespaces, their groups, `system:authenticated`, `system:serviceaccounts`) and anonymous subjects; on RoleBindings
 * of a tenant namespace the identities of other tenants and the groups every tenant is in. People (users and groups
 * that tenant RoleBindings name) are never removed by ktm — that could lock out an administrator — but named.
 */
function clusterBindings(ctx: HardenContext, objects: GeneratedObject[], manual: ManualStep[]): void {
  const index = buildRbacIndex(ctx.inventory);
  const tenants = new Set(ctx.tenants);
  const who = tenantSubjectsOf(index, (ns) => ns !== undefined && tenants.has(ns));
  // Bindings whose role grants only harmless rules (health, version, discovery) are left alone, as the audit does.
  const harmful = new Set(index.grants.filter((g) => !g.role.rules.every((r) => isHarmlessRule(r.rule))).map((g) => g.binding));
  const bindings: Resource[] = [...ctx.inventory.byKind('ClusterRoleBinding'), ...ctx.inventory.byKind('RoleBinding')];
  for (const b of bindings) {
    // Kubernetes' own bootstrap bindings (system:*) are managed by the API server and re-created at start.
    if (b.name.startsWith('system:') || !harmful.has(b)) continue;
    const subjects: Array<{ kind?: string; name?: string; namespace?: string }> = b.obj.subjects ?? [];
    const asSubject = (s: { kind?: string; name?: string; namespace?: string }): Subject => ({
      kind: (s.kind ?? 'User') as Subject['kind'],
      name: s.name ?? '',
      ...(s.kind === 'ServiceAccount' ? { namespace: s.namespace ?? b.namespace } : {}),
    });
    const anonymous = subjects.filter((s) => s.name && ANONYMOUS.has(s.name));
    const clusterWide = b.kind === 'ClusterRoleBinding';
    const inTenant = !clusterWide && b.namespace !== undefined && tenants.has(b.namespace);
    const tenant = clusterWide ? subjects.filter((s) => !anonymous.includes(s) && who.home(asSubject(s)) !== undefined) : [];
    const crossTenant = inTenant
      ? subjects.filter((s) => {
          const home = who.home(asSubject(s));
          return !anonymous.includes(s) && home !== undefined && home !== b.namespace;
        })
      : [];
    const people = clusterWide ? subjects.filter((s) => who.isPerson(asSubject(s))) : [];
    if (people.length) {
      manual.push({
        fixes: ['KTM-RBAC-001'],
        rule: 'tenancy-hardening',
        resources: [`ClusterRoleBinding/${b.name}`],
        text: `ClusterRoleBinding ${b.name} gives cluster-wide rights to ${people.map((s) => `${s.kind} ${s.name}`).join(', ')}, who also ${people.length > 1 ? 'belong' : 'belongs'} to a tenant namespace: if they are tenants, remove them from it (ktm does not, to never lock out an administrator).`,
      });
    }
    const drop = new Set([...anonymous, ...tenant, ...crossTenant]);
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
      fixes: [...(tenant.length ? ['KTM-RBAC-001'] : []), ...(anonymous.length ? ['KTM-RBAC-006'] : []), ...(crossTenant.length ? ['KTM-RBAC-007'] : [])],
      rule: 'tenancy-hardening',
      reason: `${b.kind} ${b.name} without ${names}${crossTenant.length ? ` (other tenants' subjects in ${b.namespace})` : ''}${kept.length === 0 ? ' (no subject left: delete it once applied)' : ''}`,
    });
    if (kept.length === 0) {
      const ref = `${b.kind}/${b.namespace ? `${b.namespace}/` : ''}${b.name}`;
      manual.push({
        fixes: [...new Set([...(tenant.length ? ['KTM-RBAC-001'] : []), ...(anonymous.length ? ['KTM-RBAC-006'] : []), ...(crossTenant.length ? ['KTM-RBAC-007'] : [])])],
        rule: 'tenancy-hardening',
        resources: [ref],
        text: `${b.kind} ${b.namespace ? `${b.namespace}/` : ''}${b.name} has no legitimate subject left: delete it (kubectl delete ${b.kind.toLowerCase()} ${b.name}${b.namespace ? ` -n ${b.namespace}` : ''})`,
      });
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
