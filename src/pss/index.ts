/**
 * Pod Security Standards evaluator (baseline / restricted, policy versions v1.0 … v1.37), after
 * kubernetes/pod-security-admission `policy/`.
 *
 * API for other engines (the audit uses it for KTM-PSS-001/002):
 *
 *   evaluatePod(meta, spec, level, version): PssResult
 *     meta = { annotations }, spec = the pod spec as plain JSON, level = 'baseline' | 'restricted',
 *     version = 'v1.N' | 'latest' (or a PolicyVersion from parsePolicyVersion). Applies the API defaulting PSA
 *     sees (a volume without a source becomes emptyDir), then runs the checks in effect for that level and
 *     version. Result: { level, version, effectiveVersion, allowed, violations: [{ check, message, reason,
 *     detail, fields, fix }] } — `message` is upstream's `<reason> (<detail>)`; `fields` are JSON paths of the
 *     offending fields relative to the pod (`spec.containers[0].securityContext.privileged`).
 *
 *   evaluateWorkload(workload, level, version): PssResult
 *     The same for an inventory Workload's pod template; `fields` are prefixed with the template path
 *     (`spec.template.spec…`). Knative Services/Revisions are judged as written (secure-pod-defaults not applied).
 *
 *   rejectionMessage(result)   → `violates PodSecurity "<level>:<version>": …` (empty when allowed)
 *   checksFor(level, minor)    → the checks in effect, in upstream's order
 *   ALL_CHECKS / checkById(id) → check metadata: id, level, versions, title, fix
 *   parsePolicyVersion(text)   → { label, minor }; throws UsageError on anything but v1.N / latest
 */
export type { PssLevel, PssResult, PssViolation, CheckDefinition, CheckResult, PodView } from './types.js';
export { PSS_LEVELS } from './types.js';
export { evaluatePod, evaluateWorkload, rejectionMessage, type PodMeta } from './evaluate.js';
export { checksFor, checkById, ALL_CHECKS, type CheckInEffect } from './registry.js';
export { parsePolicyVersion, NEWEST_MINOR, type PolicyVersion } from './version.js';
