/**
 * Knative configuration as Knative itself reads it. A key that is missing means the DEFAULT; a value Knative does not
 * recognise is ignored and the default applies (serving `pkg/apis/config/features.go` `asFlag`: only
 * Enabled/Allowed/Disabled, case-insensitive; `asSecurePodDefaultsFlag`: only Disabled/AllowRootBounded/Enabled).
 * Defaults are from reference §4.2–§4.4 and §5. The `_example` block of a ConfigMap is documentation and never read.
 *
 * Every value carries its evidence: the ConfigMap (when present), the JSON path of the key, the raw text, and whether
 * the default applied (and why), so a finding can say "data.secure-pod-defaults: 'root-allowed' is ignored by Knative".
 *
 * Knative installed by the Operator: a `KnativeServing`/`KnativeEventing` (operator.knative.dev) object's
 * `spec.config.<name>` overwrites the keys it names in ConfigMap `config-<name>` on every reconcile (knative/operator
 * `ConfigMapTransform`: the exact ConfigMap name is looked up first, then the name without the `config-` prefix; docs
 * "Configuring the Serving Operator Custom Resource": "The values in the custom resource will overwrite the existing
 * values in ConfigMaps"). So a key set there wins over the ConfigMap in the input (which the operator would revert),
 * and its evidence is the custom resource at `spec.config.<name>.<key>`. Keys it does not name come from the
 * ConfigMap, or are Knative's default. The custom resource also marks the component installed, in its namespace.
 */
import { parse as parseYaml } from 'yaml';
import type { Inventory, Resource } from './types.js';

export interface ConfigValue<T> {
  value: T;
  /** The raw text in the ConfigMap, if the key is present. */
  raw?: string;
  /** The key as written (a legacy key may have been used). */
  key: string;
  /** `data.<key>` */
  path: string;
  /** The ConfigMap, if it is in the input. */
  configMap?: Resource;
  /** True when Knative would use its default (key missing, or a value it ignores). */
  defaulted: boolean;
  /** True when the key is present with a value Knative ignores. */
  ignored: boolean;
  /** The Operator custom resource (KnativeServing/KnativeEventing) the value was read from, when it set the key. */
  via?: Resource;
}

export type Flag = 'enabled' | 'allowed' | 'disabled';
export type SecurePodDefaults = 'disabled' | 'AllowRootBounded' | 'enabled';

export interface KnativeConfig {
  /** Namespace of Knative Serving (`knative-serving` unless found elsewhere), and whether Serving is installed. */
  serving: { namespace: string; installed: boolean };
  eventing: { namespace: string; installed: boolean };
  configMap(namespace: string, name: string): Resource | undefined;
  /** A ConfigMap's effective data: its own `data` with the Operator's `spec.config` overrides applied (`_example` kept). */
  configData(namespace: string, name: string): Record<string, string>;
  /** The Operator custom resources managing Serving and Eventing, when present. */
  operator: { serving?: Resource; eventing?: Resource };
  feature(key: string, def?: Flag): ConfigValue<Flag>;
  securePodDefaults(): ConfigValue<SecurePodDefaults>;
  network: {
    autocreateClusterDomainClaims(): ConfigValue<boolean>;
    domainTemplate(): ConfigValue<string>;
    systemInternalTls(): ConfigValue<boolean>;
    externalDomainTls(): ConfigValue<boolean>;
  };
  /** `config-observability` `runtime-profiling` of the given namespace (default: Serving's). */
  runtimeProfiling(namespace?: string): ConfigValue<boolean>;
  maxScaleLimit(): ConfigValue<number>;
  /** `config-deployment` `runtime-class-name`: class name → label selector (empty = every revision). */
  runtimeClassNames(): ConfigValue<{ name: string; selector: Record<string, string> }[]>;
  eventingFeature(key: string, allowed: readonly string[], def: string): ConfigValue<string>;
}

export const DEFAULT_DOMAIN_TEMPLATE = '{{.Name}}.{{.Namespace}}.{{.Domain}}';

