import { requiredFlows } from '../../netpol/required-flows.js';
import { policyRef } from '../../netpol/flow-check.js';
import type { Check, Evidence } from '../types.js';

export const check: Check = {
  id: 'KTM-NET-008',
  title: 'The cluster\'s own policies cut a flow the installed system needs',
  crosswalk: { none: 'Knative-specific: the benchmarks check that NetworkPolicies exist, none that they keep the flows Knative and Kubernetes need' },
  severity: 'moderate',
  tenancy: ['cluster', 'namespace', 'control-plane'],
  clauseRule: 'platform-trusted',
  clauseFallback: ['tenancy-hardening'],
  description:
    'Knative relies on a correctly working platform. ktm derives the flows the installed system needs from the inventory ' +
    '(API server → every admission/conversion webhook and aggregated API, sidecars → the mesh control plane, gateways and ' +
    'activator → queue-proxy, autoscaler → queue-proxy metrics, activator → autoscaler, tenants → the broker and channel ' +
    'ingress on the port transport-encryption implies, broker filter → subscribers, sources → sinks, DNS, controllers → API server) and reports each one that the cluster\'s ' +
    'NetworkPolicies or AdminNetworkPolicies leave no way through — with the policy that cuts it. Where the API server\'s ' +
    'address is unknown, a flow from or to it is reported only when no address at all is admitted.',
  fix: 'Allow the flow in the policy that cuts it (an ingress rule from the caller, or an egress rule to the callee, on the ports named).',
  evaluate(ctx) {
    const inv = ctx.inventory;
    const flows = requiredFlows(inv, ctx.knative);
    if (flows.length === 0) return [];
    const reach = ctx.reach();
    const out: Evidence[] = [];
    for (const flow of flows) {
      const r = reach.checkFlow(flow);
      if (r.holds) continue;
      const first = r.breaks[0];
      const by = [...new Set(r.breaks.flatMap((b) => b.by))].sort();
      const target = by.length ? policyRef(by[0]) : undefined;
      const resource = (target && inv.find(target.kind, target.namespace, target.name)) ?? target ?? { kind: 'Namespace', name: flow.to.kind === 'pods' ? flow.to.namespace : flow.from.kind === 'pods' ? flow.from.namespace : 'default' };
      const more = r.breaks.length > 1 ? ` (${r.breaks.length} pairs cut; e.g. ${first.from} → ${first.to})` : ` (${first.from} → ${first.to})`;
      out.push({
        resource,
        path: first.side === 'ingress' ? 'spec.ingress' : 'spec.egress',
        message:
          `${flow.from.text} → ${flow.to.text} on ${first.ports.join(', ')} is cut on the ${first.side} side${by.length ? ` by ${by.join(', ')}` : ''}${more}. ` +
          `Needed because ${flow.why} [${flow.source}]${r.assumption ? `; ${r.assumption}` : ''}.`,
        fix: `Allow ${first.ports.join(', ')} ${first.side === 'ingress' ? `from ${flow.from.text}` : `to ${flow.to.text}`} in ${by.length ? by.join(' or ') : 'the policies selecting these pods'}.`,
      });
    }
    return out;
  },
};
