/**
 * "Filtering requests to shared components such as the activator" (2021 model), made concrete for Istio:
 * the activator only accepts a request whose Knative-Serving-Namespace header names the caller's own namespace,
 * and the cluster-local gateway only routes a tenant to hosts of its own namespace (net-istio#554, reference §4.6).
 * System namespaces (gateways, knative-serving, monitoring) keep unrestricted access.
 */
import type { K8sObject } from '../../k8s/types.js';
import { MANAGED_BY, type Generator, type GeneratedObject, type HardenContext, type ManualStep } from '../types.js';
import type { InstalledGateway } from '../../k8s/shared-hops.js';
import { namespaceObject } from '../namespace-patch.js';
import { istioControlPlane } from '../../k8s/environment.js';
import { weakNamespacePeerAuthentications } from '../../audit/istio-mtls.js';

/** Istio ingress gateway container ports of the external listeners (Service ports 80/443). */
const EXTERNAL_LISTENER_PORTS = ['8080', '8443'];

function systemNamespaces(ctx: HardenContext): string[] {
  const tenants = new Set(ctx.tenants);
  return [...ctx.inventory.namespaces.keys()].filter((n) => !tenants.has(n)).sort();
}

function authorizationPolicy(namespace: string, name: string, selector: Record<string, string>, rules: unknown[]): K8sObject {
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { name, namespace, labels: { ...MANAGED_BY } },
    spec: { selector: { matchLabels: selector }, action: 'ALLOW', rules },
  };
}

/**
 * The Istio ingress gateway whose callers `--mesh istio` binds to the hosts of their own namespace (the AuthorizationPolicy
 * below), or undefined when none is bound: no --mesh istio, no Serving, no istiod, or no Istio gateway found.
 */
export function boundIstioGateway(ctx: HardenContext): (InstalledGateway & { namespace: string; gatewayLabels: Record<string, string> }) | undefined {
  if (ctx.options.mesh !== 'istio' || !ctx.installed.serving || !istioControlPlane(ctx.inventory)) return undefined;
  const istio = ctx.installed.ingress.find((i) => i.kind === 'istio');
  return istio?.namespace && istio.gatewayLabels ? { ...istio, namespace: istio.namespace, gatewayLabels: istio.gatewayLabels } : undefined;
}

