/**
 * Workloads: every object that runs pods, reduced to one pod template (labels, spec, annotations, ports).
 *
 * Owner collapse follows np-guard/netpol-analyzer's peer naming (fixtures/netpol/README.md, "Workload peers"):
 * - Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, ReplicationController → one workload each,
 *   named after the object, whatever the replica count.
 * - A Pod with a `controller: true` ownerReference (kind other than Node) is its owner: one workload named
 *   after the owner with the owner's kind (kind `Pod` when the reference has no kind). All pods of that
 *   owner collapse into it; its template is the first pod's, and pods with other labels are recorded in
 *   `labelVariants`.
 * - When the owner object itself is in the input, the pod belongs to it (the owner's template is used).
 *   The same holds up the chain: a ReplicaSet owned by a Deployment in the input, a Job owned by a CronJob,
 *   a Deployment owned by a Knative Revision — the topmost owner present stands for all of them.
 * - Any other Pod is itself.
 * Knative Services/Configurations/Revisions come from knative.ts.
 */
import type { Resource, Workload } from './types.js';
import { containerPorts, getPath, joinPath, stringMap } from './podtemplate.js';
import { buildKnativeWorkloads, isKnativeServing, profilingEnabled } from './knative.js';

/** Where the pod template sits in each workload kind (by group kind; old API groups included). */
export const TEMPLATE_PATHS: Readonly<Record<string, string>> = {
  Pod: '',
  ReplicationController: 'spec.template',
  'Deployment.apps': 'spec.template',
  'ReplicaSet.apps': 'spec.template',
  'StatefulSet.apps': 'spec.template',
  'DaemonSet.apps': 'spec.template',
  'Deployment.extensions': 'spec.template',
  'ReplicaSet.extensions': 'spec.template',
  'DaemonSet.extensions': 'spec.template',
  'Job.batch': 'spec.template',
  'CronJob.batch': 'spec.jobTemplate.spec.template',
};

/** Groups an ownerReference's apiVersion may name for each owner kind (apps and extensions are aliases). */
const OWNER_GROUPS: Readonly<Record<string, readonly string[]>> = {
  Pod: [''],
  ReplicationController: [''],
  Deployment: ['apps', 'extensions'],
  ReplicaSet: ['apps', 'extensions'],
  StatefulSet: ['apps'],
  DaemonSet: ['apps', 'extensions'],
  Job: ['batch'],
  CronJob: ['batch'],
  Service: ['serving.knative.dev'],
  Configuration: ['serving.knative.dev'],
  Revision: ['serving.knative.dev'],
};

export function isWorkloadObject(res: Resource): boolean {
  return res.groupKind in TEMPLATE_PATHS || isKnativeServing(res);
}

interface OwnerRef {
  apiVersion?: string;
  kind?: string;
  name: string;
}

/** The `controller: true` ownerReference of an object, unless it is a Node (static pods). */
export function controllerRef(res: Resource): OwnerRef | undefined {
  const refs = res.obj.metadata.ownerReferences;
  if (!Array.isArray(refs)) return undefined;
  const ref = refs.find((o) => o && o.controller === true && typeof o.name === 'string' && o.name !== '');
  if (!ref || ref.kind === 'Node') return undefined;
  return ref;
}

export interface WorkloadResult {
  workloads: Workload[];
  notes: string[];
}

