/**
 * Container isolation for untrusted code (2021 model: "a VM-based container engine such as gVisor or firecracker").
 * A RuntimeClass and `config-deployment` `runtime-class-name`, so Knative puts every revision in the sandbox
 * without giving tenants the runtimeClassName gate.
 */
import type { Generator, GeneratedObject, ManualStep } from '../types.js';
import { configObject } from '../config-patch.js';

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
        text: 'Untrusted code runs without a sandbox: install gVisor or Kata on the nodes and re-run with --sandbox gvisor|kata, or at least run tenant pods with user namespaces (hostUsers: false) and the RuntimeDefault seccomp profile on containerd >= 2.0 or CRI-O >= 1.25.',
      });
    }
    return { objects, manual };
  }
  const handler = SANDBOX_HANDLERS[choice];
  const existing = ctx.inventory.byKind('RuntimeClass').find((r) => r.obj.handler === handler);
  const className = existing?.name ?? choice;
  if (!existing) {
    objects.push({
      concern: 'sandbox',
      object: { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: className }, handler },
      fixes: ['KTM-ISO-001'],
      rule: 'untrusted-needs-isolation',
      reason: `the ${choice} sandbox (handler ${handler}); the nodes must have it installed`,
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
