/**
 * What the CustomResourceDefinitions in the input say the cluster serves. Several parts decide by it (harden's
 * ClusterNetworkPolicy API, the report APIs of `ktm audit --format reports`); this is where a CRD is read.
 */
import type { Inventory } from './types.js';

/**
 * Whether the CRD named `<plural>.<group>` serves `version`: true or false when the input has that CRD, undefined
 * when it does not (the input says nothing either way).
 */
export function crdServesVersion(inv: Inventory, crdName: string, version: string): boolean | undefined {
  const crd = inv.byKind('CustomResourceDefinition').find((r) => r.name === crdName);
  if (!crd) return undefined;
  const versions: unknown[] = Array.isArray(crd.obj.spec?.versions) ? crd.obj.spec.versions : [];
  return versions.some((v: any) => v?.name === version && v.served !== false);
}
