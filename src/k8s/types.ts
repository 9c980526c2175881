/**
 * The cluster inventory: every object ktm read, with where it came from, plus derived typed views.
 * This is the contract between the loaders (files, dumps, live API) and every engine (netpol, pss, audit, harden).
 */

/** Where an object came from, so findings can point at it. */
export interface SourceRef {
  /** File path for file input, `-` for stdin. */
  file?: string;
  /** 1-based line of the object's start in the file, when known. */
  line?: number;
  /** API path for live input, e.g. `/api/v1/namespaces/a/pods/x`. */
  apiPath?: string;
}

/** Renders a SourceRef as `file:line` or the API path. */
export function formatSource(src: SourceRef): string {
  if (src.apiPath) return src.apiPath;
  if (src.file && src.line) return `${src.file}:${src.line}`;
  return src.file ?? '<unknown>';
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: Array<{ apiVersion?: string; kind?: string; name: string; controller?: boolean; uid?: string }>;
  uid?: string;
  [k: string]: unknown;
}

/** A Kubernetes object as read (plain JSON), with its source. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: any;
  data?: Record<string, string>;
  [k: string]: any;
}

export interface Resource {
  obj: K8sObject;
  /** `apps/Deployment`, `v1/Pod`, … group-qualified kind without version: `Deployment.apps`, `Pod`. */
  groupKind: string;
  kind: string;
  name: string;
  /** Namespace for namespaced objects (defaulted to `default` when the manifest omits it); undefined for cluster-scoped. */
  namespace?: string;
  source: SourceRef;
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol: 'TCP' | 'UDP' | 'SCTP';
}

/**
 * A workload reduced to what network and pod-security analysis need: one pod template.
 * Pods owned by a controller collapse into their owner (as netpol-analyzer does).
 */
export interface Workload {
  /** Kind shown to users: Deployment, StatefulSet, Pod, ReplicaSet, …, or Knative `Service`/`Revision`. */
  kind: string;
  name: string;
  namespace: string;
  /** Labels of the pods this workload runs. */
  podLabels: Record<string, string>;
  /** The pod spec (plain JSON, as written). */
  podSpec: any;
  /** Pod metadata annotations (PSS AppArmor/seccomp annotations live there). */
  podAnnotations: Record<string, string>;
  /** Container ports of all containers (named ports resolve against these). */
  ports: ContainerPort[];
  /** The object this workload was read from. */
  resource: Resource;
  /** JSON path of the pod template inside the object, e.g. `spec.template` or `spec.jobTemplate.spec.template`. */
  templatePath: string;
  /** For Knative: the revision pods' service and configuration names. */
  knative?: { service?: string; configuration?: string; revision?: string };
  /**
   * Other objects this workload stands for: pods collapsed into their owner, a ReplicaSet owned by a
   * Deployment in the input, a Knative Configuration/Service represented by its revision. Absent when none.
   */
  members?: Resource[];
  /**
   * Pods collapsed into one owner whose labels differ from `podLabels` (which are the first pod's):
   * each such pod with its own labels. Absent when all pods agree.
   */
  labelVariants?: Array<{ pod: Resource; labels: Record<string, string> }>;
}

export interface NamespaceInfo {
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** False when the namespace was only referred to, not defined (it gets `kubernetes.io/metadata.name`). */
  defined: boolean;
  resource?: Resource;
}

export interface Inventory {
  resources: Resource[];
  namespaces: Map<string, NamespaceInfo>;
  workloads: Workload[];
  /** All resources of a kind (plain kind name, e.g. `ConfigMap`, or group-qualified `NetworkPolicy.networking.k8s.io`). */
  byKind(kind: string): Resource[];
  /** One object by kind/namespace/name. */
  find(kind: string, namespace: string | undefined, name: string): Resource | undefined;
  /**
   * Things worth telling the user about the input that are not errors, sorted: duplicate objects,
   * owned pods with differing labels, optional APIs absent from a live cluster, secrets not read.
   */
  notes?: string[];
}
