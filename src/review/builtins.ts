/**
 * Components every Kubernetes node has, which a design can name although no threat model lists them: the node
 * itself (its filesystem and processes), the container runtime and the kubelet. They host every pod scheduled
 * on the node, system pods included, so reaching one of them by file, socket or credential reaches the
 * credentials and code of the system components on that node.
 *
 * They join a review only when the design names them (a model that defines the same id wins).
 */
import type { Component, TrustBoundary } from '../model/schema.js';

export const NODE_BOUNDARY: TrustBoundary = {
  id: 'node-runtime',
  name: 'Node and container runtime',
  description: 'The node, its kubelet and container runtime; every pod on the node shares them.',
  perTenant: false,
};

export const BUILTIN_COMPONENTS: readonly Component[] = [
  {
    id: 'node',
    name: 'Node (host filesystem and processes)',
    kind: 'control-plane',
    namespace: 'kube-system',
    boundary: NODE_BOUNDARY.id,
    shared: true,
    forwardsForCaller: false,
    ports: [],
    description: "The host: /var/lib/kubelet holds the service-account tokens and volumes of every pod on the node, system pods included.",
    clauses: [],
  },
  {
    id: 'container-runtime',
    name: 'Container runtime (containerd, CRI-O)',
    kind: 'control-plane',
    namespace: 'kube-system',
    boundary: NODE_BOUNDARY.id,
    shared: true,
    forwardsForCaller: false,
    ports: [],
    description: 'Its socket starts, enters and inspects any container on the node.',
    clauses: [],
  },
  {
    id: 'kubelet',
    name: 'Kubelet',
    kind: 'control-plane',
    namespace: 'kube-system',
    boundary: NODE_BOUNDARY.id,
    shared: true,
    forwardsForCaller: false,
    ports: [
      { name: 'https', port: 10250, protocol: 'TCP', purpose: 'kubelet API (exec, logs), authenticated' },
      { name: 'healthz', port: 10248, protocol: 'TCP', purpose: 'health on the node loopback' },
    ],
    description: "Runs the node's pods; its API executes commands in any pod on the node.",
    clauses: [],
  },
];

/** Built-in components host every pod on the node, system pods included. */
export function hostsSystemPods(componentId: string): boolean {
  return BUILTIN_COMPONENTS.some((c) => c.id === componentId);
}
