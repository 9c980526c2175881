import { describe, expect, it } from 'vitest';
import { analyzeReachability } from '../../src/netpol/index.js';
import { detectCni, IPBLOCKS_NEVER_MATCH_PODS } from '../../src/k8s/cni.js';
import { buildInventory } from '../../src/k8s/inventory.js';
import { resourcesFromYaml } from '../helpers/cluster.js';
import { runCli } from '../helpers/cli.js';

const pod = (ns: string) => `---
apiVersion: v1
kind: Pod
metadata: { name: app, namespace: ${ns}, labels: { app: app } }
spec: { containers: [{ name: c, image: x, ports: [{ containerPort: 8080 }] }] }
`;
/** team-a lets in "the internet": 0.0.0.0/0 — which, under most CNIs, includes every pod of the cluster. */
const internetIngress = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: allow-internet, namespace: team-a }
spec: { podSelector: {}, policyTypes: [Ingress], ingress: [{ from: [{ ipBlock: { cidr: 0.0.0.0/0 } }] }] }
`;
const publicOnly = internetIngress.replace('{ cidr: 0.0.0.0/0 }', '{ cidr: 0.0.0.0/0, except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10] }');
const daemonSet = (name: string, ns = 'kube-system') => `---
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: ${name}, namespace: ${ns} }
spec: { selector: { matchLabels: { k8s-app: ${name} } }, template: { metadata: { labels: { k8s-app: ${name} } }, spec: { hostNetwork: true, containers: [{ name: c, image: x }] } } }
`;
const node = `---
apiVersion: v1
kind: Node
metadata: { name: n1 }
spec: { podCIDR: 10.244.0.0/24, podCIDRs: [10.244.0.0/24] }
`;
const inv = (...parts: string[]) => buildInventory(resourcesFromYaml(pod('team-a') + pod('team-b') + parts.join('')));

describe('ipBlock and pods, by CNI', () => {
  it('unknown CNI: an ipBlock 0.0.0.0/0 may match pods, so team-b reaches team-a, with the assumption named', () => {
    const r = analyzeReachability(inv(internetIngress));
    expect(r.namespaceMatrix().cell('team-b', 'team-a')).toBe('direct');
    expect(r.warnings.join('\n')).toMatch(/(?<!ipBlock )ipBlock 0\.0\.0\.0\/0 of NetworkPolicy team-a\/allow-internet is taken to match pods: the CNI is not in the input/);
  });

  it('Calico (calico-node DaemonSet) with Node podCIDRs: the path exists and rests on no assumption', () => {
    const i = inv(internetIngress, daemonSet('calico-node'), node);
    expect(detectCni(i)).toMatchObject({ cni: 'calico', evidence: 'DaemonSet kube-system/calico-node', ipBlockMatchesPods: true });
    const r = analyzeReachability(i);
    expect(r.namespaceMatrix().cell('team-b', 'team-a')).toBe('direct');
    expect(r.warnings.filter((w) => w.includes('taken to match pods'))).toEqual([]);
  });

  it('stays quiet under Cilium, under the peer suite semantics, and when the ipBlock excludes the pod ranges', () => {
    expect(analyzeReachability(inv(internetIngress, daemonSet('cilium'))).namespaceMatrix().cell('team-b', 'team-a')).toBe('none');
    expect(analyzeReachability(inv(internetIngress), { cni: IPBLOCKS_NEVER_MATCH_PODS }).namespaceMatrix().cell('team-b', 'team-a')).toBe('none');
    expect(analyzeReachability(inv(publicOnly)).namespaceMatrix().cell('team-b', 'team-a')).toBe('none');
    // Node podCIDRs narrow what counts as a pod: an ipBlock for another private range does not match them.
    const other = internetIngress.replace('0.0.0.0/0', '192.168.0.0/16');
    expect(analyzeReachability(inv(other, daemonSet('calico-node'), node)).namespaceMatrix().cell('team-b', 'team-a')).toBe('none');
  });
});

describe('--cni on audit and reach, and the CNI named in their output', () => {
  const cluster = pod('team-a') + pod('team-b') + internetIngress;

  it('reach: unknown → the assumption is named; --cni cilium → no path and the CNI named; --cni calico → the path, with the CNI named', async () => {
    const unknown = await runCli(['reach', '-', '--format', 'matrix'], { stdin: cluster });
    expect(unknown.stderr).toMatch(/CNI unknown: assumed ipBlocks may match pod IPs/);
    const cilium = await runCli(['reach', '-', '--format', 'json', '--cni', 'cilium'], { stdin: cluster });
    const json = JSON.parse(cilium.stdout);
    expect(json.warnings).toContain('CNI cilium (--cni cilium): NetworkPolicy ipBlocks do not match pods (cluster endpoints are selected by identity)');
    expect(cellOf(json, 'team-b', 'team-a')).toBe('none');
    const calico = await runCli(['reach', '-', '--format', 'json', '--cni', 'calico'], { stdin: cluster });
    expect(cellOf(JSON.parse(calico.stdout), 'team-b', 'team-a')).toBe('direct');
    expect(calico.stderr).toMatch(/CNI calico \(--cni calico\): NetworkPolicy ipBlocks match pod IPs/);
  });

  it('audit: the note names the CNI or the assumption; --cni cilium removes the cross-tenant reach (KTM-NET-002) the assumption raises', async () => {
    const unknown = JSON.parse((await runCli(['audit', '-', '--format', 'json', '--tenancy', 'namespace'], { stdin: cluster })).stdout);
    expect(unknown.notes).toContain('CNI unknown: assumed ipBlocks may match pod IPs, as Calico, Antrea and the AWS VPC CNI do (pass --cni to say which)');
    // team-b has no policy (open under any CNI); team-a is open to team-b only if the ipBlock matches pods.
    const crossTenant = (r: { findings: Array<{ id: string; resource: string }> }) => r.findings.filter((f) => f.id === 'KTM-NET-002' && f.resource === 'Namespace/team-a').map((f) => f.resource);
    expect(crossTenant(unknown)).not.toEqual([]);
    const cilium = JSON.parse((await runCli(['audit', '-', '--format', 'json', '--tenancy', 'namespace', '--cni', 'cilium'], { stdin: cluster })).stdout);
    expect(cilium.notes).toContain('CNI cilium (--cni cilium): NetworkPolicy ipBlocks do not match pods (cluster endpoints are selected by identity)');
    expect(crossTenant(cilium)).toEqual([]);
  });

  it('quiet: no ipBlock in the input → no CNI line; a CNI ktm does not know → exit 2', async () => {
    const plain = await runCli(['audit', '-', '--format', 'json', '--tenancy', 'namespace'], { stdin: pod('team-a') + pod('team-b') });
    expect(JSON.parse(plain.stdout).notes.filter((n: string) => n.startsWith('CNI'))).toEqual([]);
    const bad = await runCli(['reach', '-', '--cni', 'flannel2'], { stdin: cluster });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--cni/);
  });
});

/** A cell of `ktm reach --format json`'s namespace matrix. */
function cellOf(json: { matrix: { cells: Record<string, Record<string, string>> } }, from: string, to: string): string {
  return json.matrix.cells[from][to];
}
