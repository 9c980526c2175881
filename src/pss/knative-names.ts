/**
 * Knative names unnamed containers when it defaults a revision (serving RevisionSpec.SetDefaults:
 * `user-container`, or `user-container-<i>` with several; `init-container…` for init containers).
 * Applied to Knative workloads only so messages name the containers as the cluster will; no security
 * field is touched (secure-pod-defaults is deliberately not modelled here).
 */
import { isObject } from './pod.js';

export function withKnativeContainerNames(spec: unknown): unknown {
  if (!isObject(spec)) return spec;
  const lists = ['containers', 'initContainers'] as const;
  const taken = new Set<string>();
  for (const l of lists) {
    for (const c of Array.isArray(spec[l]) ? spec[l] : []) if (isObject(c) && typeof c.name === 'string' && c.name) taken.add(c.name);
  }
  let changed = false;
  const out: Record<string, any> = { ...spec };
  for (const [list, base] of [['containers', 'user-container'], ['initContainers', 'init-container']] as const) {
    const items = spec[list];
    if (!Array.isArray(items) || !items.some((c) => isObject(c) && !c.name)) continue;
    changed = true;
    out[list] = items.map((c, idx) => {
      if (!isObject(c) || c.name) return c;
      if (items.length === 1) return { ...c, name: base };
      let i = idx;
      while (taken.has(`${base}-${i}`)) i++;
      taken.add(`${base}-${i}`);
      return { ...c, name: `${base}-${i}` };
    });
  }
  return changed ? out : spec;
}