export function readKnativeConfig(inv: Inventory): KnativeConfig {
  const servingCr = operatorResource(inv, 'KnativeServing');
  const eventingCr = operatorResource(inv, 'KnativeEventing');
  const servingNs = servingCr?.namespace ?? findNamespaceOf(inv, ['activator', 'autoscaler'], 'config-features', 'knative-serving', 'serving.knative.dev/release');
  const eventingNs = eventingCr?.namespace ?? findNamespaceOf(inv, ['eventing-controller', 'eventing-webhook'], 'config-br-defaults', 'knative-eventing', 'eventing.knative.dev/release');
  const servingInstalled = !!servingCr || isInstalled(inv, servingNs, ['activator', 'autoscaler', 'controller', 'webhook'], ['config-features', 'config-network', 'config-deployment', 'config-autoscaler', 'config-observability', 'config-domain', 'config-defaults']);
  const eventingInstalled = !!eventingCr || isInstalled(inv, eventingNs, ['eventing-controller', 'eventing-webhook', 'mt-broker-ingress'], ['config-br-defaults', 'config-features']);

  const cm = (ns: string, name: string) => inv.find('ConfigMap', ns, name);
  /** The Operator's overrides for one ConfigMap, with the path prefix to point at them. */
  const overrides = (ns: string, name: string): { data: Record<string, unknown>; cr: Resource; prefix: string } | undefined => {
    const cr = ns === servingNs && servingCr ? servingCr : ns === eventingNs && eventingCr ? eventingCr : undefined;
    const config = cr?.obj.spec?.config;
    if (!config || typeof config !== 'object') return undefined;
    for (const section of [name, name.startsWith('config-') ? name.slice('config-'.length) : undefined]) {
      if (section === undefined) continue;
      const data = (config as Record<string, unknown>)[section];
      if (data && typeof data === 'object' && !Array.isArray(data)) return { data: data as Record<string, unknown>, cr: cr!, prefix: `spec.config.${section}` };
    }
    return undefined;
  };

  /** Reads one key (or the first present of its legacy spellings) and parses it; unparseable → default. */
  function read<T>(ns: string, name: string, keys: string[], def: T, parse: (raw: string) => T | undefined): ConfigValue<T> {
    const res = cm(ns, name);
    const op = overrides(ns, name);
    if (op) {
      for (const key of keys) {
        if (!Object.prototype.hasOwnProperty.call(op.data, key)) continue;
        const raw = String(op.data[key]);
        const parsed = parse(raw.trim());
        const path = `${op.prefix}.${key}`;
        if (parsed === undefined) return { value: def, raw, key, path, configMap: res, defaulted: true, ignored: true, via: op.cr };
        return { value: parsed, raw, key, path, configMap: res, defaulted: false, ignored: false, via: op.cr };
      }
    }
    const data = (res?.obj.data ?? {}) as Record<string, unknown>;
    for (const key of keys) {
      if (!Object.prototype.hasOwnProperty.call(data, key)) continue;
      const raw = String(data[key]);
      const parsed = parse(raw.trim());
      if (parsed === undefined) {
        return { value: def, raw, key, path: `data.${key}`, configMap: res, defaulted: true, ignored: true };
      }
      return { value: parsed, raw, key, path: `data.${key}`, configMap: res, defaulted: false, ignored: false };
    }
    // Not set anywhere. Under the Operator the place to set it is the custom resource, so point there.
    const cr = ns === servingNs ? servingCr : ns === eventingNs ? eventingCr : undefined;
    if (cr && !res) {
      const section = op?.prefix ?? `spec.config.${name.startsWith('config-') ? name.slice('config-'.length) : name}`;
      return { value: def, key: keys[0], path: `${section}.${keys[0]}`, defaulted: true, ignored: false, via: cr };
    }
    return { value: def, key: keys[0], path: `data.${keys[0]}`, configMap: res, defaulted: true, ignored: false };
  }

  const flag = (raw: string): Flag | undefined => {
    const v = raw.toLowerCase();
    return v === 'enabled' || v === 'allowed' || v === 'disabled' ? v : undefined;
  };
  // Go strconv.ParseBool, which cm.AsBool uses.
  const bool = (raw: string): boolean | undefined => {
    if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(raw)) return true;
    if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(raw)) return false;
    return undefined;
  };
  // networking `system-internal-tls` / `external-domain-tls`: Enabled|Disabled (case-insensitive).
  const encryption = (raw: string): boolean | undefined => {
    const v = raw.toLowerCase();
    return v === 'enabled' ? true : v === 'disabled' ? false : undefined;
  };

  return {
    serving: { namespace: servingNs, installed: servingInstalled },
    eventing: { namespace: eventingNs, installed: eventingInstalled },
    configMap: cm,
    configData: (ns, name) => {
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries((cm(ns, name)?.obj.data ?? {}) as Record<string, unknown>)) out[k] = String(v);
      for (const [k, v] of Object.entries(overrides(ns, name)?.data ?? {})) out[k] = String(v);
      return out;
    },
    operator: { serving: servingCr, eventing: eventingCr },
    feature: (key, def = 'disabled') => read(servingNs, 'config-features', [key], def, flag),
    securePodDefaults: () =>
      read<SecurePodDefaults>(servingNs, 'config-features', ['secure-pod-defaults'], 'disabled', (raw) => {
        const v = raw.toLowerCase();
        if (v === 'disabled') return 'disabled';
        if (v === 'allowrootbounded') return 'AllowRootBounded';
        if (v === 'enabled') return 'enabled';
        return undefined;
      }),
    network: {
      // The new key wins over the legacy camel-case key (networking pkg/config/config.go).
      autocreateClusterDomainClaims: () =>
        read(servingNs, 'config-network', ['autocreate-cluster-domain-claims', 'autocreateClusterDomainClaims'], false, bool),
      domainTemplate: () =>
        read(servingNs, 'config-network', ['domain-template'], DEFAULT_DOMAIN_TEMPLATE, (raw) => (raw ? raw : undefined)),
      systemInternalTls: () =>
        read(servingNs, 'config-network', ['system-internal-tls', 'internal-encryption'], false, (raw) =>
          // legacy `internal-encryption` is a bool
          encryption(raw) ?? bool(raw),
        ),
      externalDomainTls: () =>
        read(servingNs, 'config-network', ['external-domain-tls', 'auto-tls'], false, (raw) => encryption(raw) ?? bool(raw)),
    },
    runtimeProfiling: (namespace = servingNs) =>
      read(namespace, 'config-observability', ['runtime-profiling', 'profiling.enable'], false, (raw) => {
        const v = raw.toLowerCase();
        if (v === 'enabled') return true;
        if (v === 'disabled') return false;
        return bool(raw); // legacy `profiling.enable: "true"`
      }),
    maxScaleLimit: () =>
      read(servingNs, 'config-autoscaler', ['max-scale-limit'], 0, (raw) => (/^\d+$/.test(raw) ? Number(raw) : undefined)),
    runtimeClassNames: () => read(servingNs, 'config-deployment', ['runtime-class-name'], [], parseRuntimeClassNames),
    eventingFeature: (key, allowed, def) =>
      read(eventingNs, 'config-features', [key], def, (raw) => {
        const v = raw.toLowerCase();
        return allowed.includes(v) ? v : undefined;
      }),
  };
}

