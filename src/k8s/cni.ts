/**
 * Which CNI enforces NetworkPolicy, and so whether an `ipBlock` matches pod IPs (DESIGN.md "What the environment
 * does"). Calico, Antrea, the AWS VPC CNI, kube-router, Weave Net and OVN-Kubernetes match pod IPs against ipBlocks;
 * Cilium by default treats cluster endpoints by identity, so an ipBlock selects only addresses outside the cluster.
 * Decided from the CNI's DaemonSet in the input, or `--cni`; unknown → an ipBlock may match pods, and the assumption
 * is named wherever it opens a path.
 */
import type { Inventory } from './types.js';
import { parseCidr, type IpRange } from '../netpol/ip.js';

export const CNIS = ['calico', 'cilium', 'antrea', 'aws-vpc-cni', 'kube-router', 'weave', 'ovn-kubernetes', 'flannel', 'unknown'] as const;
export type Cni = (typeof CNIS)[number];

/** Whether the CNI matches pod IPs against NetworkPolicy ipBlocks. Flannel enforces no policy at all (no answer). */
const MATCHES_POD_IPS: Record<Cni, boolean> = {
  calico: true,
  cilium: false,
  antrea: true,
  'aws-vpc-cni': true,
  'kube-router': true,
  weave: true,
  'ovn-kubernetes': true,
  flannel: true,
  unknown: true,
};

/** DaemonSets (name or `k8s-app` label) each CNI installs. */
const DAEMONSETS: Array<[Cni, RegExp]> = [
  ['cilium', /^cilium$/],
  ['calico', /^calico-node$/],
  ['antrea', /^antrea-agent$/],
  ['aws-vpc-cni', /^aws-node$/],
  ['kube-router', /^kube-router$/],
  ['weave', /^weave-net$/],
  ['ovn-kubernetes', /^ovnkube-node$/],
  ['flannel', /^kube-flannel-ds$/],
];

export interface CniDecision {
  cni: Cni;
  /** The object or option it was decided from; undefined when unknown. */
  evidence?: string;
  /** Whether ipBlocks of NetworkPolicies match pods. */
  ipBlockMatchesPods: boolean;
  /** Pod address ranges (Node podCIDRs when the input has them, else the private ranges). */
  podRanges: IpRange[];
  /** Said wherever an ipBlock opens a path to pods only because of an assumption (unknown CNI or pod ranges). */
  assumption?: string;
}

/** Where pods may be addressed when no Node says: every private and shared range. */
const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'];

export function detectCni(inv: Inventory, override?: Cni): CniDecision {
  let cni: Cni = 'unknown';
  let evidence: string | undefined;
  if (override && override !== 'unknown') {
    cni = override;
    evidence = `--cni ${override}`;
  } else {
    for (const ds of inv.byKind('DaemonSet')) {
      const names = [ds.name, ds.obj.spec?.template?.metadata?.labels?.['k8s-app']].filter((x): x is string => typeof x === 'string');
      const hit = DAEMONSETS.find(([, re]) => names.some((n) => re.test(n)));
      if (hit) {
        cni = hit[0];
        evidence = `DaemonSet ${ds.namespace}/${ds.name}`;
        // Cilium chained after another CNI (e.g. aws-node) still enforces policy: Cilium wins.
        if (cni === 'cilium') break;
      }
    }
  }
  const nodeCidrs = inv
    .byKind('Node')
    .flatMap((n) => [...((n.obj.spec?.podCIDRs ?? []) as string[]), ...(n.obj.spec?.podCIDR ? [n.obj.spec.podCIDR as string] : [])]);
  const parsed = [...new Set(nodeCidrs.length ? nodeCidrs : PRIVATE_RANGES)].map(parseCidr).flatMap((c) => (c.kind === 'v4' ? [c.range] : []));
  const matches = MATCHES_POD_IPS[cni];
  const assumption =
    cni === 'unknown'
      ? 'the CNI is not in the input (pass --cni): an ipBlock is assumed to match pod IPs, as Calico, Antrea and the AWS VPC CNI do'
      : matches && nodeCidrs.length === 0
        ? `${cni} matches pod IPs against ipBlocks; the pod ranges are not in the input (no Node podCIDRs), so any private address is assumed to be a pod`
        : undefined;
  return { cni, ...(evidence ? { evidence } : {}), ipBlockMatchesPods: matches, podRanges: parsed, ...(assumption ? { assumption } : {}) };
}

/** The decision as one line, for every output that judged an ipBlock by it (reach warnings, audit notes). */
export function describeCni(d: CniDecision): string {
  if (d.cni === 'unknown') return 'CNI unknown: assumed ipBlocks may match pod IPs, as Calico, Antrea and the AWS VPC CNI do (pass --cni to say which)';
  return `CNI ${d.cni} (${d.evidence ?? 'given'}): NetworkPolicy ipBlocks ${d.ipBlockMatchesPods ? 'match pod IPs' : 'do not match pods (cluster endpoints are selected by identity)'}`;
}

/** Whether any NetworkPolicy in the input has an ipBlock peer: the only place the CNI's semantics change an answer. */
export function hasIpBlockPeers(inv: Inventory): boolean {
  for (const np of inv.byKind('NetworkPolicy')) {
    const rules = [...((np.obj.spec?.ingress ?? []) as Array<{ from?: unknown }>).map((r) => r?.from), ...((np.obj.spec?.egress ?? []) as Array<{ to?: unknown }>).map((r) => r?.to)];
    for (const peers of rules) if (Array.isArray(peers) && peers.some((p) => p?.ipBlock)) return true;
  }
  return false;
}

/** The peer suite's semantics (netpol conformance): ipBlocks never match pods. */
export const IPBLOCKS_NEVER_MATCH_PODS: CniDecision = { cni: 'cilium', evidence: 'peer-suite semantics', ipBlockMatchesPods: false, podRanges: [] };
