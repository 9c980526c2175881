/**
 * Whether the cluster already holds an object as ktm would write it. Harden drops such objects from its output, and
 * the flow proof leaves them out of the cluster it evaluates (they would replace an identical body: same meaning),
 * so the proof's final cluster is exactly the one the residual audit judges.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Inventory, K8sObject } from '../k8s/types.js';

/**
 * True when the cluster already has this object as ktm would write it: same identity, every label ktm sets
 * present with the same value, and the same body (spec, data, rules, subjects, …). ktm's annotations don't count.
 */
export function alreadyPresent(inv: Inventory, o: K8sObject): boolean {
  const existing = inv.find(o.kind, o.metadata.namespace, o.metadata.name);
  if (!existing) return false;
  const have = existing.obj;
  for (const [k, v] of Object.entries(o.metadata.labels ?? {})) if (have.metadata.labels?.[k] !== v) return false;
  for (const key of Object.keys(o)) {
    if (key === 'metadata' || key === 'apiVersion' || key === 'kind') continue;
    if (!isDeepStrictEqual(normalise(o[key]), normalise(have[key]))) return false;
  }
  return true;
}

/** JSON round trip: drops undefined, so objects read from YAML and objects built in code compare equal. */
function normalise(v: unknown): unknown {
  return v === undefined ? undefined : JSON.parse(JSON.stringify(v));
}
