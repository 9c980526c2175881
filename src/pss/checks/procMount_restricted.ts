/**
 * procMount_restricted (restricted, v1.35): keeps the unconditional procMount rule at restricted once the
 * baseline check relaxes it for user-namespace pods; it overrides the baseline `procMount` check.
 */
import type { CheckDefinition } from '../types.js';
import { procMount_1_0 } from './procMount.js';

export const procMount_restricted: CheckDefinition = {
  id: 'procMount_restricted',
  level: 'restricted',
  title: 'securityContext.procMount must be unset or Default, even with hostUsers: false',
  fix: 'remove securityContext.procMount (or set it to Default)',
  versions: [{ minVersion: 35, evaluate: procMount_1_0, overrides: ['procMount'] }],
};
