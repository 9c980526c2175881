/**
 * seccompProfile_restricted (restricted): a seccomp profile must be set — at pod level or on every container —
 * to RuntimeDefault or Localhost. Overrides seccompProfile_baseline.
 * v1.19: all pods. v1.25: pods with spec.os.name=windows are exempt.
 */
import type { CheckDefinition, CheckResult, PodView } from '../types.js';
import { isObject, isWindowsPod, podSecurityContext, setters } from '../pod.js';
import { joinQuote, pluralize, sortedSet } from '../format.js';
import { ALLOWED, forbidden } from './result.js';
import { seccompTypeOf, validSeccompType } from './seccompProfile_baseline.js';

function seccompProfileRestricted_1_19(pod: PodView): CheckResult {
  const badValues: string[] = [];
  const explicitFields: string[] = [];
  const psc = podSecurityContext(pod);
  let podBad = false;
  let podSet = false;
  if (psc && isObject(psc.seccompProfile)) {
    if (validSeccompType(psc.seccompProfile)) podSet = true;
    else {
      podBad = true;
      badValues.push(seccompTypeOf(psc.seccompProfile));
      explicitFields.push('spec.securityContext.seccompProfile.type');
    }
  }
  const explicitlyBad: string[] = [];
  const implicitlyBad: string[] = [];
  const implicitFields: string[] = [];
  for (const c of pod.containers) {
    const p = c.securityContext?.seccompProfile;
    if (isObject(p)) {
      if (!validSeccompType(p)) {
        explicitlyBad.push(c.name);
        badValues.push(seccompTypeOf(p));
        explicitFields.push(`${c.path}.securityContext.seccompProfile.type`);
      }
    } else if (!podSet) {
      implicitlyBad.push(c.name);
      implicitFields.push(`${c.path}.securityContext.seccompProfile.type`);
    }
  }
  const who = setters(podBad, explicitlyBad);
  if (who.length > 0) {
    return forbidden(
      'seccompProfile',
      `${who.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(badValues))}`,
      explicitFields,
    );
  }
  if (implicitlyBad.length > 0) {
    return forbidden(
      'seccompProfile',
      `pod or ${pluralize('container', 'containers', implicitlyBad.length)} ${joinQuote(implicitlyBad)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
      ['spec.securityContext.seccompProfile.type', ...implicitFields],
    );
  }
  return ALLOWED;
}

function seccompProfileRestricted_1_25(pod: PodView): CheckResult {
  return isWindowsPod(pod) ? ALLOWED : seccompProfileRestricted_1_19(pod);
}

export const seccompProfile_restricted: CheckDefinition = {
  id: 'seccompProfile_restricted',
  level: 'restricted',
  title: 'a seccomp profile (RuntimeDefault or Localhost) must be set for the pod or every container',
  fix: 'set spec.securityContext.seccompProfile.type: RuntimeDefault',
  versions: [
    { minVersion: 19, evaluate: seccompProfileRestricted_1_19, overrides: ['seccompProfile_baseline'] },
    { minVersion: 25, evaluate: seccompProfileRestricted_1_25, overrides: ['seccompProfile_baseline'] },
  ],
};
