import { configRef } from '../evidence.js';
import type { Check, Evidence, Severity } from '../types.js';

export const check: Check = {
  id: 'KTM-EVT-001',
  title: 'Eventing without sender identity, authorization or transport encryption',
  severity: 'moderate',
  tenancy: ['namespace', 'control-plane'],
  clauseRule: 'shared-component-filtering',
  clauseFallback: ['namespace-isolation-goal', 'tenancy-hardening'],
  crosswalk: [
    { framework: 'kubescape', id: 'C-0274', relation: 'related' },
    { framework: 'nsa-cisa', id: 'encryption', relation: 'related' },
  ],
  description:
    'Eventing\'s shared broker and channel ingress accept events for every namespace. Without `authentication-oidc` ' +
    '(sender identity) and EventPolicies any pod can post into any broker; `default-authorization-mode: allow-all` ' +
    'opens brokers without a policy; transport encryption other than `strict` lets tokens and events travel in clear; ' +
    '`cross-namespace-event-links` lets triggers reference other namespaces\' brokers.',
  fix: 'In knative-eventing config-features: authentication-oidc: enabled, default-authorization-mode: allow-same-namespace (or deny-all), transport-encryption: strict, cross-namespace-event-links: disabled.',
  evaluate(ctx) {
    const k = ctx.knative;
    if (!k.eventing.installed) return [];
    const ns = k.eventing.namespace;
    const out: Evidence[] = [];
    const add = (v: ReturnType<typeof k.eventingFeature>, message: string, severity: Severity, fix: string) =>
      out.push({ resource: configRef(v, ns, 'config-features'), path: v.path, message, severity, fix });

    const oidc = k.eventingFeature('authentication-oidc', ['enabled', 'disabled'], 'disabled');
    if (oidc.value !== 'enabled')
      add(oidc, 'authentication-oidc is disabled: brokers and channels cannot tell which namespace sent an event, so EventPolicies cannot apply', 'moderate', 'Set `authentication-oidc: "enabled"` (with transport-encryption, so tokens are not sent in clear).');
    const authz = k.eventingFeature('default-authorization-mode', ['allow-all', 'deny-all', 'allow-same-namespace'], 'allow-same-namespace');
    if (authz.value === 'allow-all')
      add(authz, 'default-authorization-mode: "allow-all": a broker or channel without an EventPolicy accepts events from every namespace', 'moderate', 'Set `default-authorization-mode: "allow-same-namespace"` (or "deny-all").');
    const tls = k.eventingFeature('transport-encryption', ['disabled', 'permissive', 'strict'], 'disabled');
    if (tls.value !== 'strict')
      add(tls, `transport-encryption is "${tls.value}", not "strict": events and OIDC tokens can travel over plain HTTP`, 'low', 'Set `transport-encryption: "strict"` (needs cert-manager).');
    const links = k.eventingFeature('cross-namespace-event-links', ['enabled', 'disabled'], 'disabled');
    if (links.value === 'enabled')
      add(links, 'cross-namespace-event-links is enabled: triggers and subscriptions may reference brokers and channels in other namespaces (guarded only by the knsubscribe verb)', 'moderate', 'Set `cross-namespace-event-links: "disabled"`, or audit who holds `knsubscribe`.');
    return out;
  },
};
