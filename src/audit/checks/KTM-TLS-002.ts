import { configRef, shortList } from '../evidence.js';
import type { Check } from '../types.js';

/**
 * External Knative Services without automatic TLS while users are untrusted. Severity low: TLS is often terminated in
 * front of the cluster (a load balancer ktm cannot see), which is listed among the assumptions.
 */
export const check: Check = {
  id: 'KTM-TLS-002',
  title: 'Public Knative Services without external-domain TLS',
  severity: 'low',
  tenancy: ['cluster', 'namespace', 'control-plane'],
  appliesTo: { users: 'untrusted' },
  clauseRule: 'runtime-network-trusted',
  clauseFallback: ['platform-trusted'],
  crosswalk: [
    { framework: 'kubescape', id: 'C-0263', relation: 'related' },
    { framework: 'nsa-cisa', id: 'encryption', relation: 'related' },
  ],
  description:
    'Knative Services published on the external domain are served over plain HTTP unless `external-domain-tls` ' +
    '(config-network) provisions certificates or TLS is terminated in front of the cluster.',
  fix: 'Set `external-domain-tls: "Enabled"` in config-network (with cert-manager), or terminate TLS at the edge and say so.',
  evaluate(ctx) {
    const k = ctx.knative;
    if (!k.serving.installed) return [];
    const v = k.network.externalDomainTls();
    if (v.value) return [];
    const domainKeys = Object.keys(k.configData(k.serving.namespace, 'config-domain')).filter((x) => x !== '_example');
    // config-domain with only `svc.cluster.local` makes every route cluster-local.
    if (domainKeys.length > 0 && domainKeys.every((x) => x === 'svc.cluster.local')) return [];
    const external = ctx.inventory
      .byKind('Service')
      .filter((r) => r.obj.apiVersion?.startsWith('serving.knative.dev/'))
      .filter((r) => {
        const vis =
          r.obj.metadata.labels?.['networking.knative.dev/visibility'] ?? r.obj.metadata.labels?.['serving.knative.dev/visibility'];
        return vis !== 'cluster-local';
      })
      .map((r) => `${r.namespace}/${r.name}`)
      .sort();
    if (external.length === 0) return [];
    return [
      {
        resource: configRef(v, k.serving.namespace, 'config-network'),
        path: v.path,
        message: `external-domain-tls is disabled and ${external.length} Knative Service(s) are published on the external domain over HTTP: ${shortList(external)}`,
      },
    ];
  },
};
