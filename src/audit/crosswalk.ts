/**
 * The crosswalk: the ids and titles of the checks in other frameworks that ktm's checks name as equivalents (each check
 * file says which, as `same` or `related`, in its `crosswalk` metadata). Titles live here once so every report prints
 * the same words; test/audit/crosswalk.test.ts checks the Kubescape and Trivy titles against the lists of those tools
 * in ../shared/reference/crosswalk/ and that every reference a check makes resolves here.
 *
 * `same`: the other check tests the same property of the same objects; a finding of one is a duplicate of a finding of
 * the other, give or take documented exceptions (docs/audit.md, "Crosswalk", names each difference).
 * `related`: it tests a neighbouring property or another object (e.g. one PSS control where ktm checks a whole level,
 * a cluster-wide setting where ktm checks tenant namespaces, a pod field where ktm checks the Knative gate that allows it).
 */

export const FRAMEWORKS = ['cis', 'kubescape', 'trivy', 'nsa-cisa', 'mtb'] as const;
export type Framework = (typeof FRAMEWORKS)[number];

export const FRAMEWORK_NAMES: Record<Framework, string> = {
  cis: 'CIS Kubernetes Benchmark v1.9.0',
  kubescape: 'Kubescape controls (kubescape/regolibrary)',
  trivy: 'Trivy Kubernetes checks (aquasecurity/trivy-checks)',
  'nsa-cisa': 'NSA/CISA Kubernetes Hardening Guidance v1.2',
  mtb: 'Kubernetes Multi-Tenancy Benchmarks (kubernetes-sigs/multi-tenancy)',
};

export type Relation = 'same' | 'related';

/** What a check file writes: framework, the other check's id, and how it relates. */
export interface CrosswalkRef {
  framework: Framework;
  id: string;
  relation: Relation;
}

/**
 * What a check with no equivalent writes instead of a list: why no other framework tests its property. An empty list
 * is not accepted (test/audit/crosswalk.test.ts), so "none" is always a decision with its reason.
 */
export interface NoEquivalent {
  none: string;
}

/** A check's crosswalk: its equivalents, or none with the reason. */
export type Crosswalk = readonly CrosswalkRef[] | NoEquivalent;

export function crosswalkRefs(c: Crosswalk): readonly CrosswalkRef[] {
  return 'none' in c ? [] : c;
}

/** The reason a check has no equivalent, or undefined when it names some. */
export function noEquivalentReason(c: Crosswalk): string | undefined {
  return 'none' in c ? c.none : undefined;
}

/** A reference with its title, as reports print it. */
export interface Equivalent extends CrosswalkRef {
  title: string;
}

