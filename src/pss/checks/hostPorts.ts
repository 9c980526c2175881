/**
 * hostPorts (baseline, v1.0): containers must not bind host ports. Fields: containers' ports[*].hostPort.
 */
import type { CheckDefinition, CheckResult, PodView } from '../types.js';
import { asArray, isObject, isSet } from '../pod.js';
import { joinQuote, pluralize, sortedSet } from '../format.js';
import { ALLOWED, forbidden } from './result.js';

function hostPorts_1_0(pod: PodView): CheckResult {
  const badContainers: string[] = [];
  const ports: string[] = [];
  const fields: string[] = [];
  for (const c of pod.containers) {
    let valid = true;
    asArray(c.container.ports).forEach((p, i) => {
      if (isObject(p) && isSet(p.hostPort) && p.hostPort !== 0) {
        valid = false;
        ports.push(String(p.hostPort));
        fields.push(`${c.path}.ports[${i}].hostPort`);
      }
    });
    if (!valid) badContainers.push(c.name);
  }
  if (badContainers.length === 0) return ALLOWED;
  const distinct = sortedSet(ports);
  return forbidden(
    'hostPort',
    `${pluralize('container', 'containers', badContainers.length)} ${joinQuote(badContainers)} ${pluralize('uses', 'use', badContainers.length)} ${pluralize('hostPort', 'hostPorts', distinct.length)} ${distinct.join(', ')}`,
    fields,
  );
}

export const hostPorts: CheckDefinition = {
  id: 'hostPorts',
  level: 'baseline',
  title: 'containers must not use host ports',
  fix: 'remove ports[].hostPort and expose the port through a Service',
  versions: [{ minVersion: 0, evaluate: hostPorts_1_0 }],
};
