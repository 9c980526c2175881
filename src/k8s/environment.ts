/**
 * What the environment under Knative provides, decided from evidence in the input (DESIGN.md "Knowledge with one
 * home"): cert-manager, the Istio control plane, and nodes that run a sandbox runtime handler. Harden emits what
 * needs one of these only when it is here; otherwise it writes a manual step naming what to install first.
 */
import type { Inventory, Resource } from './types.js';
import { matchesLabelSelector } from './selectors.js';

/** Per inventory (inventories are not changed once built): harden asks once per tenant namespace. */
const certManagerMemo = new WeakMap<Inventory, { evidence: string | undefined }>();

/** cert-manager is installed: its CRDs, its controller Deployment, or an Issuer/ClusterIssuer object. */
export function certManagerEvidence(inv: Inventory): string | undefined {
  let memo = certManagerMemo.get(inv);
  if (!memo) certManagerMemo.set(inv, (memo = { evidence: findCertManager(inv) }));
  return memo.evidence;
}

function findCertManager(inv: Inventory): string | undefined {
  const crd = inv.byKind('CustomResourceDefinition').find((c) => c.name === 'certificates.cert-manager.io');
  if (crd) return `CustomResourceDefinition ${crd.name}`;
  const dep = inv.byKind('Deployment').find((d) => d.name === 'cert-manager' || d.obj.spec?.template?.metadata?.labels?.['app.kubernetes.io/name'] === 'cert-manager');
  if (dep) return `Deployment ${dep.namespace}/${dep.name}`;
  const issuer = [...inv.byKind('ClusterIssuer'), ...inv.byKind('Issuer')].find((r) => r.obj.apiVersion.startsWith('cert-manager.io/'));
  return issuer ? `${issuer.kind} ${issuer.namespace ? `${issuer.namespace}/` : ''}${issuer.name}` : undefined;
}

/** Istio's control plane (istiod) as installed: the workload, its namespace and the XDS port sidecars use. */
export interface IstioControlPlane {
  namespace: string;
  podLabels: Record<string, string>;
  /** The Deployment it was found as. */
  evidence: string;
}

export function istioControlPlane(inv: Inventory): IstioControlPlane | undefined {
  const w = inv.workloads.find((x) => x.podLabels.app === 'istiod' || (x.podLabels.istio === 'pilot' && x.name.startsWith('istiod')));
  if (!w) return undefined;
  return { namespace: w.namespace, podLabels: w.podLabels.app === 'istiod' ? { app: 'istiod' } : { istio: 'pilot' }, evidence: `${w.kind} ${w.namespace}/${w.name}` };
}

/** Istio sidecars are injected into the namespace's new pods (`istio-injection=enabled` or a revision label). */
export function sidecarInjected(labels: Record<string, string>): boolean {
  return labels['istio-injection'] === 'enabled' || (labels['istio.io/rev'] !== undefined && labels['istio-injection'] !== 'disabled');
}

/**
 * Node labels that say a sandbox runtime handler is installed, per handler: GKE Sandbox puts
 * `sandbox.gke.io/runtime=gvisor` on its gVisor nodes; kata-deploy labels nodes `katacontainers.io/kata-runtime=true`.
 */
const HANDLER_NODE_LABELS: Record<string, Array<[string, string]>> = {
  runsc: [['sandbox.gke.io/runtime', 'gvisor']],
  gvisor: [['sandbox.gke.io/runtime', 'gvisor']],
  kata: [['katacontainers.io/kata-runtime', 'true']],
};

export interface HandlerNodes {
  /** Nodes that run the handler. */
  nodes: Resource[];
  /** Why these nodes: node status or labels, or an existing RuntimeClass's scheduling. */
  evidence: string;
  /** Labels that pin pods to those nodes (RuntimeClass `scheduling.nodeSelector`); empty when every node qualifies. */
  nodeSelector: Record<string, string>;
  /** Taints every one of those nodes has with effect NoSchedule/NoExecute: the sandbox pods must tolerate them. */
  tolerations: Array<{ key: string; operator: 'Equal' | 'Exists'; value?: string; effect: string }>;
  /** False when only some nodes run the handler and no label tells them apart: pods cannot be pinned to them. */
  pinned: boolean;
}

/**
 * The nodes that run a runtime handler, from evidence: `status.runtimeHandlers` (Kubernetes ≥ 1.30), the
 * installers' node labels, or an existing RuntimeClass with this handler whose `scheduling.nodeSelector` matches
 * nodes. Undefined when the input shows none (the handler must be installed before a RuntimeClass is forced on pods).
 */
