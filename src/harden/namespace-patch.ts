/**
 * Namespace labels set by several concerns (Pod Security Admission and the tenant label; Istio sidecar injection):
 * one pending Namespace object per namespace, carrying the cluster's own labels and annotations plus every change, so
 * the YAML holds one Namespace each and `kubectl apply` keeps what the cluster already had.
 */
import type { K8sObject } from '../k8s/types.js';
import type { HardenContext } from './types.js';

export function namespaceObject(ctx: HardenContext, ns: string, labels: Record<string, string>): K8sObject {
  const id = `Namespace//${ns}`;
  const pending = ctx.pending.get(id);
  if (pending) {
    Object.assign(pending.metadata.labels!, labels);
    return pending;
  }
  const info = ctx.inventory.namespaces.get(ns);
  const object: K8sObject = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: ns,
      labels: { ...(info?.labels ?? {}), 'kubernetes.io/metadata.name': ns, ...labels },
      ...(info?.annotations && Object.keys(info.annotations).length ? { annotations: { ...info.annotations } } : {}),
    },
  };
  ctx.pending.set(id, object);
  return object;
}
