/**
 * Can `hostUsers: false` (user namespaces) work on these nodes? Judged from Node objects' status.nodeInfo.
 *
 * Facts relied on (checked against the Kubernetes "User Namespaces" page, the Kubernetes v1.33 blog "User Namespaces
 * enabled by default" and containerd docs/user-namespaces/README.md):
 * - Kubernetes: alpha 1.25; feature gate UserNamespacesSupport beta in 1.30 but off by default; ON by default from
 *   1.33; GA (locked on) in 1.36. Below 1.33 it works only if the administrator enabled the gate, which manifests do
 *   not show.
 * - Container runtime: containerd ≥ 2.0 (1.7 is incompatible with the Kubernetes ≥ 1.27 implementation and 1.6 silently
 *   ignores hostUsers) or CRI-O ≥ 1.25; OCI runtime runc ≥ 1.2 or crun ≥ 1.9 (not visible in Node objects).
 * - Linux ≥ 6.3, for idmap mounts on tmpfs (service-account tokens, secrets).
 */
import { plainPodNodes } from '../k8s/environment.js';
import type { Inventory } from '../k8s/types.js';

export const USERNS_FACTS =
  'relied on: Kubernetes ≥1.33 (UserNamespacesSupport on by default; 1.25–1.32 only with the feature gate; GA 1.36), containerd ≥2.0 or CRI-O ≥1.25, Linux ≥6.3 (idmap mounts)';

export type UsernsSupport = 'yes' | 'no' | 'gate' | 'unknown';

export interface NodeUserns {
  node: string;
  support: UsernsSupport;
  reason: string;
}

export function parseVersion(text: string | undefined): [number, number, number] | undefined {
  const m = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(text ?? '');
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

export function atLeast(v: [number, number, number], min: [number, number, number]): boolean {
  for (let i = 0; i < 3; i++) if (v[i] !== min[i]) return v[i] > min[i];
  return true;
}

export function nodeUserns(info: { kubeletVersion?: string; containerRuntimeVersion?: string; kernelVersion?: string; operatingSystem?: string }): { support: UsernsSupport; reason: string } {
  if (info.operatingSystem && info.operatingSystem !== 'linux') return { support: 'no', reason: `operating system ${info.operatingSystem}` };
  const kubelet = parseVersion(info.kubeletVersion);
  const kernel = parseVersion(info.kernelVersion);
  const rt = info.containerRuntimeVersion ?? '';
  const [rtName, rtVer] = rt.split('://');
  const runtime = parseVersion(rtVer);
  const problems: string[] = [];
  let gate = false;
  if (!kubelet) problems.push('kubelet version unknown');
  else if (!atLeast(kubelet, [1, 25, 0])) problems.push(`kubelet ${info.kubeletVersion} < 1.25`);
  else if (!atLeast(kubelet, [1, 33, 0])) gate = true;
  if (!kernel) problems.push('kernel version unknown');
  else if (!atLeast(kernel, [6, 3, 0])) problems.push(`Linux ${info.kernelVersion} < 6.3`);
  if (rtName === 'containerd') {
    if (!runtime || !atLeast(runtime, [2, 0, 0])) problems.push(`containerd ${rtVer ?? '?'} < 2.0`);
  } else if (rtName === 'cri-o') {
    if (!runtime || !atLeast(runtime, [1, 25, 0])) problems.push(`CRI-O ${rtVer ?? '?'} < 1.25`);
  } else {
    problems.push(`container runtime ${rt || 'unknown'} (needs containerd ≥2.0 or CRI-O ≥1.25)`);
  }
  if (problems.length > 0) return { support: 'no', reason: problems.join(', ') };
  if (gate) return { support: 'gate', reason: `kubelet ${info.kubeletVersion} needs the UserNamespacesSupport feature gate (on by default only from 1.33)` };
  return { support: 'yes', reason: `kubelet ${info.kubeletVersion}, ${rt}, Linux ${info.kernelVersion}` };
}

/**
 * The cluster's answer for Linux pods: the weakest Linux node decides (the scheduler may put a pod on any of them).
 * Nodes a plain pod cannot land on (NoSchedule/NoExecute taints, cordoned) do not count either, unless all are such.
 * Nodes of another operating system (Windows pools) never run Linux pods, so they do not count unless there is no
 * Linux node at all; a node whose operating system is not recorded counts as Linux.
 */
export function clusterUserns(inv: Inventory): { support: UsernsSupport; nodes: NodeUserns[] } {
  // Tainted or cordoned nodes take no plain pod: they do not decide (unless every node is one).
  const schedulable = plainPodNodes(inv.byKind('Node'));
  const all = (schedulable.length ? schedulable : inv.byKind('Node')).map((n) => ({ node: n.name, os: n.obj.status?.nodeInfo?.operatingSystem, ...nodeUserns(n.obj.status?.nodeInfo ?? {}) }));
  if (all.length === 0) return { support: 'unknown', nodes: [] };
  const linux = all.filter((n) => n.os === undefined || n.os === 'linux');
  const nodes = (linux.length > 0 ? linux : all).map(({ node, support, reason }) => ({ node, support, reason }));
  const support: UsernsSupport = nodes.some((n) => n.support === 'no') ? 'no' : nodes.some((n) => n.support === 'gate') ? 'gate' : 'yes';
  return { support, nodes };
}
