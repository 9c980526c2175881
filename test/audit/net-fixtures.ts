/** NetworkPolicy snippets for the network check tests. */
export const denyIngress = (ns: string) => `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny-ingress, namespace: ${ns}}
spec: {podSelector: {}, policyTypes: [Ingress]}
`;
export const allowSameNamespace = (ns: string) => `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-same-namespace, namespace: ${ns}}
spec:
  podSelector: {}
  ingress: [{from: [{podSelector: {}}]}]
`;
export const denyEgress = (ns: string) => `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny-egress, namespace: ${ns}}
spec: {podSelector: {}, policyTypes: [Egress]}
`;
export const egressExceptMetadata = (ns: string) => `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: egress-no-metadata, namespace: ${ns}}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to:
        - ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32]}
        - namespaceSelector: {}
`;
export const TENANTS = ['t-a', 't-b', 't-c'];
export const allowFromSystem = (ns: string) => `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-from-knative, namespace: ${ns}}
spec:
  podSelector: {}
  ingress:
    - from:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: knative-serving}}
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kourier-system}}
`;
