/**
 * hostProbesAndHostLifecycle (baseline, v1.34): probes and lifecycle handlers must not target another host.
 * Fields: containers' liveness/readiness/startupProbe and lifecycle.postStart/preStop, `.httpGet.host` and `.tcpSocket.host`.
 */
import type { CheckDefinition, CheckResult, PodView } from '../types.js';
import { isObject } from '../pod.js';
import { joinQuote, pluralize, sortedSet } from '../format.js';
import { ALLOWED, forbidden } from './result.js';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const HANDLERS = ['postStart', 'preStop'] as const;
const ACTIONS = ['httpGet', 'tcpSocket'] as const;

/** Hosts a probe or handler names, with the field path of each. */
function hostsOf(handler: unknown, path: string, hosts: string[], fields: string[]): boolean {
  if (!isObject(handler)) return false;
  let found = false;
  for (const action of ACTIONS) {
    const a = handler[action];
    if (isObject(a) && typeof a.host === 'string' && a.host !== '') {
      hosts.push(a.host);
      fields.push(`${path}.${action}.host`);
      found = true;
    }
  }
  return found;
}

function hostProbesAndHostLifecycle_1_34(pod: PodView): CheckResult {
  const badContainers = new Set<string>();
  const hosts: string[] = [];
  const fields: string[] = [];
  for (const c of pod.containers) {
    for (const probe of PROBES) {
      if (hostsOf(c.container[probe], `${c.path}.${probe}`, hosts, fields)) badContainers.add(c.name);
    }
    const lifecycle = c.container.lifecycle;
    if (isObject(lifecycle)) {
      for (const h of HANDLERS) {
        if (hostsOf(lifecycle[h], `${c.path}.lifecycle.${h}`, hosts, fields)) badContainers.add(c.name);
      }
    }
  }
  if (badContainers.size === 0) return ALLOWED;
  const names = sortedSet(badContainers);
  const distinct = sortedSet(hosts);
  return forbidden(
    'probe or lifecycle host',
    `${pluralize('container', 'containers', names.length)} ${joinQuote(names)} ${pluralize('uses', 'use', names.length)} ${pluralize('probe or lifecycle host', 'probe or lifecycle hosts', distinct.length)} ${joinQuote(distinct)}`,
    fields,
  );
}

export const hostProbesAndHostLifecycle: CheckDefinition = {
  id: 'hostProbesAndHostLifecycle',
  level: 'baseline',
  title: 'probes and lifecycle handlers must not set a host (they would reach other hosts from the kubelet)',
  fix: 'remove .host from httpGet/tcpSocket probes and lifecycle handlers',
  versions: [{ minVersion: 34, evaluate: hostProbesAndHostLifecycle_1_34 }],
};
