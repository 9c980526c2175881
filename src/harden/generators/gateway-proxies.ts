/**
 * Gateway API proxies that NetworkPolicies cannot name. Cilium's Gateway API (and Ingress) Envoy sends to the
 * backends with Cilium's reserved `ingress` identity, not as a pod: the peers network-policies.ts writes for the
 * installed gateways do not match it, so the revisions would stop answering through the gateway. Only a
 * CiliumNetworkPolicy `fromEntities: [ingress]` admits it; ktm does not write Cilium's API, so it says what to add.
 */
import type { Generator, ManualStep } from '../types.js';

export const gatewayProxies: Generator = (ctx) => {
  const manual: ManualStep[] = [];
  if (ctx.installed.ingress.some((g) => g.kind === 'cilium') && ctx.tenants.length > 0) {
    manual.push({
      fixes: ['KTM-NET-001'],
      rule: 'shared-component-filtering',
      text:
        "Knative routes through Cilium's Gateway API proxy, which reaches the revisions with Cilium's reserved `ingress` identity: " +
        'NetworkPolicy peers cannot admit it. Before applying the NetworkPolicies, add in each tenant namespace a CiliumNetworkPolicy ' +
        'selecting the revision pods (`serving.knative.dev/revision` exists) with `ingress: [{fromEntities: [ingress], toPorts: ' +
        "[{ports: [{port: '8012'}, {port: '8013'}, {port: '8112'}]}]}]`, or the Knative Services stop answering through the gateway.",
      resources: ctx.tenants.map((ns) => `Namespace/${ns}`),
    });
  }
  return { objects: [], manual };
};
