/**
 * The default ClusterRoles every Kubernetes cluster has (kubernetes plugin/pkg/auth/authorizer/rbac/bootstrappolicy/
 * policy.go, as of 1.33), reduced to their resource rules. Manifests bind tenants to `admin`/`edit`/`view` without
 * containing those roles; a live cluster returns them itself. They are used only when the input lacks a ClusterRole of
 * the same name, and findings that rely on one say "(Kubernetes default role)".
 */
import type { PolicyRule } from './rules.js';

export interface BootstrapRole {
  name: string;
  labels: Record<string, string>;
  rules: PolicyRule[];
  aggregateFrom?: Record<string, string>[];
}

const RW = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const RO = ['get', 'list', 'watch'];

export const BOOTSTRAP_CLUSTER_ROLES: BootstrapRole[] = [
  {
    name: 'cluster-admin',
    labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
    rules: [
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      { nonResourceURLs: ['*'], verbs: ['*'] },
    ],
  },
  { name: 'admin', labels: {}, rules: [], aggregateFrom: [{ 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' }] },
  {
    name: 'edit',
    labels: { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' },
    rules: [],
    aggregateFrom: [{ 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' }],
  },
  {
    name: 'view',
    labels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' },
    rules: [],
    aggregateFrom: [{ 'rbac.authorization.k8s.io/aggregate-to-view': 'true' }],
  },
  {
    name: 'system:aggregate-to-admin',
    labels: { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' },
    rules: [
      { apiGroups: ['authorization.k8s.io'], resources: ['localsubjectaccessreviews'], verbs: ['create'] },
      { apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings', 'roles'], verbs: [...RW, ...RO] },
    ],
  },
  {
    name: 'system:aggregate-to-edit',
    labels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' },
    rules: [
      { apiGroups: [''], resources: ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy'], verbs: RO },
      { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'] },
      { apiGroups: [''], resources: ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy'], verbs: RW },
      { apiGroups: [''], resources: ['pods/eviction'], verbs: ['create'] },
      {
        apiGroups: [''],
        resources: ['configmaps', 'events', 'persistentvolumeclaims', 'replicationcontrollers', 'replicationcontrollers/scale', 'secrets', 'serviceaccounts', 'services', 'services/proxy'],
        verbs: RW,
      },
      { apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] },
      {
        apiGroups: ['apps'],
        resources: ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale', 'statefulsets', 'statefulsets/scale'],
        verbs: RW,
      },
      { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: RW },
      { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: RW },
      {
        apiGroups: ['extensions'],
        resources: ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'ingresses', 'networkpolicies', 'replicasets', 'replicasets/scale', 'replicationcontrollers/scale'],
        verbs: RW,
      },
      { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: RW },
      { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'networkpolicies'], verbs: RW },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: [...RW, ...RO] },
    ],
  },
  {
    name: 'system:aggregate-to-view',
    labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' },
    rules: [
      {
        apiGroups: [''],
        resources: ['configmaps', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'pods', 'replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/status'],
        verbs: RO,
      },
      {
        apiGroups: [''],
        resources: ['bindings', 'events', 'limitranges', 'namespaces/status', 'pods/log', 'pods/status', 'replicationcontrollers/status', 'resourcequotas', 'resourcequotas/status'],
        verbs: RO,
      },
      { apiGroups: [''], resources: ['namespaces'], verbs: RO },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: RO },
      {
        apiGroups: ['apps'],
        resources: ['controllerrevisions', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'replicasets', 'replicasets/scale', 'replicasets/status', 'statefulsets', 'statefulsets/scale', 'statefulsets/status'],
        verbs: RO,
      },
      { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers', 'horizontalpodautoscalers/status'], verbs: RO },
      { apiGroups: ['batch'], resources: ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status'], verbs: RO },
      { apiGroups: ['policy'], resources: ['poddisruptionbudgets', 'poddisruptionbudgets/status'], verbs: RO },
      { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'ingresses/status', 'networkpolicies'], verbs: RO },
    ],
  },
  {
    name: 'system:basic-user',
    labels: {},
    rules: [
      { apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], verbs: ['create'] },
      { apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'], verbs: ['create'] },
    ],
  },
  {
    name: 'system:public-info-viewer',
    labels: {},
    rules: [{ nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'], verbs: ['get'] }],
  },
];
