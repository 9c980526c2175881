import { configRef } from '../evidence.js';
import type { Check } from '../types.js';

export const check: Check = {
  id: 'KTM-CFG-003',
  title: 'Any namespace can claim any domain',
  severity: 'high',
  tenancy: ['namespace', 'control-plane'],
  clauseRule: 'namespace-isolation-goal',
  clauseFallback: ['tenancy-hardening'],
  crosswalk: { none: 'Knative-specific: which namespace may claim a domain is Knative\'s DomainMapping/ClusterDomainClaim setting, which no Kubernetes benchmark or scanner reads' },
  description:
    'With `autocreate-cluster-domain-claims: "true"` (config-network) Knative creates the ClusterDomainClaim for any ' +
    'DomainMapping, so "any user, in any namespace, [can] map any domain name, including ones in other namespaces": ' +
    'first come, first served domain squatting and hijacking across tenants.',
  fix: 'Set `autocreate-cluster-domain-claims: "false"` in config-network and create ClusterDomainClaims per tenant as the administrator.',
  evaluate(ctx) {
    const k = ctx.knative;
    if (!k.serving.installed) return [];
    const v = k.network.autocreateClusterDomainClaims();
    if (!v.value) return [];
    return [
      {
        resource: configRef(v, k.serving.namespace, 'config-network'),
        path: v.path,
        message: `${v.key}: "${v.raw}": any namespace can map any domain name with a DomainMapping, including names other tenants use`,
      },
    ];
  },
};
