/**
 * Does Istio encrypt Knative's data-plane hops (gateway → activator → queue-proxy, gateway → queue-proxy)? Used by
 * KTM-TLS-001: `system-internal-tls` is documented for Kourier only (reference §4.3); with net-istio the mesh does the
 * job when, for knative-serving and every tenant namespace,
 *  - sidecar injection is on: namespace label `istio-injection=enabled` or `istio.io/rev` (and `istio-injection` is not
 *    `disabled`), and no data-plane pod there (the activator, tenant Knative workloads) opts out with
 *    `sidecar.istio.io/inject: "false"` — a pod without a sidecar receives plain text;
 *  - peer authentication is STRICT for the namespace: a namespace-wide PeerAuthentication (no selector) with mode STRICT,
 *    or one with mode UNSET (or none) under a mesh-wide STRICT one (root namespace istio-system, no selector). Istio's
 *    default is PERMISSIVE, which accepts plain text. Several namespace-wide (or mesh-wide) policies: Istio uses the
 *    oldest, which manifests may not show, so every one must be STRICT;
 *  - no workload-specific PeerAuthentication selecting a data-plane pod weakens it (mode PERMISSIVE/DISABLE, or
 *    portLevelMtls other than STRICT on the data-plane ports 8012, 8013, 8112). net-istio's own policies for the
 *    webhooks (PERMISSIVE on 8443) do not touch the data plane.
 * The form `ktm harden --mesh istio` writes (a STRICT PeerAuthentication `ktm-strict-mtls` without selector in each
 * tenant namespace and knative-serving, plus the injection label) satisfies this.
 */
import { matchesLabelSelector } from '../k8s/selectors.js';
import type { Inventory, Resource, Workload } from '../k8s/types.js';
import { ISTIO_ROOT_NAMESPACE } from '../netpol/l7-filters.js';
import { resourcesIn, workloadsIn } from '../k8s/inventory.js';
import type { KnativeConfig } from '../k8s/knative-config.js';
import { groupBy } from '../util/arrays.js';

/** queue-proxy and activator ports the data-plane hops use (http1, h2c, and the TLS port). */
export const DATA_PLANE_PORTS = ['8012', '8013', '8112'];

type Mode = 'STRICT' | 'PERMISSIVE' | 'DISABLE' | 'UNSET';

export interface MeshCoverage {
  /** True when net-istio is the ingress in the input (its controller Deployment, or the Operator's spec.ingress.istio). */
  netIstio: boolean;
  /** Every namespace needed (knative-serving + tenants) is STRICT and injected. */
  covered: boolean;
  /** What the decision relied on, per namespace (for the note when covered). */
  reliedOn: string[];
  /** Why it is not covered (for the finding). */
  gaps: string[];
}

function modeOf(pa: Resource): Mode {
  const m = String(pa.obj.spec?.mtls?.mode ?? 'UNSET').toUpperCase();
  return m === 'STRICT' || m === 'PERMISSIVE' || m === 'DISABLE' ? m : 'UNSET';
}

function hasSelector(pa: Resource): boolean {
  const sel = pa.obj.spec?.selector;
  return !!sel && typeof sel === 'object' && Object.keys(sel.matchLabels ?? {}).length > 0;
}

function paName(pa: Resource): string {
  return `PeerAuthentication ${pa.namespace}/${pa.name}`;
}

/**
 * A namespace's own namespace-wide PeerAuthentications that set a weaker mode than STRICT: Istio may apply one of them
 * (the oldest) instead of any STRICT one added beside it, so they must change for the namespace to be STRICT.
 */
export function weakNamespacePeerAuthentications(inv: Inventory, ns: string): Resource[] {
  return resourcesIn(inv, 'PeerAuthentication', ns).filter((p) => !hasSelector(p) && weakerThanStrict(p));
}

/** A mode set explicitly, and weaker than STRICT (PERMISSIVE or DISABLE). */
function weakerThanStrict(pa: Resource): boolean {
  const m = modeOf(pa);
  return m !== 'UNSET' && m !== 'STRICT';
}

/**
 * Mode set by a group of policies at one level: undefined when none sets one (inherit); the weakest explicit mode when
 * they disagree (Istio picks the oldest, which the input may not show).
 */
