import { configRef } from '../evidence.js';
import type { Check, Evidence } from '../types.js';

/** Runtime profiling on: pprof on port 8008 of every Knative component (reference §4.4, config-observability). */
export const check: Check = {
  id: 'KTM-CFG-001',
  title: 'Runtime profiling enabled on Knative components',
  severity: 'moderate',
  tenancy: ['cluster', 'namespace', 'control-plane'],
  clauseRule: 'platform-trusted',
  clauseFallback: ['tenancy-hardening'],
  crosswalk: [
    { framework: 'kubescape', id: 'C-0021', relation: 'related' },
  ],
  description:
    'With `runtime-profiling: enabled` in config-observability every Knative component serves Go pprof on port 8008, and ' +
    'the activator, autoscaler, controller and webhook Services expose that port: any pod that can reach them can read ' +
    'heap/goroutine dumps and load the components (information disclosure, denial of service).',
  fix: 'Set `runtime-profiling: "disabled"` in config-observability (or delete the key: the default is disabled).',
  evaluate(ctx) {
    const out: Evidence[] = [];
    for (const sys of [ctx.knative.serving, ctx.knative.eventing]) {
      if (!sys.installed) continue;
      const v = ctx.knative.runtimeProfiling(sys.namespace);
      if (!v.value) continue;
      out.push({
        resource: configRef(v, sys.namespace, 'config-observability'),
        path: v.path,
        message: `runtime profiling is enabled (${v.key}: "${v.raw}"): the ${sys.namespace} components serve pprof on port 8008 to anyone who can reach them`,
      });
    }
    return out;
  },
};
