/**
 * appArmorProfile (baseline, v1.0): the default AppArmor profile must not be overridden or disabled.
 * Fields: metadata.annotations["container.apparmor.security.beta.kubernetes.io/*"] (allowed: "", runtime/default,
 * localhost/*); spec.securityContext.appArmorProfile.type and containers' (allowed: RuntimeDefault, Localhost).
 */
import type { CheckDefinition, CheckResult, PodView } from '../types.js';
import { isObject, podSecurityContext, setters } from '../pod.js';
import { goQuote, joinQuote, pluralize, sortedSet, byteOrder } from '../format.js';
import { ALLOWED, forbidden } from './result.js';

const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

function allowedAnnotationValue(v: string): boolean {
  return v === '' || v === 'runtime/default' || v.startsWith('localhost/');
}

function allowedType(profile: unknown): boolean {
  return isObject(profile) && (profile.type === 'RuntimeDefault' || profile.type === 'Localhost');
}

function typeOf(profile: Record<string, any>): string {
  return typeof profile.type === 'string' ? profile.type : '';
}

function appArmorProfile_1_0(pod: PodView): CheckResult {
  const fields: string[] = [];
  const badValues: string[] = [];
  let podBad = false;
  const psc = podSecurityContext(pod);
  if (psc && isObject(psc.appArmorProfile) && !allowedType(psc.appArmorProfile)) {
    podBad = true;
    badValues.push(typeOf(psc.appArmorProfile));
    fields.push('spec.securityContext.appArmorProfile.type');
  }
  const badContainers: string[] = [];
  for (const c of pod.containers) {
    const p = c.securityContext?.appArmorProfile;
    if (isObject(p) && !allowedType(p)) {
      badContainers.push(c.name);
      badValues.push(typeOf(p));
      fields.push(`${c.path}.securityContext.appArmorProfile.type`);
    }
  }
  const who = setters(podBad, badContainers);
  const values = sortedSet(badValues);
  const badAnnotations: string[] = [];
  for (const [k, v] of Object.entries(pod.annotations)) {
    if (k.startsWith(ANNOTATION_PREFIX) && !allowedAnnotationValue(v)) {
      badAnnotations.push(`${k}=${goQuote(v)}`);
      fields.push(`metadata.annotations["${k}"]`);
    }
  }
  if (badAnnotations.length > 0) {
    badAnnotations.sort(byteOrder);
    values.push(...badAnnotations);
    who.push(pluralize('annotation', 'annotations', badAnnotations.length));
  }
  if (who.length === 0) return ALLOWED;
  return forbidden(
    pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', values.length),
    `${who.join(' and ')} must not set AppArmor profile type to ${joinQuote(values)}`,
    fields,
  );
}

export const appArmorProfile: CheckDefinition = {
  id: 'appArmorProfile',
  level: 'baseline',
  title: 'AppArmor profile must be RuntimeDefault or Localhost (annotations: runtime/default or localhost/*)',
  fix: 'remove the AppArmor override or set securityContext.appArmorProfile.type to RuntimeDefault',
  versions: [{ minVersion: 0, evaluate: appArmorProfile_1_0 }],
};