export function runtimeHandlerNodes(inv: Inventory, handler: string): HandlerNodes | undefined {
  const nodes = inv.byKind('Node');
  const byStatus = nodes.filter((n) => ((n.obj.status?.runtimeHandlers ?? []) as Array<{ name?: string }>).some((h) => h?.name === handler));
  if (byStatus.length) return describe(nodes, byStatus, `status.runtimeHandlers of ${names(byStatus)} lists ${handler}`, []);
  for (const [k, v] of HANDLER_NODE_LABELS[handler] ?? []) {
    const labelled = nodes.filter((n) => n.obj.metadata.labels?.[k] === v);
    if (labelled.length) return describe(nodes, labelled, `node label ${k}=${v} on ${names(labelled)}`, [[k, v]]);
  }
  for (const rc of inv.byKind('RuntimeClass')) {
    if (rc.obj.handler !== handler) continue;
    const sel = rc.obj.scheduling?.nodeSelector as Record<string, string> | undefined;
    if (!sel || Object.keys(sel).length === 0) continue;
    const matched = nodes.filter((n) => matchesLabelSelector({ matchLabels: sel }, n.obj.metadata.labels ?? {}));
    if (matched.length) return describe(nodes, matched, `RuntimeClass ${rc.name} schedules onto ${names(matched)} (scheduling.nodeSelector)`, Object.entries(sel));
  }
  return undefined;
}

function names(nodes: Resource[]): string {
  const n = nodes.map((x) => x.name).sort();
  return n.length > 3 ? `${n.slice(0, 3).join(', ')} and ${n.length - 3} more` : n.join(', ');
}

function describe(allNodes: Resource[], nodes: Resource[], evidence: string, pin: Array<[string, string]>): HandlerNodes {
  const nodeSelector: Record<string, string> = Object.fromEntries(pin);
  // Only some nodes run the handler and no label names them: pin by labels they all share and some other node lacks.
  if (pin.length === 0 && nodes.length < allNodes.length) {
    const running = new Set(nodes);
    const others = allNodes.filter((n) => !running.has(n));
    for (const [k, v] of Object.entries(sharedLabels(nodes))) if (others.every((n) => n.obj.metadata.labels?.[k] !== v)) nodeSelector[k] = v;
  }
  const taintKey = (t: { key: string; value?: string; effect: string }) => `${t.key}=${t.value ?? ''}:${t.effect}`;
  const taintsOf = (n: Resource) =>
    ((n.obj.spec?.taints ?? []) as Array<{ key: string; value?: string; effect: string }>).filter((t) => t?.key && (t.effect === 'NoSchedule' || t.effect === 'NoExecute'));
  const common = taintsOf(nodes[0]).filter((t) => nodes.every((n) => taintsOf(n).some((u) => taintKey(u) === taintKey(t))));
  const tolerations = common.map((t) => (t.value ? { key: t.key, operator: 'Equal' as const, value: t.value, effect: t.effect } : { key: t.key, operator: 'Exists' as const, effect: t.effect }));
  const pinned = nodes.length === allNodes.length || Object.keys(nodeSelector).length > 0;
  return { nodes, evidence, nodeSelector, tolerations, pinned };
}

/** Labels (not the per-node hostname ones) that every node of the list carries with the same value. */
function sharedLabels(nodes: Resource[]): Record<string, string> {
  const first = nodes[0].obj.metadata.labels ?? {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(first)) {
    if (k === 'kubernetes.io/hostname' || k.startsWith('beta.kubernetes.io/')) continue;
    if (nodes.every((n) => n.obj.metadata.labels?.[k] === v)) out[k] = v;
  }
  return out;
}

/**
 * Nodes a plain pod (no tolerations, no node selector) can land on: not cordoned, no NoSchedule/NoExecute taint.
 * Isolation decisions (user-namespace support, sandbox nodes) are about where tenants' pods run; a control-plane
 * node or a dedicated pool behind a taint does not count. Empty when every node is tainted.
 */
export function plainPodNodes(nodes: Resource[]): Resource[] {
  return nodes.filter((n) => {
    if (n.obj.spec?.unschedulable === true) return false;
    const taints = (n.obj.spec?.taints ?? []) as Array<{ effect?: string }>;
    return !taints.some((t) => t?.effect === 'NoSchedule' || t?.effect === 'NoExecute');
  });
}
