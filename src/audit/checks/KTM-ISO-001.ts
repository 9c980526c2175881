import { matchesLabelSelector } from '../../k8s/selectors.js';
import type { Inventory, Workload } from '../../k8s/types.js';
import { configRef, namespaceRef, shortList } from '../evidence.js';
import type { AuditContext, Check, Evidence } from '../types.js';
import { clusterUserns, USERNS_FACTS } from '../userns.js';

/** RuntimeClass handlers that run pods in a sandbox (a VM or a user-space kernel). */
export const SANDBOX_HANDLER = /(gvisor|runsc|kata|firecracker|(^|[-_])fc($|[-_])|cloud-hypervisor|clh|qemu)/i;

/** Whether a RuntimeClass name means a sandbox: by its handler when the RuntimeClass is in the input, else by its name. */
export function isSandboxClass(inv: Inventory, name: string | undefined): boolean {
  if (!name) return false;
  const rc = inv.find('RuntimeClass', undefined, name);
  if (rc) return SANDBOX_HANDLER.test(String(rc.obj.handler ?? ''));
  return SANDBOX_HANDLER.test(name);
}

function seccompEnforced(w: Workload, securePodDefaults: string): boolean {
  const spec = w.podSpec ?? {};
  const ok = (p: any) => p?.type === 'RuntimeDefault' || p?.type === 'Localhost';
  if (ok(spec.securityContext?.seccompProfile)) return true;
  const containers: any[] = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  if (containers.length > 0 && containers.every((c) => ok(c?.securityContext?.seccompProfile))) return true;
  // Knative's secure-pod-defaults fills seccompProfile RuntimeDefault where unset.
  return w.knative !== undefined && securePodDefaults !== 'disabled';
}

function protection(ctx: AuditContext, w: Workload, knativeSandbox: { name: string; selector: Record<string, string> }[], userns: string): string | undefined {
  if (isSandboxClass(ctx.inventory, w.podSpec?.runtimeClassName)) return `runtimeClassName ${w.podSpec.runtimeClassName}`;
  if (w.knative) {
    const rc = knativeSandbox.find((e) => matchesLabelSelector({ matchLabels: e.selector }, w.podLabels));
    if (rc) return `config-deployment runtime-class-name ${rc.name}`;
  }
  if (w.podSpec?.hostUsers === false && seccompEnforced(w, ctx.knative.securePodDefaults().value) && userns !== 'no') return 'hostUsers: false + seccomp';
  return undefined;
}

