import type { Inventory } from '../../k8s/types.js';
import { shortList } from '../evidence.js';
import type { Check } from '../types.js';

/** Virtual control planes recognised in the host cluster's objects. */
export function virtualControlPlanes(inv: Inventory): { id: string; namespace?: string }[] {
  const out = new Map<string, { id: string; namespace?: string }>();
  for (const kind of ['StatefulSet', 'Deployment']) {
    for (const r of inv.byKind(kind)) {
      const l = r.obj.metadata.labels ?? {};
      if (l.app === 'vcluster' || l['app.kubernetes.io/name'] === 'vcluster') {
        const name = l.release ?? l['app.kubernetes.io/instance'] ?? r.name;
        out.set(`vcluster ${r.namespace}/${name}`, { id: `vcluster ${r.namespace}/${name}`, namespace: r.namespace });
      }
    }
  }
  for (const [kind, label] of [['TenantControlPlane', 'Kamaji TenantControlPlane'], ['VirtualCluster', 'VirtualCluster'], ['Cluster.k3k.io', 'k3k Cluster']] as const) {
    for (const r of inv.byKind(kind)) out.set(`${label} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`, { id: `${label} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`, namespace: r.namespace });
  }
  return [...out.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
}

export const check: Check = {
  id: 'KTM-CP-001',
  title: 'One Knative installation shared by several virtual clusters',
  severity: 'high',
  tenancy: ['control-plane'],
  clauseRule: 'multi-cluster-independent',
  clauseFallback: ['tenancy-hardening'],
  crosswalk: { none: 'Knative-specific: whether virtual clusters share one Knative installation is a property of Knative\'s shared components, which the multi-tenancy benchmarks do not test' },
  description:
    'The 2025 model holds "if each cluster … is running an independent installation of Knative components". A Knative ' +
    'Serving installed in the host cluster and used by the workloads of several virtual clusters shares its activator, ' +
    'autoscaler and gateway between tenants whose control planes are otherwise separate.',
  fix: 'Install Knative inside each virtual cluster (or give each tenant its own ingress, activator and autoscaler), not once in the host.',
  evaluate(ctx) {
    const k = ctx.knative;
    if (!k.serving.installed) return [];
    const vcps = virtualControlPlanes(ctx.inventory);
    if (vcps.length === 0) return [];
    const vcpNs = new Set(vcps.map((v) => v.namespace).filter(Boolean));
    const hostKnative = ctx.inventory.workloads.filter((w) => w.knative && !vcpNs.has(w.namespace)).length;
    if (vcps.length < 2 && hostKnative === 0) return [];
    const activator = ctx.inventory.find('Deployment', k.serving.namespace, 'activator');
    return [
      {
        resource: activator ?? { kind: 'Namespace', name: k.serving.namespace, source: '<derived>' },
        path: '',
        message: `Knative Serving in ${k.serving.namespace} is one installation shared by ${vcps.length} virtual control plane(s) (${shortList(vcps.map((v) => v.id), 4)})${hostKnative ? ` and ${hostKnative} Knative workload(s) of the host` : ''}: activator, autoscaler and gateway are shared between them`,
      },
    ];
  },
};
