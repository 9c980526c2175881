/**
 * Types of the Pod Security Standards evaluator: levels, versions, checks and their results.
 * Mirrors kubernetes/pod-security-admission `policy/` (Check, VersionedCheck, CheckResult).
 */

export type PssLevel = 'baseline' | 'restricted';
export const PSS_LEVELS: readonly PssLevel[] = ['baseline', 'restricted'];

/** One offending field, relative to the pod (`metadata.annotations[...]`, `spec.containers[0].securityContext.privileged`). */
export type FieldPath = string;

/** What one check decided about one pod. */
export interface CheckResult {
  allowed: boolean;
  /** Upstream's ForbiddenReason, e.g. `host namespaces`. */
  reason?: string;
  /** Upstream's ForbiddenDetail, e.g. `hostNetwork=true`. */
  detail?: string;
  /** The fields that caused the rejection, for evidence (not part of upstream's message). */
  fields?: FieldPath[];
}

/** A pod prepared for evaluation: defaulted spec, annotations, and every container with its path. */
export interface PodView {
  annotations: Record<string, string>;
  /** The pod spec after API defaulting (plain JSON; never mutated by checks). */
  spec: Record<string, any>;
  /** initContainers, containers, ephemeralContainers, in that order (upstream's visitContainers). */
  containers: ContainerView[];
}

export interface ContainerView {
  name: string;
  /** `spec.initContainers[0]`, `spec.containers[1]`, `spec.ephemeralContainers[0]`. */
  path: string;
  /** The container object (plain JSON). */
  container: Record<string, any>;
  /** Its securityContext, or undefined when not an object. */
  securityContext?: Record<string, any>;
}

export type CheckFn = (pod: PodView) => CheckResult;

/** One behaviour of a check, in effect from `minVersion` (minor of v1.N) until the next one. */
export interface VersionedCheck {
  minVersion: number;
  evaluate: CheckFn;
  /** Baseline check ids this restricted check replaces at this version (upstream OverrideCheckIDs). */
  overrides?: string[];
}

export interface CheckDefinition {
  id: string;
  level: PssLevel;
  /** Strictly increasing minVersion. */
  versions: VersionedCheck[];
  /** One-line human summary of what the check requires. */
  title: string;
  /** One-line fix users can apply. */
  fix: string;
}

/** A failed check in a result. */
export interface PssViolation {
  check: string;
  /** `<reason> (<detail>)`, as upstream prints it in a rejection. */
  message: string;
  reason: string;
  detail: string;
  fields: FieldPath[];
  fix: string;
}

export interface PssResult {
  level: PssLevel;
  /** The version as requested (`v1.N` or `latest`). */
  version: string;
  /** The policy version the checks were taken from (requests newer than the newest check version clamp to it). */
  effectiveVersion: string;
  allowed: boolean;
  violations: PssViolation[];
}
