/**
 * Small helpers the checks share to point at evidence: the object (or a stand-in when the object is not in the input
 * and Knative's default applies), JSON paths with label keys, and short lists in messages.
 */
import type { Resource } from '../k8s/types.js';
import type { ConfigValue } from '../k8s/knative-config.js';
import type { AuditContext, Evidence } from './types.js';
import { SOURCE_SAMPLE, type Sources } from './reach-view.js';

/**
 * The object holding a value: the Operator custom resource when it set the key, else the ConfigMap, or a stand-in
 * saying the default applies because the ConfigMap is absent.
 */
export function configRef(cv: ConfigValue<unknown>, namespace: string, name: string): Evidence['resource'] {
  return cv.via ?? cv.configMap ?? { kind: 'ConfigMap', namespace, name, source: '<not in input: Knative default applies>' };
}

/** How a config value was decided, for messages: `"x"` as written, or why the default applies. */
export function describeValue(cv: ConfigValue<unknown>): string {
  if (cv.ignored) return `"${cv.raw}" is not a value Knative recognises, so it is ignored and the default applies`;
  if (cv.defaulted && cv.via) return `key "${cv.key}" not set in ${cv.via.kind} ${cv.via.namespace}/${cv.via.name} spec.config, so the default applies`;
  if (cv.defaulted) return cv.configMap ? `key "${cv.key}" not set, so the default applies` : 'ConfigMap not in the input, so the default applies';
  return `${cv.key}: "${cv.raw}"`;
}

export function namespaceRef(ctx: AuditContext, ns: string): Resource | Evidence['resource'] {
  return ctx.inventory.namespaces.get(ns)?.resource ?? { kind: 'Namespace', name: ns, source: '<referred to, not defined in input>' };
}

export function labelPath(key: string): string {
  return `metadata.labels["${key}"]`;
}

/** `a, b, c (+4 more)`; `total` when `items` holds only the first of them. */
export function shortList(items: readonly string[], max = 5, total = items.length): string {
  if (total <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} (+${total - max} more)`;
}

/** The sources of a reach question as `shortList` writes them (the first SOURCE_SAMPLE, then how many more). */
export function sourcesList(s: Sources): string {
  return shortList(s.first, SOURCE_SAMPLE, s.count);
}
