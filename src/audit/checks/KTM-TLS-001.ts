import { configRef, describeValue, shortList } from '../evidence.js';
import { istioMeshCoverage } from '../istio-mtls.js';
import type { Check } from '../types.js';

const MESH_FIX =
  'With net-istio: label knative-serving and every tenant namespace istio-injection=enabled (or istio.io/rev) and apply a PeerAuthentication with spec.mtls.mode STRICT and no selector in each of them (or one mesh-wide in istio-system); `ktm harden --mesh istio` writes both. system-internal-tls is documented for Kourier only.';

export const check: Check = {
  id: 'KTM-TLS-001',
  title: 'System-internal TLS disabled',
  severity: 'moderate',
  tenancy: ['namespace', 'control-plane'],
  clauseRule: 'runtime-network-trusted',
  clauseFallback: ['tenancy-hardening'],
  crosswalk: [
    { framework: 'nsa-cisa', id: 'encryption', relation: 'related' },
  ],
  description:
    'Without `system-internal-tls` (config-network) the hops ingress→activator→queue-proxy are plain HTTP: a pod on the ' +
    'shared network can read or alter other tenants\' requests, and callers cannot verify the `kn-user-<namespace>` identity of the destination. ' +
    'With net-istio the mesh encrypts these hops instead when Istio mTLS is STRICT and sidecars are injected in knative-serving and every tenant namespace.',
  fix: 'Set `system-internal-tls: "Enabled"` in config-network (needs cert-manager and a supporting ingress, e.g. Kourier); with net-istio, STRICT Istio mTLS and sidecar injection in knative-serving and the tenant namespaces.',
  evaluate(ctx) {
    const k = ctx.knative;
    if (!k.serving.installed) return [];
    const v = k.network.systemInternalTls();
    if (v.value) return [];
    const mesh = istioMeshCoverage(ctx.inventory, k, ctx.tenants);
    if (mesh.covered) {
      ctx.note(
        `KTM-TLS-001: system-internal-tls is off, but with net-istio the data-plane hops are encrypted by Istio mTLS in ${shortList(mesh.reliedOn, 6)}; relied on: Istio's root namespace is istio-system, and the namespace labels make Istio inject sidecars (pods created before the label have none until restarted)`,
      );
      return [];
    }
    return [
      {
        resource: configRef(v, k.serving.namespace, 'config-network'),
        path: v.path,
        message:
          `system-internal-tls is disabled (${describeValue(v)}): data-plane hops between tenants and shared components are not encrypted` +
          (mesh.netIstio ? `; nor does Istio mTLS cover them: ${shortList(mesh.gaps, 4)}` : ''),
        fix: mesh.netIstio ? MESH_FIX : undefined,
      },
    ];
  },
};
