/**
 * sysctls (baseline): only namespaced, isolated ("safe") sysctls. Fields: spec.securityContext.sysctls[*].name.
 * The allowed set grows with the version: 1.0, +1.27, +1.29, +1.32, +1.37.
 */
import type { CheckDefinition, CheckFn, CheckResult, PodView } from '../types.js';
import { asArray, isObject, podSecurityContext } from '../pod.js';
import { ALLOWED, forbidden } from './result.js';

const ALLOWED_1_0 = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
];
const ALLOWED_1_27 = [...ALLOWED_1_0, 'net.ipv4.ip_local_reserved_ports'];
const ALLOWED_1_29 = [
  ...ALLOWED_1_27,
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];
const ALLOWED_1_32 = [...ALLOWED_1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];
const ALLOWED_1_37 = [...ALLOWED_1_32, 'net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'];

function sysctlsCheck(allowed: ReadonlySet<string>): CheckFn {
  return (pod: PodView): CheckResult => {
    const names: string[] = [];
    const fields: string[] = [];
    asArray(podSecurityContext(pod)?.sysctls).forEach((s, i) => {
      const name = isObject(s) && typeof s.name === 'string' ? s.name : '';
      if (!allowed.has(name)) {
        names.push(name);
        fields.push(`spec.securityContext.sysctls[${i}].name`);
      }
    });
    if (names.length === 0) return ALLOWED;
    return forbidden('forbidden sysctls', names.join(', '), fields);
  };
}

export const sysctls: CheckDefinition = {
  id: 'sysctls',
  level: 'baseline',
  title: 'only the safe, namespaced sysctls may be set',
  fix: 'remove the unsafe entries from spec.securityContext.sysctls',
  versions: [
    { minVersion: 0, evaluate: sysctlsCheck(new Set(ALLOWED_1_0)) },
    { minVersion: 27, evaluate: sysctlsCheck(new Set(ALLOWED_1_27)) },
    { minVersion: 29, evaluate: sysctlsCheck(new Set(ALLOWED_1_29)) },
    { minVersion: 32, evaluate: sysctlsCheck(new Set(ALLOWED_1_32)) },
    { minVersion: 37, evaluate: sysctlsCheck(new Set(ALLOWED_1_37)) },
  ],
};