export const CATALOGUE: Record<Framework, Record<string, string>> = {
  cis: {
    '1.2.1': 'Ensure that the --anonymous-auth argument is set to false',
    '5.1.1': 'Ensure that the cluster-admin role is only used where required',
    '5.1.2': 'Minimize access to secrets',
    '5.1.3': 'Minimize wildcard use in Roles and ClusterRoles',
    '5.1.4': 'Minimize access to create pods',
    '5.1.8': 'Limit use of the Bind, Impersonate and Escalate permissions in the Kubernetes cluster',
    '5.1.12': 'Minimize access to webhook configuration objects',
    '5.2.1': 'Ensure that the cluster has at least one active policy control mechanism in place',
    '5.2.2': 'Minimize the admission of privileged containers',
    '5.2.3': 'Minimize the admission of containers wishing to share the host process ID namespace',
    '5.2.4': 'Minimize the admission of containers wishing to share the host IPC namespace',
    '5.2.5': 'Minimize the admission of containers wishing to share the host network namespace',
    '5.2.6': 'Minimize the admission of containers with allowPrivilegeEscalation',
    '5.2.7': 'Minimize the admission of root containers',
    '5.2.8': 'Minimize the admission of containers with the NET_RAW capability',
    '5.2.9': 'Minimize the admission of containers with added capabilities',
    '5.2.10': 'Minimize the admission of containers with capabilities assigned',
    '5.2.12': 'Minimize the admission of HostPath volumes',
    '5.2.13': 'Minimize the admission of containers which use HostPorts',
    '5.3.2': 'Ensure that all Namespaces have Network Policies defined',
    '5.7.2': 'Ensure that the seccomp profile is set to docker/default in your Pod definitions',
    '5.7.3': 'Apply SecurityContext to your Pods and Containers',
  },
  kubescape: {
    'C-0009': 'Resource limits',
    'C-0013': 'Non-root containers',
    'C-0015': 'List Kubernetes secrets',
    'C-0016': 'Allow privilege escalation',
    'C-0021': 'Exposed sensitive interfaces',
    'C-0030': 'Ingress and Egress blocked',
    'C-0035': 'Administrative Roles',
    'C-0038': 'Host PID/IPC privileges',
    'C-0041': 'HostNetwork access',
    'C-0044': 'Container hostPort',
    'C-0046': 'Insecure capabilities',
    'C-0048': 'HostPath mount',
    'C-0052': 'Instance Metadata API',
    'C-0054': 'Cluster internal networking',
    'C-0055': 'Linux hardening',
    'C-0057': 'Privileged container',
    'C-0065': 'No impersonation',
    'C-0185': 'Ensure that the cluster-admin role is only used where required',
    'C-0186': 'Minimize access to secrets',
    'C-0187': 'Minimize wildcard use in Roles and ClusterRoles',
    'C-0188': 'Minimize access to create pods',
    'C-0191': 'Limit use of the Bind, Impersonate and Escalate permissions in the Kubernetes cluster',
    'C-0192': 'Ensure that the cluster has at least one active policy control mechanism in place',
    'C-0206': 'Ensure that all Namespaces have Network Policies defined',
    'C-0210': 'Ensure that the seccomp profile is set to docker/default in your pod definitions',
    'C-0211': 'Apply Security Context to Your Pods and Containers',
    'C-0242': 'Hostile multi-tenant workloads',
    'C-0260': 'Missing network policy',
    'C-0262': 'Anonymous user has RoleBinding',
    'C-0263': 'Ingress uses TLS',
    'C-0265': 'system:authenticated user has elevated roles',
    'C-0267': 'Workload with cluster takeover roles',
    'C-0273': 'Outdated Kubernetes version',
    'C-0274': 'Verify Authenticated Service',
    'C-0281': 'Minimize access to webhook configuration objects',
    'C-0297': 'Agent Sandbox hardened runtime class',
  },
  trivy: {
    'KSV-0001': 'Can elevate its own privileges',
    'KSV-0002': 'Runtime/Default AppArmor profile not set',
    'KSV-0003': 'Default capabilities: some containers do not drop all',
    'KSV-0008': 'Access to host IPC namespace',
    'KSV-0009': 'Access to host network',
    'KSV-0010': 'Access to host PID',
    'KSV-0012': 'Runs as root user',
    'KSV-0017': 'Privileged',
    'KSV-0022': 'Specific capabilities added',
    'KSV-0023': 'hostPath volumes mounted',
    'KSV-0024': 'Access to host ports',
    'KSV-0025': 'SELinux custom options set',
    'KSV-0026': 'Unsafe sysctl options set',
    'KSV-0027': 'Non-default /proc masks set',
    'KSV-0030': 'Runtime/Default Seccomp profile not set',
    'KSV-0039': 'limit range usage',
    'KSV-0040': 'resource quota usage',
    'KSV-0041': 'Manage secrets',
    'KSV-0043': 'Do not allow impersonation of privileged groups',
    'KSV-0044': 'No wildcard verb and resource roles',
    'KSV-0046': 'Manage all resources',
    'KSV-0048': 'Manage Kubernetes workloads and pods',
    'KSV-0049': 'Manage configmaps',
    'KSV-0050': 'Do not allow privilege escalation via RBAC resources',
    'KSV-0056': 'Manage Kubernetes networking',
    'KSV-0104': 'Seccomp policies disabled',
    'KSV-0105': 'Containers must not set runAsUser to 0',
    'KSV-0106': 'Container capabilities must only include NET_BIND_SERVICE',
    'KSV-0111': 'User with admin access',
    'KSV-0114': 'Manage webhookconfigurations',
    'KSV-0118': 'Default security context configured',
    'KSV-0122': 'Anonymous user access binding',
    'KSV-01011': 'system:authenticate group access binding',
  },
  // Section headings of the guide (it numbers no controls): "chapter: section".
  'nsa-cisa': {
    'pod-security-enforcement': 'Kubernetes Pod security: Pod security enforcement',
    'hardening-container-environments': 'Kubernetes Pod security: Hardening container environments',
    'network-policies': 'Network separation and hardening: Network policies',
    'resource-policies': 'Network separation and hardening: Resource policies',
    'worker-node-segmentation': 'Network separation and hardening: Worker node segmentation',
    encryption: 'Network separation and hardening: Encryption',
    'cloud-infrastructure': 'Network separation and hardening: Protecting sensitive cloud infrastructure',
    authentication: 'Authentication and authorization: Authentication',
    rbac: 'Authentication and authorization: Role-based access control',
    upgrading: 'Upgrading and application security practices',
  },
  mtb: {
    'MTB-PL1-CC-CPI-1': 'Block access to cluster resources',
    'MTB-PL1-BC-CPI-3': 'Block add capabilities',
    'MTB-PL1-BC-CPI-5': 'Block privileged containers',
    'MTB-PL1-BC-CPI-6': 'Block privilege escalation',
    'MTB-PL1-BC-HI-1': 'Block use of host path volumes',
    'MTB-PL1-BC-HI-3': 'Block use of host networking and ports',
    'MTB-PL1-BC-HI-4': 'Block use of host PID',
    'MTB-PL1-BC-HI-5': 'Block use of host IPC',
    'MTB-PL1-CC-FNS-1': 'Configure namespace resource quotas',
    'MTB-PL1-CC-FNS-2': 'Configure namespace object limits',
    'MTB-PL1-CC-TI-2': 'Block access to other tenant resources',
    'MTB-PL1-BC-NI-1': 'Default deny network connections across tenants',
    'MTB-PL2-CC-TI-1': 'Block role privilege escalation',
  },
};

/** The references of a check with their titles, in framework order, `same` before `related`, then by id. */
export function equivalents(refs: readonly CrosswalkRef[]): Equivalent[] {
  return refs
    .map((r) => {
      const title = CATALOGUE[r.framework][r.id];
      if (title === undefined) throw new Error(`crosswalk: ${r.framework} ${r.id} is not in the catalogue (src/audit/crosswalk.ts)`);
      return { ...r, title };
    })
    .sort(
      (a, b) =>
        FRAMEWORKS.indexOf(a.framework) - FRAMEWORKS.indexOf(b.framework) ||
        (a.relation === b.relation ? 0 : a.relation === 'same' ? -1 : 1) ||
        a.id.localeCompare(b.id, 'en', { numeric: true }),
    );
}

/** `kubescape:C-0260` style tags (what SARIF tags and one-line lists show). */
export function crosswalkTag(e: CrosswalkRef): string {
  return `${e.framework}:${e.id}`;
}
