import { namespaceRef, sourcesList } from '../evidence.js';
import type { PathKind } from '../reach-view.js';
import type { Check, Evidence } from '../types.js';

const VIA: { kind: PathKind; what: string }[] = [
  { kind: 'via-activator', what: 'the activator (it picks the revision from the Knative-Serving-Namespace/Revision headers)' },
  { kind: 'via-gateway', what: 'the shared ingress gateway (it routes by Host)' },
  { kind: 'via-broker', what: 'the shared broker ingress (it routes by path /<namespace>/<broker>)' },
];

export const check: Check = {
  id: 'KTM-NET-003',
  title: 'Tenant reaches another tenant through a shared component',
  severity: 'high',
  tenancy: ['namespace', 'control-plane'],
  clauseRule: 'shared-component-filtering',
  clauseFallback: ['tenancy-hardening'],
  crosswalk: [
    { framework: 'nsa-cisa', id: 'network-policies', relation: 'related' },
    { framework: 'mtb', id: 'MTB-PL1-BC-NI-1', relation: 'related' },
  ],
  description:
    'The activator, the ingress gateway and the broker ingress forward on the caller\'s behalf to a destination the caller ' +
    'names (header, Host, path). NetworkPolicies in the destination see the shared component as the source, so a tenant ' +
    'that can reach it reaches every other tenant unless an L7 filter binds the caller\'s namespace to the destination.',
  fix: 'Filter requests to the shared component: an AuthorizationPolicy that ties Knative-Serving-Namespace (or Host/path) to the source namespace, or NetworkPolicies that keep tenants away from it.',
  evaluate(ctx) {
    const reach = ctx.reach();
    const out: Evidence[] = [];
    for (const to of ctx.tenants) {
      const sources = reach.sourcesOf(to, ctx.tenants);
      for (const via of VIA) {
        const from = sources.get(via.kind);
        if (!from) continue;
        out.push({
          resource: namespaceRef(ctx, to),
          path: '',
          message: `${from.count} other tenant namespace(s) reach ${to} through ${via.what}: ${sourcesList(from)}`,
          hops: reach.path(from.first[0], to, via.kind),
        });
      }
    }
    return out;
  },
};
