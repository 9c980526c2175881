/**
 * windowsHostProcess (baseline, v1.0): Windows HostProcess containers are forbidden.
 * Fields: spec.securityContext.windowsOptions.hostProcess and containers' securityContext.windowsOptions.hostProcess.
 */
import type { CheckDefinition, CheckResult, PodView } from '../types.js';
import { isObject, podSecurityContext, setters } from '../pod.js';
import { ALLOWED, forbidden } from './result.js';

function hostProcessOn(sc: Record<string, any> | undefined): boolean {
  return !!sc && isObject(sc.windowsOptions) && sc.windowsOptions.hostProcess === true;
}

function windowsHostProcess_1_0(pod: PodView): CheckResult {
  const fields: string[] = [];
  const bad = pod.containers.filter((c) => hostProcessOn(c.securityContext));
  for (const c of bad) fields.push(`${c.path}.securityContext.windowsOptions.hostProcess`);
  const podBad = hostProcessOn(podSecurityContext(pod));
  if (podBad) fields.unshift('spec.securityContext.windowsOptions.hostProcess');
  const who = setters(podBad, bad.map((c) => c.name));
  if (who.length === 0) return ALLOWED;
  return forbidden('hostProcess', `${who.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`, fields);
}

export const windowsHostProcess: CheckDefinition = {
  id: 'windowsHostProcess',
  level: 'baseline',
  title: 'Windows HostProcess containers are forbidden',
  fix: 'remove securityContext.windowsOptions.hostProcess (or set it to false)',
  versions: [{ minVersion: 0, evaluate: windowsHostProcess_1_0 }],
};
