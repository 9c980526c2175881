/**
 * What Knative's `secure-pod-defaults` does to a revision's pod spec before it runs (serving
 * pkg/apis/serving/v1/revision_defaults.go `defaultSecurityContext`): only UNSET fields are filled.
 * AllowRootBounded and enabled: seccompProfile RuntimeDefault, allowPrivilegeEscalation false, capabilities drop ALL
 * (add NET_BIND_SERVICE when nothing is added); enabled also: runAsNonRoot true. The PSS checks judge Knative
 * workloads after this, as the API server will see them.
 */
import type { Workload } from '../k8s/types.js';
import type { SecurePodDefaults } from '../k8s/knative-config.js';

export function withSecurePodDefaults(w: Workload, mode: SecurePodDefaults): Workload {
  if (!w.knative || mode === 'disabled') return w;
  const spec = structuredClone(w.podSpec ?? {});
  const psc = (spec.securityContext ??= {});
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    if (!c || typeof c !== 'object') continue;
    const sc = (c.securityContext ??= {});
    if (sc.allowPrivilegeEscalation === undefined) sc.allowPrivilegeEscalation = false;
    if (!sc.seccompProfile && !psc.seccompProfile) sc.seccompProfile = { type: 'RuntimeDefault' };
    sc.capabilities ??= {};
    if (!sc.capabilities.drop || sc.capabilities.drop.length === 0) sc.capabilities.drop = ['ALL'];
    if (!sc.capabilities.add || sc.capabilities.add.length === 0) sc.capabilities.add = ['NET_BIND_SERVICE'];
    if (mode === 'enabled' && sc.runAsNonRoot === undefined && psc.runAsNonRoot === undefined) sc.runAsNonRoot = true;
  }
  return { ...w, podSpec: spec };
}
