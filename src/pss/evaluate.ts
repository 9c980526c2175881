/**
 * Evaluates a pod (metadata + spec) against a Pod Security Standards level and version, and workloads from the
 * inventory through their pod templates.
 */
import type { Workload } from '../k8s/types.js';
import type { PssLevel, PssResult, PssViolation } from './types.js';
import { checksFor } from './registry.js';
import { preparePod } from './pod.js';
import { withKnativeContainerNames } from './knative-names.js';
import { formatMinor, parsePolicyVersion, type PolicyVersion } from './version.js';

export interface PodMeta {
  annotations?: Record<string, string>;
}

/**
 * Evaluates one pod. `version` is `v1.N`, `latest`, or an already parsed PolicyVersion.
 * Never throws on odd shapes: fields of the wrong type count as unset, like a lenient decoder.
 */
export function evaluatePod(meta: PodMeta | undefined, spec: unknown, level: PssLevel, version: string | PolicyVersion): PssResult {
  const v = typeof version === 'string' ? parsePolicyVersion(version) : version;
  const pod = preparePod(meta?.annotations, spec);
  const violations: PssViolation[] = [];
  for (const { check, version: behaviour } of checksFor(level, v.minor)) {
    const r = behaviour.evaluate(pod);
    if (r.allowed) continue;
    const reason = r.reason ?? check.id;
    const detail = r.detail ?? '';
    violations.push({
      check: check.id,
      message: detail ? `${reason} (${detail})` : reason,
      reason,
      detail,
      fields: r.fields ?? [],
      fix: check.fix,
    });
  }
  return { level, version: v.label, effectiveVersion: formatMinor(v.minor), allowed: violations.length === 0, violations };
}

/**
 * Evaluates a workload's pod template. Field paths in violations are prefixed with the template path
 * (`spec.template.spec.containers[0]…`), so they point into the object as written.
 * Knative Services/Revisions are evaluated as the user wrote them: Knative's secure-pod-defaults may still fill
 * fields at admission, which this evaluator does not model.
 */
export function evaluateWorkload(w: Workload, level: PssLevel, version: string | PolicyVersion): PssResult {
  const spec = w.knative ? withKnativeContainerNames(w.podSpec) : w.podSpec;
  const result = evaluatePod({ annotations: w.podAnnotations }, spec, level, version);
  const prefix = templatePrefix(w);
  if (!prefix) return result;
  return {
    ...result,
    violations: result.violations.map((v) => ({ ...v, fields: v.fields.map((f) => `${prefix}.${f}`) })),
  };
}

/** `spec.template` for a Deployment; empty for a bare Pod, whose metadata/spec are the object's own. */
function templatePrefix(w: Workload): string {
  return w.templatePath && w.templatePath !== '.' ? w.templatePath.replace(/^\./, '') : '';
}

/** The rejection text the API server would print: `violates PodSecurity "<level>:<version>": <reason> (<detail>), ...`. */
export function rejectionMessage(result: PssResult): string {
  if (result.allowed) return '';
  return `violates PodSecurity "${result.level}:${result.version}": ${result.violations.map((v) => v.message).join(', ')}`;
}
