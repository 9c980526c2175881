/**
 * capabilities_restricted (restricted): containers must drop ALL and may only add NET_BIND_SERVICE.
 * Fields: containers' securityContext.capabilities.drop and .add. Overrides capabilities_baseline.
 * v1.22: all pods. v1.25: pods with spec.os.name=windows are exempt.
 */
import type { CheckDefinition, CheckResult, PodView } from '../types.js';
import { asArray, isObject, isWindowsPod } from '../pod.js';
import { joinQuote, pluralize, sortedSet } from '../format.js';
import { ALLOWED, forbidden } from './result.js';

function capabilitiesRestricted_1_22(pod: PodView): CheckResult {
  const missingDropAll: string[] = [];
  const addingForbidden: string[] = [];
  const forbiddenCaps: string[] = [];
  const fields: string[] = [];
  for (const c of pod.containers) {
    const caps = c.securityContext?.capabilities;
    if (!isObject(caps)) {
      missingDropAll.push(c.name);
      fields.push(`${c.path}.securityContext.capabilities.drop`);
      continue;
    }
    if (!asArray(caps.drop).some((d) => d === 'ALL')) {
      missingDropAll.push(c.name);
      fields.push(`${c.path}.securityContext.capabilities.drop`);
    }
    let added = false;
    asArray(caps.add).forEach((a, i) => {
      if (a !== 'NET_BIND_SERVICE') {
        added = true;
        forbiddenCaps.push(String(a));
        fields.push(`${c.path}.securityContext.capabilities.add[${i}]`);
      }
    });
    if (added) addingForbidden.push(c.name);
  }
  const details: string[] = [];
  if (missingDropAll.length > 0) {
    details.push(`${pluralize('container', 'containers', missingDropAll.length)} ${joinQuote(missingDropAll)} must set securityContext.capabilities.drop=["ALL"]`);
  }
  if (addingForbidden.length > 0) {
    details.push(`${pluralize('container', 'containers', addingForbidden.length)} ${joinQuote(addingForbidden)} must not include ${joinQuote(sortedSet(forbiddenCaps))} in securityContext.capabilities.add`);
  }
  if (details.length === 0) return ALLOWED;
  return forbidden('unrestricted capabilities', details.join('; '), fields);
}

function capabilitiesRestricted_1_25(pod: PodView): CheckResult {
  return isWindowsPod(pod) ? ALLOWED : capabilitiesRestricted_1_22(pod);
}

export const capabilities_restricted: CheckDefinition = {
  id: 'capabilities_restricted',
  level: 'restricted',
  title: 'containers must drop ALL capabilities and may add only NET_BIND_SERVICE',
  fix: 'set securityContext.capabilities.drop: ["ALL"] and add at most NET_BIND_SERVICE',
  versions: [
    { minVersion: 22, evaluate: capabilitiesRestricted_1_22, overrides: ['capabilities_baseline'] },
    { minVersion: 25, evaluate: capabilitiesRestricted_1_25, overrides: ['capabilities_baseline'] },
  ],
};
