/**
 * procMount (baseline): the default /proc masks must be kept. Fields: containers' securityContext.procMount
 * (allowed: unset or Default). v1.0: unconditional. v1.35: any value when the pod runs in a user namespace
 * (spec.hostUsers: false). At restricted (v1.35+) it is replaced by procMount_restricted, which stays unconditional.
 */
import type { CheckDefinition, CheckResult, PodView } from '../types.js';
import { inUserNamespace, isSet } from '../pod.js';
import { joinQuote, pluralize, sortedSet } from '../format.js';
import { ALLOWED, forbidden } from './result.js';

/** Blocks any procMount other than Default, whatever hostUsers says. */
export function procMount_1_0(pod: PodView): CheckResult {
  const bad = pod.containers.filter((c) => isSet(c.securityContext?.procMount) && c.securityContext!.procMount !== 'Default');
  if (bad.length === 0) return ALLOWED;
  const types = sortedSet(bad.map((c) => String(c.securityContext!.procMount)));
  return forbidden(
    'procMount',
    `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad.map((c) => c.name))} must not set securityContext.procMount to ${joinQuote(types)}`,
    bad.map((c) => `${c.path}.securityContext.procMount`),
  );
}

function procMount_1_35(pod: PodView): CheckResult {
  return inUserNamespace(pod) ? ALLOWED : procMount_1_0(pod);
}

export const procMount: CheckDefinition = {
  id: 'procMount',
  level: 'baseline',
  title: 'securityContext.procMount must be unset or Default (from v1.35 any value in a user namespace)',
  fix: 'remove securityContext.procMount (or set it to Default)',
  versions: [
    { minVersion: 0, evaluate: procMount_1_0 },
    { minVersion: 35, evaluate: procMount_1_35 },
  ],
};
