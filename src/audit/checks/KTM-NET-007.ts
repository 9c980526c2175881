import { sourcesList } from '../evidence.js';
import type { Check, Evidence } from '../types.js';
import { resourcesIn } from '../../k8s/inventory.js';

/**
 * A Broker in a tenant namespace accepts events from other tenants when they reach the shared broker ingress and
 * sender identity is not enforced for it: OIDC off, or OIDC on with no EventPolicy for the broker and
 * `default-authorization-mode: allow-all`.
 */
export const check: Check = {
  id: 'KTM-NET-007',
  title: "Tenants can post events into other namespaces' brokers",
  severity: 'high',
  tenancy: ['namespace', 'control-plane'],
  clauseRule: 'shared-component-filtering',
  clauseFallback: ['namespace-isolation-goal', 'tenancy-hardening'],
  crosswalk: [
    { framework: 'nsa-cisa', id: 'network-policies', relation: 'related' },
    { framework: 'mtb', id: 'MTB-PL1-BC-NI-1', relation: 'related' },
  ],
  description:
    'MT-channel-based brokers share one ingress (broker-ingress.knative-eventing) that accepts `POST /<namespace>/<broker>`. ' +
    'Without OIDC sender identity and EventPolicies, any pod that reaches it can inject events into any namespace\'s broker.',
  fix: 'Enable `authentication-oidc` in knative-eventing config-features and add an EventPolicy per broker naming its allowed senders.',
  evaluate(ctx) {
    const reach = ctx.reach();
    const k = ctx.knative;
    if (!k.eventing.installed) return [];
    const oidc = k.eventingFeature('authentication-oidc', ['enabled', 'disabled'], 'disabled').value === 'enabled';
    const mode = k.eventingFeature('default-authorization-mode', ['allow-all', 'deny-all', 'allow-same-namespace'], 'allow-same-namespace').value;
    const out: Evidence[] = [];
    for (const broker of ctx.inventory.byKind('Broker')) {
      const ns = broker.namespace;
      if (!ns || !ctx.isTenant(ns)) continue;
      if (oidc) {
        const covered = resourcesIn(ctx.inventory, 'EventPolicy', ns).some((p) => policyCovers(p.obj.spec, broker.name));
        if (covered || mode !== 'allow-all') continue;
      }
      const from = reach.sourcesOf(ns, ctx.tenants).get('via-broker');
      if (!from) continue;
      out.push({
        resource: broker,
        path: '',
        message: `Broker ${ns}/${broker.name} accepts events from ${from.count} other tenant namespace(s) through the shared broker ingress (${oidc ? 'no EventPolicy and default-authorization-mode allow-all' : 'authentication-oidc disabled'}): ${sourcesList(from)}`,
        hops: reach.path(from.first[0], ns, 'via-broker'),
      });
    }
    return out;
  },
};

function policyCovers(spec: any, broker: string): boolean {
  const to = spec?.to;
  if (!Array.isArray(to) || to.length === 0) return true; // empty `to` = every resource in the namespace
  return to.some((t: any) => (t?.ref?.kind === 'Broker' && t.ref.name === broker) || t?.selector);
}
