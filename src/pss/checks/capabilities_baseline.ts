/**
 * capabilities_baseline (baseline, v1.0): containers may only add capabilities from the default set.
 * Fields: containers' securityContext.capabilities.add.
 */
import type { CheckDefinition, CheckResult, PodView } from '../types.js';
import { asArray, isObject } from '../pod.js';
import { joinQuote, pluralize, sortedSet } from '../format.js';
import { ALLOWED, forbidden } from './result.js';

export const DEFAULT_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP',
  'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

function capabilitiesBaseline_1_0(pod: PodView): CheckResult {
  const badContainers: string[] = [];
  const badCaps: string[] = [];
  const fields: string[] = [];
  for (const c of pod.containers) {
    const caps = c.securityContext?.capabilities;
    if (!isObject(caps)) continue;
    let valid = true;
    asArray(caps.add).forEach((cap, i) => {
      if (!DEFAULT_CAPABILITIES.has(String(cap))) {
        valid = false;
        badCaps.push(String(cap));
        fields.push(`${c.path}.securityContext.capabilities.add[${i}]`);
      }
    });
    if (!valid) badContainers.push(c.name);
  }
  if (badContainers.length === 0) return ALLOWED;
  return forbidden(
    'non-default capabilities',
    `${pluralize('container', 'containers', badContainers.length)} ${joinQuote(badContainers)} must not include ${joinQuote(sortedSet(badCaps))} in securityContext.capabilities.add`,
    fields,
  );
}

export const capabilities_baseline: CheckDefinition = {
  id: 'capabilities_baseline',
  level: 'baseline',
  title: 'containers may only add capabilities from the default set (no NET_RAW, SYS_ADMIN, …)',
  fix: 'remove the non-default entries from securityContext.capabilities.add',
  versions: [{ minVersion: 0, evaluate: capabilitiesBaseline_1_0 }],
};
