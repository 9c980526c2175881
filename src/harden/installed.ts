/**
 * What Knative pieces a cluster has, read from its objects; generators only emit what fits what is installed.
 * Which pods are gateways is k8s/shared-hops.ts's knowledge (the same reach and the audit use).
 */
import type { Inventory } from '../k8s/types.js';
import type { KnativeConfig } from '../k8s/knative-config.js';
import { installedGateways } from '../k8s/shared-hops.js';
import type { InstalledKnative } from './types.js';

export function detectInstalled(inv: Inventory, config: KnativeConfig): InstalledKnative {
  const has = (ns: string, name: string) => inv.byKind('Deployment').some((d) => d.namespace === ns && d.name === name);
  return {
    serving: config.serving.installed,
    eventing: config.eventing.installed,
    brokerIngress: has(config.eventing.namespace, 'mt-broker-ingress'),
    ingress: installedGateways(inv, config),
  };
}
