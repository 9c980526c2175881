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

/** A shared node-level component in kube-system: what every built-in has in common. */
function onNode(id: string, name: string, description: string, ports: Component['ports'] = []): Component {
  return { id, name, kind: 'control-plane', namespace: 'kube-system', boundary: NODE_BOUNDARY.id, shared: true, forwardsForCaller: false, ports, description, clauses: [] };
}

export const BUILTIN_COMPONENTS: readonly Component[] = [
  onNode(
    'node',
    'Node (host filesystem and processes)',
    'The host: /var/lib/kubelet holds the service-account tokens and volumes of every pod on the node, system pods included.',
  ),
  onNode('container-runtime', 'Container runtime (containerd, CRI-O)', 'Its socket starts, enters and inspects any container on the node.'),
  onNode('kubelet', 'Kubelet', "Runs the node's pods; its API executes commands in any pod on the node.", [
    { name: 'https', port: 10250, protocol: 'TCP', purpose: 'kubelet API (exec, logs), authenticated' },
    { name: 'healthz', port: 10248, protocol: 'TCP', purpose: 'health on the node loopback' },
  ]),
];

/** Built-in components host every pod on the node, system pods included. */
export function hostsSystemPods(componentId: string): boolean {
  return BUILTIN_COMPONENTS.some((c) => c.id === componentId);
}