export const meshIstio: Generator = (ctx) => {
  const objects: GeneratedObject[] = [];
  const manual: ManualStep[] = [];
  if (ctx.options.mesh !== 'istio' || !ctx.installed.serving) return { objects, manual };
  // Sidecar injection and mesh policies without a mesh would leave pods without sidecars and policies unenforced.
  if (!istioControlPlane(ctx.inventory)) {
    manual.push({
      fixes: ['KTM-NET-003', 'KTM-TLS-001'],
      rule: 'shared-component-filtering',
      text: '--mesh istio: no Istio control plane (istiod) was found in the input, so no mesh policies or sidecar injection were written, and tenant egress to the gateways stays closed. Install Istio first (istioctl install, or the istiod Helm chart), then re-run ktm harden --mesh istio.',
    });
    return { objects, manual };
  }
  const system = systemNamespaces(ctx);
  const tenants = [...ctx.tenants].sort();

  objects.push({
    concern: 'mesh-policies',
    object: authorizationPolicy(ctx.config.serving.namespace, 'ktm-activator-namespace-binding', { app: 'activator' }, [
      { from: [{ source: { namespaces: system } }] },
      { to: [{ operation: { paths: ['/healthz'] } }] },
      ...tenants.map((ns) => ({ from: [{ source: { namespaces: [ns] } }], when: [{ key: 'request.headers[knative-serving-namespace]', values: [ns] }] })),
    ]),
    fixes: ['KTM-NET-003'],
    rule: 'shared-component-filtering',
    reason: 'a tenant may ask the activator only for revisions of its own namespace (Knative-Serving-Namespace header bound to the caller)',
  });

  const istio = boundIstioGateway(ctx);
  if (istio) {
    objects.push({
      concern: 'mesh-policies',
      object: authorizationPolicy(istio.namespace, 'ktm-local-gateway-namespace-binding', istio.gatewayLabels, [
        { to: [{ operation: { ports: EXTERNAL_LISTENER_PORTS } }] },
        { from: [{ source: { namespaces: system } }] },
        ...tenants.map((ns) => ({
          from: [{ source: { namespaces: [ns] } }],
          to: [{ operation: { hosts: [`*.${ns}.svc.cluster.local`, `*.${ns}.svc.cluster.local:*`, `*.${ns}.svc`, `*.${ns}.svc:*`, `*.${ns}`, `*.${ns}:*`] } }],
        })),
      ]),
      fixes: ['KTM-NET-003'],
      rule: 'shared-component-filtering',
      reason: 'through the cluster-local gateway a tenant reaches only hosts of its own namespace; the external listeners stay public',
    });
  } else {
    manual.push({
      fixes: ['KTM-NET-003'],
      rule: 'shared-component-filtering',
      text: 'No Istio ingress gateway was found: the Host-binding policy for the cluster-local gateway was not generated. Tenant egress to the gateways stays closed instead.',
    });
  }
  // The AuthorizationPolicies need mTLS identities, and mTLS encrypts the data-plane hops (what system-internal-tls
  // does with Kourier): sidecars in the tenant namespaces and knative-serving, and STRICT mTLS there.
  for (const ns of [...tenants, ctx.config.serving.namespace]) {
    const info = ctx.inventory.namespaces.get(ns);
    if (info?.labels['istio.io/rev'] === undefined) {
      objects.push({
        concern: ns === ctx.config.serving.namespace ? 'mesh-policies' : 'pod-security',
        object: namespaceObject(ctx, ns, { 'istio-injection': 'enabled' }),
        fixes: ['KTM-NET-003', 'KTM-TLS-001'],
        rule: 'shared-component-filtering',
        reason: `Istio sidecars in ${ns}, so its requests carry a verifiable source namespace and its hops are mTLS`,
      });
    }
    objects.push({
      concern: 'mesh-policies',
      object: {
        apiVersion: 'security.istio.io/v1',
        kind: 'PeerAuthentication',
        metadata: { name: 'ktm-strict-mtls', namespace: ns, labels: { ...MANAGED_BY } },
        spec: { mtls: { mode: 'STRICT' } },
      },
      fixes: ['KTM-TLS-001', 'KTM-NET-003'],
      rule: 'tenancy-hardening',
      reason: `only mTLS into ${ns}: plaintext requests without a mesh identity are refused`,
    });
  }
  // A namespace's own PERMISSIVE (or DISABLE) namespace-wide PeerAuthentication may win over ktm-strict-mtls (Istio
  // applies the oldest): ktm does not rewrite a policy it did not write, so the owner has to.
  const weak = [...tenants, ctx.config.serving.namespace].flatMap((ns) => weakNamespacePeerAuthentications(ctx.inventory, ns));
  if (weak.length > 0) {
    manual.push({
      fixes: ['KTM-TLS-001'],
      rule: 'tenancy-hardening',
      text: `${weak.length} namespace-wide PeerAuthentication(s) where ktm writes STRICT mTLS set a weaker mode (${weak
        .slice(0, 5)
        .map((p) => `${p.namespace}/${p.name} ${String(p.obj.spec?.mtls?.mode).toUpperCase()}`)
        .join(', ')}${weak.length > 5 ? ` and ${weak.length - 5} more` : ''}). Istio applies the oldest namespace-wide policy, so ktm-strict-mtls may not take effect there and plain text stays accepted. Set them to STRICT (or delete them) once every caller of those namespaces has a sidecar; ktm does not rewrite a policy it did not write.`,
      resources: weak.map((p) => `PeerAuthentication/${p.namespace}/${p.name}`),
    });
  }
  manual.push({
    fixes: ['KTM-TLS-001'],
    rule: 'tenancy-hardening',
    text: `Sidecar injection applies to pods created after the label: restart the Deployments of ${ctx.config.serving.namespace} and roll new revisions in the tenant namespaces. With STRICT mTLS a Prometheus outside the mesh can no longer scrape them: put it in the mesh or use Istio's metrics merging. net-istio's own PeerAuthentications keep the webhooks PERMISSIVE for the API server.`,
  });
  return { objects, manual };
};
