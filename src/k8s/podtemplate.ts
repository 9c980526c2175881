/**
 * Reading a pod template out of an object: labels, annotations and container ports, with the API
 * server's defaults (container port protocol TCP). Shared by the Kubernetes and Knative workload builders.
 */
import { InputError } from '../util/errors.js';
import type { ContainerPort, Resource, Workload } from './types.js';

/** Labels as a string map (values stringified; null/absent → {}). */
export function stringMap(v: unknown): Record<string, string> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return {};
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) out[k] = val == null ? '' : String(val);
  return out;
}

/** Follows a dotted path (`spec.jobTemplate.spec.template`) in a plain object; `` is the object itself. */
export function getPath(obj: unknown, path: string): unknown {
  if (path === '') return obj;
  let cur: any = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[part];
  }
  return cur;
}

/** Joins a workload's template path with a field below it: (`spec.template`, `spec.containers[0]`). */
export function joinPath(base: string, rest: string): string {
  if (base === '') return rest;
  if (rest === '') return base;
  return `${base}.${rest}`;
}

/** The JSON path of a field of a workload's pod (e.g. `spec.containers[0].securityContext`). */
export function podFieldPath(w: Pick<Workload, 'templatePath'>, field: string): string {
  return joinPath(w.templatePath, field);
}

const PROTOCOLS = new Set(['TCP', 'UDP', 'SCTP']);

/**
 * Container ports of a pod spec: every container, plus init containers that keep running as sidecars
 * (`restartPolicy: Always`), since they listen too. Protocol defaults to TCP. A port that the API
 * server would refuse (not 1-65535, unknown protocol) is an InputError pointing at the object.
 */
export function containerPorts(podSpec: any, res: Resource, specPath: string): ContainerPort[] {
  const out: ContainerPort[] = [];
  const groups: Array<[string, unknown]> = [
    ['containers', podSpec?.containers],
    ['initContainers', podSpec?.initContainers],
  ];
  for (const [group, list] of groups) {
    if (!Array.isArray(list)) continue;
    list.forEach((c: any, ci: number) => {
      if (group === 'initContainers' && c?.restartPolicy !== 'Always') return;
      const ports = c?.ports;
      if (!Array.isArray(ports)) return;
      ports.forEach((p: any, pi: number) => {
        const where = joinPath(specPath, `${group}[${ci}].ports[${pi}]`);
        const raw = field(p, 'containerPort');
        const num = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
        if (typeof num !== 'number' || !Number.isInteger(num) || num < 1 || num > 65535) {
          throw badObject(res, `containerPort must be an integer 1-65535, found ${JSON.stringify(raw) ?? 'nothing'}`, `${where}.containerPort`);
        }
        const rawProtocol = field(p, 'protocol');
        const protocol = rawProtocol == null ? 'TCP' : String(rawProtocol);
        if (!PROTOCOLS.has(protocol)) {
          throw badObject(res, `protocol must be TCP, UDP or SCTP, found ${JSON.stringify(rawProtocol)}`, `${where}.protocol`);
        }
        const port: ContainerPort = { containerPort: num, protocol: protocol as ContainerPort['protocol'] };
        const name = field(p, 'name');
        if (typeof name === 'string' && name !== '') port.name = name;
        out.push(port);
      });
    });
  }
  return out;
}

/**
 * A field of a plain object, falling back to a case-insensitive match as Go's encoding/json does
 * (`containerport:` is read as `containerPort` by kubectl-era tools and by netpol-analyzer).
 */
function field(obj: unknown, name: string): unknown {
  if (obj === null || typeof obj !== 'object') return undefined;
  const o = obj as Record<string, unknown>;
  if (name in o) return o[name];
  const lower = name.toLowerCase();
  const key = Object.keys(o).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : o[key];
}

/** An InputError about an object, at its source (file and line, or API path) and field. */
export function badObject(res: Resource, message: string, fieldPath?: string): InputError {
  const file = res.source.apiPath ?? res.source.file ?? '<input>';
  const pos = res.source.line ? { line: res.source.line, column: 1 } : undefined;
  const ns = res.namespace ? `${res.namespace}/` : '';
  return new InputError(file, `${res.kind} ${ns}${res.name}: ${message}`, pos, fieldPath);
}
