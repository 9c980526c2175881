/**
 * restrictedVolumes (restricted, v1.0): only configMap, csi, downwardAPI, emptyDir, ephemeral, image,
 * persistentVolumeClaim, projected and secret volumes. Fields: spec.volumes[*]. Overrides hostPathVolumes.
 * Volumes without a source were defaulted to emptyDir before this runs (see pod.ts).
 */
import type { CheckDefinition, CheckResult, PodView } from '../types.js';
import { asArray, isObject, isSet } from '../pod.js';
import { joinQuote, pluralize, sortedSet } from '../format.js';
import { ALLOWED, forbidden } from './result.js';

const ALLOWED_SOURCES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret'];

/** Restricted sources in upstream's switch order: the first one set names the volume's type. */
const RESTRICTED_SOURCES = [
  'hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'nfs', 'iscsi', 'glusterfs', 'rbd', 'flexVolume',
  'cinder', 'cephfs', 'flocker', 'fc', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk',
  'portworxVolume', 'scaleIO', 'storageos',
];

function restrictedVolumes_1_0(pod: PodView): CheckResult {
  const names: string[] = [];
  const types: string[] = [];
  const fields: string[] = [];
  asArray(pod.spec.volumes).forEach((v, i) => {
    if (!isObject(v)) return;
    if (ALLOWED_SOURCES.some((k) => isSet(v[k]))) return;
    const type = RESTRICTED_SOURCES.find((k) => isSet(v[k])) ?? 'unknown';
    names.push(String(v.name ?? ''));
    types.push(type);
    fields.push(`spec.volumes[${i}]${type === 'unknown' ? '' : `.${type}`}`);
  });
  if (names.length === 0) return ALLOWED;
  const distinct = sortedSet(types);
  return forbidden(
    'restricted volume types',
    `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)} ${pluralize('uses', 'use', names.length)} ${pluralize('restricted volume type', 'restricted volume types', distinct.length)} ${joinQuote(distinct)}`,
    fields,
  );
}

export const restrictedVolumes: CheckDefinition = {
  id: 'restrictedVolumes',
  level: 'restricted',
  title: 'volumes limited to configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected, secret',
  fix: 'replace the volume with one of the allowed types (e.g. a persistentVolumeClaim instead of hostPath or nfs)',
  versions: [{ minVersion: 0, evaluate: restrictedVolumes_1_0, overrides: ['hostPathVolumes'] }],
};
