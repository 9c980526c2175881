/**
 * seLinuxOptions (baseline): SELinux type restricted to container types; user and role must not be set.
 * Fields: spec.securityContext.seLinuxOptions and containers' securityContext.seLinuxOptions (.type/.user/.role).
 * v1.0 types: "", container_t, container_init_t, container_kvm_t; v1.31 adds container_engine_t.
 */
import type { CheckDefinition, CheckFn, CheckResult, PodView } from '../types.js';
import { isObject, podSecurityContext, setters } from '../pod.js';
import { joinQuote, pluralize, sortedSet } from '../format.js';
import { ALLOWED, forbidden } from './result.js';

const TYPES_1_0 = ['', 'container_t', 'container_init_t', 'container_kvm_t'];
const TYPES_1_31 = [...TYPES_1_0, 'container_engine_t'];

function seLinuxOptionsCheck(allowedTypes: ReadonlySet<string>): CheckFn {
  return (pod: PodView): CheckResult => {
    const badTypes: string[] = [];
    const fields: string[] = [];
    let setUser = false;
    let setRole = false;
    const valid = (opts: Record<string, any>, path: string): boolean => {
      let ok = true;
      const type = typeof opts.type === 'string' ? opts.type : '';
      if (!allowedTypes.has(type)) {
        ok = false;
        badTypes.push(type);
        fields.push(`${path}.type`);
      }
      if (typeof opts.user === 'string' && opts.user.length > 0) {
        ok = false;
        setUser = true;
        fields.push(`${path}.user`);
      }
      if (typeof opts.role === 'string' && opts.role.length > 0) {
        ok = false;
        setRole = true;
        fields.push(`${path}.role`);
      }
      return ok;
    };
    const psc = podSecurityContext(pod);
    const podBad = !!psc && isObject(psc.seLinuxOptions) && !valid(psc.seLinuxOptions, 'spec.securityContext.seLinuxOptions');
    const badContainers: string[] = [];
    for (const c of pod.containers) {
      const o = c.securityContext?.seLinuxOptions;
      if (isObject(o) && !valid(o, `${c.path}.securityContext.seLinuxOptions`)) badContainers.push(c.name);
    }
    const who = setters(podBad, badContainers);
    if (who.length === 0) return ALLOWED;
    const data: string[] = [];
    const types = sortedSet(badTypes);
    if (types.length > 0) data.push(`${pluralize('type', 'types', types.length)} ${joinQuote(types)}`);
    if (setUser) data.push('user may not be set');
    if (setRole) data.push('role may not be set');
    return forbidden('seLinuxOptions', `${who.join(' and ')} set forbidden securityContext.seLinuxOptions: ${data.join('; ')}`, fields);
  };
}

export const seLinuxOptions: CheckDefinition = {
  id: 'seLinuxOptions',
  level: 'baseline',
  title: 'SELinux type must be a container type; SELinux user and role must not be set',
  fix: 'remove seLinuxOptions.user/.role and use type container_t (or leave seLinuxOptions unset)',
  versions: [
    { minVersion: 0, evaluate: seLinuxOptionsCheck(new Set(TYPES_1_0)) },
    { minVersion: 31, evaluate: seLinuxOptionsCheck(new Set(TYPES_1_31)) },
  ],
};
