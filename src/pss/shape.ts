/**
 * Type checks of the pod fields the checks read. The API server refuses a pod whose fields have the wrong
 * type, so a manifest with `privileged: "yes"` or `runAsUser: root` is bad input, not a pod to judge:
 * reading it leniently could pass a pod the cluster would read differently (YAML 1.1 tools read `yes`
 * as true, ktm's YAML 1.2 parser as a string).
 */
import * as z from '../util/zod.js';
import type { Workload } from '../k8s/types.js';
import { badObject, joinPath } from '../k8s/podtemplate.js';
import { formatPath } from '../util/validate.js';
import type { InputError } from '../util/errors.js';

const bool = z.boolean().nullish();
const str = z.string().nullish();
const int = z.number().int().nullish();
const typed = z.looseObject({ type: str }).nullish();

const commonSecurityContext = {
  runAsNonRoot: bool,
  runAsUser: int,
  seccompProfile: typed,
  appArmorProfile: typed,
  seLinuxOptions: z.looseObject({ type: str, user: str, role: str }).nullish(),
  windowsOptions: z.looseObject({ hostProcess: bool }).nullish(),
};

const containerSecurityContext = z.looseObject({
  ...commonSecurityContext,
  privileged: bool,
  allowPrivilegeEscalation: bool,
  procMount: str,
  capabilities: z.looseObject({ add: z.array(z.string()).nullish(), drop: z.array(z.string()).nullish() }).nullish(),
});

const hostAction = z.looseObject({ host: str }).nullish();
const handler = z.looseObject({ httpGet: hostAction, tcpSocket: hostAction }).nullish();

const container = z.looseObject({
  name: str,
  securityContext: containerSecurityContext.nullish(),
  ports: z.array(z.looseObject({ hostPort: int })).nullish(),
  livenessProbe: handler,
  readinessProbe: handler,
  startupProbe: handler,
  lifecycle: z.looseObject({ postStart: handler, preStop: handler }).nullish(),
});

const podSpec = z.looseObject({
  hostNetwork: bool,
  hostPID: bool,
  hostIPC: bool,
  hostUsers: bool,
  os: z.looseObject({ name: str }).nullish(),
  securityContext: z
    .looseObject({ ...commonSecurityContext, sysctls: z.array(z.looseObject({ name: z.string() })).nullish() })
    .nullish(),
  initContainers: z.array(container).nullish(),
  containers: z.array(container).nullish(),
  ephemeralContainers: z.array(container).nullish(),
  volumes: z.array(z.looseObject({ name: str })).nullish(),
});

/** The first wrong-typed field of a workload's pod, as an InputError pointing at the object; undefined when fine. */
export function podShapeError(w: Workload): InputError | undefined {
  const result = podSpec.safeParse(w.podSpec ?? {});
  if (result.success) return undefined;
  const issue = result.error.issues[0];
  const path = ['spec', ...issue.path.filter((p): p is string | number => typeof p !== 'symbol')];
  const found = valueAt(w.podSpec, path.slice(1));
  const hint = typeof found === 'string' && /^(yes|no|on|off|y|n|true|false)$/i.test(found) ? ' (write true or false, unquoted)' : '';
  return badObject(w.resource, `invalid pod field: ${issue.message}, found ${JSON.stringify(found)}${hint}`, joinPath(w.templatePath, formatPath(path)));
}

function valueAt(root: unknown, path: Array<string | number>): unknown {
  let cur: any = root;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return cur;
    cur = cur[p];
  }
  return cur;
}