function levelMode(pas: Resource[]): { mode: Mode; by: Resource[] } | undefined {
  const explicit = pas.filter((p) => modeOf(p) !== 'UNSET');
  if (explicit.length === 0) return undefined;
  const weak = explicit.filter(weakerThanStrict);
  return weak.length > 0 ? { mode: modeOf(weak[0]), by: weak } : { mode: 'STRICT', by: explicit };
}

export function netIstioInstalled(inv: Inventory, k: KnativeConfig): boolean {
  if (inv.byKind('Deployment').some((d) => d.name === 'net-istio-controller')) return true;
  return k.operator.serving?.obj.spec?.ingress?.istio?.enabled === true;
}

export function istioMeshCoverage(inv: Inventory, k: KnativeConfig, tenants: readonly string[]): MeshCoverage {
  const netIstio = netIstioInstalled(inv, k);
  const pas = inv.byKind('PeerAuthentication');
  // By namespace once: every tenant namespace asks for its own.
  const pasIn = groupBy(pas, (p) => p.namespace ?? '');
  const mesh = levelMode((pasIn.get(ISTIO_ROOT_NAMESPACE) ?? []).filter((p) => !hasSelector(p)));
  const reliedOn: string[] = [];
  const gaps: string[] = [];
  const servingNs = k.serving.namespace;
  const dataPlane = (ns: string): Workload[] =>
    workloadsIn(inv, ns).filter((w) => (ns === servingNs ? w.name === 'activator' : w.knative !== undefined));

  for (const ns of [servingNs, ...tenants.filter((t) => t !== servingNs)]) {
    const labels = inv.namespaces.get(ns)?.labels ?? {};
    const injection =
      labels['istio-injection'] === 'enabled'
        ? 'istio-injection=enabled'
        : labels['istio.io/rev'] !== undefined && labels['istio-injection'] !== 'disabled'
          ? `istio.io/rev=${labels['istio.io/rev']}`
          : undefined;
    const problems: string[] = [];
    if (!injection) problems.push('no sidecar injection (label istio-injection=enabled or istio.io/rev)');
    const optOut = dataPlane(ns).filter((w) => (w.podAnnotations['sidecar.istio.io/inject'] ?? w.podLabels['sidecar.istio.io/inject']) === 'false');
    if (optOut.length > 0) problems.push(`sidecar.istio.io/inject: "false" on ${optOut.map((w) => `${w.kind}/${w.name}`).join(', ')}`);

    const own = levelMode((pasIn.get(ns) ?? []).filter((p) => !hasSelector(p)));
    const eff = own ?? mesh;
    const mode: Mode = eff?.mode ?? 'PERMISSIVE';
    if (mode !== 'STRICT') {
      problems.push(eff ? `mTLS ${mode} (${eff.by.map(paName).join(', ')})` : 'mTLS PERMISSIVE (no STRICT PeerAuthentication for the namespace or mesh-wide in istio-system; Istio\'s default accepts plain text)');
    }
    // Workload-specific policies win over the namespace's for the pods they select.
    for (const pa of (pasIn.get(ns) ?? []).filter((p) => hasSelector(p))) {
      const selected = dataPlane(ns).filter((w) => matchesLabelSelector({ matchLabels: pa.obj.spec.selector.matchLabels }, w.podLabels));
      if (selected.length === 0) continue;
      const m = modeOf(pa);
      const ports = Object.entries((pa.obj.spec?.portLevelMtls ?? {}) as Record<string, { mode?: string }>)
        .filter(([port, v]) => DATA_PLANE_PORTS.includes(String(port)) && String(v?.mode ?? 'UNSET').toUpperCase() !== 'STRICT' && String(v?.mode ?? 'UNSET').toUpperCase() !== 'UNSET')
        .map(([port, v]) => `${port} ${String(v.mode).toUpperCase()}`);
      if (m === 'PERMISSIVE' || m === 'DISABLE' || ports.length > 0) {
        problems.push(`${paName(pa)} sets ${m === 'PERMISSIVE' || m === 'DISABLE' ? `mode ${m}` : `port ${ports.join(', ')}`} for ${selected.map((w) => `${w.kind}/${w.name}`).join(', ')}`);
      }
    }
    if (problems.length > 0) gaps.push(`${ns}: ${problems.join('; ')}`);
    else reliedOn.push(`${ns} (${injection}; STRICT from ${eff!.by.map(paName).join(', ')}${own ? '' : ', mesh-wide'})`);
  }
  return { netIstio, covered: netIstio && gaps.length === 0, reliedOn, gaps };
}
