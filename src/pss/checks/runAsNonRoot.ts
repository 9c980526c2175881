/**
 * runAsNonRoot (restricted): containers must run as non-root. Fields: spec.securityContext.runAsNonRoot and
 * containers' securityContext.runAsNonRoot — pod-level true (containers unset or true), or every container true;
 * never an explicit false. v1.35: anything is allowed when the pod runs in a user namespace (hostUsers: false).
 */
import type { CheckDefinition, CheckResult, PodView } from '../types.js';
import { inUserNamespace, isSet, podSecurityContext, setters } from '../pod.js';
import { joinQuote, pluralize } from '../format.js';
import { ALLOWED, forbidden } from './result.js';

function runAsNonRoot_1_0(pod: PodView): CheckResult {
  const psc = podSecurityContext(pod);
  let podBad = false;
  let podNonRoot = false;
  if (psc && isSet(psc.runAsNonRoot)) {
    if (psc.runAsNonRoot === true) podNonRoot = true;
    else podBad = true;
  }
  const explicitlyBad: string[] = [];
  const implicitlyBad: string[] = [];
  const explicitFields: string[] = [];
  const implicitFields: string[] = [];
  for (const c of pod.containers) {
    const v = c.securityContext?.runAsNonRoot;
    if (isSet(v)) {
      if (v !== true) {
        explicitlyBad.push(c.name);
        explicitFields.push(`${c.path}.securityContext.runAsNonRoot`);
      }
    } else if (!podNonRoot) {
      implicitlyBad.push(c.name);
      implicitFields.push(`${c.path}.securityContext.runAsNonRoot`);
    }
  }
  const who = setters(podBad, explicitlyBad);
  if (who.length > 0) {
    const fields = podBad ? ['spec.securityContext.runAsNonRoot', ...explicitFields] : explicitFields;
    return forbidden('runAsNonRoot != true', `${who.join(' and ')} must not set securityContext.runAsNonRoot=false`, fields);
  }
  if (implicitlyBad.length > 0) {
    return forbidden(
      'runAsNonRoot != true',
      `pod or ${pluralize('container', 'containers', implicitlyBad.length)} ${joinQuote(implicitlyBad)} must set securityContext.runAsNonRoot=true`,
      ['spec.securityContext.runAsNonRoot', ...implicitFields],
    );
  }
  return ALLOWED;
}

function runAsNonRoot_1_35(pod: PodView): CheckResult {
  return inUserNamespace(pod) ? ALLOWED : runAsNonRoot_1_0(pod);
}

export const runAsNonRoot: CheckDefinition = {
  id: 'runAsNonRoot',
  level: 'restricted',
  title: 'pods must set runAsNonRoot: true (from v1.35 not needed with hostUsers: false)',
  fix: 'set spec.securityContext.runAsNonRoot: true (and remove runAsNonRoot: false from containers)',
  versions: [
    { minVersion: 0, evaluate: runAsNonRoot_1_0 },
    { minVersion: 35, evaluate: runAsNonRoot_1_35 },
  ],
};