export const check: Check = {
  id: 'KTM-ISO-001',
  title: 'Untrusted code runs without a sandbox or user namespaces',
  severity: 'high',
  tenancy: ['namespace', 'control-plane'],
  appliesTo: { developers: 'untrusted' },
  clauseRule: 'untrusted-needs-isolation',
  clauseFallback: ['tenancy-hardening'],
  crosswalk: [
    { framework: 'kubescape', id: 'C-0242', relation: 'related' },
    { framework: 'kubescape', id: 'C-0297', relation: 'related' },
    { framework: 'nsa-cisa', id: 'hardening-container-environments', relation: 'related' },
  ],
  description:
    'The model: "it is not secure to run mutually untrusted workloads in a cluster without properly configuring isolation ' +
    'technologies (for example a VM-based container engine such as gVisor or firecracker, or enabling - at least - user ' +
    'namespaces and seccomp if using containerD or crio)". ktm looks for a sandbox RuntimeClass (gVisor/Kata/Firecracker ' +
    'handler) applied to revisions through config-deployment `runtime-class-name`, or on the pod spec, or `hostUsers: false` ' +
    'with a seccomp profile on nodes whose runtime and kernel support user namespaces.',
  fix: 'Install a sandbox RuntimeClass (gVisor runsc or Kata) and apply it to every revision in config-deployment `runtime-class-name` (e.g. `gvisor: {}`); for other workloads set runtimeClassName, or hostUsers: false with seccomp RuntimeDefault.',
  evaluate(ctx) {
    const out: Evidence[] = [];
    const k = ctx.knative;
    const rcv = k.runtimeClassNames();
    const sandboxEntries = rcv.value.filter((e) => isSandboxClass(ctx.inventory, e.name));
    const userns = clusterUserns(ctx.inventory);
    const nodeText =
      userns.support === 'unknown'
        ? 'no Node objects in the input, so user-namespace support on the nodes is unknown'
        : userns.support === 'no'
          ? `user namespaces cannot work on ${userns.nodes.filter((n) => n.support === 'no').length} node(s) (${shortList(userns.nodes.filter((n) => n.support === 'no').map((n) => `${n.node}: ${n.reason}`), 3)}), so hostUsers: false gives no isolation there`
          : userns.support === 'gate'
            ? `nodes ${shortList(userns.nodes.filter((n) => n.support === 'gate').map((n) => `${n.node}: ${n.reason}`), 3)}`
            : `nodes support user namespaces (${shortList(userns.nodes.map((n) => `${n.node}: ${n.reason}`), 3)})`;
    const tail = `${nodeText}; ${USERNS_FACTS}`;

    const tenantWorkloads = ctx.inventory.workloads.filter((w) => ctx.isTenant(w.namespace));
    const byNs = new Map<string, string[]>();
    const relyOnUserns: string[] = [];
    // Tenant revisions left on the default runtime: what the config-deployment finding is about.
    const unprotectedKnative: string[] = [];
    let knativeWorkloads = 0;
    for (const w of tenantWorkloads) {
      if (w.knative) knativeWorkloads++;
      const how = protection(ctx, w, sandboxEntries, userns.support);
      if (how === 'hostUsers: false + seccomp') relyOnUserns.push(`${w.namespace}/${w.name}`);
      if (how) continue;
      if (w.knative) unprotectedKnative.push(`${w.namespace}/${w.kind}/${w.name}`);
      const list = byNs.get(w.namespace) ?? [];
      list.push(`${w.kind}/${w.name}`);
      byNs.set(w.namespace, list);
    }
    // Counted as isolated, but on a fact the manifests cannot show: say which.
    if (relyOnUserns.length > 0) {
      const basis = userns.support === 'yes' ? `judged from the Node objects: ${nodeText}` : `assuming user namespaces work on the nodes: ${userns.support === 'gate' ? `${nodeText}, which the input does not show` : nodeText}`;
      ctx.note(
        `KTM-ISO-001: ${relyOnUserns.length} tenant workload(s) (${shortList(relyOnUserns.sort(), 3)}) count as isolated by hostUsers: false + seccomp, ${basis}; ${USERNS_FACTS}`,
      );
    }
    for (const [ns, list] of [...byNs.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      out.push({
        resource: namespaceRef(ctx, ns),
        path: '',
        message: `${list.length} workload(s) of tenant namespace ${ns} run without a sandbox RuntimeClass or user namespaces + seccomp: ${shortList(list.sort())}; ${tail}`,
      });
    }
    // The fix for revisions is one place, config-deployment: point at it when some tenant revision actually runs
    // unprotected (not when every one is isolated some other way, e.g. hostUsers: false on capable nodes).
    const everyRevision = sandboxEntries.some((e) => Object.keys(e.selector).length === 0);
    if (k.serving.installed && ctx.tenants.length > 0 && !everyRevision) {
      if (unprotectedKnative.length > 0) {
        const which = `${unprotectedKnative.length} tenant Knative workload(s) run unprotected: ${shortList(unprotectedKnative.sort())}`;
        out.push({
          resource: configRef(rcv, k.serving.namespace, 'config-deployment'),
          path: rcv.path,
          message:
            sandboxEntries.length > 0
              ? `runtime-class-name applies a sandbox only to revisions matching ${shortList(sandboxEntries.map((e) => `${e.name} ${JSON.stringify(e.selector)}`))}; ${which}; ${tail}`
              : `no sandbox RuntimeClass is applied to revisions (runtime-class-name ${rcv.value.length ? `names only ${shortList(rcv.value.map((e) => e.name))}` : 'is not set'}); ${which}; ${tail}`,
        });
      } else if (knativeWorkloads === 0) {
        ctx.note(
          'KTM-ISO-001: Knative Serving is installed but no tenant Knative workload is in the input; revisions created later run on the default runtime unless config-deployment runtime-class-name applies a sandbox to every revision or their pods set hostUsers: false',
        );
      }
    }
    return out;
  },
};
