/**
 * Knative config patches: full ConfigMaps (the cluster's own data plus ktm's changes), so `kubectl apply` is
 * exact and the re-audit sees the result. Values are read exactly as the audit reads them (src/k8s/knative-config.ts:
 * a missing key is the default, an unrecognised value is ignored), and only unsafe values change: a safe cluster
 * gets nothing.
 */
import type { ConfigValue } from '../../k8s/knative-config.js';
// The gates are the audit's own lists, so harden turns off exactly what KTM-CFG-005/006 flag.
import { HOST_GATES } from '../../audit/checks/KTM-CFG-005.js';
import { PLACEMENT_GATES } from '../../audit/checks/KTM-CFG-006.js';
import type { Generator, GeneratedObject, HardenContext, ManualStep } from '../types.js';
import { configObject } from '../config-patch.js';
import { certManagerEvidence } from '../../k8s/environment.js';

/** Needs cert-manager (Knative issues these certificates through it): named in the manual step when absent. */
const CERT_MANAGER_STEP =
  'Install cert-manager first (https://cert-manager.io/docs/installation/), then re-run ktm harden: it was not found in the input (no certificates.cert-manager.io CRD, cert-manager Deployment or Issuer)';

/**
 * The eventing `transport-encryption` mode the cluster will have after hardening: `strict` when harden sets it (only
 * with cert-manager present), else what the cluster has. The network policies open the broker port this mode implies.
 */
export function targetTransportEncryption(ctx: HardenContext): string {
  const current = ctx.config.eventingFeature('transport-encryption', ['disabled', 'permissive', 'strict'], 'disabled').value;
  return current !== 'strict' && certManagerEvidence(ctx.inventory) ? 'strict' : current;
}

interface Patch {
  key: string;
  value: string;
  fix: string;
  why: string;
}

/** The config object (ConfigMap, or the Operator's custom resource) with the patches applied. */
function patched(ctx: HardenContext, namespace: string, name: string, patches: Patch[], rule: GeneratedObject['rule']): GeneratedObject | undefined {
  if (patches.length === 0) return undefined;
  const object = configObject(ctx, namespace, name, Object.fromEntries(patches.map((p) => [p.key, p.value])));
  return {
    concern: 'knative-config',
    object,
    fixes: [...new Set(patches.map((p) => p.fix))],
    rule,
    reason: `${object.kind === 'ConfigMap' ? '' : `${name} (managed by the Operator): `}${patches.map((p) => `${p.key}: ${JSON.stringify(p.value)} (${p.why})`).join('; ')}`,
  };
}

/** The object the audit names for a config value (the Operator's custom resource when it set it, else the ConfigMap). */
function configResource<T>(v: ConfigValue<T>, namespace: string, name: string): string {
  const r = v.via ?? v.configMap;
  return r ? `${r.kind}/${r.namespace}/${r.name}` : `ConfigMap/${namespace}/${name}`;
}

/** Sets the key as the cluster wrote it (legacy spelling included), so the value Knative reads is the one changed. */
function patchFor<T>(v: ConfigValue<T>, value: string, fix: string, why: string): Patch {
  return { key: v.key, value, fix, why };
}

