/**
 * The mitigations a review can name: each keeps a tenancy model's status if applied. Titles are data;
 * findings fill in the detail (which flag, which component).
 */
export const MITIGATIONS = {
  'flag-off-by-default': 'Keep the feature behind a flag that is off by default',
  'rbac-verb': 'Require a grant namespace roles do not hold (a dedicated RBAC verb, or a claim only an admin creates)',
  'namespace-check': "Check the caller's namespace at the shared component (filtering requests to shared components)",
  'tls-san-check': 'TLS with a SAN check on the hop (system-internal-tls: kn-user-<namespace>)',
  'network-policy': 'NetworkPolicy: allow the destination only from its expected senders',
  'authenticate-flow': 'Authenticate the hop (OIDC sender identity, mTLS)',
  'encrypt-flow': 'Encrypt the hop (TLS) so it cannot be altered in transit',
  'runtime-isolation': 'Runtime isolation: Pod Security Admission (baseline) in tenant namespaces, sandboxed runtime, per-tenant nodes',
  'least-privilege-rbac': 'Least-privilege RBAC: a namespaced Role instead of a ClusterRole, no write on sensitive resources',
  'rate-limit': 'Per-tenant limits at the shared component (rate limits, quotas)',
  'restrict-host-access': 'Keep tenants off the node: Pod Security baseline forbids hostPath, host namespaces and privileged pods',
  'read-only-mount': 'Mount only what is needed, read-only',
  'controller-confinement': "Create tenant-configured pods in the tenant's namespace (controller confinement)",
  'forward-identity': "Forward the caller's identity to the next hop",
  'enable-flag': 'Turn on the flag that secures the flow',
  'separate-per-tenant': "Give each tenant its own instance (a volume, claim, credential or socket of its namespace)",
  'short-lived-token': 'Bind the credential to its audience and keep it short-lived',
} as const;
export type MitigationId = keyof typeof MITIGATIONS;

export function mitigation(id: MitigationId, detail: string, declared = false) {
  return { id, title: MITIGATIONS[id], detail, declared };
}
