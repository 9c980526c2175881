/** RBAC snippets for the RBAC check tests. */
export const ns = (name: string, psa?: string) => `
---
apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  ${psa ? `labels: {pod-security.kubernetes.io/enforce: ${psa}}` : ''}
`;
export const clusterRole = (name: string, rules: string, labels = '') => `
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: ${name}
  ${labels ? `labels: ${labels}` : ''}
rules: ${rules}
`;
export const roleBinding = (name: string, namespace: string, roleKind: string, role: string, subjects: string) => `
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: ${name}, namespace: ${namespace}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ${roleKind}, name: ${role}}
subjects: ${subjects}
`;
export const clusterRoleBinding = (name: string, role: string, subjects: string) => `
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ${name}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${role}}
subjects: ${subjects}
`;
export const SA = (namespace: string, name = 'default') => `[{kind: ServiceAccount, name: ${name}, namespace: ${namespace}}]`;