/**
 * `runtime-class-name` is YAML: `<class>: {}` or `<class>: {selector: {label: value}}` (serving
 * pkg/deployment/config.go). Anything else is rejected by Knative's webhook, so it counts as "not set".
 */
function parseRuntimeClassNames(raw: string): { name: string; selector: Record<string, string> }[] | undefined {
  if (!raw.trim()) return [];
  let doc: unknown;
  try {
    doc = parseYaml(raw, { maxAliasCount: 0, uniqueKeys: true });
  } catch {
    return undefined;
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return undefined;
  const out: { name: string; selector: Record<string, string> }[] = [];
  for (const [name, spec] of Object.entries(doc as Record<string, unknown>)) {
    const selector: Record<string, string> = {};
    if (spec !== null && spec !== undefined) {
      if (typeof spec !== 'object' || Array.isArray(spec)) return undefined;
      const sel = (spec as Record<string, unknown>).selector;
      if (sel !== undefined && sel !== null) {
        if (typeof sel !== 'object' || Array.isArray(sel)) return undefined;
        for (const [k, v] of Object.entries(sel as Record<string, unknown>)) selector[k] = String(v);
      }
    }
    out.push({ name, selector });
  }
  return out;
}

/** The Operator's custom resource for a component (the first one; the operator reconciles one per cluster). */
function operatorResource(inv: Inventory, kind: 'KnativeServing' | 'KnativeEventing'): Resource | undefined {
  return inv.byKind(kind).find((r) => r.groupKind === `${kind}.operator.knative.dev` && r.namespace);
}

function findNamespaceOf(inv: Inventory, deployments: string[], configMap: string, fallback: string, _label: string): string {
  if (inv.namespaces.has(fallback)) return fallback;
  for (const d of inv.byKind('Deployment')) {
    if (deployments.includes(d.name) && d.namespace) {
      const cm = inv.find('ConfigMap', d.namespace, configMap);
      if (cm) return d.namespace;
    }
  }
  return fallback;
}

function isInstalled(inv: Inventory, ns: string, deployments: string[], configMaps: string[]): boolean {
  return (
    deployments.some((d) => inv.find('Deployment', ns, d)) || configMaps.some((c) => inv.find('ConfigMap', ns, c))
  );
}
