import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { check } from '../../../src/audit/checks/KTM-NET-008.js';
import { inventory, plainTenant, runCheck } from '../helpers.js';
import { REPO_ROOT } from '../../helpers/paths.js';

const ENVIRONMENT = readFileSync(resolve(REPO_ROOT, 'test/harden/clusters/environment.yaml'), 'utf8');

/** The platform team's "lock down knative-serving": only its own pods may connect — the API server is not a pod. */
const servingOnlyFromItself = `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: only-same-namespace, namespace: knative-serving}
spec:
  podSelector: {}
  policyTypes: [Ingress]
  ingress: [{from: [{podSelector: {}}]}]
`;

/** A tenant's default deny with DNS to kube-dns only over UDP. */
const dnsUdpOnly = `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-egress, namespace: t-a}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress: [{to: [{namespaceSelector: {}, podSelector: {matchLabels: {k8s-app: kube-dns}}}], ports: [{protocol: UDP, port: 53}]}]
`;

describe('KTM-NET-008 required flows cut by the cluster\'s own policies', () => {
  it('stays quiet on the stock manifests with tenants and a vendor environment', () => {
    expect(runCheck(check, inventory(plainTenant('t-a') + plainTenant('t-b') + '---\n' + ENVIRONMENT, { stock: true }))).toEqual([]);
  });

  it('fires when a policy of the cluster cuts the API server from the admission webhook, naming the policy', () => {
    const f = runCheck(check, inventory(plainTenant('t-a') + servingOnlyFromItself, { stock: true }));
    const webhook = f.find((x) => x.message.startsWith('apiserver → knative-serving/webhook'));
    expect(webhook, JSON.stringify(f.map((x) => x.message))).toBeDefined();
    expect(webhook!.resource).toBe('NetworkPolicy/knative-serving/only-same-namespace');
    expect(webhook!.message).toMatch(/TCP 8443/);
    expect(webhook!.message).toMatch(/ValidatingWebhookConfiguration|MutatingWebhookConfiguration/);
    // every finding is about flows into knative-serving, which that one policy cuts
    expect(f.every((x) => x.resource === 'NetworkPolicy/knative-serving/only-same-namespace')).toBe(true);
  });

  it('names the API server assumption: any admitted address keeps the webhook flow quiet', () => {
    const someAddress = servingOnlyFromItself.replace('[{from: [{podSelector: {}}]}]', '[{from: [{podSelector: {}}, {ipBlock: {cidr: 10.0.0.0/8}}]}]');
    const f = runCheck(check, inventory(plainTenant('t-a') + someAddress, { stock: true }));
    expect(f.filter((x) => x.message.startsWith('apiserver →'))).toEqual([]);
  });

  it('fires for DNS over TCP cut by a tenant policy, and for a vendor webhook (Kyverno) cut by a platform policy', () => {
    const kyvernoLocked = `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: kyverno}
spec: {podSelector: {}, policyTypes: [Ingress]}
`;
    const f = runCheck(check, inventory(plainTenant('t-a') + dnsUdpOnly + '---\n' + ENVIRONMENT + kyvernoLocked, { stock: true }));
    const dns = f.find((x) => x.message.startsWith('t-a/'));
    expect(dns?.message).toMatch(/kube-system\/kube-dns on TCP 53 is cut on the egress side by t-a\/deny-egress/);
    const kyverno = f.find((x) => x.message.startsWith('apiserver → kyverno/kyverno-svc'));
    expect(kyverno?.resource).toBe('NetworkPolicy/kyverno/default-deny');
    expect(kyverno?.message).toMatch(/TCP 9443/);
  });

  it("fires when a tenant's own default deny cuts the broker filter from its Trigger's subscriber Service, quiet once allowed", () => {
    const subscriber = `
---
apiVersion: v1
kind: Service
metadata: {name: orders, namespace: t-a}
spec: {selector: {app: worker}, ports: [{port: 80, targetPort: 8080}]}
---
apiVersion: eventing.knative.dev/v1
kind: Trigger
metadata: {name: orders, namespace: t-a}
spec: {broker: default, subscriber: {ref: {apiVersion: v1, kind: Service, name: orders}}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: same-namespace-only, namespace: t-a}
spec: {podSelector: {}, policyTypes: [Ingress], ingress: [{from: [{podSelector: {}}]}]}
`;
    const f = runCheck(check, inventory(plainTenant('t-a') + subscriber, { stock: true }));
    const delivery = f.find((x) => x.message.startsWith('knative-eventing/broker-filter → t-a/orders'));
    expect(delivery?.resource).toBe('NetworkPolicy/t-a/same-namespace-only');
    expect(delivery?.message).toMatch(/TCP 8080 is cut on the ingress side/);
    const allowed = subscriber.replace('[{from: [{podSelector: {}}]}]', '[{from: [{podSelector: {}}, {namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: knative-eventing}}}]}]');
    expect(runCheck(check, inventory(plainTenant('t-a') + allowed, { stock: true })).filter((x) => x.message.includes('broker-filter'))).toEqual([]);
  });

  describe('Eventing sources → sinks and tenants → channel ingress', () => {
    const ordersService = `
---
apiVersion: v1
kind: Service
metadata: {name: orders, namespace: t-a}
spec: {selector: {app: worker}, ports: [{port: 80, targetPort: 8080}]}
`;
    const sameNamespaceOnly = `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: same-namespace-only, namespace: t-a}
spec: {podSelector: {}, policyTypes: [Ingress], ingress: [{from: [{podSelector: {}}]}]}
`;
    const ping = `
---
apiVersion: sources.knative.dev/v1
kind: PingSource
metadata: {name: tick, namespace: t-a}
spec: {schedule: "* * * * *", sink: {ref: {apiVersion: v1, kind: Service, name: orders}}}
`;
    /** The tenant's default deny lets out DNS and, on `ports`, anything to knative-eventing. */
    const egressToEventing = (ports: string) => `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-egress, namespace: t-a}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - {to: [{namespaceSelector: {}, podSelector: {matchLabels: {k8s-app: kube-dns}}}], ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]}
    - {to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: knative-eventing}}}], ports: [${ports}]}
`;
    const channel = `
---
apiVersion: messaging.knative.dev/v1
kind: InMemoryChannel
metadata: {name: orders, namespace: t-a}
`;
    const strict = `
---
apiVersion: v1
kind: ConfigMap
metadata: {name: config-features, namespace: knative-eventing}
data: {transport-encryption: strict}
`;
    const cut = (text: string, prefix: string) => runCheck(check, inventory(plainTenant('t-a') + text, { stock: true })).filter((x) => x.message.startsWith(prefix));

    it("fires when the tenant's ingress policy cuts the PingSource adapter from its sink Service; quiet once knative-eventing is let in", () => {
      const f = cut(ordersService + ping + sameNamespaceOnly, 'knative-eventing/pingsource-mt-adapter → t-a/orders');
      expect(f).toHaveLength(1);
      expect(f[0].resource).toBe('NetworkPolicy/t-a/same-namespace-only');
      expect(f[0].message).toMatch(/TCP 8080 is cut on the ingress side.*PingSource t-a\/tick delivers its events to its sink, Service t-a\/orders .*\[PingSource\/t-a\/tick\]/);
      const allowed = sameNamespaceOnly.replace('[{from: [{podSelector: {}}]}]', '[{from: [{podSelector: {}}, {namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: knative-eventing}}}]}]');
      expect(cut(ordersService + ping + allowed, 'knative-eventing/pingsource-mt-adapter')).toEqual([]);
      // No source, no flow: the same policy alone reports nothing about the adapter.
      expect(cut(ordersService + sameNamespaceOnly, 'knative-eventing/pingsource-mt-adapter')).toEqual([]);
    });

    it('fires when a SinkBinding subject is cut from its Broker sink by its own egress policy, naming the subject', () => {
      const binding = `
---
apiVersion: sources.knative.dev/v1
kind: SinkBinding
metadata: {name: bind-worker, namespace: t-a}
spec:
  subject: {apiVersion: apps/v1, kind: Deployment, name: worker}
  sink: {ref: {apiVersion: eventing.knative.dev/v1, kind: Broker, name: default}}
`;
      const f = cut(binding + egressToEventing('{protocol: TCP, port: 9999}'), 't-a/worker → knative-eventing/broker-ingress');
      expect(f).toHaveLength(1);
      expect(f[0].resource).toBe('NetworkPolicy/t-a/deny-egress');
      expect(f[0].message).toMatch(/TCP 8080 is cut on the egress side.*SinkBinding t-a\/bind-worker delivers its events to its sink, Broker t-a\/default/);
      expect(cut(binding + egressToEventing('{protocol: TCP, port: 8080}'), 't-a/worker → knative-eventing/broker-ingress')).toEqual([]);
    });

    it('tenants → the InMemoryChannel dispatcher on 8080, or 8443 under strict transport-encryption; quiet when that port is open', () => {
      const plain = cut(channel + egressToEventing('{protocol: TCP, port: 8443}'), 't-a/{<all>} → knative-eventing/imc-dispatcher');
      expect(plain).toHaveLength(1);
      expect(plain[0].message).toMatch(/on TCP 8080 is cut on the egress side by t-a\/deny-egress.*has InMemoryChannel orders; senders post to the imc-dispatcher/);
      expect(cut(channel + egressToEventing('{protocol: TCP, port: 8080}'), 't-a/{<all>} → knative-eventing/imc-dispatcher')).toEqual([]);
      const tls = cut(channel + strict + egressToEventing('{protocol: TCP, port: 8080}'), 't-a/{<all>} → knative-eventing/imc-dispatcher');
      expect(tls).toHaveLength(1);
      expect(tls[0].message).toMatch(/on TCP 8443 is cut.*transport-encryption is strict, so on its HTTPS port 8443/);
      expect(cut(channel + strict + egressToEventing('{protocol: TCP, port: 8443}'), 't-a/{<all>} → knative-eventing/imc-dispatcher')).toEqual([]);
    });
  });
});