/** Builds the workloads of an inventory, in input order (of the object, or first pod, that defines each). */
export function buildWorkloads(resources: Resource[]): WorkloadResult {
  const notes: string[] = [];

  // Workload objects by plain kind/namespace/name, to resolve ownerReferences. First one wins; the later ones are
  // `duplicates`. Each workload object's input position orders the workloads.
  const index = new Map<string, Resource>();
  const duplicates = new Set<Resource>();
  const position = new Map<Resource, number>();
  resources.forEach((res, i) => {
    if (!isWorkloadObject(res)) return;
    position.set(res, i);
    const key = `${res.kind}/${res.namespace}/${res.name}`;
    const first = index.get(key);
    if (first) {
      notes.push(`duplicate ${res.kind} ${res.namespace}/${res.name} at ${where(res)}: the one at ${where(first)} is used`);
      duplicates.add(res);
    } else {
      index.set(key, res);
    }
  });
  const unique = duplicates.size ? resources.filter((r) => !duplicates.has(r)) : resources;
  const knative = buildKnativeWorkloads(unique, { profiling: profilingEnabled(resources) });

  const ownerOf = (res: Resource): Resource | undefined => {
    const ref = controllerRef(res);
    if (!ref?.kind) return undefined;
    const groups = OWNER_GROUPS[ref.kind];
    if (!groups) return undefined;
    const group = ref.apiVersion?.includes('/') ? ref.apiVersion.slice(0, ref.apiVersion.indexOf('/')) : '';
    if (ref.apiVersion && !groups.includes(group)) return undefined;
    return index.get(`${ref.kind}/${res.namespace}/${ref.name}`);
  };

  // Resolve each object to the object that stands for it: walk controller owners present in the input,
  // stopping at Knative objects (knative.ts decides what represents them).
  const topOf = (res: Resource): Resource => {
    let cur = res;
    const seen = new Set<Resource>([res]);
    while (!isKnativeServing(cur)) {
      const owner = ownerOf(cur);
      if (!owner || seen.has(owner)) break;
      if (isKnativeServing(owner) && !knative.representative.has(owner)) break;
      seen.add(owner);
      cur = owner;
    }
    return cur;
  };

  const order = new Map<Workload, number>();
  const byObject = new Map<Resource, Workload>(); // k8s workload objects → their workload
  const byKey = new Map<string, Workload>(); // bare pods and pod owners not in the input
  for (const w of knative.workloads) order.set(w, position.get(w.resource) ?? 0);

  const workloadOfObject = (res: Resource): Workload => {
    const known = knative.representative.get(res) ?? byObject.get(res);
    if (known) return known;
    const w = objectWorkload(res);
    byObject.set(res, w);
    order.set(w, position.get(res) ?? 0);
    return w;
  };

  for (const res of resources) {
    if (!isWorkloadObject(res) || isKnativeServing(res)) continue;
    if (duplicates.has(res)) continue;
    const top = topOf(res);
    if (top !== res) {
      addMember(workloadOfObject(top), res);
      continue;
    }
    const ref = res.kind === 'Pod' ? controllerRef(res) : undefined;
    if (!ref) {
      if (res.kind === 'Pod') {
        const key = `Pod/${res.namespace}/${res.name}`;
        const existing = byKey.get(key);
        if (existing) {
          collapsePod(existing, res);
          continue;
        }
        const w = workloadOfObject(res);
        byKey.set(key, w);
      } else {
        workloadOfObject(res);
      }
      continue;
    }
    // A pod whose owner is not in the input: it stands for its owner.
    const kind = ref.kind || 'Pod';
    const key = `${kind}/${res.namespace}/${ref.name}`;
    const existing = byKey.get(key);
    if (existing) {
      collapsePod(existing, res);
      continue;
    }
    const w = objectWorkload(res);
    w.kind = kind;
    w.name = ref.name;
    byKey.set(key, w);
    order.set(w, position.get(res) ?? 0);
  }

  const workloads = [...order.keys()].sort((a, b) => order.get(a)! - order.get(b)!);
  for (const w of workloads) {
    if (w.labelVariants) {
      notes.push(
        `${w.kind} ${w.namespace}/${w.name}: its pods have different labels; the labels of ${w.resource.name} are used ` +
          `(others: ${w.labelVariants.map((v) => v.pod.name).join(', ')})`,
      );
    }
  }
  return { workloads, notes };
}

/** The workload an object defines from its own pod template. */
export function objectWorkload(res: Resource): Workload {
  const templatePath = TEMPLATE_PATHS[res.groupKind] ?? 'spec.template';
  const template: any = templatePath === '' ? res.obj : getPath(res.obj, templatePath) ?? {};
  const podSpec = template?.spec ?? {};
  return {
    kind: res.kind,
    name: res.name,
    namespace: res.namespace ?? 'default',
    podLabels: stringMap(template?.metadata?.labels),
    podSpec,
    podAnnotations: stringMap(template?.metadata?.annotations),
    ports: containerPorts(podSpec, res, joinPath(templatePath, 'spec')),
    resource: res,
    templatePath,
  };
}

/** Adds a pod to an owner workload built from another pod; records it when its labels differ. */
function collapsePod(w: Workload, pod: Resource): void {
  addMember(w, pod);
  const labels = stringMap(pod.obj.metadata.labels);
  if (!sameLabels(labels, w.podLabels)) {
    if (!w.labelVariants) w.labelVariants = [];
    w.labelVariants.push({ pod, labels });
  }
  // Validate the pod's ports too, so a bad manifest is reported even when it is not the first pod.
  containerPorts(pod.obj.spec, pod, 'spec');
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && a[k] === b[k]);
}

function addMember(w: Workload, res: Resource): void {
  if (!w.members) w.members = [];
  if (!w.members.includes(res)) w.members.push(res);
}

function where(res: Resource): string {
  if (res.source.apiPath) return res.source.apiPath;
  return res.source.line ? `${res.source.file}:${res.source.line}` : res.source.file ?? '<input>';
}
