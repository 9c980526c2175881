/**
 * Where a Knative config change has to be written: the ConfigMap, or — when Knative is installed by the Operator —
 * the KnativeServing/KnativeEventing object's `spec.config.<section>`, because the operator overwrites the ConfigMap
 * keys it manages on every reconcile ("The values in the custom resource will overwrite the existing values in
 * ConfigMaps"). Either way the whole object is written (its current content plus the change), so `kubectl apply` is
 * exact and the re-audit reads the result the way Knative will.
 */
import type { K8sObject } from '../k8s/types.js';
import type { HardenContext } from './types.js';

/**
 * The object that carries `data` for ConfigMap `name` in `namespace`, with `changes` applied. Several generators may
 * change the same object (every section of a KnativeServing): they share one pending copy, returned each time.
 */
export function configObject(ctx: HardenContext, namespace: string, name: string, changes: Record<string, string>): K8sObject {
  const cr = namespace === ctx.config.serving.namespace ? ctx.config.operator.serving : namespace === ctx.config.eventing.namespace ? ctx.config.operator.eventing : undefined;
  if (cr) {
    const id = `${cr.kind}/${cr.namespace}/${cr.name}`;
    const pending = ctx.pending.get(id);
    const spec = pending ? pending.spec : structuredClone(cr.obj.spec ?? {});
    const config: Record<string, Record<string, string>> = (spec.config ??= {});
    // Use the section key the object already has (`features` or `config-features`), else the short form.
    const short = name.startsWith('config-') ? name.slice('config-'.length) : name;
    const section = name in config ? name : short;
    config[section] = { ...(config[section] ?? {}), ...changes };
    if (pending) return pending;
    const object: K8sObject = {
      apiVersion: cr.obj.apiVersion,
      kind: cr.obj.kind,
      metadata: { name: cr.name, namespace: cr.namespace, ...(cr.obj.metadata.labels ? { labels: { ...cr.obj.metadata.labels } } : {}) },
      spec,
    };
    ctx.pending.set(id, object);
    return object;
  }
  const existing = ctx.config.configMap(namespace, name);
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace, ...(existing?.obj.metadata.labels ? { labels: { ...existing.obj.metadata.labels } } : {}) },
    data: { ...((existing?.obj.data as Record<string, string>) ?? {}), ...changes },
  };
}
