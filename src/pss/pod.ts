/**
 * Prepares a pod for evaluation: applies the API defaulting PSA sees (a volume without a source
 * becomes emptyDir, as the API server defaults it before admission) and lists every container
 * with its path, in upstream's visitContainers order: initContainers, containers, ephemeralContainers.
 */
import type { ContainerView, PodView } from './types.js';

/** Every inline volume source of core/v1 VolumeSource. */
export const VOLUME_SOURCES: readonly string[] = [
  'awsElasticBlockStore', 'azureDisk', 'azureFile', 'cephfs', 'cinder', 'configMap', 'csi', 'downwardAPI',
  'emptyDir', 'ephemeral', 'fc', 'flexVolume', 'flocker', 'gcePersistentDisk', 'gitRepo', 'glusterfs', 'hostPath',
  'image', 'iscsi', 'nfs', 'persistentVolumeClaim', 'photonPersistentDisk', 'portworxVolume', 'projected', 'quobyte',
  'rbd', 'scaleIO', 'secret', 'storageos', 'vsphereVolume',
];

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

export function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A field is set when present and not null (Go decodes `null` to a nil pointer). */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

export function preparePod(annotations: Record<string, string> | undefined, spec: unknown): PodView {
  const source = isObject(spec) ? spec : {};
  const defaulted = defaultVolumes(source);
  const containers: ContainerView[] = [];
  for (const list of CONTAINER_LISTS) {
    asArray(defaulted[list]).forEach((c, i) => {
      if (!isObject(c)) return;
      containers.push({
        name: typeof c.name === 'string' ? c.name : '',
        path: `spec.${list}[${i}]`,
        container: c,
        securityContext: isObject(c.securityContext) ? c.securityContext : undefined,
      });
    });
  }
  return { annotations: stringMap(annotations), spec: defaulted, containers };
}

/** Returns the spec with source-less volumes set to `emptyDir: {}`; the input is not modified. */
function defaultVolumes(spec: Record<string, any>): Record<string, any> {
  const volumes = spec.volumes;
  if (!Array.isArray(volumes)) return spec;
  let changed = false;
  const out = volumes.map((v) => {
    if (isObject(v) && !VOLUME_SOURCES.some((k) => isSet(v[k]))) {
      changed = true;
      return { ...v, emptyDir: {} };
    }
    return v;
  });
  return changed ? { ...spec, volumes: out } : spec;
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(value)) return out;
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string') out[k] = v;
  }
  return out;
}

/** The pod-level securityContext, when it is an object. */
export function podSecurityContext(pod: PodView): Record<string, any> | undefined {
  return isObject(pod.spec.securityContext) ? pod.spec.securityContext : undefined;
}

/** `spec.hostUsers: false` — the pod runs in a user namespace (relaxes some checks from v1.35). */
export function inUserNamespace(pod: PodView): boolean {
  return pod.spec.hostUsers === false;
}

/** `spec.os.name: windows` — exempt from some restricted checks from v1.25. */
export function isWindowsPod(pod: PodView): boolean {
  return isObject(pod.spec.os) && pod.spec.os.name === 'windows';
}

/** `pod`/`containers "a", "b"` setters joined with " and ", as upstream phrases them. */
export function setters(podBad: boolean, containerNames: readonly string[]): string[] {
  const out: string[] = [];
  if (podBad) out.push('pod');
  if (containerNames.length > 0) {
    out.push(`${containerNames.length === 1 ? 'container' : 'containers'} "${containerNames.join('", "')}"`);
  }
  return out;
}
