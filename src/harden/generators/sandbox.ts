/**
 * Container isolation for untrusted code (2021 model: "a VM-based container engine such as gVisor or firecracker").
 * A RuntimeClass and `config-deployment` `runtime-class-name`, so Knative puts every revision in the sandbox
 * without giving tenants the runtimeClassName gate.
 */
import type { Generator, GeneratedObject, HardenContext, ManualStep } from '../types.js';
import { configObject } from '../config-patch.js';
import { runtimeHandlerNodes } from '../../k8s/environment.js';

/** RuntimeClass handler names of the sandboxes (gVisor's containerd shim is `runsc`; Kata's is `kata`). */
export const SANDBOX_HANDLERS: Record<'gvisor' | 'kata', string> = { gvisor: 'runsc', kata: 'kata' };

export const sandbox: Generator = (ctx) => {
  const objects: GeneratedObject[] = [];
  const manual: ManualStep[] = [];
  const choice = ctx.options.sandbox;
  if (choice === 'none') {
    if (ctx.options.developers === 'untrusted') {
      manual.push({
        fixes: ['KTM-ISO-001'],
        rule: 'untrusted-needs-isolation',
        resources: sandboxSubjects(ctx),
        text: 'Untrusted code runs without a sandbox: install gVisor or Kata on the nodes and re-run with --sandbox gvisor|kata, or at least run tenant pods with user namespaces (hostUsers: false) and the RuntimeDefault seccomp profile on containerd >= 2.0 or CRI-O >= 1.25.',
      });
    }
    return { objects, manual };
  }
  const handler = SANDBOX_HANDLERS[choice];
  // A RuntimeClass whose handler no node runs makes every revision's pods fail to start: only with evidence.
  const nodes = runtimeHandlerNodes(ctx.inventory, handler);
  if (!nodes || !nodes.pinned) {
    manual.push({
      fixes: ['KTM-ISO-001'],
      rule: 'untrusted-needs-isolation',
      resources: sandboxSubjects(ctx),
      text: nodes
        ? `--sandbox ${choice}: only some nodes run the ${handler} handler (${nodes.evidence}) and no label tells them apart. Label those nodes, then re-run ktm harden; no RuntimeClass was forced on revisions.`
        : `--sandbox ${choice}: no node in the input shows the ${handler} runtime handler (Node status.runtimeHandlers, the installer's node label, or a RuntimeClass scheduling onto nodes). Install ${choice} on the nodes first (and include the Node objects in the input), then re-run ktm harden; no RuntimeClass was forced on revisions.`,
    });
    return { objects, manual };
  }
  const existing = ctx.inventory.byKind('RuntimeClass').find((r) => r.obj.handler === handler);
  const className = existing?.name ?? choice;
  if (!existing) {
    const scheduling = {
      ...(Object.keys(nodes.nodeSelector).length ? { nodeSelector: nodes.nodeSelector } : {}),
      ...(nodes.tolerations.length ? { tolerations: nodes.tolerations } : {}),
    };
    objects.push({
      concern: 'sandbox',
      object: { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: className }, handler, ...(Object.keys(scheduling).length ? { scheduling } : {}) },
      fixes: ['KTM-ISO-001'],
      rule: 'untrusted-needs-isolation',
      reason: `the ${choice} sandbox (handler ${handler}), found on the nodes by ${nodes.evidence}${Object.keys(scheduling).length ? '; scheduling puts its pods on those nodes' : ''}`,
    });
  }
  if (ctx.config.serving.installed) {
    // Already applied when one class with an empty selector (every revision) is the sandbox.
    const current = ctx.config.runtimeClassNames().value;
    const applied = current.length === 1 && current[0].name === className && Object.keys(current[0].selector).length === 0;
    if (!applied) {
      objects.push({
        concern: 'sandbox',
        object: configObject(ctx, ctx.config.serving.namespace, 'config-deployment', { 'runtime-class-name': `${className}: {}\n` }),
        fixes: ['KTM-ISO-001'],
        rule: 'untrusted-needs-isolation',
        reason: `every revision gets runtimeClassName ${className} (an empty selector matches all revisions)`,
      });
    }
  }
  return { objects, manual };
};

/** What KTM-ISO-001 names when no sandbox is applied: the tenant namespaces and Knative's config-deployment. */
function sandboxSubjects(ctx: HardenContext): string[] {
  return [...ctx.tenants.map((ns) => `Namespace/${ns}`), ...(ctx.config.serving.installed ? [`ConfigMap/${ctx.config.serving.namespace}/config-deployment`] : [])];
}