export const knativeConfig: Generator = (ctx) => {
  const objects: GeneratedObject[] = [];
  const manual: ManualStep[] = [];
  const push = (g: GeneratedObject | undefined) => g && objects.push(g);
  const cfg = ctx.config;

  if (cfg.serving.installed) {
    const ns = cfg.serving.namespace;
    const fp: Patch[] = [];
    for (const gate of HOST_GATES) {
      const v = cfg.feature(gate);
      if (v.value !== 'disabled') fp.push(patchFor(v, 'disabled', 'KTM-CFG-005', 'host-level pod-spec field'));
    }
    for (const gate of PLACEMENT_GATES) {
      const v = cfg.feature(gate);
      if (v.value !== 'disabled') fp.push(patchFor(v, 'disabled', 'KTM-CFG-006', 'tenants must not choose runtime or nodes'));
    }
    const tag = cfg.feature('tag-header-based-routing');
    if (tag.value !== 'disabled') fp.push(patchFor(tag, 'disabled', 'KTM-CFG-007', 'a caller could pick any tagged revision by header'));
    // Only `enabled` and `AllowRootBounded` are parsed by the code; `root-allowed` (the docs' spelling) is ignored.
    const spd = cfg.securePodDefaults();
    if (spd.value !== 'enabled') fp.push(patchFor(spd, 'enabled', 'KTM-CFG-002', 'fill runAsNonRoot, seccomp, no privilege escalation, dropped capabilities'));
    push(patched(ctx, ns, 'config-features', fp, 'untrusted-needs-isolation'));

    const np: Patch[] = [];
    const autocreate = cfg.network.autocreateClusterDomainClaims();
    if (autocreate.value) np.push(patchFor(autocreate, 'false', 'KTM-CFG-003', 'domains are delegated by ClusterDomainClaims (see rbac)'));
    const template = cfg.network.domainTemplate();
    if (!template.value.includes('{{.Namespace}}')) {
      np.push(patchFor(template, '{{.Name}}.{{.Namespace}}.{{.Domain}}', 'KTM-CFG-004', 'names of different namespaces cannot collide'));
    }
    const tls = cfg.network.systemInternalTls();
    if (!tls.value) {
      if (ctx.installed.ingress.some((i) => i.kind === 'kourier') && !certManagerEvidence(ctx.inventory)) {
        manual.push({ fixes: ['KTM-TLS-001'], rule: 'tenancy-hardening', text: `system-internal-tls (encrypted data-plane hops) was not turned on: ${CERT_MANAGER_STEP}.`, resources: [configResource(tls, ns, 'config-network')] });
      } else if (ctx.installed.ingress.some((i) => i.kind === 'kourier')) {
        np.push({ key: 'system-internal-tls', value: 'Enabled', fix: 'KTM-TLS-001', why: 'data-plane hops verify kn-user-<namespace> SANs (needs cert-manager)' });
      } else if (ctx.options.mesh !== 'istio') {
        // With --mesh istio the mesh-policies concern encrypts these hops with STRICT mTLS instead.
        manual.push({ fixes: ['KTM-TLS-001'], rule: 'tenancy-hardening', resources: [configResource(tls, ns, 'config-network')], text: 'system-internal-tls is documented for Kourier only; with this ingress, use --mesh istio (sidecars and STRICT mTLS encrypt the data-plane hops), or switch to Kourier.' });
      }
    }
    push(patched(ctx, ns, 'config-network', np, 'tenancy-hardening'));

    const profiling = cfg.runtimeProfiling();
    if (profiling.value) {
      const off = profiling.key === 'profiling.enable' ? 'false' : 'disabled';
      push(patched(ctx, ns, 'config-observability', [patchFor(profiling, off, 'KTM-CFG-001', 'pprof on 8008 of every serving component')], 'shared-component-filtering'));
    }

    const limit = cfg.maxScaleLimit();
    if (limit.value <= 0) {
      push(patched(ctx, ns, 'config-autoscaler', [patchFor(limit, String(ctx.options.maxScaleLimit), 'KTM-QTA-001', 'one tenant cannot scale without bound on shared nodes')], 'availability-lower-priority'));
    }
  }

  if (cfg.eventing.installed) {
    const ep: Patch[] = [];
    const oidc = cfg.eventingFeature('authentication-oidc', ['enabled', 'disabled'], 'disabled');
    if (oidc.value !== 'enabled') ep.push(patchFor(oidc, 'enabled', 'KTM-EVT-001', 'senders prove who they are to the broker ingress'));
    const authz = cfg.eventingFeature('default-authorization-mode', ['allow-all', 'deny-all', 'allow-same-namespace'], 'allow-same-namespace');
    if (authz.value === 'allow-all') ep.push(patchFor(authz, 'allow-same-namespace', 'KTM-EVT-001', 'without an EventPolicy only the own namespace may post'));
    const tenc = cfg.eventingFeature('transport-encryption', ['disabled', 'permissive', 'strict'], 'disabled');
    if (tenc.value !== 'strict') {
      const evidence = certManagerEvidence(ctx.inventory);
      if (evidence) ep.push(patchFor(tenc, 'strict', 'KTM-EVT-001', `OIDC tokens are not sent in clear text (cert-manager: ${evidence})`));
      else manual.push({ fixes: ['KTM-EVT-001'], rule: 'tenancy-hardening', text: `transport-encryption was not set to strict (OIDC tokens travel in clear text until it is): ${CERT_MANAGER_STEP}.`, resources: [configResource(tenc, cfg.eventing.namespace, 'config-features')] });
    }
    const links = cfg.eventingFeature('cross-namespace-event-links', ['enabled', 'disabled'], 'disabled');
    if (links.value === 'enabled') ep.push(patchFor(links, 'disabled', 'KTM-EVT-001', 'triggers may not reach brokers of other namespaces'));
    push(patched(ctx, cfg.eventing.namespace, 'config-features', ep, 'tenancy-hardening'));
  }
  return { objects, manual };
};
