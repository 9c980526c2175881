/**
 * hostPathVolumes (baseline, v1.0): hostPath volumes are forbidden. Fields: spec.volumes[*].hostPath.
 * At restricted it is replaced by restrictedVolumes.
 */
import type { CheckDefinition, CheckResult, PodView } from '../types.js';
import { asArray, isObject, isSet } from '../pod.js';
import { joinQuote, pluralize } from '../format.js';
import { ALLOWED, forbidden } from './result.js';

function hostPathVolumes_1_0(pod: PodView): CheckResult {
  const names: string[] = [];
  const fields: string[] = [];
  asArray(pod.spec.volumes).forEach((v, i) => {
    if (isObject(v) && isSet(v.hostPath)) {
      names.push(String(v.name ?? ''));
      fields.push(`spec.volumes[${i}].hostPath`);
    }
  });
  if (names.length === 0) return ALLOWED;
  return forbidden('hostPath volumes', `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)}`, fields);
}

export const hostPathVolumes: CheckDefinition = {
  id: 'hostPathVolumes',
  level: 'baseline',
  title: 'hostPath volumes are forbidden',
  fix: 'replace the hostPath volume with a configMap, secret, emptyDir or persistentVolumeClaim',
  versions: [{ minVersion: 0, evaluate: hostPathVolumes_1_0 }],
};
