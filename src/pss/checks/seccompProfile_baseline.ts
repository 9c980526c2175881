/**
 * seccompProfile_baseline (baseline): seccomp must not be Unconfined.
 * v1.0–v1.18: annotations seccomp.security.alpha.kubernetes.io/pod and container.seccomp.security.alpha.kubernetes.io/<name>
 * (allowed: runtime/default, docker/default, localhost/*, unset).
 * v1.19+: spec.securityContext.seccompProfile.type and containers' (allowed: RuntimeDefault, Localhost, unset).
 * At restricted (v1.19+) it is replaced by seccompProfile_restricted.
 */
import type { CheckDefinition, CheckResult, PodView } from '../types.js';
import { isObject, podSecurityContext, setters } from '../pod.js';
import { goQuote, joinQuote, pluralize, sortedSet } from '../format.js';
import { ALLOWED, forbidden } from './result.js';

const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

function validAnnotationValue(v: string): boolean {
  return v === 'runtime/default' || v === 'docker/default' || v.startsWith('localhost/');
}

export function validSeccompType(profile: Record<string, any>): boolean {
  return profile.type === 'RuntimeDefault' || profile.type === 'Localhost';
}

export function seccompTypeOf(profile: Record<string, any>): string {
  return typeof profile.type === 'string' ? profile.type : '';
}

function seccompProfileBaseline_1_0(pod: PodView): CheckResult {
  const bad: string[] = [];
  const fields: string[] = [];
  const consider = (key: string): void => {
    const val = pod.annotations[key];
    if (val !== undefined && !validAnnotationValue(val)) {
      bad.push(`${key}=${goQuote(val)}`);
      fields.push(`metadata.annotations["${key}"]`);
    }
  };
  consider(POD_ANNOTATION);
  for (const c of pod.containers) consider(CONTAINER_ANNOTATION_PREFIX + c.name);
  const distinct = sortedSet(bad);
  if (distinct.length === 0) return ALLOWED;
  return forbidden(
    'seccompProfile',
    `forbidden ${pluralize('annotation', 'annotations', distinct.length)} ${distinct.join(', ')}`,
    [...new Set(fields)],
  );
}

function seccompProfileBaseline_1_19(pod: PodView): CheckResult {
  const badValues: string[] = [];
  const fields: string[] = [];
  const psc = podSecurityContext(pod);
  let podBad = false;
  if (psc && isObject(psc.seccompProfile) && !validSeccompType(psc.seccompProfile)) {
    podBad = true;
    badValues.push(seccompTypeOf(psc.seccompProfile));
    fields.push('spec.securityContext.seccompProfile.type');
  }
  const badContainers: string[] = [];
  for (const c of pod.containers) {
    const p = c.securityContext?.seccompProfile;
    if (isObject(p) && !validSeccompType(p)) {
      badContainers.push(c.name);
      badValues.push(seccompTypeOf(p));
      fields.push(`${c.path}.securityContext.seccompProfile.type`);
    }
  }
  const who = setters(podBad, badContainers);
  if (who.length === 0) return ALLOWED;
  return forbidden(
    'seccompProfile',
    `${who.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(badValues))}`,
    fields,
  );
}

export const seccompProfile_baseline: CheckDefinition = {
  id: 'seccompProfile_baseline',
  level: 'baseline',
  title: 'seccomp profile must not be Unconfined (RuntimeDefault, Localhost or unset)',
  fix: 'set securityContext.seccompProfile.type to RuntimeDefault (or remove the Unconfined profile)',
  versions: [
    { minVersion: 0, evaluate: seccompProfileBaseline_1_0 },
    { minVersion: 19, evaluate: seccompProfileBaseline_1_19 },
  ],
};
