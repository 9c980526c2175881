import { it } from 'vitest';
import { check } from '../../src/audit/checks/KTM-NET-005.js';
import { inventory, plainTenant, runCheck } from './helpers.js';
it('smoke', () => {
  const inv = inventory(plainTenant('t-a') + `
---
apiVersion: v1
kind: ConfigMap
metadata: {name: config-observability, namespace: knative-serving}
data: {runtime-profiling: enabled}
`, { stock: true });
  console.log(inv.find('ConfigMap','knative-serving','config-observability')?.obj.data);
  for (const f of runCheck(check, inv)) console.log(f.message);
});
