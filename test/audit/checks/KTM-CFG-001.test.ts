import { describe, expect, it } from 'vitest';
import { check } from '../../../src/audit/checks/KTM-CFG-001.js';
import { inventory, runCheck } from '../helpers.js';

const cm = (ns: string, v: string) => `
apiVersion: v1
kind: ConfigMap
metadata: {name: config-observability, namespace: ${ns}}
data:
  _example: |
    runtime-profiling: enabled
  ${v}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: activator, namespace: ${ns}}
spec: {selector: {matchLabels: {app: activator}}, template: {metadata: {labels: {app: activator}}, spec: {containers: [{name: a, image: x}]}}}
`;

describe('KTM-CFG-001 runtime profiling', () => {
  it('fires when runtime-profiling is enabled (any case) and names the key', () => {
    const f = runCheck(check, inventory(cm('knative-serving', 'runtime-profiling: "Enabled"')));
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ id: 'KTM-CFG-001', resource: 'ConfigMap/knative-serving/config-observability', path: 'data.runtime-profiling' });
    expect(f[0].source).toMatch(/test\.yaml:\d+/);
  });
  it('fires for the legacy profiling.enable key', () => {
    expect(runCheck(check, inventory(cm('knative-serving', 'profiling.enable: "true"')))).toHaveLength(1);
  });
  it('stays quiet when only the _example block enables it, or the value is unknown', () => {
    expect(runCheck(check, inventory(cm('knative-serving', 'other: x')))).toEqual([]);
    expect(runCheck(check, inventory(cm('knative-serving', 'runtime-profiling: "yes-please"')))).toEqual([]);
  });
});
